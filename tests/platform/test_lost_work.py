"""Work the queue lost (a Redis outage, a worker killed mid-job) is recovered from what the
database records: the sweep queues again outbox messages and badge chunks nobody finished
in time, a message goes out once however often it is queued, a stalled batch can be tried
again, and admins send every failed or waiting message again in one action.

The clock is not waited on: rows are made older than the deadlines instead."""

import io
import logging
from datetime import timedelta

import pytest
from pypdf import PdfReader
from redis.exceptions import ConnectionError as RedisConnectionError
from sqlalchemy import select, update

from ascn import jobs
from ascn.badges import pdf, recovery
from ascn.badges.models import BadgeBatch, BadgeBatchChunk, BadgePrint
from ascn.db import utcnow
from ascn.extensions import db
from ascn.mail import MAX_ATTEMPTS, OutboxMessage, deliver, deliver_each, queue_mail, requeue_stuck
from tests.support.web import post, wait_for

LONG_AGO = timedelta(hours=1)


@pytest.fixture(autouse=True)
def _no_background_sweep(monkeypatch, app):
    """The job thread's own sweep would race the calls these tests make."""
    monkeypatch.setitem(app.config, "JOBS_SWEEP_INTERVAL", 0)


@pytest.fixture
def in_process(app):
    if app.config["JOBS_MODE"] == "rq":
        pytest.skip("observes or stubs the job in this process; RQ workers run elsewhere")


def _message(app, message_id) -> OutboxMessage:
    with app.app_context():
        message = db.session.get(OutboxMessage, message_id)
        db.session.expunge(message)
        return message


def _sweep(app):
    with app.app_context():
        jobs.sweep()
        jobs.drain()


def _sent(app, *ids):
    return wait_for(lambda: all(_message(app, i).status == "sent" for i in ids))


# --- mail ------------------------------------------------------------------------------


def test_a_message_whose_job_was_lost_is_sent_by_the_sweep(app, make):
    lost = make.outbox_message("lost@example.org", queued_at=utcnow() - LONG_AGO).id
    _sweep(app)
    assert _sent(app, lost)
    assert _message(app, lost).attempts == 1


def test_a_message_queued_many_times_is_sent_once(app, caplog, in_process):
    caplog.set_level(logging.INFO, logger="ascn.mail")
    with app.test_request_context():
        message_id = queue_mail(
            "once@example.org",
            "confirm_email",
            "en",
            user=type("U", (), {"full_name": "O"}),
            link="http://x/1",
        ).id
        db.session.commit()  # its job
        jobs.enqueue(deliver, message_id)  # the sweep's copy
        jobs.enqueue(deliver_each, [message_id])  # and an admin's "send all again"
        deliver(message_id)
        jobs.drain()
    assert _sent(app, message_id)
    assert _message(app, message_id).attempts == 1
    assert sum("mail to once@example.org" in r.getMessage() for r in caplog.records) == 1


def test_a_message_a_live_worker_holds_is_left_to_it_and_taken_over_once_its_claim_expires(app, make):
    held = make.outbox_message("held@example.org", claimed_at=utcnow(), attempts=1).id
    with app.app_context():
        deliver(held)
    assert (_message(app, held).status, _message(app, held).attempts) == ("queued", 1)
    with app.app_context():
        db.session.execute(
            update(OutboxMessage).where(OutboxMessage.id == held).values(claimed_at=utcnow() - LONG_AGO)
        )
        db.session.commit()
        deliver(held)  # that worker died while sending
    assert (_message(app, held).status, _message(app, held).attempts) == ("sent", 2)


def test_the_sweep_leaves_waiting_sent_and_given_up_messages_alone(app, make):
    old = utcnow() - LONG_AGO
    fresh = make.outbox_message("fresh@example.org").id  # its job is still in the queue
    sent = make.outbox_message("sent@example.org", status="sent", attempts=1, queued_at=old).id
    given_up = make.outbox_message(
        "bounced@example.org", status="failed", attempts=MAX_ATTEMPTS, error="550", queued_at=old
    ).id
    retry = make.outbox_message(
        "retry@example.org", status="failed", attempts=1, error="timeout", queued_at=old
    ).id
    with app.app_context():
        assert requeue_stuck() == 1
        assert requeue_stuck() == 0  # queued again once, not once per sweep
        jobs.drain()
    assert _sent(app, retry)
    assert _message(app, fresh).status == "queued" and _message(app, fresh).attempts == 0
    assert _message(app, sent).attempts == 1
    assert (_message(app, given_up).status, _message(app, given_up).attempts) == ("failed", MAX_ATTEMPTS)


def test_a_commit_while_redis_is_down_keeps_the_message_for_the_sweep(app):
    with app.test_request_context(), pytest.MonkeyPatch.context() as patch:
        patch.setattr(jobs, "enqueue", _redis_down)
        message_id = queue_mail(
            "later@example.org",
            "confirm_email",
            "en",
            user=type("U", (), {"full_name": "L"}),
            link="http://x/1",
        ).id
        db.session.commit()  # no error: the change is made, the outbox row is the record
    assert _message(app, message_id).status == "queued"
    with app.app_context():
        db.session.execute(
            update(OutboxMessage).where(OutboxMessage.id == message_id).values(queued_at=utcnow() - LONG_AGO)
        )
        db.session.commit()
    _sweep(app)
    assert _sent(app, message_id)


def test_admin_sends_every_failed_or_waiting_message_again(app, client, make, auth):
    # Waiting, but not yet for as long as the periodic sweep waits: the sweep leaves them
    # to the admin, whenever it runs during the test.
    recent = utcnow() - timedelta(seconds=60)
    waiting = [make.outbox_message(f"w{n}@example.org", queued_at=recent).id for n in range(2)]
    failed = make.outbox_message("f@example.org", status="failed", attempts=MAX_ATTEMPTS, error="421").id
    sent = make.outbox_message("s@example.org", status="sent", attempts=1).id
    auth.login(make.user(role="admin").email)
    assert "Send every failed or waiting message again" in client.get("/admin/outbox").get_data(as_text=True)
    page = post(client, "/admin/outbox/resend", token_from="/admin/outbox", follow_redirects=True)
    assert "3 messages will be sent again." in page.get_data(as_text=True)
    assert _sent(app, *waiting, failed)
    assert _message(app, sent).attempts == 1
    page = post(client, "/admin/outbox/resend", token_from="/admin/outbox", follow_redirects=True)
    assert "There is no failed or waiting message to send again." in page.get_data(as_text=True)


# --- badge batches ---------------------------------------------------------------------


NAMES = ["Aminah Abdullah", "Budi Baskoro", "Chanthavy Chanthala", "Dewi Darmawan"]  # by family name


@pytest.fixture
def world(app, make, auth, monkeypatch, in_process):
    event = make.approved_delegates(NAMES)
    auth.login(make.user(role="staff").email)
    monkeypatch.setitem(app.config, "BADGE_PROCESSES", 0)  # rendered in the job thread
    monkeypatch.setitem(app.config, "BADGE_CHUNK_SIZE", 1)
    return event


def _redis_down(*args, **kwargs):
    raise RedisConnectionError("Connection refused")


def _start_with_its_job_lost(client) -> int:
    """Start a batch while Redis is down: the batch and its chunks are committed, its job is not."""
    data = {"scope": "all", "sort": "name", "country_id": "0", "category_id": "0"}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(jobs, "enqueue", _redis_down)
        response = post(
            client, "/ascn8/manage/badges/batches", data, token_from="/ascn8/manage/badges/batches"
        )
    assert response.status_code == 302
    return int(response.headers["Location"].rstrip("/").rsplit("/", 1)[1])


def _age_chunks(app, batch_id, **values):
    """Make the chunks look as if queued long ago (or claimed by a worker long gone)."""
    with app.app_context():
        db.session.execute(
            update(BadgeBatchChunk)
            .where(BadgeBatchChunk.batch_id == batch_id)
            .values(queued_at=utcnow() - LONG_AGO, **values)
        )
        db.session.commit()


def _batch(app, batch_id) -> BadgeBatch:
    with app.app_context():
        batch = db.session.get(BadgeBatch, batch_id)
        db.session.expunge(batch)
        return batch


def _pages(client, batch_id) -> list[str]:
    response = client.get(f"/ascn8/manage/badges/batches/{batch_id}/badges.pdf")
    texts = [page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages]
    return [next(name for name in NAMES if name in text) for text in texts]


def test_a_batch_whose_job_was_lost_is_finished_by_the_sweep(app, client, world, monkeypatch):
    batch_id = _start_with_its_job_lost(client)
    with app.app_context():
        assert recovery.requeue_stuck() == 0  # just queued: its job may still come
    _age_chunks(app, batch_id)
    _sweep(app)
    assert wait_for(lambda: _batch(app, batch_id).status == "done", timeout=60)
    assert _pages(client, batch_id) == NAMES
    with app.app_context():
        assert len(db.session.scalars(select(BadgePrint)).all()) == len(NAMES)


def test_a_stalled_batch_can_be_tried_again_and_a_moving_one_cannot(app, client, world, monkeypatch):
    batch_id = _start_with_its_job_lost(client)
    url = f"/ascn8/manage/badges/batches/{batch_id}"
    assert "Try the unfinished parts again" not in client.get(url).get_data(as_text=True)
    page = post(client, f"{url}/retry", token_from=url, follow_redirects=True).get_data(as_text=True)
    assert "This batch is still being printed." in page
    assert _batch(app, batch_id).status == "queued"

    _age_chunks(app, batch_id)
    page = client.get(url).get_data(as_text=True)
    assert (
        "Nothing has moved in this batch for over a minute" in page
        and "Try the unfinished parts again" in page
    )
    page = post(client, f"{url}/retry", token_from=url, follow_redirects=True).get_data(as_text=True)
    assert "The unfinished parts are being printed again." in page
    assert wait_for(lambda: _batch(app, batch_id).status == "done", timeout=60)
    assert _pages(client, batch_id) == NAMES


def _set_chunk(app, chunk_id, **values):
    with app.app_context():
        db.session.execute(update(BadgeBatchChunk).where(BadgeBatchChunk.id == chunk_id).values(**values))
        db.session.commit()


def _chunk(app, chunk_id) -> tuple[str, int]:
    with app.app_context():
        chunk = db.session.get(BadgeBatchChunk, chunk_id)
        return chunk.status, chunk.attempts


def test_a_chunk_whose_worker_died_runs_again_and_the_batch_merges_once_in_order(
    app, client, world, monkeypatch
):
    from ascn.badges import runs

    rendered, merged = [], []
    real_render, real_merge = pdf.render, runs.merge_if_complete
    monkeypatch.setattr(pdf, "render", lambda *a: rendered.append(1) or real_render(*a))
    monkeypatch.setattr(runs, "merge_if_complete", lambda *a: real_merge(*a) and not merged.append(1))
    batch_id = _start_with_its_job_lost(client)
    with app.app_context():
        ids = db.session.scalars(
            select(BadgeBatchChunk.id)
            .where(BadgeBatchChunk.batch_id == batch_id)
            .order_by(BadgeBatchChunk.number)
        ).all()
    _age_chunks(app, batch_id)
    # Two workers claimed a chunk each: one is still rendering (a fresh heartbeat), the
    # other was killed (its heartbeat stopped a lease ago).
    live, killed = ids[1], ids[2]
    _set_chunk(app, live, status="running", attempts=1, claimed_at=utcnow())
    _set_chunk(app, killed, status="running", attempts=1, claimed_at=utcnow() - LONG_AGO)
    with app.app_context():
        recovery.requeue_stuck()
        jobs.drain()
    assert _chunk(app, killed) == ("done", 2)  # run again
    assert _chunk(app, live) == ("running", 1)  # never taken from a live worker
    assert _batch(app, batch_id).status == "running" and merged == []
    # The other worker dies too.
    _set_chunk(app, live, claimed_at=utcnow() - LONG_AGO)
    with app.app_context():
        recovery.requeue_stuck()
        jobs.drain()
        assert recovery.requeue_stuck() == 0  # nothing left to do
        jobs.drain()
    assert _chunk(app, live) == ("done", 2)
    assert _batch(app, batch_id).status == "done"
    assert len(merged) == 1 and len(rendered) == len(NAMES)  # merged once; no chunk rendered twice
    assert _pages(client, batch_id) == NAMES


def test_a_chunk_that_keeps_killing_its_worker_fails_the_batch(app, client, world, monkeypatch):
    batch_id = _start_with_its_job_lost(client)
    _age_chunks(app, batch_id, status="running", attempts=3, claimed_at=utcnow() - LONG_AGO)
    with app.app_context():
        recovery.requeue_stuck()
        jobs.drain()
    batch = _batch(app, batch_id)
    assert batch.status == "failed" and "stopped before it finished" in batch.error
    page = client.get(f"/ascn8/manage/badges/batches/{batch_id}").get_data(as_text=True)
    assert "The batch failed" in page and "Try the failed parts again" in page
