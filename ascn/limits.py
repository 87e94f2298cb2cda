"""Rate limits on the forms that guess passwords or codes, or send mail.

Delegates share the venue's few public addresses (a delegation behind one hotel NAT), so
attempts are counted per address and account, and a looser limit counts per address only.
The account is the email typed in the form, or the person logged in (pairing a scanner).
"""

from flask import current_app, request
from flask_limiter.util import get_remote_address
from flask_login import current_user

from ascn.extensions import limiter


def _address_and_email() -> str:
    email = (request.form.get("email") or "").strip().lower()[:254]
    return f"{get_remote_address()}|{email}"


def _address_and_person() -> str:
    person = current_user.get_id() if current_user.is_authenticated else ""
    return f"{get_remote_address()}|user:{person}"


def _scaled(limits: str, factor: int) -> str:
    """'10 per minute;60 per hour' times 10 is '100 per minute;600 per hour'."""
    parts = (part.strip().partition(" ") for part in limits.split(";"))
    return ";".join(f"{int(count) * factor} {period}" for count, _sep, period in parts)


def throttle(setting: str, logged_in: bool = False):
    """Decorator: the limit in config[setting] per address and account (the email typed,
    or with `logged_in` the person logged in), ten times that per address; only POSTs count."""
    account = _address_and_person if logged_in else _address_and_email

    def decorate(view):
        per_account = limiter.limit(lambda: current_app.config[setting], methods=["POST"], key_func=account)
        per_address = limiter.limit(lambda: _scaled(current_app.config[setting], 10), methods=["POST"])
        return per_address(per_account(view))

    return decorate
