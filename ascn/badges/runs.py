"""Rendering a batch: chunks in parallel, then one merge in order.

With RQ every chunk is its own job, so any number of workers (`flask work`) on any host
share a batch; whichever finishes the last chunk merges. In the embedded default one job
thread feeds a pool of processes (BADGE_PROCESSES, 2 by default; 0 renders in the
thread). Either way chunk state lives in the database: the batch page survives a reload,
a chunk that fails is tried again (MAX_ATTEMPTS) and then reported, never skipped.

A worker claims a chunk and refreshes the claim while it renders (`Heartbeat`); a claim
older than JOBS_LEASE belonged to a worker that died, and the sweep (`recovery.py`) runs
that chunk again. Rendering a chunk twice is harmless (its badges and serials were fixed
when the batch started); the merge happens once, under the batch's lock, in chunk order.
"""

import io
import logging
import multiprocessing
import threading
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, func, or_, select, update

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
    """Try a failed or stalled batch's unfinished chunks again, from their first attempt.
    Its badges keep the serials and print log entries they got when the batch started."""
    if batch.status != "failed" and not stalled(batch):
        raise ServiceError(
            _l("This batch is still being printed. It can be tried again if it stops moving for a minute.")
        )
    db.session.execute(
        update(BadgeBatchChunk)
        .where(BadgeBatchChunk.batch_id == batch.id, BadgeBatchChunk.status != "done")
        .values(status="pending", attempts=0, error="", queued_at=utcnow(), claimed_at=None)
    )
    batch.status, batch.error = "queued", ""
    dispatch(batch)  # chunks already done only check whether the batch can be merged
    db.session.commit()


def stalled(batch: BadgeBatch) -> bool:
    """An unfinished batch that nothing has worked on for the lease: its jobs were lost
    (a Redis outage) or its worker died, and the sweep has not taken it up yet."""
    if batch.status not in ("queued", "running"):
        return False
    since = jobs.lease_expired()
    moving = db.session.scalar(
        select(func.count()).where(
            BadgeBatchChunk.batch_id == batch.id,
            or_(
                BadgeBatchChunk.claimed_at >= since,
                and_(BadgeBatchChunk.status == "pending", BadgeBatchChunk.queued_at >= since),
            ),
        )
    )
    return not moving


def _claim(chunk_id: int) -> BadgeBatchChunk | None:
    """Mark the chunk as being rendered, once per attempt; None when there is nothing to do:
    it is finished, or another worker holds a live claim on it."""
    chunk = db.session.scalar(select(BadgeBatchChunk).where(BadgeBatchChunk.id == chunk_id).with_for_update())
    if chunk is None or chunk.status in ("done", "failed") or _claimed(chunk):
        db.session.commit()
        return None
    chunk.status, chunk.attempts, chunk.claimed_at = "running", chunk.attempts + 1, utcnow()
    db.session.execute(
        update(BadgeBatch)
        .where(BadgeBatch.id == chunk.batch_id, BadgeBatch.status == "queued")
        .values(status="running")
    )
    db.session.commit()
    return chunk


def _claimed(chunk: BadgeBatchChunk) -> bool:
    """Held by a worker whose heartbeat is recent."""
    fresh = chunk.claimed_at is not None and chunk.claimed_at >= jobs.lease_expired()
    return chunk.status == "running" and fresh


class Heartbeat:
    """While a worker renders, refresh the claim of its running chunks (those matching
    `where`) every third of the lease, from a thread, so that only a dead worker's claim
    expires however long a chunk takes."""

    def __init__(self, *where):
        self.where = where
        self.app = current_app._get_current_object()
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._beat, name="ascn-chunk-heartbeat", daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stopped.set()
        self.thread.join()

    def _beat(self) -> None:
        every = float(self.app.config["JOBS_LEASE"]) / 3
        while not self.stopped.wait(every):
            with self.app.app_context():
                try:
                    db.session.execute(
                        update(BadgeBatchChunk)
                        .where(*self.where, BadgeBatchChunk.status == "running")
                        .values(claimed_at=utcnow())
                    )
                    db.session.commit()
                except Exception:  # the database is away: the claim may expire, the chunk then runs again
                    log.warning("badge chunk heartbeat failed", exc_info=True)
                finally:
                    db.session.remove()


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
    """One chunk, in an RQ worker; the worker that completes the batch merges it. A job
    for a chunk already done (queued twice, or by "try again") only checks the merge."""
    chunk = _claim(chunk_id)
    if chunk is None:
        batch_id = db.session.scalar(select(BadgeBatchChunk.batch_id).where(BadgeBatchChunk.id == chunk_id))
        if batch_id is not None:
            merge_if_complete(batch_id)
        return
    batch_id = chunk.batch_id
    try:
        with Heartbeat(BadgeBatchChunk.id == chunk_id):
            html, photos = _prepare(chunk)
            data = pdf.render(html, photos, current_app.static_folder)
        _store(chunk_id, data)
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
    """The embedded default: render every chunk here, through the process pool or, with
    no pool, in this thread; merge in order as they come back; try failed chunks again.
    One job runs the whole batch, so it keeps all of its chunks' claims."""
    with Heartbeat(BadgeBatchChunk.batch_id == batch_id):
        _LocalRun(batch_id).run()


class _LocalRun:
    """One batch rendered in this process: a pass over its chunks (each strategy one
    method), repeated until the batch is merged or has failed. Every failure of a chunk
    goes through `_failure`."""

    def __init__(self, batch_id: int):
        self.batch_id = batch_id
        self.pool = _pool()
        self.static = current_app.static_folder
        self.chunk_ids = db.session.scalars(
            select(BadgeBatchChunk.id)
            .where(BadgeBatchChunk.batch_id == batch_id)
            .order_by(BadgeBatchChunk.number)
        ).all()
        self.merged = InOrder(self.chunk_ids)
        # Twice the pool's processes keeps it busy; each chunk in flight holds its photos.
        self.in_flight = 2 * max(1, int(current_app.config.get("BADGE_PROCESSES", 2) or 0))

    def run(self) -> None:
        for _attempt in range(MAX_ATTEMPTS):
            if self.pool is None:
                self._render_in_thread()
            else:
                self._render_in_pool()
            if self._finished():
                return

    def _finished(self) -> bool:
        merged = merge_if_complete(self.batch_id, self.merged)
        return merged or db.session.get(BadgeBatch, self.batch_id).status == "failed"

    def _render_in_thread(self) -> None:
        for chunk_id in self.chunk_ids:
            chunk = _claim(chunk_id)
            if chunk is None:
                continue
            with self._failure(chunk_id):
                self._store(chunk_id, pdf.render(*_prepare(chunk), self.static))

    def _render_in_pool(self) -> None:
        """A few chunks in flight at a time, collected as each one finishes."""
        to_render, running = list(self.chunk_ids), {}
        while to_render or running:
            while to_render and len(running) < self.in_flight:
                self._submit(to_render.pop(0), running)
            if running:
                finished, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in finished:
                    chunk_id = running.pop(future)
                    with self._failure(chunk_id):
                        self._store(chunk_id, future.result())

    def _submit(self, chunk_id: int, running: dict) -> None:
        chunk = _claim(chunk_id)
        if chunk is None:
            return
        prepared = self._prepared(chunk_id, chunk)
        if prepared is None:
            return
        with self._failure(chunk_id, pool_refused=True):
            running[self.pool.submit(pdf.render, *prepared, self.static)] = chunk_id

    def _prepared(self, chunk_id: int, chunk: BadgeBatchChunk) -> tuple[str, dict] | None:
        """The chunk's page and photos; None when preparing them failed."""
        with self._failure(chunk_id):
            return _prepare(chunk)
        return None

    def _store(self, chunk_id: int, data: bytes) -> None:
        _store(chunk_id, data)
        self.merged.add(chunk_id, data)

    @contextmanager
    def _failure(self, chunk_id: int, pool_refused: bool = False):
        """A chunk's failure, wherever it happens: recorded (the next pass tries it again
        until MAX_ATTEMPTS), and a pool that lost a process, or took no more work, replaced."""
        try:
            yield
        except Exception as error:
            if pool_refused or isinstance(error, BrokenProcessPool):
                _POOL.pop("pool", None)
                self.pool = _pool()
            _failed(chunk_id, error)


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
