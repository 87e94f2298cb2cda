"""Meeting requests raced on PostgreSQL: the most requests awaiting an answer holds when a
delegation sends several at once, and two focal points answering at once change a
request once, the second told what happened."""

import pytest
from sqlalchemy import func, select

from ascn.accounts.models import User
from ascn.bilaterals import expiry, requesting
from ascn.bilaterals.models import LEVELS, BilateralRequest
from ascn.events.models import Event
from ascn.extensions import db
from ascn.registration.models import Delegation
from tests.support.bilateral_requests import two_delegations
from tests.support.concurrency import rush
from tests.support.settings import TEST_DATABASE_URL

pytestmark = pytest.mark.skipif(
    not TEST_DATABASE_URL, reason="needs PostgreSQL (TEST_DATABASE_URL): SQLite serialises writers"
)


def _asking(w, level_of):
    def ask(n):
        values = requesting.Ask(
            w.other.id, level_of(n), f"Subject {n}", participant_ids=[w.people.minister.id]
        )
        requesting.ask(
            db.session.get(Event, w.event.id),
            db.session.get(Delegation, w.own.id),
            values,
            db.session.get(User, w.focal.id),
        )

    return ask


def test_requests_sent_at_once_stay_within_the_most_allowed(app, make):
    w = two_delegations(make, max_pending=2)
    # Four meetings at four levels, each a request of its own.
    outcomes = rush(app, len(LEVELS), _asking(w, lambda n: LEVELS[n]))
    assert outcomes.count("ok") == 2
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(BilateralRequest)) == 2


def test_one_request_clicked_five_times_at_once_is_sent_once(app, make):
    w = two_delegations(make, max_pending=10)
    outcomes = rush(app, 5, _asking(w, lambda n: "minister"))
    assert outcomes.count("ok") == 1
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(BilateralRequest)) == 1


def test_two_answers_at_once_change_the_request_once(app, make):
    w = two_delegations(make)
    second = make.user(role="focal_point", country_id=w.countries.singapore.id, event_id=w.event.id)
    meeting = make.bilaterals.request(
        w.event.id, w.own.id, w.other.id, requester_people=[w.people.minister.id]
    )
    users = [w.other_focal.id, second.id]

    def answer(n):
        request = db.session.get(BilateralRequest, meeting.id)
        delegation = db.session.get(Delegation, w.other.id)
        actor = db.session.get(User, users[n])
        if n == 0:
            requesting.accept(request, delegation, [w.people.singaporean.id], actor)
        else:
            requesting.decline(request, delegation, "", actor)

    outcomes = rush(app, 2, answer)
    assert outcomes.count("ok") == 1
    assert "This request changed meanwhile" in next(o for o in outcomes if o != "ok")


def test_two_sweeps_at_once_expire_a_request_once(app, make):
    from datetime import timedelta

    from ascn.db import utcnow
    from ascn.mail import MailFanOut

    w = two_delegations(make)
    make.bilaterals.request(w.event.id, w.own.id, w.other.id, answer_by=utcnow() - timedelta(minutes=1))
    outcomes = rush(app, 3, lambda n: expiry.expire_due())
    assert outcomes == ["ok"] * 3
    with app.app_context():
        keys = [key for row in db.session.scalars(select(MailFanOut)) for key in row.keys]
        assert [change for _, change in keys] == ["expired"]
