"""The domain error every service raises, and the error pages.

A server fault's page (5xx) renders without the database, since the database may be
what failed: it reads neither the logged-in account nor the event, and the language
comes from the language cookie or the browser (`g.without_database`, read by
`ascn.i18n`). A database that cannot be reached, or two requests that deadlocked, get a
503 asking to try again shortly, rather than a 500.
"""

from flask import Flask, g, jsonify, make_response, redirect, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from werkzeug.exceptions import HTTPException


class ServiceError(Exception):
    """A rule said no. `message` is an `_l` string shown to the user; `field` names the
    form field it belongs to, when it belongs to one."""

    def __init__(self, message, field: str | None = None):
        # Kept lazy: translating may read the reader's account, and a service may raise
        # this before its unit of work has rolled back a failed statement.
        super().__init__(message)
        self.message = message
        self.field = field


ERROR_PAGES = {
    400: (_l("Bad request"), _l("The request could not be understood. Please go back and try again.")),
    403: (_l("Access denied"), _l("Your account does not have access to this page.")),
    404: (_l("Page not found"), _l("The page you asked for does not exist or has moved.")),
    405: (_l("Method not allowed"), _l("This page cannot be used in that way.")),
    413: (_l("File too large"), _l("The file you sent is larger than we accept. Please send a smaller one.")),
    429: (_l("Too many attempts"), _l("Please wait a minute before trying again.")),
    500: (
        _l("Something went wrong"),
        _l("An unexpected error occurred. The secretariat has been notified; please try again shortly."),
    ),
    503: (
        _l("Temporarily unavailable"),
        _l("The site cannot reach its database at this moment. Please try again in a few minutes."),
    ),
}

CSRF_PAGE = (
    _l("Form expired"),
    _l("This form was open too long or was sent from elsewhere. Please reload the page and send it again."),
)


def render_error(code: int, title, text, headers=()):
    """The error in the form the client reads: JSON on the API and for clients asking
    for JSON, else the page; with the headers the status requires (a 405's `Allow`).
    A server fault's page reads nothing from the database (see the module's docstring)."""
    without_database = code >= 500
    if without_database:
        g.without_database = True
    if is_api(request.path) or request.accept_mimetypes.best == "application/json":
        response = jsonify(error=str(title), message=str(text))
    else:
        response = make_response(
            render_template(
                "errors/error.html", code=code, title=title, text=text, without_database=without_database
            )
        )
    response.status_code = code
    response.headers.extend(headers)
    return response


def _status_headers(error: HTTPException) -> list[tuple[str, str]]:
    # Keep what the status itself says (Allow, WWW-Authenticate, Retry-After), not the
    # content type of werkzeug's own HTML body.
    return [(name, value) for name, value in error.get_headers() if name.lower() != "content-type"]


def handle_database_error(error: DBAPIError):
    """The database is out of reach, or gave up on a deadlock that escaped the unit of
    work: a 503 that says to try again. Any other database error is a fault (500)."""
    from ascn.transactions import BUSY, is_lock_conflict

    if is_lock_conflict(error):
        return render_error(503, _l("Busy"), BUSY)
    if isinstance(error, (OperationalError, InterfaceError)):
        return render_error(503, *ERROR_PAGES[503])
    raise error


def is_api(path: str) -> bool:
    """`/<event>/api/…` (and an old `/api/…`): machine clients get JSON errors."""
    parts = path.split("/", 3)
    return len(parts) > 2 and "api" in parts[1:3]


def register_error_handlers(app: Flask) -> None:
    def handle_http(error: HTTPException):
        code = error.code or 500
        if code == 404:
            from ascn.events.scope import old_address_target

            if target := old_address_target():
                return redirect(target, 308)
        if is_api(request.path):
            # Machine clients: a stable snake_case code and the specific reason.
            title, text = error.name.lower().replace(" ", "_"), error.description
        else:
            title, text = ERROR_PAGES.get(code, (error.name, error.description))
        return render_error(code, title, text, _status_headers(error))

    # Every HTTP error, not only the ones with their own page text, so that none answers
    # werkzeug's bare HTML on the API.
    app.register_error_handler(HTTPException, handle_http)
    app.register_error_handler(CSRFError, lambda error: render_error(400, *CSRF_PAGE))
    app.register_error_handler(DBAPIError, handle_database_error)
