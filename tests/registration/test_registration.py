"""Delegates register themselves, see their registration, change it, cancel it."""

import io
import json
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from ascn.accounts.models import User
from ascn.extensions import db
from ascn.mail import OutboxMessage
from ascn.registration.models import Registration, RegistrationChange, RegistrationPhoto
from tests.support.factories import jpeg
from tests.support.registration import form
from tests.support.web import post

NOW = datetime.now(timezone.utc)


def registrations(app):
    with app.app_context():
        return db.session.scalars(select(Registration)).all()


def test_registering_makes_a_registration_an_account_and_a_mail_after_commit(app, client, open_event):
    response = post(client, "/ascn8/register", form(open_event), token_from="/ascn8/register")
    assert response.status_code == 302  # so that reloading the thank-you page posts nothing
    assert "your registration has been received" in client.get(response.headers["Location"]).get_data(
        as_text=True
    )
    assert "your registration has been received" not in client.get("/ascn8/register").get_data(as_text=True)
    with app.app_context():
        registration = db.session.scalar(select(Registration))
        assert registration.email == "somchai@example.go.th"
        assert registration.status == "pending"
        assert registration.badge_name == "สมชาย ใจดี"  # prefilled from the names
        assert registration.mobile == "+66812345678"  # read as dialled in Thailand
        assert registration.consent_at is not None
        account = db.session.scalar(select(User).where(User.email == "somchai@example.go.th"))
        assert account.role == "delegate" and account.email_confirmed_at is None
        assert registration.user_id is None  # attached once the emailed link proves the address
        mail = db.session.scalar(
            select(OutboxMessage).where(OutboxMessage.template == "registration_received")
        )
        assert mail.recipient == "somchai@example.go.th"
        assert "/account/reset/" in mail.body_text  # the link to choose a password


def test_the_confirmation_is_in_the_chosen_language(app, client, open_event):
    post(client, "/ascn8/register", form(open_event, locale="ms"), token_from="/ascn8/register")
    with app.app_context():
        mail = db.session.scalar(
            select(OutboxMessage).where(OutboxMessage.template == "registration_received")
        )
    assert mail.locale == "ms"
    assert "Pendaftaran anda" in mail.body_text


def test_form_keeps_what_was_typed_and_explains_in_malay(client, open_event):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "ms"
    page = post(
        client,
        "/ascn8/register",
        form(open_event, mobile="12", given_names="Ánh"),
        token_from="/ascn8/register",
    ).get_data(as_text=True)
    assert "Ánh" in page and "Bangkok Metropolitan Administration" in page
    assert "Nombor telefon bimbit ini tidak sah" in page


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"given_names": ""}, "This field is required."),
        ({"given_names": "x" * 10_000}, "cannot be longer than 255"),
        ({"latin_name": "สมชาย"}, "Latin letters only"),
        ({"email": "not-an-email"}, "Invalid email address."),
        ({"mobile": "+66 12"}, "not a valid mobile number"),
        ({"consent": ""}, "This field is required."),
        ({"country_id": "99999"}, "Not a valid choice"),
        ({"category_id": "abc"}, "Not a valid choice"),
        ({"locale": "fr"}, "Not a valid choice"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_saves_nothing(app, client, open_event, changes, message):
    response = post(client, "/ascn8/register", form(open_event, **changes), token_from="/ascn8/register")
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert registrations(app) == []


def test_one_registration_per_email_even_in_another_case(app, client, open_event):
    post(client, "/ascn8/register", form(open_event), token_from="/ascn8/register")
    again = post(
        client,
        "/ascn8/register",
        form(open_event, email="SOMCHAI@example.GO.TH"),
        token_from="/ascn8/register",
    )
    assert again.status_code == 302  # the same answer as a first registration; the email explains
    assert len(registrations(app)) == 1
    with app.app_context():
        mail = db.session.scalar(select(OutboxMessage).where(OutboxMessage.template == "already_registered"))
    assert mail.recipient == "somchai@example.go.th" and "/ascn8/registration" in mail.body_text


def test_an_existing_account_is_not_revealed_and_holds_the_registration(app, client, make, open_event):
    user = make.user(email="somchai@example.go.th")
    response = post(client, "/ascn8/register", form(open_event), token_from="/ascn8/register")
    assert response.status_code == 302
    [registration] = registrations(app)
    assert registration.user_id == user.id  # a confirmed delegate account: its owner sees it


def test_a_logged_in_delegate_registers_with_their_own_email(app, client, auth, make, open_event):
    user = make.user(email="lina@example.org")
    auth.login(user.email)
    post(
        client,
        "/ascn8/register",
        form(open_event, email="someone-else@example.org"),
        token_from="/ascn8/register",
    )
    [registration] = registrations(app)
    assert registration.email == "lina@example.org" and registration.user_id == user.id


def test_registration_is_closed_outside_its_window(app, client, make):
    event = make.event()  # the window of 2025 has passed
    category = make.category(event.id)
    country = make.country()
    page = client.get("/ascn8/register").get_data(as_text=True)
    assert "Registration is closed" in page and 'name="given_names"' not in page
    world = {"category": category, "country": country}
    post(client, "/ascn8/register", form(world), token_from="/")
    assert registrations(app) == []


def test_registration_not_yet_open_says_when(client, make):
    make.event(registration_opens_at=NOW + timedelta(days=3), registration_closes_at=NOW + timedelta(days=9))
    assert "Registration opens on" in client.get("/ascn8/register").get_data(as_text=True)


def test_photo_is_reencoded_to_the_badge_ratio_without_exif(app, client, open_event):
    from PIL import Image

    image = Image.new("RGB", (1200, 900), "orange")
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # camera maker
    raw = io.BytesIO()
    image.save(raw, "JPEG", exif=exif)
    data = form(open_event)
    data["photo"] = (io.BytesIO(raw.getvalue()), "me.jpg")
    post(client, "/ascn8/register", data, token_from="/ascn8/register", content_type="multipart/form-data")
    with app.app_context():
        photo = db.session.scalar(select(RegistrationPhoto))
        stored = Image.open(io.BytesIO(photo.data))
        assert stored.format == "JPEG"
        assert abs(stored.width / stored.height - 0.75) < 0.01
        assert b"SecretCam" not in photo.data and not stored.getexif()


@pytest.mark.parametrize(
    "content, name, message",
    [
        (b"%PDF-1.4 not an image at all", "photo.jpg", "not an image we can read"),
        (jpeg((100, 100)), "tiny.jpg", "too small"),
        (b"GIF89a" + b"\0" * 100, "anim.gif", "JPEG, PNG or WebP"),
    ],
)
def test_bad_photos_are_refused(app, client, open_event, content, name, message):
    data = form(open_event)
    data["photo"] = (io.BytesIO(content), name)
    page = post(
        client, "/ascn8/register", data, token_from="/ascn8/register", content_type="multipart/form-data"
    )
    assert message in page.get_data(as_text=True)
    assert registrations(app) == []


def test_a_decompression_bomb_is_refused_unread(app, client, open_event):
    """A 20,000 × 20,000 PNG compresses to a few hundred kilobytes."""
    from PIL import Image

    raw = io.BytesIO()
    Image.new("1", (20_000, 20_000)).save(raw, "PNG")
    data = form(open_event)
    data["photo"] = (io.BytesIO(raw.getvalue()), "bomb.png")
    page = post(
        client, "/ascn8/register", data, token_from="/ascn8/register", content_type="multipart/form-data"
    )
    assert "too many pixels" in page.get_data(as_text=True)
    assert registrations(app) == []


@pytest.fixture
def registered(app, make, auth, open_event):
    reg = make.registration(
        open_event["event"].id, open_event["country"].id, open_event["category"].id, given_names="Anong"
    )
    auth.login(reg.email)
    return reg


def test_my_page_shows_status_and_details(client, registered):
    page = client.get("/ascn8/registration").get_data(as_text=True)
    assert "Pending" in page and "Anong" in page and "Thailand" in page


def test_rejection_reason_is_shown(client, make, auth, open_event):
    reg = make.registration(
        open_event["event"].id,
        open_event["country"].id,
        open_event["category"].id,
        status="rejected",
        status_reason="Only officials of member cities",
    )
    auth.login(reg.email)
    page = client.get("/ascn8/registration").get_data(as_text=True)
    assert "Rejected" in page and "Only officials of member cities" in page


def test_edit_my_details_is_logged(app, client, registered):
    data = {"given_names": "Anong", "family_name": "Srisuk", "mobile": "+66 81 234 5678", "locale": "ms"}
    response = post(client, "/ascn8/registration/edit", data, token_from="/ascn8/registration/edit")
    assert response.status_code == 302
    with app.app_context():
        registration = db.session.get(Registration, registered.id)
        assert registration.family_name == "Srisuk" and registration.locale == "ms"
        actions = db.session.scalars(select(RegistrationChange.action)).all()
        assert "edited" in actions


def test_edits_stop_when_the_organisers_lock_them(app, client, registered, open_event):
    from ascn.events.models import Event

    with app.app_context():
        db.session.get(Event, open_event["event"].id).registration_edits_locked = True
        db.session.commit()
    page = post(
        client,
        "/ascn8/registration/edit",
        {"given_names": "Changed", "locale": "en"},
        token_from="/ascn8/registration",
    )
    assert "locked" in page.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Registration, registered.id).given_names == "Anong"


def test_cancel_my_registration_sends_a_mail(app, client, registered):
    response = post(client, "/ascn8/registration/cancel", token_from="/ascn8/registration")
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Registration, registered.id).status == "cancelled"
        assert (
            db.session.scalar(select(func.count()).where(OutboxMessage.template == "registration_status"))
            == 1
        )


def test_cancelled_delegate_can_register_again_in_the_same_row(app, client, registered, open_event):
    post(client, "/ascn8/registration/cancel", token_from="/ascn8/registration")
    post(client, "/ascn8/register", form(open_event, given_names="Anong"), token_from="/ascn8/register")
    [registration] = registrations(app)
    assert registration.id == registered.id and registration.status == "pending"


def test_replace_my_photo(app, client, registered):
    data = {"photo": (io.BytesIO(jpeg((900, 1200), "navy", "PNG")), "new.png")}
    response = post(
        client,
        "/ascn8/registration/photo",
        data,
        token_from="/ascn8/registration/photo",
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    photo = client.get(f"/ascn8/registration/{registered.id}/photo.jpg")
    assert photo.status_code == 200 and photo.mimetype == "image/jpeg"


def test_download_my_data(client, registered):
    response = client.get("/ascn8/registration/data.json")
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.get_data(as_text=True))
    assert data["registrations"][0]["given_names"] == "Anong"
    assert data["account"]["email"] == registered.email


def test_another_delegate_cannot_see_my_photo(client, auth, make, registered):
    make.photo(registered.id)
    other = make.user()
    auth.logout()
    auth.login(other.email)
    assert client.get(f"/ascn8/registration/{registered.id}/photo.jpg").status_code == 403


def test_privacy_notice_is_bilingual(app, client, open_event):
    from ascn.events.models import Event

    with app.app_context():
        event = db.session.get(Event, open_event["event"].id)
        event.privacy_notice_en, event.privacy_notice_ms = (
            "We keep your data safe.",
            "Kami menjaga data anda.",
        )
        db.session.commit()
    assert "We keep your data safe." in client.get("/ascn8/privacy").get_data(as_text=True)
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "ms"
    assert "Kami menjaga data anda." in client.get("/ascn8/privacy").get_data(as_text=True)


def test_an_anonymous_form_never_rewrites_a_cancelled_registration(app, client, make, open_event):
    """Reopening a cancelled registration is its owner's, logged in: anonymously the form
    answers as for any known address, mails the owner and changes nothing."""
    world = open_event
    owner = make.registration(
        world["event"].id,
        world["country"].id,
        world["category"].id,
        email="somchai@example.go.th",
        given_names="Somchai",
        family_name="Jaidee",
        status="cancelled",
    )
    response = post(
        client,
        "/ascn8/register",
        form(world, given_names="Attacker", family_name="Chosen", email="somchai@example.go.th"),
        token_from="/ascn8/register",
    )
    assert response.status_code == 302
    with app.app_context():
        kept = db.session.get(Registration, owner.id)
        assert (kept.status, kept.given_names, kept.family_name) == ("cancelled", "Somchai", "Jaidee")
        mails = db.session.scalars(select(OutboxMessage)).all()
    assert [m.template for m in mails] == ["already_registered"]
    assert "to register again, log in" in mails[0].body_text
