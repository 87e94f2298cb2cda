"""Personal data: deletion on request, and the purge of an ended event."""

import pytest
from sqlalchemy import func, select

from ascn.accounts.models import User
from ascn.extensions import db
from ascn.registration.models import Registration, RegistrationPhoto
from tests.support.web import post


@pytest.fixture
def world(make):
    event = make.event()  # ended on 12 September 2025
    category = make.category(event.id)
    country = make.country()
    make.delegation(event.id, country.id, quota=5)
    people = [
        make.registration(event.id, country.id, category.id, given_names=f"Person{n}", status="approved")
        for n in range(3)
    ]
    make.photo(people[0].id)
    return {"event": event, "people": people}


def test_dry_run_says_what_it_would_remove_and_removes_nothing(app, runner, world):
    result = runner.invoke(
        args=["purge-personal-data", "--event", "ascn8", "--before", "2026-01-01", "--dry-run"]
    )
    assert result.exit_code == 0, result.output
    assert (
        "Would remove the personal data of 3 registrations" in result.output and "1 photos" in result.output
    )
    with app.app_context():
        assert db.session.scalar(select(func.count()).where(Registration.given_names.like("Person%"))) == 3


def test_purge_keeps_anonymous_counts(app, runner, world):
    result = runner.invoke(args=["purge-personal-data", "--event", "ascn8", "--before", "2026-01-01"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        rows = db.session.scalars(select(Registration)).all()
        assert len(rows) == 3 and {r.status for r in rows} == {"approved"}
        assert all(r.given_names == "" and r.email.endswith("@invalid") and r.user_id is None for r in rows)
        assert db.session.scalar(select(func.count()).select_from(RegistrationPhoto)) == 0
        accounts = db.session.scalars(select(User)).all()
        assert all(not u.active and u.email.endswith("@invalid") for u in accounts)


def test_purge_refuses_an_event_that_has_not_ended(app, runner, world):
    result = runner.invoke(args=["purge-personal-data", "--event", "ascn8", "--before", "2025-09-01"])
    assert result.exit_code == 1 and "has not ended" in result.output
    result = runner.invoke(args=["purge-personal-data", "--event", "nope", "--before", "2026-01-01"])
    assert result.exit_code == 1 and "no event" in result.output


def test_deletion_requested_by_the_delegate_and_confirmed_by_an_organiser(app, client, auth, make, world):
    person = world["people"][1]
    auth.login(person.email)
    data = {"reason": "I left the ministry", "confirm": "y"}
    post(client, "/ascn8/registration/delete-account", data, token_from="/ascn8/registration/delete-account")
    auth.logout()
    organiser = make.user(role="organiser")
    auth.login(organiser.email)
    page = client.get("/ascn8/manage/deletion-requests").get_data(as_text=True)
    assert "I left the ministry" in page and person.email in page
    from ascn.registration.models import DeletionRequest

    with app.app_context():
        request_id = db.session.scalar(select(DeletionRequest.id))
    post(
        client,
        f"/ascn8/manage/deletion-requests/{request_id}/confirm",
        token_from="/ascn8/manage/deletion-requests",
    )
    with app.app_context():
        registration = db.session.get(Registration, person.id)
        assert registration.status == "cancelled" and registration.given_names == ""
        account = db.session.get(User, person.user_id)
        assert not account.active and account.email.endswith("@invalid")
    auth.logout()
    response = post(client, "/account/login", {"email": person.email, "password": "correct horse battery"})
    assert response.status_code == 200  # the account no longer logs in


def test_another_events_organiser_neither_sees_nor_decides_a_deletion_request(app, client, auth, make, world):
    person = world["people"][1]
    auth.login(person.email)
    data = {"reason": "I left the ministry", "confirm": "y"}
    post(client, "/ascn8/registration/delete-account", data, token_from="/ascn8/registration/delete-account")
    auth.logout()
    other = make.event(slug="wg1", short_name="WG1")
    auth.login(make.user(role="organiser", event_id=other.id).email)
    page = client.get("/wg1/manage/deletion-requests").get_data(as_text=True)
    assert "I left the ministry" not in page and person.email not in page
    from ascn.registration.models import DeletionRequest

    with app.app_context():
        request_id = db.session.scalar(select(DeletionRequest.id))
    response = post(client, f"/wg1/manage/deletion-requests/{request_id}/confirm", follow_redirects=True)
    assert "This request no longer exists." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(User, person.user_id).active
