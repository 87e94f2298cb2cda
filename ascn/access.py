"""Access checks, one per blueprint: log-in and a capability at the event of the address
(`g.event`, see ascn/events/scope.py), with named public endpoints."""

from flask import Blueprint, abort, flash, g, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ascn.extensions import login_manager


def can(capability: str) -> bool:
    """Whether the person logged in may do `capability` at this request's event."""
    from ascn.events import roles  # the events package imports its views, which import this

    return current_user.is_authenticated and roles.can(current_user, g.get("event"), capability)


def guard(
    bp: Blueprint,
    capability: str | None = None,
    public: tuple[str, ...] = (),
    changes: str | None = None,
    read_only: tuple[str, ...] = (),
    confirmed: bool = True,
) -> None:
    """Every view of `bp` needs a logged-in user (and `capability`, if given), except
    the views named in `public`. With `confirmed` (all but the account pages), the user's
    email address must be confirmed too: an account made with someone else's address sees
    nothing until its owner proves it. With `changes`, `capability` reads only the views named
    in `read_only`, by GET; every other view and every POST needs `changes` too (staff
    read lists that organisers change)."""
    open_endpoints = {f"{bp.name}.{name}" for name in public}
    reading = {f"{bp.name}.{name}" for name in read_only}

    @bp.before_request
    def check_access():
        if request.endpoint in open_endpoints:
            return None
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if confirmed and not current_user.is_confirmed:
            flash(_("Please confirm your email address first: open the link we sent to it."), "info")
            return redirect(url_for("accounts.profile"))
        if capability and not can(capability):
            abort(403)
        is_read = request.method in ("GET", "HEAD") and request.endpoint in reading
        if changes and not is_read and not can(changes):
            abort(403)
        return None


def event_or_404():
    """The event this request is about (`g.event`, from its address)."""
    if g.event is None:
        abort(404)
    return g.event
