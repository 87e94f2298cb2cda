"""Batches: the choice of badges and their order, chunks rendered by workers (a process
pool here, `rq worker` processes on PostgreSQL + Redis), merged in order, every badge in
the print log, failures retried and reported, progress that survives a reload."""

import io
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool

import pytest
from pypdf import PdfReader, PdfWriter
from sqlalchemy import select

from ascn.accounts.models import User
from ascn.badges import batches, pdf, runs
from ascn.badges.models import Badge, BadgeBatch, BadgeBatchChunk, BadgePrint
from ascn.events.models import Event
from ascn.extensions import db
from ascn.registration.models import Registration
from tests.support.web import post, wait_for


@pytest.fixture
def world(make, auth):
    event = make.event()
    delegate_cat = make.category(event.id, label_en="Delegate", label_ms="Perwakilan")
    media = make.category(event.id, label_en="Media", label_ms="Media", colour="#e65100")
    malaysia = make.country()
    thailand = make.country("TH", "Thailand", "Thailand")
    people = {
        "my_delegate": make.registration(
            event.id,
            malaysia.id,
            delegate_cat.id,
            status="approved",
            badge_name="Aminah Yusof",
            given_names="Aminah",
            family_name="Yusof",
        ),
        "my_minister": make.registration(
            event.id,
            malaysia.id,
            delegate_cat.id,
            status="approved",
            badge_name="Zul Minister",
            given_names="Zul",
            family_name="Minister",
            protocol_rank="minister",
        ),
        "th_delegate": make.registration(
            event.id,
            thailand.id,
            delegate_cat.id,
            status="approved",
            badge_name="สมชาย ใจดี",
            given_names="Somchai",
            family_name="Jaidee",
        ),
        "th_media": make.registration(
            event.id,
            thailand.id,
            media.id,
            status="approved",
            badge_name="Anong Media",
            given_names="Anong",
            family_name="Boonmee",
        ),
        "pending": make.registration(
            event.id, thailand.id, media.id, status="pending", badge_name="Pending Person"
        ),
    }
    staff = make.user(role="staff")
    auth.login(staff.email)
    return {
        "event": event,
        "media": media,
        "thailand": thailand,
        "malaysia": malaysia,
        "people": people,
        "staff": staff,
    }


def _start(client, **choices):
    data = {"scope": "all", "sort": "protocol", "country_id": "0", "category_id": "0", **choices}
    return post(client, "/ascn8/manage/badges/batches", data, token_from="/ascn8/manage/badges/batches")


def _finished(app, batch_id):
    def done():
        with app.app_context():
            status = db.session.get(BadgeBatch, batch_id).status
            db.session.remove()
            return status in ("done", "failed")

    assert wait_for(done, timeout=120)


def _batch_id(response) -> int:
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return int(response.headers["Location"].rstrip("/").rsplit("/", 1)[1])


def test_a_batch_prints_every_approved_badge_in_protocol_order(client, app, world):
    batch_id = _batch_id(_start(client))
    page = client.get(f"/ascn8/manage/badges/batches/{batch_id}").get_data(as_text=True)
    assert "<progress" in page and "4 badges" in page
    _finished(app, batch_id)
    progress = client.get(f"/ascn8/manage/badges/batches/{batch_id}/progress").get_json()
    assert progress["status"] == "done" and progress["done"] == 4 and progress["percent"] == 100
    # A reload shows the finished batch with its PDF.
    assert "Download the PDF" in client.get(f"/ascn8/manage/badges/batches/{batch_id}").get_data(as_text=True)
    response = client.get(f"/ascn8/manage/badges/batches/{batch_id}/badges.pdf")
    reader = PdfReader(io.BytesIO(response.data))
    texts = [page.extract_text() for page in reader.pages]
    order = [
        "Zul Minister",
        "Aminah Yusof",
        "Anong Media",
        "สมชาย ใจดี",
    ]  # MY (minister first), then TH by name
    assert [next(name for name in order if name in text) for text in texts] == order
    with app.app_context():
        log = db.session.scalars(select(BadgePrint).order_by(BadgePrint.registration_id)).all()
        assert (
            len(log) == 4 and {e.reason for e in log} == {"batch"} and {e.batch_id for e in log} == {batch_id}
        )


def test_filters_and_what_is_left_to_print(client, app, world):
    batch_id = _batch_id(
        _start(client, country_id=str(world["thailand"].id), category_id=str(world["media"].id))
    )
    _finished(app, batch_id)
    with app.app_context():
        assert db.session.get(BadgeBatch, batch_id).total == 1
        assert db.session.get(Badge, world["people"]["th_media"].id).serial == 1
    # Not printed yet: the other three.
    second = _batch_id(_start(client, scope="unprinted", sort="name"))
    _finished(app, second)
    with app.app_context():
        assert db.session.get(BadgeBatch, second).total == 3
    # Nothing changed since: nothing to print, and nothing is recorded.
    response = _start(client, scope="changed")
    assert response.status_code == 200
    assert "nothing to print" in response.get_data(as_text=True)
    with app.app_context():
        assert len(db.session.scalars(select(BadgeBatch)).all()) == 2


def test_a_changed_registration_is_reprinted_with_a_new_serial(client, app, world):
    first = _batch_id(_start(client))
    _finished(app, first)
    with app.app_context():
        registration = db.session.get(Registration, world["people"]["th_media"].id)
        registration.position = "Chief photographer"
        db.session.commit()
    second = _batch_id(_start(client, scope="changed"))
    _finished(app, second)
    with app.app_context():
        assert db.session.get(BadgeBatch, second).total == 1
        assert db.session.get(Badge, world["people"]["th_media"].id).serial == 2
        assert db.session.get(Badge, world["people"]["my_delegate"].id).serial == 1


def test_an_empty_batch_and_a_forged_id_get_a_message(client, app, world):
    response = _start(client, country_id="999999")
    assert response.status_code == 200 and "Not a valid choice" in response.get_data(as_text=True)
    response = client.get("/ascn8/manage/badges/batches/424242", follow_redirects=True)
    assert "There is no such batch" in response.get_data(as_text=True)
    assert client.get("/ascn8/manage/badges/batches/424242/progress").status_code == 404
    assert "There is no such batch" in client.get(
        "/ascn8/manage/badges/batches/424242/badges.pdf", follow_redirects=True
    ).get_data(as_text=True)


def test_a_chunk_that_keeps_failing_is_reported_not_skipped(client, app, world, monkeypatch):
    """In the embedded mode the job thread renders here when there is no pool."""
    if app.config["JOBS_MODE"] == "rq":
        pytest.skip("the failure is injected into this process; RQ workers run elsewhere")
    calls = []

    def broken(html, photos, static):
        calls.append(1)
        raise RuntimeError("printer driver exploded")

    monkeypatch.setitem(app.config, "BADGE_PROCESSES", 0)
    monkeypatch.setattr(pdf, "render", broken)
    batch_id = _batch_id(_start(client))
    _finished(app, batch_id)
    assert len(calls) == 3  # tried three times
    page = client.get(f"/ascn8/manage/badges/batches/{batch_id}").get_data(as_text=True)
    assert "The batch failed" in page and "printer driver exploded" in page
    with app.app_context():
        chunk = db.session.scalar(select(BadgeBatchChunk))
        assert (chunk.status, chunk.attempts) == ("failed", 3)
    # The printer is fixed: the failed part is tried again and the batch completes.
    monkeypatch.undo()
    monkeypatch.setitem(app.config, "BADGE_PROCESSES", 0)
    response = post(
        client,
        f"/ascn8/manage/badges/batches/{batch_id}/retry",
        token_from=f"/ascn8/manage/badges/batches/{batch_id}",
    )
    assert response.status_code == 302
    _finished(app, batch_id)
    assert "Download the PDF" in client.get(f"/ascn8/manage/badges/batches/{batch_id}").get_data(as_text=True)
    with app.app_context():
        assert len(db.session.scalars(select(BadgePrint)).all()) == 4  # logged once, when the batch started


class _PoolThatDies:
    """A process pool stand-in that renders in this process. The first pool refuses its
    first chunk (its process is gone); the second loses the first chunk it took with its
    process; the third works."""

    made: list = []

    def __init__(self, *args, **kwargs):
        self.number, self.submitted = len(self.made), 0
        self.made.append(self)

    def submit(self, render, *args):
        self.submitted += 1
        if (self.number, self.submitted) == (0, 1):
            raise BrokenProcessPool("a child process terminated abruptly")
        future = Future()
        if (self.number, self.submitted) == (1, 1):
            future.set_exception(BrokenProcessPool("a child process terminated abruptly"))
        else:
            future.set_result(render(*args))
        return future


def test_a_pool_that_dies_is_replaced_and_its_chunks_rendered_again(client, app, world, monkeypatch):
    if app.config["JOBS_MODE"] == "rq":
        pytest.skip("the pool is replaced in this process; RQ workers run elsewhere")
    monkeypatch.setitem(app.config, "BADGE_PROCESSES", 1)
    monkeypatch.setitem(app.config, "BADGE_CHUNK_SIZE", 1)
    monkeypatch.setattr(runs, "_POOL", {})
    monkeypatch.setattr(runs, "ProcessPoolExecutor", _PoolThatDies)
    monkeypatch.setattr(_PoolThatDies, "made", [])
    batch_id = _batch_id(_start(client))
    _finished(app, batch_id)
    assert "Download the PDF" in client.get(f"/ascn8/manage/badges/batches/{batch_id}").get_data(as_text=True)
    assert len(_PoolThatDies.made) == 3  # each dead pool replaced once
    with app.app_context():
        chunks = db.session.scalars(select(BadgeBatchChunk).order_by(BadgeBatchChunk.number)).all()
        assert [(c.status, c.attempts) for c in chunks] == [
            ("done", 2),
            ("done", 2),
            ("done", 1),
            ("done", 1),
        ]
        pages = PdfReader(io.BytesIO(db.session.get(BadgeBatch, batch_id).pdf)).pages
        assert len(pages) == 4


def test_a_batch_of_5000_is_cut_into_chunks_in_order(app, make, monkeypatch):
    """Rendering is stubbed: what matters here is that no badge is lost or doubled."""
    if app.config["JOBS_MODE"] == "rq":
        pytest.skip("the renderer is stubbed in this process; RQ workers run elsewhere")
    event = make.event()
    category = make.category(event.id)
    country = make.country()
    user = make.user(role="staff")
    with app.app_context():
        common = dict(event_id=event.id, country_id=country.id, category_id=category.id, status="approved")
        db.session.add_all(
            Registration(given_names=f"G{n:05d}", family_name=f"F{n:05d}", badge_name=f"B{n:05d}",
                         email=f"p{n}@example.org", **common)
            for n in range(5000)
        )  # fmt: skip
        db.session.commit()

    def blank_pages(html, photos, static):
        writer = PdfWriter()
        for _ in range(html.count('class="badge-card ')):
            writer.add_blank_page(10, 10)
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue()

    monkeypatch.setitem(app.config, "BADGE_PROCESSES", 0)
    monkeypatch.setattr(pdf, "render", blank_pages)
    with app.test_request_context():
        staff = db.session.get(User, user.id)
        batch = batches.start(_event(), staff, batches.Selection(sort="name"))
        batch_id = batch.id
    _finished(app, batch_id)
    with app.app_context():
        batch = db.session.get(BadgeBatch, batch_id)
        assert batch.status == "done" and batch.total == 5000
        ids = [i for chunk in batch.chunks for i in chunk.ids]
        assert len(ids) == len(set(ids)) == 5000
        assert len(PdfReader(io.BytesIO(batch.pdf)).pages) == 5000
        assert len(db.session.scalars(select(BadgePrint.id)).all()) == 5000


def _event():
    return db.session.scalar(select(Event))
