"""An account proves its address before it holds anything: a registration is attached
only to a confirmed delegate or focal point account, and whoever made an account with
someone else's address sees nothing of that person's registration. Sign-up, /register and
the focal point's form answer the same whether or not an address has an account."""

import re

import pytest
from sqlalchemy import select

from ascn import jobs
from ascn.accounts.models import User
from ascn.extensions import db
from ascn.mail import OutboxMessage
from ascn.registration.models import Registration
from tests.support.delegations import VICTIM, focal_adds, focal_world, member
from tests.support.web import Auth, post

IMPOSTOR_PASSWORD = "impostor chose this one"
OWNER_PASSWORD = "the real owner's phrase"


@pytest.fixture
def world(make, auth):
    return focal_world(make)


def _registration(app, email=VICTIM):
    with app.app_context():
        return db.session.scalar(select(Registration).where(Registration.email == email))


def _account(app, email=VICTIM):
    with app.app_context():
        return db.session.scalar(select(User).where(User.email == email))


def _mails(app, email, template):
    with app.app_context():
        jobs.drain()  # some are written by a job after the commit
        return db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.recipient == email, OutboxMessage.template == template)
        ).all()


def _sign_up(client, email, password):
    data = {"full_name": "Someone Else", "email": email, "password": password, "confirm": password}
    return post(client, "/account/signup", data, token_from="/account/signup")


def test_an_account_made_with_a_delegates_address_never_holds_their_registration(app, client, world):
    # The impostor signs up with the delegate's address before the focal point names them.
    assert _sign_up(client, VICTIM, IMPOSTOR_PASSWORD).status_code == 302
    Auth(client).login(VICTIM, IMPOSTOR_PASSWORD)
    focal_adds(app, world)

    registration = _registration(app)
    assert registration.user_id is None
    for path in (
        "/ascn8/registration",
        "/ascn8/registration/data.json",
        f"/ascn8/registration/{registration.id}/photo.jpg",
        "/ascn8/registration/badge",
    ):
        response = client.get(path)
        assert response.status_code == 302 and "/account/profile" in response.headers["Location"], path
    assert "Ahmad Zaki" not in client.get("/ascn8/registration/data.json", follow_redirects=True).get_data(
        as_text=True
    )

    # The delegate's email carries a link that proves the address and sets the password.
    [received] = _mails(app, VICTIM, "registration_received")
    link = re.search(r"http://ascn\.test(/account/reset/\S+)", received.body_text).group(1)
    owner = app.test_client()
    response = post(owner, link, {"password": OWNER_PASSWORD, "confirm": OWNER_PASSWORD}, token_from=link)
    assert response.status_code == 302

    assert client.get("/account/profile").status_code == 302  # the impostor's session is over
    account = _account(app)
    assert account.email_confirmed_at is not None
    assert _registration(app).user_id == account.id
    Auth(owner).login(VICTIM, OWNER_PASSWORD)
    assert "Ahmad Zaki" in owner.get("/ascn8/registration").get_data(as_text=True)
    assert post(client, "/account/login", {"email": VICTIM, "password": IMPOSTOR_PASSWORD}).status_code == 200


def test_a_confirmed_delegate_account_holds_the_registration_at_once(app, make, world):
    account = make.user(email=VICTIM)
    focal_adds(app, world)
    assert _registration(app).user_id == account.id
    [received] = _mails(app, VICTIM, "registration_received")
    assert "/account/reset/" not in received.body_text


@pytest.mark.parametrize("role", ["staff", "organiser", "admin"])
def test_a_staff_account_is_not_given_a_delegates_registration(app, make, world, role):
    """Staff and organisers of this event (and administrators) are not delegates here."""
    make.user(email=VICTIM, role=role, event_id=world["event"].id)
    focal_adds(app, world)
    assert _registration(app).user_id is None
    [received] = _mails(app, VICTIM, "registration_received")
    assert "/account/reset/" not in received.body_text


def test_staff_at_another_meeting_is_a_delegate_here(app, make, world):
    other = make.event(slug="wg1", short_name="WG1")
    person = make.user(email=VICTIM, role="staff", event_id=other.id)
    focal_adds(app, world)
    assert _registration(app).user_id == person.id


def test_a_spreadsheet_import_links_the_same_way(app, make, world):
    from ascn.registration import delegations

    make.user(email=VICTIM, confirmed=False)
    with app.test_request_context(headers={"Accept-Language": "en"}):
        from ascn.events.models import Country, Event

        event = db.session.get(Event, world["event"].id)
        country = db.session.get(Country, world["malaysia"].id)
        focal = db.session.get(User, world["focal"].id)
        row = member(world, category_id=world["category"].id)
        delegations.add_members(event, country, [row], focal)
    assert _registration(app).user_id is None
    [received] = _mails(app, VICTIM, "registration_received")
    assert "/account/reset/" in received.body_text


def test_an_unconfirmed_account_sees_no_registration_made_before(app, client, make, world):
    account = make.user(email=VICTIM, confirmed=False)
    registration = make.registration(
        world["event"].id, world["malaysia"].id, world["category"].id, user_id=account.id, email=VICTIM
    )
    make.photo(registration.id)
    Auth(client).login(VICTIM)
    for path in (
        "/ascn8/registration",
        "/ascn8/registration/edit",
        "/ascn8/registration/data.json",
        f"/ascn8/registration/{registration.id}/photo.jpg",
        "/ascn8/registration/badge",
        "/ascn8/registration/badge.pdf",
    ):
        response = client.get(path)
        assert response.status_code == 302 and "/account/profile" in response.headers["Location"], path
    assert client.get("/account/profile").status_code == 200  # where the confirmation can be resent


def test_an_unconfirmed_account_cannot_register_itself(app, client, make, world):
    make.user(email=VICTIM, confirmed=False)
    Auth(client).login(VICTIM)
    with app.app_context():
        from ascn.events.models import Event

        event = db.session.get(Event, world["event"].id)
        event.registration_opens_at = event.registration_opens_at.replace(year=2000)
        event.registration_closes_at = event.registration_closes_at.replace(year=2100)
        db.session.commit()
    data = {
        **member(world),
        "country_id": world["malaysia"].id,
        "consent": "y",
    }
    page = post(client, "/ascn8/register", data, token_from="/ascn8/register").get_data(as_text=True)
    assert "confirm your email address first" in page
    assert _registration(app) is None


def test_no_role_for_an_unconfirmed_address(app, client, make, world):
    make.user(email=VICTIM, confirmed=False)
    admin = make.user(role="admin")
    Auth(client).login(admin.email)
    from ascn.events import roles
    from ascn.events.models import Event, EventRole

    with app.test_request_context(headers={"Accept-Language": "en"}):
        with pytest.raises(Exception, match="No confirmed account"):
            roles.grant(db.session.get(Event, world["event"].id), VICTIM, "staff", None, None)
        with pytest.raises(Exception, match="not confirmed"):
            from ascn.accounts import services

            services.set_role(_account(app), "admin", True, db.session.get(User, admin.id))
    with app.app_context():
        assert db.session.scalar(select(EventRole.id).where(EventRole.user_id == _account(app).id)) is None
    assert _account(app).role == "delegate"


# --- enumeration ---------------------------------------------------------------------


def test_sign_up_answers_the_same_for_a_known_address(app, client, make):
    make.user(email=VICTIM)
    known = _sign_up(client, VICTIM, "a long enough phrase")
    fresh = _sign_up(app.test_client(), "new.person@kpkt.gov.my", "a long enough phrase")
    assert known.status_code == fresh.status_code == 302
    assert known.headers["Location"] == fresh.headers["Location"]
    assert len(_mails(app, VICTIM, "account_exists")) == 1
    assert len(_mails(app, "new.person@kpkt.gov.my", "confirm_email")) == 1


def test_the_focal_points_form_does_not_say_which_delegation_holds_an_address(app, client, make, world):
    vietnam = make.country("VN", "Viet Nam", "Vietnam")
    make.registration(world["event"].id, vietnam.id, world["category"].id, email=VICTIM)
    make.registration(world["event"].id, world["malaysia"].id, world["category"].id, email="own@kpkt.gov.my")
    Auth(client).login(world["focal"].email)
    other = post(client, "/ascn8/delegation/add", member(world), token_from="/ascn8/delegation/add").get_data(
        as_text=True
    )
    own = post(
        client,
        "/ascn8/delegation/add",
        member(world, email="own@kpkt.gov.my"),
        token_from="/ascn8/delegation/add",
    ).get_data(as_text=True)
    message = "This email address is already registered for this event."
    assert message in other and message in own
    assert "another delegation" not in other


def test_the_owner_clicking_the_impostors_confirmation_link_confirms_nothing(app, client, make, world):
    assert _sign_up(client, VICTIM, IMPOSTOR_PASSWORD).status_code == 302
    [message] = _mails(app, VICTIM, "confirm_email")
    link = re.search(r"http://ascn\.test(/account/confirm/\S+)", message.body_text).group(1)
    owner = app.test_client()
    assert "/account/login" in owner.get(link).headers["Location"]  # the password is asked too
    other = make.user()
    Auth(owner).login(other.email)
    assert owner.get(link).status_code == 400  # another account's link
    assert _account(app).email_confirmed_at is None
    focal_adds(app, world)
    assert _registration(app).user_id is None
