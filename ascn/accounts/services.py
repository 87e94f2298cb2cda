"""Account rules: sign-up, confirmation, log-in, password reset and change, profile.

Every service here owns its transaction (`@unit_of_work`); mail goes out after the commit.
"""

import functools
import secrets

from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from ascn.accounts import lifecycle, sessions
from ascn.accounts.models import User
from ascn.accounts.passwords import password_problems
from ascn.accounts.roles import ROLES
from ascn.db import utcnow
from ascn.errors import ServiceError
from ascn.extensions import db
from ascn.mail import queue_mail
from ascn.transactions import AGAIN, unit_of_work
from ascn.urls import public_url

CONFIRM_SALT = "account-confirm"
RESET_SALT = "password-reset"

# Every password a person chooses is hashed with the PASSWORD_HASH_METHOD setting:
# Werkzeug's scrypt (32768:8:1 today) unless the tests ask for a cheap one, which
# production refuses (ascn.config.check_password_hashing).
# The demo accounts' method: their password is printed for everyone, so a slow work
# factor would protect nothing and only make seeding hundreds of accounts take minutes.
DEMO_PASSWORD_METHOD = "scrypt:1024:8:1"


@functools.cache
def _dummy_hash(method: str) -> str:
    """Checked against when the email is unknown, so that a login takes as long either way;
    one per method, made once, since making one costs as much as checking it."""
    return generate_password_hash("not a real password, only for timing", method=method)


def prepare_dummy_hashes(config) -> None:
    """Made when the app starts, so that the first unknown address costs no more than the
    next ones (making the hash would double its check)."""
    for method in (config["PASSWORD_HASH_METHOD"], DEMO_PASSWORD_METHOD):
        _dummy_hash(method)


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def dummy_password_hash() -> str:
    """What a password for an unknown address is checked against: a hash made the way the
    accounts here are, so that a wrong password costs the same whether the address has an
    account or not. Where the demo was seeded its accounts use the demo's cheaper method,
    and an unknown address is checked as cheaply as they are."""
    demo = db.session.scalar(
        select(User.id).where(User.password_hash.startswith(DEMO_PASSWORD_METHOD + "$")).limit(1)
    )
    return _dummy_hash(
        DEMO_PASSWORD_METHOD if demo is not None else current_app.config["PASSWORD_HASH_METHOD"]
    )


def _check_policy(password: str, email: str, name: str) -> None:
    problems = password_problems(password, email, name)
    if problems:
        raise ServiceError(problems[0], field="password")


def _serializer(salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt)


# Two sign-ups with the same address at the same moment: the second, run again, finds the
# account the first made and answers as for any known address.
@unit_of_work(on_conflict=AGAIN)
def sign_up(email: str, password: str, full_name: str, locale: str) -> None:
    """Make an account and mail the link that confirms its address. The answer is the same
    when the address already has an account (nobody learns who has one): its owner gets
    an email saying so, with the ways to log in. Nothing logs in before the address is
    proven."""
    email = normalise_email(email)
    full_name = " ".join(full_name.split())
    _check_policy(password, email, full_name)
    password_hash = hash_password(password)  # hashed either way, so both answers take as long
    existing = user_by_email(email)
    if existing is not None:
        _queue_account_exists(existing)
        return
    user = User(email=email, password_hash=password_hash, full_name=full_name, role="delegate", locale=locale)
    db.session.add(user)
    db.session.flush()
    _queue_confirmation(user)


def _queue_account_exists(user: User) -> None:
    queue_mail(
        user.email,
        "account_exists",
        user.locale,
        user=user,
        login=public_url("accounts.login"),
        reset=public_url("accounts.reset_request"),
    )


def _queue_confirmation(user: User) -> None:
    token = _serializer(CONFIRM_SALT).dumps({"uid": user.id, "email": user.email})
    link = public_url("accounts.confirm", token=token)
    queue_mail(user.email, "confirm_email", user.locale, user=user, link=link)


@unit_of_work
def resend_confirmation(user: User) -> None:
    if user.email_confirmed_at is None:
        _queue_confirmation(user)


def account_for_confirmation(token: str) -> User:
    """The account a confirmation link was sent for; an error for a forged or old link."""
    try:
        data = _serializer(CONFIRM_SALT).loads(token, max_age=current_app.config["EMAIL_TOKEN_MAX_AGE"])
    except SignatureExpired:
        raise ServiceError(_l("This confirmation link has expired. Log in to get a new one.")) from None
    except BadSignature:
        raise ServiceError(_l("This confirmation link is not valid.")) from None
    user = db.session.get(User, data.get("uid")) if isinstance(data, dict) else None
    if user is None or user.email != data.get("email"):
        raise ServiceError(_l("This confirmation link is not valid."))
    return user


@unit_of_work
def confirm_email(token: str, user: User) -> None:
    """Confirm `user`'s address with the emailed link. Both are needed, the link (the
    address) and the logged-in account (its password): whoever made an account with
    somebody else's address cannot get it confirmed by that person clicking a link."""
    if account_for_confirmation(token).id != user.id:
        raise ServiceError(_l("This confirmation link is for another account. Log out, then open it again."))
    if user.email_confirmed_at is None:
        _mark_confirmed(user)


def _mark_confirmed(user: User) -> None:
    """The address is proven: record it, and let what waited for it be attached."""
    user.email_confirmed_at = utcnow()
    lifecycle.confirmed(user)


@unit_of_work
def authenticate(email: str, password: str) -> User:
    user = user_by_email(email)
    if user is None:
        check_password_hash(dummy_password_hash(), password)
        raise ServiceError(_l("Wrong email address or password."))
    if not check_password_hash(user.password_hash, password):
        raise ServiceError(_l("Wrong email address or password."))
    if not user.active:
        raise ServiceError(_l("This account has been disabled. Please contact the secretariat."))
    user.last_login_at = utcnow()
    sessions.start(user)
    return user


@unit_of_work
def log_out(user: User) -> None:
    """End this browser's session: a copy of its cookies no longer logs anyone in."""
    sessions.end(user)


@unit_of_work
def request_password_reset(email: str) -> None:
    """Mail a reset link if the account exists; say nothing either way (no account probing)."""
    user = user_by_email(email)
    if user is None or not user.active:
        return
    token = _serializer(RESET_SALT).dumps({"uid": user.id, "h": user.password_hash[-16:]})
    link = public_url("accounts.reset_password", token=token)
    queue_mail(user.email, "reset_password", user.locale, user=user, link=link)


def user_for_reset_token(token: str) -> User:
    """The link works until it expires or the password changes, so it works once.
    An invitation's link lives as long as a confirmation link; a reset link, one hour."""
    config = current_app.config
    try:
        data, signed_at = _serializer(RESET_SALT).loads(
            token,
            max_age=max(config["RESET_TOKEN_MAX_AGE"], config["EMAIL_TOKEN_MAX_AGE"]),
            return_timestamp=True,
        )
    except SignatureExpired:
        raise ServiceError(_l("This reset link has expired. Please ask for a new one.")) from None
    except BadSignature:
        raise ServiceError(_l("This reset link is not valid. Please ask for a new one.")) from None
    if not isinstance(data, dict):
        raise ServiceError(_l("This reset link is not valid. Please ask for a new one."))
    max_age = config["EMAIL_TOKEN_MAX_AGE"] if data.get("invite") else config["RESET_TOKEN_MAX_AGE"]
    if (utcnow() - signed_at).total_seconds() > max_age:
        raise ServiceError(_l("This reset link has expired. Please ask for a new one."))
    user = db.session.get(User, data.get("uid"))
    if user is None or user.password_hash[-16:] != data.get("h"):
        raise ServiceError(_l("This reset link has already been used. Please ask for a new one."))
    return user


@unit_of_work
def reset_password(token: str, password: str) -> User:
    user = user_for_reset_token(token)
    _check_policy(password, user.email, user.full_name)
    _set_password(user, password)  # ends every session, also of whoever set the old one
    if user.email_confirmed_at is None:  # following the link proves the address is theirs
        _mark_confirmed(user)
    if user.active:  # whoever chose the password is logged in: the link and the password prove it
        sessions.start(user)
    return user


@unit_of_work
def change_password(user: User, current: str, new: str) -> None:
    """Only once the address is confirmed: an invitation link mailed to the address is tied
    to the password hash, so whoever signed up with someone else's address could otherwise
    void it. The owner of an unconfirmed account can still set a password by the link that
    "Forgot your password?" mails to the address."""
    if not user.is_confirmed:
        raise ServiceError(
            _l(
                "Please confirm your email address before changing your password. If you have "
                "forgotten your password, use “Forgot your password?” on the log-in page: "
                "the link is sent to your address."
            )
        )
    if not check_password_hash(user.password_hash, current):
        raise ServiceError(_l("Your current password is not correct."), field="current_password")
    _check_policy(new, user.email, user.full_name)
    if check_password_hash(user.password_hash, new):
        raise ServiceError(_l("Choose a password different from the current one."), field="password")
    _set_password(user, new)
    sessions.start(user)  # this browser stays logged in; every other one is logged out


def _set_password(user: User, password: str) -> None:
    user.password_hash = hash_password(password)
    user.password_changed_at = utcnow()
    sessions.end_all(user)


@unit_of_work
def update_profile(user: User, full_name: str, locale: str) -> None:
    user.full_name = " ".join(full_name.split())
    user.locale = locale


@unit_of_work
def set_locale(user: User, locale: str) -> None:
    if user.locale != locale:
        user.locale = locale


@unit_of_work
def create_user(
    email: str, password: str, full_name: str, role: str = "delegate", locale: str = "ms"
) -> User:
    """An account made by an administrator: confirmed at once; `role` is 'delegate' or 'admin'
    (roles at an event are granted per event: ascn.events.roles)."""
    email = normalise_email(email)
    if user_by_email(email):
        raise ServiceError(_l("An account with this email address already exists."), field="email")
    _check_policy(password, email, full_name)
    user = User(
        email=email,
        password_hash=hash_password(password),
        full_name=full_name,
        locale=locale,
        email_confirmed_at=utcnow(),
    )
    _apply_role(user, role)
    db.session.add(user)
    return user


@unit_of_work(on_conflict=_l("An account with this email address already exists."), field="email")
def invite(email: str, full_name: str, role: str, locale: str, invited_by: User) -> User:
    """An account made by an administrator in the browser; the person chooses a password
    through the emailed link, which also confirms the address."""
    email = normalise_email(email)
    if user_by_email(email):
        raise ServiceError(_l("An account with this email address already exists."), field="email")
    user = User(
        email=email,
        full_name=" ".join(full_name.split()),
        role="delegate",
        locale=locale,
        password_hash=hash_password(secrets.token_urlsafe(32)),
    )
    db.session.add(user)
    _apply_role(user, role)
    db.session.flush()  # the unique email refuses a twin invitation here
    link = invitation_link(user)
    queue_mail(user.email, "invitation", user.locale, user=user, link=link, inviter=invited_by.full_name)
    return user


def _apply_role(user: User, role: str) -> None:
    if role not in ROLES:
        raise ServiceError(_l("Unknown role."), field="role")
    user.role = role


@unit_of_work
def set_role(user: User, role: str, active: bool, acting: User) -> None:
    if user.id == acting.id and (role != "admin" or not active):
        raise ServiceError(_l("You cannot remove your own administrator access."))
    if role != user.role and role != "delegate" and not user.is_confirmed:
        raise ServiceError(
            _l("This person has not confirmed their email address yet: a role can be given only after that."),
            field="role",
        )
    _apply_role(user, role)
    if not active:
        sessions.end_all(user)
    user.active = active


def invitation_link(user: User, then: str | None = None) -> str:
    """A link to choose the account's password, valid as long as a confirmation link and
    only until the password changes. Following it proves the address; the person, logged
    in, is then taken to the path `then` (e.g. the home of the event they registered for)."""
    token = _serializer(RESET_SALT).dumps({"uid": user.id, "h": user.password_hash[-16:], "invite": 1})
    if then:
        return public_url("accounts.reset_password", token=token, next=then)
    return public_url("accounts.reset_password", token=token)


def may_hold_registrations(user: User) -> bool:
    """A registration is attached only to an active delegate or focal point account whose
    address is confirmed: an account anyone could make for someone else's address holds
    nothing until its owner proves the address."""
    return user.active and user.is_confirmed and user.role == "delegate"


def account_for_registration(
    email: str, full_name: str, locale: str, then: str | None = None
) -> tuple[User | None, str | None]:
    """Who a new registration for `email` belongs to, and the link its owner needs.

    - an account that may hold it (see above): that account, no link;
    - no account: a new one with an unusable password, and an invitation link;
    - an unconfirmed account: the invitation link of that account. Following it sets the
      password (ending the sessions of whoever made the account) and confirms the address;
      only then is the registration attached (`lifecycle.confirmed`);
    - any other account (staff, disabled): nobody, no link.
    Joins the caller's transaction; the caller commits."""
    email = normalise_email(email)
    user = user_by_email(email)
    if user is None:
        user = User(
            email=email,
            full_name=" ".join(full_name.split()),
            role="delegate",
            locale=locale,
            password_hash=hash_password(secrets.token_urlsafe(32)),
        )
        db.session.add(user)
        db.session.flush()
        return None, invitation_link(user, then)
    if may_hold_registrations(user):
        return user, None
    if user.active and not user.is_confirmed:
        return None, invitation_link(user, then)
    return None, None
