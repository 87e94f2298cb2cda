"""A logged-in person lands on a home about them: a delegate's registration, badge, agenda
and visits; a focal point's delegation; the secretariat's work. Anyone else (and anyone
not logged in) sees the event's public home."""

import html
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import update

from ascn.events.models import Event
from ascn.extensions import db
from ascn.registration.models import Delegation
from ascn.visits.models import SiteVisit
from tests.support.visits import mail_from_now
from tests.support.web import post

SOON = datetime.now(timezone.utc).replace(microsecond=0) + timedelta(days=3)


def _home(client, lang="en"):
    response = client.get("/ascn8/", headers={"Accept-Language": lang})
    assert response.status_code == 200
    return html.unescape(response.get_data(as_text=True))


def _set(app, model, row_id, **values):
    with app.app_context():
        db.session.execute(update(model).where(model.id == row_id).values(**values))
        db.session.commit()


def _event(make):
    today = date.today()
    return make.event(start_date=today, end_date=today + timedelta(days=5))


def _world(app, make):
    event = _event(make)
    _set(
        app, Event, event.id, delegate_notice_en="Buses leave from the east lobby.", delegate_notice_ms="Bas"
    )
    return event, make.category(event.id), make.country(), make.programme.session_type(event.id, "plenary")


def _delegate(make, world, sessions=1, visits=1):
    """An approved delegate without a photo, with saved sessions (one already over) and
    booked visits (one confirmed, one where they wait second in the queue)."""
    event, category, country, kind = world
    me = make.registration(event.id, country.id, category.id, status="approved", identity_change_pending=True)
    others = [make.registration(event.id, country.id, category.id, status="approved") for _ in range(2)]
    past = make.programme.session(event.id, kind.id, starts_at=SOON - timedelta(days=10), title_en="Over")
    coming = [
        make.programme.session(
            event.id, kind.id, starts_at=SOON + timedelta(hours=n), title_en=f"Talk {me.id}.{n}"
        )
        for n in range(sessions)
    ]
    make.programme.publish()
    for session in [past, *coming]:
        make.programme.save(me.user_id, session.id)
    booked = []
    for n in range(visits):
        visit = make.visits.visit(event.id, seats=5, departs_at=SOON + timedelta(days=1 + n))
        make.visits.book(visit.id, me.id)
        booked.append(visit)
    full = make.visits.visit(event.id, seats=1, departs_at=SOON, title_en="Wetlands")
    for registration in (*others, me):
        make.visits.book(full.id, registration.id)
    return me, booked


def test_a_delegate_sees_their_registration_agenda_and_visits(app, client, auth, make):
    me, booked = _delegate(make, _world(app, make))
    auth.login(me.email)
    page = _home(client)
    assert "Approved" in page and 'href="/ascn8/registration/badge"' in page
    assert "Your badge needs a photo." in page
    assert "Your change of name, category or photo is waiting for the secretariat." in page
    assert f"Talk {me.id}.0" in page and "Over" not in page
    assert booked[0].title_en in page and "Your seat: 1" in page and "Meeting point: Lobby" in page
    assert "Wetlands" in page and "Waiting list: number 2" in page
    assert "Buses leave from the east lobby." in page
    assert 'href="/ascn8/register"' not in page  # not the public home's invitation


def test_a_delegate_awaiting_their_focal_point_is_told_so_and_has_no_badge_yet(app, client, auth, make):
    event = _event(make)
    country = make.country()
    me = make.registration(event.id, country.id, make.category(event.id).id, awaiting_confirmation=True)
    auth.login(me.email)
    page = _home(client)
    assert "has not confirmed your registration yet" in page
    assert 'href="/ascn8/registration/badge"' not in page
    assert "You have not booked a site visit." in page


def test_the_home_asks_the_same_queries_for_one_or_many_items(app, client, auth, make, count_queries):
    world = _world(app, make)
    counts = []
    for many in (1, 4):
        me, _booked = _delegate(make, world, sessions=many, visits=many)
        mail_from_now(app)  # the bookings' emails are sent by then, not while counting
        auth.login(me.email)
        _home(client)  # the first request reads the programme's latest release into its cache
        with count_queries() as counter:
            page = _home(client)
        assert f"Talk {me.id}.{min(many, 4) - 1}" in page
        counts.append(counter.count)
        auth.logout()
    assert counts[0] == counts[1], counts


def test_a_focal_point_sees_their_delegation_at_a_glance(app, client, auth, make):
    event = _event(make)
    category, country = make.category(event.id), make.country()
    make.delegation(event.id, country.id, quota=5)
    focal = make.user(role="focal_point", country_id=country.id)
    make.registration(event.id, country.id, category.id, status="approved", has_photo=True)
    make.registration(event.id, country.id, category.id, status="approved")
    make.registration(event.id, country.id, category.id, status="pending")
    make.registration(event.id, country.id, category.id, awaiting_confirmation=True)
    auth.login(focal.email)
    page = _home(client)
    assert "Delegation of Malaysia" in page and "3 of 5 places" in page
    assert "1 registration awaits your confirmation" in page
    assert "1 registration awaits the secretariat's decision" in page
    assert "2 delegates have no photo" in page
    assert 'href="/ascn8/delegation"' in page


def test_an_organiser_sees_todays_work_and_an_admin_the_failed_emails(app, client, auth, make):
    event = _event(make)
    category, country = make.category(event.id), make.country()
    other = make.country("SG", "Singapore", "Singapura")
    for _ in range(2):
        make.registration(event.id, country.id, category.id)
    make.registration(event.id, other.id, category.id, awaiting_confirmation=True)  # the focal point's turn
    delegation = make.delegation(event.id, country.id, quota=10)
    _set(app, Delegation, delegation.id, members_count=9)
    make.delegation(event.id, other.id, quota=10)
    visit = make.visits.visit(event.id, seats=10, departs_at=SOON, title_en="Command Centre")
    _set(app, SiteVisit, visit.id, confirmed_count=9)
    make.visits.visit(event.id, seats=10, departs_at=SOON, title_en="Quiet visit")
    make.outbox_message(status="failed")
    organiser = make.user(role="organiser")
    auth.login(organiser.email)
    page = _home(client)
    assert "2 registrations to decide" in page
    assert "/ascn8/manage/registrations?status=pending" in page
    assert "Malaysia" in page and "9 of 10 places" in page and "Singapore" not in page
    assert "Command Centre" in page and "1 seat left" in page and "Quiet visit" not in page
    assert "could not be sent" not in page
    auth.logout()
    auth.login(make.user(role="admin").email)
    assert "1 email could not be sent" in _home(client)


def test_without_anything_at_the_event_the_public_home_stays(app, client, auth, make):
    event = _event(make)
    _set(app, Event, event.id, registration_opens_at=datetime(2020, 1, 1, tzinfo=timezone.utc),
         registration_closes_at=None, delegate_notice_en="For delegates only")  # fmt: skip
    assert 'href="/ascn8/register"' in _home(client)
    auth.login(make.user().email)
    page = _home(client)
    assert 'href="/ascn8/register"' in page and "Welcome," not in page
    assert "For delegates only" not in page


SETTINGS = {
    "short_name": "ASCN8",
    "name_en": "8th ASCN Annual Meeting",
    "name_ms": "Mesyuarat Tahunan ASCN Ke-8",
    "start_date": "2025-09-08",
    "end_date": "2025-09-12",
    "timezone": "Asia/Kuala_Lumpur",
    "delegate_notice_en": "The buses leave from the east lobby.",
    "delegate_notice_ms": "Bas bertolak dari lobi timur.",
}


def test_the_secretariat_sets_the_notice_in_both_languages_and_a_malay_delegate_reads_it(
    app, client, auth, make
):
    event = _event(make)
    delegate = make.registration(event.id, make.country().id, make.category(event.id).id, locale="ms")
    auth.login(make.user(role="organiser").email)
    too_long = {**SETTINGS, "delegate_notice_en": "x" * 2001}
    assert "2000" in post(client, "/ascn8/manage/event", too_long).get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Event, event.id).delegate_notice_en == ""
    assert post(client, "/ascn8/manage/event", SETTINGS).status_code == 302
    auth.logout()
    auth.login(delegate.email)
    page = _home(client, "ms")
    assert "Bas bertolak dari lobi timur." in page and "east lobby" not in page
