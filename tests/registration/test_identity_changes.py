"""After approval, a new name, name on the badge, category or photo asked by the delegate
or their focal point waits for the organisers: the badge keeps the approved identity and
scans as "change pending" until they decide."""

import pytest
from sqlalchemy import select

from ascn.badges import tokens
from ascn.extensions import db
from ascn.mail import OutboxMessage
from ascn.registration.models import IdentityChange, Registration, RegistrationChange, RegistrationPhoto
from tests.support.factories import jpeg
from tests.support.web import post


@pytest.fixture
def world(make):
    event = make.event()
    delegate = make.category(event.id, code="delegate", label_en="Delegate")
    speaker = make.category(event.id, code="speaker", label_en="Speaker")
    malaysia = make.country()
    make.delegation(event.id, malaysia.id, quota=10)
    approved = make.registration(
        event.id,
        malaysia.id,
        delegate.id,
        status="approved",
        given_names="Aminah",
        family_name="binti Yusof",
        badge_name="Aminah binti Yusof",
        locale="ms",
    )
    make.photo(approved.id, colour="teal")
    with make.app.app_context():
        db.session.get(Registration, approved.id).has_photo = True
        db.session.commit()
    return {
        "event": event,
        "delegate": delegate,
        "speaker": speaker,
        "malaysia": malaysia,
        "approved": approved,
    }


def person(**changes):
    values = {"given_names": "Aminah", "family_name": "binti Yusof", "badge_name": "", "locale": "ms"}
    values.update(changes)
    return values


def token(app, registration_id, serial):
    with app.app_context():
        return tokens.sign(registration_id, serial)


def reg(app, registration_id):
    with app.app_context():
        return db.session.get(Registration, registration_id)


def ask_new_name(client, auth, world, name="Impostor"):
    auth.login(world["approved"].email)
    response = post(
        client,
        "/ascn8/registration/edit",
        person(given_names=name, family_name=""),
        token_from="/ascn8/registration/edit",
    )
    assert response.status_code == 302
    auth.logout()


def test_a_new_name_waits_and_the_badge_keeps_the_approved_one(app, client, auth, world):
    ask_new_name(client, auth, world)
    row = reg(app, world["approved"].id)
    assert (row.given_names, row.badge_name, row.status) == ("Aminah", "Aminah binti Yusof", "approved")
    assert row.identity_change_pending
    auth.login(world["approved"].email)
    assert "Impostor" in client.get("/ascn8/registration/edit").get_data(as_text=True)  # what they asked
    assert "flash-warning" in client.get("/ascn8/registration").get_data(as_text=True)
    badge = client.get("/ascn8/registration/badge").get_data(as_text=True)
    assert "Aminah binti Yusof" in badge and "Impostor" not in badge  # never a badge of unreviewed data
    with app.app_context():
        actions = db.session.scalars(select(RegistrationChange.action)).all()
    assert "identity_requested" in actions


def test_the_scan_and_the_desk_say_a_change_is_pending(app, client, make, auth, world):
    ask_new_name(client, auth, world)
    auth.login(make.user(role="staff").email)
    printed = token(app, world["approved"].id, 1)
    scan = client.get("/ascn8/manage/badges/scan", query_string={"token": printed}).get_data(as_text=True)
    assert "Change pending" in scan and "Valid badge" not in scan
    desk = client.get(f"/ascn8/manage/badges/registrations/{world['approved'].id}").get_data(as_text=True)
    assert "Change pending" in desk
    listing = client.get("/ascn8/manage/badges/", query_string={"q": "Aminah"}).get_data(as_text=True)
    assert "Change pending" in listing


def test_the_focal_points_change_of_name_and_category_waits_too(app, client, make, auth, world):
    auth.login(make.user(role="focal_point", country_id=world["malaysia"].id).email)
    url = f"/ascn8/delegation/{world['approved'].id}"
    values = person(badge_name="Someone Else", category_id=world["speaker"].id, protocol_rank="delegate")
    assert post(client, url, values, token_from=url).status_code == 302
    row = reg(app, world["approved"].id)
    assert (row.badge_name, row.category_id) == ("Aminah binti Yusof", world["delegate"].id)
    with app.app_context():
        change = db.session.get(IdentityChange, row.id)
        assert change.proposed == {"badge_name": "Someone Else", "category_id": world["speaker"].id}


def test_a_new_photo_waits(app, client, auth, world):
    with app.app_context():
        before = db.session.get(RegistrationPhoto, world["approved"].id).data
    auth.login(world["approved"].email)
    response = post(
        client,
        "/ascn8/registration/photo",
        {"photo": (__import__("io").BytesIO(jpeg(colour="red")), "me.jpg")},
        token_from="/ascn8/registration/photo",
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(RegistrationPhoto, world["approved"].id).data == before
        assert db.session.get(IdentityChange, world["approved"].id).photo_data
    assert reg(app, world["approved"].id).identity_change_pending


def test_organisers_find_and_approve_it_the_old_badge_is_revoked(app, client, make, auth, world):
    ask_new_name(client, auth, world, name="Aminah Sofea")
    auth.login(make.user(role="organiser").email)
    other = make.registration(
        world["event"].id, world["malaysia"].id, world["delegate"].id, status="approved"
    )
    listing = client.get("/ascn8/manage/registrations", query_string={"flag": "change_pending"}).get_data(
        as_text=True
    )
    assert "Aminah binti Yusof" in listing and other.badge_name not in listing
    url = f"/ascn8/manage/registrations/{world['approved'].id}"
    page = client.get(url).get_data(as_text=True)
    assert "Aminah Sofea" in page and "Approve the change" in page
    assert post(client, f"{url}/identity-change", {"decision": "approve"}, token_from=url).status_code == 302
    row = reg(app, world["approved"].id)
    assert (row.given_names, row.badge_name, row.identity_change_pending) == (
        "Aminah Sofea",
        "Aminah Sofea",
        False,
    )
    scan = client.get("/ascn8/manage/badges/scan", query_string={"token": token(app, row.id, 1)}).get_data(
        as_text=True
    )
    assert "Revoked" in scan
    with app.app_context():
        mail = db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.template == "identity_change")
        ).one()
        assert mail.locale == "ms" and mail.recipient == row.email
        assert db.session.get(IdentityChange, row.id) is None


def test_a_rejected_change_leaves_the_badge_valid_and_says_why(app, client, make, auth, world):
    ask_new_name(client, auth, world)
    auth.login(make.user(role="organiser").email)
    url = f"/ascn8/manage/registrations/{world['approved'].id}"
    post(
        client,
        f"{url}/identity-change",
        {"decision": "reject", "reason": "Not the accredited person."},
        token_from=url,
    )
    row = reg(app, world["approved"].id)
    assert (row.given_names, row.identity_change_pending) == ("Aminah", False)
    scan = client.get("/ascn8/manage/badges/scan", query_string={"token": token(app, row.id, 1)}).get_data(
        as_text=True
    )
    assert "Valid badge" in scan
    with app.app_context():
        mail = db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.template == "identity_change")
        ).one()
        assert "Not the accredited person." in mail.body_text
        actions = db.session.scalars(select(RegistrationChange.action)).all()
    assert "identity_rejected" in actions


def test_an_organisers_correction_applies_at_once(app, client, make, auth, world):
    auth.login(make.user(role="organiser").email)
    url = f"/ascn8/manage/registrations/{world['approved'].id}/edit"
    values = person(given_names="Aminah Sofea", protocol_rank="delegate")
    assert post(client, url, values, token_from=url).status_code == 302
    row = reg(app, world["approved"].id)
    assert (row.given_names, row.identity_change_pending) == ("Aminah Sofea", False)


def test_before_approval_changes_apply_at_once(app, client, make, auth, world):
    pending = make.registration(world["event"].id, world["malaysia"].id, world["delegate"].id)
    auth.login(pending.email)
    post(
        client, "/ascn8/registration/edit", person(given_names="Nurul"), token_from="/ascn8/registration/edit"
    )
    row = reg(app, pending.id)
    assert (row.given_names, row.identity_change_pending) == ("Nurul", False)


def test_asking_for_the_approved_name_again_withdraws_the_change(app, client, auth, world):
    ask_new_name(client, auth, world)
    auth.login(world["approved"].email)
    post(client, "/ascn8/registration/edit", person(), token_from="/ascn8/registration/edit")
    assert reg(app, world["approved"].id).identity_change_pending is False


def test_a_waiting_change_is_in_the_personal_data_and_goes_with_it(app, client, make, auth, world):
    ask_new_name(client, auth, world, name="Aminah Sofea")
    auth.login(world["approved"].email)
    assert '"given_names": "Aminah Sofea"' in client.get("/ascn8/registration/data.json").get_data(
        as_text=True
    )
    auth.logout()
    from ascn.registration import privacy

    with app.test_request_context():
        privacy._clear(db.session.get(Registration, world["approved"].id))
        db.session.commit()
        assert db.session.get(IdentityChange, world["approved"].id) is None
