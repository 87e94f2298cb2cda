"""Rendering a batch: chunks in parallel, then one merge in order.

With RQ every chunk is its own job, so any number of workers (`flask work`) on any host
share a batch; whichever finishes the last chunk merges. In the embedded default one job
thread feeds a pool of processes (BADGE_PROCESSES, 2 by default; 0 renders in the
thread). Either way chunk state lives in the database: the batch page survives a reload,
a chunk that fails is tried again (MAX_ATTEMPTS) and then reported, never skipped.
"""

import io
import logging
import multiprocessing
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update

from ascn import jobs
from ascn.badges import cards, pdf
from ascn.badges.models import BadgeBatch, BadgeBatchChunk
from ascn.db import utcnow
from ascn.errors import ServiceError
from ascn.events.models import Event
from ascn.extensions import db

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 3
_POOL: dict = {}


def dispatch(batch: BadgeBatch) -> None:
    """Queue the batch's work for after the commit that creates it."""
    if jobs.mode() == "rq":
        for chunk in batch.chunks:
            jobs.enqueue_after_commit(render_chunk, chunk.id)
    else:
        jobs.enqueue_after_commit(run_here, batch.id)


def retry(batch: BadgeBatch) -> None:
    """Try a failed batch's failed chunks again, from their first attempt. Its badges
    keep the serials and print log entries they got when the batch started."""
    if batch.status != "failed":
        raise ServiceError(_l("Only a batch that failed can be tried again."))
    db.session.execute(
        update(BadgeBatchChunk)
        .where(BadgeBatchChunk.batch_id == batch.id, BadgeBatchChunk.status != "done")
        .values(status="pending", attempts=0, error="")
    )
    batch.status, batch.error = "queued", ""
    dispatch(batch)
    db.session.commit()


def _claim(chunk_id: int) -> BadgeBatchChunk | None:
    """Mark the chunk as being rendered, once per attempt; None when there is nothing to do."""
    chunk = db.session.scalar(select(BadgeBatchChunk).where(BadgeBatchChunk.id == chunk_id).with_for_update())
    if chunk is None or chunk.status in ("done", "failed"):
        db.session.commit()
        return None
    chunk.status, chunk.attempts = "running", chunk.attempts + 1
    db.session.execute(
        update(BadgeBatch)
        .where(BadgeBatch.id == chunk.batch_id, BadgeBatch.status == "queued")
        .values(status="running")
    )
    db.session.commit()
    return chunk


def _prepare(chunk: BadgeBatchChunk) -> tuple[str, dict]:
    batch = db.session.get(BadgeBatch, chunk.batch_id)
    event = _event(batch)
    badge_cards, photos = cards.build(cards.load(event, chunk.ids), batch.language, for_pdf=True)
    return cards.html(event, badge_cards, batch.language), photos


def _event(batch: BadgeBatch) -> Event:
    return db.session.get(Event, batch.event_id)


def _store(chunk_id: int, data: bytes) -> None:
    db.session.execute(
        update(BadgeBatchChunk)
        .where(BadgeBatchChunk.id == chunk_id)
        .values(status="done", pdf=data, error="")
    )
    db.session.commit()


def _failed(chunk_id: int, error: BaseException) -> None:
    """Record the failure; after the last attempt the chunk, and so the batch, has failed."""
    db.session.rollback()
    log.warning("badge chunk %s failed: %r", chunk_id, error)
    chunk = db.session.get(BadgeBatchChunk, chunk_id)
    chunk.error = f"{type(error).__name__}: {error}"[:1000]
    if chunk.attempts >= MAX_ATTEMPTS:
        chunk.status = "failed"
        batch = db.session.get(BadgeBatch, chunk.batch_id)
        batch.status, batch.error = "failed", chunk.error
    else:
        chunk.status = "pending"
    db.session.commit()


def render_chunk(chunk_id: int) -> None:
    """One chunk, in an RQ worker; the worker that completes the batch merges it."""
    chunk = _claim(chunk_id)
    if chunk is None:
        return
    batch_id = chunk.batch_id
    try:
        html, photos = _prepare(chunk)
        _store(chunk_id, pdf.render(html, photos, current_app.static_folder))
    except Exception as error:
        _failed(chunk_id, error)
        if db.session.get(BadgeBatchChunk, chunk_id).status == "pending":
            raise  # RQ tries the job again later
        return
    merge_if_complete(batch_id)


def _pool() -> ProcessPoolExecutor | None:
    processes = int(current_app.config.get("BADGE_PROCESSES", 2) or 0)
    if processes <= 0:
        return None
    if "pool" not in _POOL:
        # Spawned, not forked: the parent runs threads (the job worker, the web server).
        _POOL["pool"] = ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("spawn"))
    return _POOL["pool"]


class InOrder:
    """Chunk PDFs appended to one document in the batch's order as they arrive, so that
    most of the merge (pypdf copies every object) happens while later chunks render."""

    def __init__(self, chunk_ids: list[int]):
        from pypdf import PdfWriter

        self.order, self.next, self.waiting = list(chunk_ids), 0, {}
        self.writer = PdfWriter()

    def add(self, chunk_id: int, data: bytes) -> None:
        self.waiting[chunk_id] = data
        while self.next < len(self.order) and self.order[self.next] in self.waiting:
            self.writer.append(io.BytesIO(self.waiting.pop(self.order[self.next])))
            self.next += 1

    @property
    def complete(self) -> bool:
        return self.next == len(self.order)

    def output(self) -> bytes:
        out = io.BytesIO()
        self.writer.write(out)
        return out.getvalue()


def run_here(batch_id: int) -> None:
    """The embedded default: render every chunk through the process pool, a few in flight
    at a time (each holds its photos in memory), merging in order as they come back;
    retry failures."""
    pool = _pool()
    static = current_app.static_folder
    chunk_ids = db.session.scalars(
        select(BadgeBatchChunk.id)
        .where(BadgeBatchChunk.batch_id == batch_id)
        .order_by(BadgeBatchChunk.number)
    ).all()
    merged = InOrder(chunk_ids)
    in_flight = 2 * max(1, int(current_app.config.get("BADGE_PROCESSES", 2) or 0))  # keeps the pool busy

    def store(chunk_id, data):
        _store(chunk_id, data)
        merged.add(chunk_id, data)

    for _attempt in range(MAX_ATTEMPTS):
        to_render = list(chunk_ids)
        running = {}
        while to_render or running:
            while to_render and len(running) < in_flight:
                chunk = _claim(to_render.pop(0))
                if chunk is None:
                    continue
                chunk_id = chunk.id
                try:
                    html, photos = _prepare(chunk)
                except Exception as error:
                    _failed(chunk_id, error)
                    continue
                if pool is None:
                    try:
                        store(chunk_id, pdf.render(html, photos, static))
                    except Exception as error:
                        _failed(chunk_id, error)
                    continue
                try:
                    running[pool.submit(pdf.render, html, photos, static)] = chunk_id
                except Exception as error:  # a pool whose process died takes no more work
                    _POOL.pop("pool", None)
                    pool = _pool()
                    _failed(chunk_id, error)
            if running:
                finished, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in finished:
                    chunk_id = running.pop(future)
                    try:
                        store(chunk_id, future.result())
                    except Exception as error:
                        if isinstance(error, BrokenProcessPool):
                            _POOL.pop("pool", None)
                            pool = _pool()
                        _failed(chunk_id, error)
        if merge_if_complete(batch_id, merged) or db.session.get(BadgeBatch, batch_id).status == "failed":
            return


def merge_if_complete(batch_id: int, merged: InOrder | None = None) -> bool:
    """Merge the chunks in order once all are done; exactly one caller does it. `merged`
    holds the chunks already merged by this process, when it rendered them all."""
    from pypdf import PdfWriter

    db.session.rollback()
    batch = db.session.scalar(select(BadgeBatch).where(BadgeBatch.id == batch_id).with_for_update())
    if batch is None or batch.status in ("done", "failed"):
        db.session.commit()
        return batch is not None and batch.status == "done"
    pending = db.session.scalar(
        select(func.count()).where(BadgeBatchChunk.batch_id == batch_id, BadgeBatchChunk.status != "done")
    )
    if pending:
        db.session.commit()
        return False
    if merged is not None and merged.complete:
        data = merged.output()
    else:
        writer = PdfWriter()
        for (chunk,) in db.session.execute(
            select(BadgeBatchChunk.pdf)
            .where(BadgeBatchChunk.batch_id == batch_id)
            .order_by(BadgeBatchChunk.number)
        ):
            writer.append(io.BytesIO(chunk))
        out = io.BytesIO()
        writer.write(out)
        data = out.getvalue()
    batch.pdf, batch.pdf_size = data, len(data)
    batch.status, batch.finished_at, batch.error = "done", utcnow(), ""
    # The merged file is what is kept; the chunks' copies would double the space.
    db.session.execute(update(BadgeBatchChunk).where(BadgeBatchChunk.batch_id == batch_id).values(pdf=None))
    db.session.commit()
    return True
