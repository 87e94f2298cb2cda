"""The domain error every service raises, and the error pages."""

from flask import Flask, jsonify, make_response, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException


class ServiceError(Exception):
    """A rule said no. `message` is an `_l` string shown to the user; `field` names the
    form field it belongs to, when it belongs to one."""

    def __init__(self, message, field: str | None = None):
        super().__init__(str(message))
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
}

CSRF_PAGE = (
    _l("Form expired"),
    _l("This form was open too long or was sent from elsewhere. Please reload the page and send it again."),
)


def render_error(code: int, title, text, headers=()):
    """The error in the form the client reads: JSON on the API and for clients asking
    for JSON, else the page; with the headers the status requires (a 405's `Allow`)."""
    if request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json":
        response = jsonify(error=str(title), message=str(text))
    else:
        response = make_response(render_template("errors/error.html", code=code, title=title, text=text))
    response.status_code = code
    response.headers.extend(headers)
    return response


def _status_headers(error: HTTPException) -> list[tuple[str, str]]:
    # Keep what the status itself says (Allow, WWW-Authenticate, Retry-After), not the
    # content type of werkzeug's own HTML body.
    return [(name, value) for name, value in error.get_headers() if name.lower() != "content-type"]


def register_error_handlers(app: Flask) -> None:
    def handle_http(error: HTTPException):
        code = error.code or 500
        if request.path.startswith("/api/"):
            # Machine clients: a stable snake_case code and the specific reason.
            title, text = error.name.lower().replace(" ", "_"), error.description
        else:
            title, text = ERROR_PAGES.get(code, (error.name, error.description))
        return render_error(code, title, text, _status_headers(error))

    # Every HTTP error, not only the ones with their own page text, so that none answers
    # werkzeug's bare HTML on the API.
    app.register_error_handler(HTTPException, handle_http)
    app.register_error_handler(CSRFError, lambda error: render_error(400, *CSRF_PAGE))
