"""A new event made from an old one: the chosen settings, dates moved with the start,
never its people."""

import threading
import time
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from ascn.accounts.models import User
from ascn.badges import design
from ascn.badges.models import BadgeTemplate
from ascn.errors import ServiceError
from ascn.events.copying import PARTS, copy_event
from ascn.events.models import Category, Event, EventLogo
from ascn.events.services import CATEGORY_FIELDS, save_category
from ascn.extensions import db
from ascn.programme.models import Room, SavedSession, SessionType, Speaker
from ascn.registration.models import Delegation, Registration
from ascn.transactions import unit_of_work
from ascn.visits.models import SiteVisit, VisitBooking
from tests.support.settings import TEST_DATABASE_URL

NEXT_YEAR = dict(
    slug="ascn9",
    short_name="ASCN9",
    name_en="9th ASEAN Smart Cities Network Annual Meeting",
    name_ms="Mesyuarat Tahunan Rangkaian Bandar Pintar ASEAN Ke-9",
    start_date=date(2026, 9, 7),  # 364 days after ASCN8's start
    end_date=date(2026, 9, 11),
)


@pytest.fixture
def world(app, make):
    """ASCN8 with settings of every part, and people in every domain."""
    event = make.event(privacy_notice_en="We keep your data.", privacy_notice_ms="Kami simpan data anda.")
    delegates = make.category(event.id, code="delegate", label_en="Delegate")
    make.category(event.id, code="media", label_en="Media", delegate_may_choose=False)
    country = make.country()
    make.delegation(event.id, country.id, quota=7)
    person = make.registration(event.id, country.id, delegates.id, status="approved")
    make.programme.room(event.id, name_en="Grand Ballroom", capacity=400)
    kind = make.programme.session_type(event.id, code="plenary")
    speaker = make.programme.speaker(event.id, user_id=person.user_id)
    session = make.programme.session(event.id, kind.id, speaker_ids=[speaker.id])
    make.programme.save(person.user_id, session.id)
    visit = make.visits.visit(event.id)
    make.visits.book(visit.id, person.id)
    organiser = make.user(role="organiser")
    make.logo(event.id, primary_colour="#7a1f5c", contact_email="sec@ascn8.example")
    with app.test_request_context():
        design.save(db.session.get(Category, delegates.id), {"layout": "cr80", "colour": "#aa0000"})
    return {"event": event, "organiser": organiser}


def _copy(app, world, parts=PARTS, **changes):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        source = db.session.get(Event, world["event"].id)
        actor = db.session.get(User, world["organiser"].id)
        return copy_event(source, **{**NEXT_YEAR, **changes}, parts=parts, actor=actor).id


def _refused(app, world, **changes) -> str:
    with pytest.raises(ServiceError) as refused:
        _copy(app, world, **changes)
    return str(refused.value.message)


def _count(model, *where):
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_a_copy_with_every_part(app, world):
    copy_id = _copy(app, world)
    with app.app_context():
        copy = db.session.get(Event, copy_id)
        assert (copy.slug, copy.start_date, copy.end_date) == ("ascn9", date(2026, 9, 7), date(2026, 9, 11))
        # The registration window moves with the start: 1 June – 29 August 2025, 364 days on.
        assert copy.registration_opens_at == datetime(2025, 6, 1, tzinfo=timezone.utc) + timedelta(days=364)
        assert copy.registration_closes_at == datetime(2025, 8, 29, tzinfo=timezone.utc) + timedelta(days=364)
        assert copy.privacy_notice_en == "We keep your data." and not copy.registration_edits_locked
        old = {
            c.code: [getattr(c, f) for f in CATEGORY_FIELDS]
            for c in db.session.get(Event, world["event"].id).categories
        }
        assert {c.code: [getattr(c, f) for f in CATEGORY_FIELDS] for c in copy.categories} == old
        template = db.session.scalar(select(BadgeTemplate).join(Category).where(Category.event_id == copy_id))
        assert (template.category.code, template.layout, template.colour) == ("delegate", "cr80", "#aa0000")
        room = db.session.scalar(select(Room).where(Room.event_id == copy_id))
        assert (room.name_en, room.capacity) == ("Grand Ballroom", 400)
        assert db.session.scalars(select(SessionType.code).where(SessionType.event_id == copy_id)).all() == [
            "plenary"
        ]
        delegation = db.session.scalar(select(Delegation).where(Delegation.event_id == copy_id))
        assert (delegation.quota, delegation.members_count, delegation.heads_count) == (7, 0, 0)
        logo = db.session.get(EventLogo, copy_id)
        assert (copy.primary_colour, copy.contact_email) == ("#7a1f5c", "sec@ascn8.example")
        assert logo.data == db.session.get(EventLogo, world["event"].id).data and copy.logo_digest


def test_a_copy_holds_none_of_the_people(app, world):
    copy_id = _copy(app, world)
    with app.app_context():
        assert _count(Registration, Registration.event_id == copy_id) == 0
        assert _count(Speaker, Speaker.event_id == copy_id) == 0
        assert _count(SiteVisit, SiteVisit.event_id == copy_id) == 0  # visits are not copied
        assert _count(VisitBooking) == 1 and _count(SavedSession) == 1  # ASCN8's only
        assert _count(User) == 2  # the delegate and the organiser: no account made, no role given


def test_a_copy_with_no_part(app, world):
    copy_id = _copy(app, world, parts=())
    with app.app_context():
        copy = db.session.get(Event, copy_id)
        assert copy.categories == [] and copy.privacy_notice_en == "" and copy.privacy_notice_ms == ""
        assert copy.logo_digest is None and copy.primary_colour is None
        assert copy.contact_email == "sec@ascn8.example"  # a setting of the event, copied with it
        assert db.session.get(EventLogo, copy_id) is None
        assert copy.registration_opens_at == datetime(2025, 6, 1, tzinfo=timezone.utc) + timedelta(days=364)
        for model in (Room, SessionType, Delegation):
            assert _count(model, model.event_id == copy_id) == 0
        assert _count(BadgeTemplate) == 1


@pytest.mark.parametrize(
    "slug, message",
    [
        ("ascn8", "Another event already uses this address."),
        ("admin", "This address is used by the site itself. Choose another."),
        ("new", "This address is used by the site itself. Choose another."),
        ("ASCN9", "The address takes 2 to 40 lowercase letters"),
        ("a", "The address takes 2 to 40 lowercase letters"),
        ("-ascn9", "The address takes 2 to 40 lowercase letters"),
        ("ascn 9", "The address takes 2 to 40 lowercase letters"),
        ("a" * 41, "The address takes 2 to 40 lowercase letters"),
    ],
)
def test_an_address_taken_reserved_or_malformed_is_refused(app, world, slug, message):
    assert _refused(app, world, slug=slug).startswith(message)
    with app.app_context():
        assert _count(Event) == 1


def test_other_refusals(app, world):
    assert _refused(app, world, parts=("categories", "people")) == "Choose what to copy from the list."
    assert _refused(app, world, end_date=date(2026, 9, 1)) == "The event cannot end before it starts."
    assert _refused(app, world, name_en="", name_ms="") == "Give the event a name in at least one language."
    assert _refused(app, world, short_name="A" * 21) == "Field cannot be longer than 20 characters."


postgresql = pytest.mark.skipif(
    not TEST_DATABASE_URL, reason="needs PostgreSQL (TEST_DATABASE_URL): SQLite serialises writers"
)


def _in_thread(app, work, outcome):
    def run():
        with app.test_request_context(headers={"Accept-Language": "en"}):
            try:
                outcome.append(work())
            except ServiceError as error:
                outcome.append(str(error.message))
            except Exception as error:
                outcome.append(repr(error))
            finally:
                db.session.remove()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


@postgresql
def test_two_organisers_creating_the_same_address_at_once(app, world):
    barrier = threading.Barrier(2)
    outcomes = [[], []]

    def create(name):
        def work():
            barrier.wait()
            return _copy(app, world, name_en=name)

        return work

    threads = [_in_thread(app, create(f"Copy {n}"), outcomes[n]) for n in range(2)]
    for thread in threads:
        thread.join(60)
    results = sorted((o[0] for o in outcomes), key=str)
    assert isinstance(results[0], int) and results[1] == "Another event already uses this address."
    with app.app_context():
        assert _count(Event, Event.slug == "ascn9") == 1


@postgresql
def test_a_copy_during_a_change_of_categories_copies_the_whole_change(app, world):
    changing, release = threading.Event(), threading.Event()
    outcomes = [[], []]
    event_id = world["event"].id

    @unit_of_work
    def change():
        event = db.session.get(Event, event_id)
        media = db.session.scalar(select(Category).where(Category.code == "media"))
        values = {name: getattr(media, name) for name in CATEGORY_FIELDS}
        save_category(event, media, **{**values, "label_en": "Press"})
        save_category(event, None, **{**values, "code": "observer", "label_en": "Observer"})
        changing.set()
        assert release.wait(30)
        return "changed"

    editor = _in_thread(app, change, outcomes[0])
    assert changing.wait(30)
    copier = _in_thread(app, lambda: _copy(app, world), outcomes[1])
    time.sleep(0.5)
    assert copier.is_alive(), "the copy did not wait for the change in progress"
    release.set()
    for thread in (editor, copier):
        thread.join(60)
    assert outcomes[0] == ["changed"] and isinstance(outcomes[1][0], int)
    with app.app_context():
        labels = db.session.scalars(
            select(Category.label_en).where(Category.event_id == outcomes[1][0]).order_by(Category.code)
        ).all()
        assert labels == ["Delegate", "Press", "Observer"]
