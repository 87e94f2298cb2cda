"""Sweep step for badge batches (see `jobs.sweep`): chunks whose job was lost, or whose
worker died while rendering them, are queued again; a batch whose chunks are all done but
which nobody merged is merged.

Locks: chunk rows first, then their batch (the order `runs._claim` takes them); chunks a
worker is claiming at this moment are skipped and looked at in the next sweep."""

import logging

from sqlalchemy import and_, exists, or_, select

from ascn import jobs
from ascn.badges import runs
from ascn.badges.models import BadgeBatch, BadgeBatchChunk
from ascn.db import utcnow
from ascn.extensions import db

log = logging.getLogger(__name__)
UNFINISHED = ("queued", "running")


def requeue_stuck(limit: int = 500) -> int:
    """Queue again the chunks nobody is rendering; returns how many chunks and merges."""
    now, lease, deadline = utcnow(), jobs.lease_expired(), jobs.requeue_deadline()
    unfinished = select(BadgeBatch.id).where(BadgeBatch.status.in_(UNFINISHED))
    chunks = db.session.scalars(
        select(BadgeBatchChunk)
        .where(
            BadgeBatchChunk.batch_id.in_(unfinished),
            or_(
                and_(
                    BadgeBatchChunk.status == "running",
                    or_(BadgeBatchChunk.claimed_at.is_(None), BadgeBatchChunk.claimed_at < lease),
                ),
                and_(BadgeBatchChunk.status == "pending", BadgeBatchChunk.queued_at < deadline),
            ),
        )
        .order_by(BadgeBatchChunk.batch_id, BadgeBatchChunk.number)
        .limit(limit)
        .with_for_update(skip_locked=True)
    ).all()
    failed = set()
    for chunk in chunks:
        if chunk.status == "running" and not _abandoned(chunk):
            failed.add(chunk.batch_id)
        chunk.queued_at = now
    requeued = [c for c in chunks if c.status == "pending" and c.batch_id not in failed]
    unmerged = list(
        db.session.scalars(
            select(BadgeBatch.id).where(
                BadgeBatch.status.in_(UNFINISHED),
                BadgeBatch.created_at < deadline,
                ~exists().where(BadgeBatchChunk.batch_id == BadgeBatch.id, BadgeBatchChunk.status != "done"),
            )
        )
    )
    _queue_again(requeued, unmerged)
    if requeued or unmerged:
        log.warning("queueing again %d badge chunk(s) and %d merge(s)", len(requeued), len(unmerged))
    db.session.commit()
    return len(requeued) + len(unmerged)


def _abandoned(chunk: BadgeBatchChunk) -> bool:
    """Its worker stopped mid-chunk: the attempt counts, and after the last one the chunk
    (and so its batch) has failed, as a chunk that keeps crashing its worker must not loop.
    True when it is to run again."""
    chunk.claimed_at = None
    if chunk.attempts < runs.MAX_ATTEMPTS:
        chunk.status = "pending"
        return True
    chunk.status, chunk.error = "failed", "The worker rendering this part stopped before it finished."
    batch = db.session.get(BadgeBatch, chunk.batch_id)
    batch.status, batch.error = "failed", chunk.error
    return False


def _queue_again(chunks: list[BadgeBatchChunk], unmerged: list[int]) -> None:
    if jobs.mode() == "rq":
        for chunk in chunks:
            jobs.enqueue_after_commit(runs.render_chunk, chunk.id)
        for batch_id in unmerged:
            jobs.enqueue_after_commit(runs.merge_if_complete, batch_id)
        return
    # Embedded mode: one job renders (and merges) a whole batch.
    for batch_id in sorted({c.batch_id for c in chunks} | set(unmerged)):
        jobs.enqueue_after_commit(runs.run_here, batch_id)
