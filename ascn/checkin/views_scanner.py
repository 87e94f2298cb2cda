"""What staff hold at the door: the lists they may scan at, pairing a browser with a code
(or an organiser's own browser without one), and the scanner page itself, installable and
working offline (its manifest and service worker).

The scanner's shell, manifest and service worker are public and hold no data: a paired
device reads everything through the API (`views_api.py`) with its secret, which reaches the
page's storage once, from the page that answers a successful pairing, never in an address.
"""

from flask import Response, abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from flask_login import current_user

from ascn.access import event_or_404
from ascn.checkin import assignments, bp, devices
from ascn.checkin.forms import PairForm, PairHereForm
from ascn.checkin.models import DIRECTION_LABELS, LIST_KIND_LABELS, OUTCOME_LABELS, Device
from ascn.errors import ServiceError
from ascn.font_scripts import SCRIPTS
from ascn.forms import show_error
from ascn.i18n import current_language, languages
from ascn.limits import throttle
from ascn.textlimits import limit

DECODER = "vendor/jsqr-1.4.0/jsQR.js"
# The page's own files, in the order they load; the service worker keeps them for offline.
SCRIPTS_JS = tuple(
    f"js/scanner/{name}.js" for name in ("decide", "store", "feedback", "screen", "camera", "sync", "scanner")
)
STYLESHEETS = ("css/app.css", "css/scanner.css", *(script.stylesheet for script in SCRIPTS))
ICONS = ((192, "img/scanner-192.png"), (512, "img/scanner-512.png"))


def _asset(filename: str) -> str:
    return current_app.jinja_env.globals["asset"](filename)


def _no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/")
def index():
    event = event_or_404()
    # The name suggested for an organiser's own browser, unless it is too long for one: a
    # name is never offered cut short, the organiser then types one.
    suggested = _("Browser of %(name)s", name=current_user.full_name)
    return render_template(
        "checkin/index.html",
        lists=assignments.lists_to_scan(current_user, event),
        form=PairForm(),
        here_form=PairHereForm(name=suggested if len(suggested) <= limit(Device.name) else ""),
        kind_labels=LIST_KIND_LABELS,
    )


@bp.route("/pair", methods=["GET", "POST"])
@throttle("PAIRING_RATE_LIMIT", logged_in=True)
def pair():
    """A phone's camera app opens `…/pair?code=…` from the QR code an organiser shows; the
    code still has to be sent by the person logged in (a GET changes nothing). Codes typed
    are counted, as passwords are, so that nobody tries them one after another."""
    event = event_or_404()
    form = PairForm(data={"code": request.args.get("code", "")} if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            device, secret = devices.pair(event, form.code.data, current_user)
        except ServiceError as error:
            show_error(form, error)
        else:
            return _paired(device, secret)
    return render_template("checkin/pair.html", form=form)


@bp.route("/lists/<int:list_id>/pair-here", methods=["POST"])
def pair_here(list_id: int):
    """An organiser makes this browser a scanner of the list, without a code."""
    checkin_list = assignments.list_to_scan(current_user, event_or_404(), list_id) or abort(404)
    form = PairHereForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            flash(str(errors[0]), "error")
        return redirect(url_for("checkin.index"))
    try:
        device, secret = devices.pair_here(checkin_list, form.name.data, current_user)
    except ServiceError as error:
        flash(str(error.message), "error")
        return redirect(url_for("checkin.index"))
    return _paired(device, secret)


def _paired(device, secret: str) -> Response:
    """The page that hands the secret to the scanner's storage and opens the scanner. Never
    kept by a cache, never redirected to (the secret would be in an address or a session)."""
    page = render_template("checkin/paired.html", device=device, secret=secret)
    return _no_store(Response(page, mimetype="text/html"))


@bp.route("/scan")
def scanner():
    """The scanner's shell: the same for everyone, kept by the service worker for offline."""
    event = event_or_404()
    return render_template(
        "checkin/scanner.html",
        config=_scanner_config(event),
        stylesheets=[_asset(name) for name in STYLESHEETS],
        scripts=[_asset(name) for name in SCRIPTS_JS],
    )


def _scanner_config(event) -> dict:
    api = url_for("checkin_api.device_state").rsplit("/", 1)[0]
    return {
        "event": event.slug,
        "timezone": event.timezone,
        "language": current_language(),
        "api": api,
        "index": url_for("checkin.index"),
        "scope": url_for("checkin.index"),
        "serviceWorker": url_for("checkin.service_worker"),
        "decoder": _asset(DECODER),
        "labels": {language: _labels(language) for language in _languages_reader_first()},
        "text": _texts(),
    }


def _languages_reader_first() -> list[str]:
    reader = current_language()
    return [reader] + [code for code in languages() if code != reader]


def _labels(language: str) -> dict:
    """What an outcome screen says, in one language: the screen shows every language."""
    with force_locale(language):
        return {
            "outcomes": {code: str(label) for code, label in OUTCOME_LABELS.items()},
            "directions": {code: str(label) for code, label in DIRECTION_LABELS.items()},
            "insideSinceAt": _("Inside since %(time)s at %(device)s"),
            "insideSince": _("Inside since %(time)s"),
            "offline": _("Decided on this device, offline"),
        }


def _texts() -> dict:
    """The page's messages in the reader's language (`%(count)s` and the like are filled
    in by the script)."""
    return {
        "online": _("Online"),
        "offline": _("Offline: scans are kept on this device"),
        **_counted(
            "waiting",
            lambda n: ngettext(
                "%(count)s scan waits to be sent.", "%(count)s scans wait to be sent.", n, count=_N
            ),
        ),
        **_counted(
            "review",
            lambda n: ngettext(
                "%(count)s scan needs an organiser's review.",
                "%(count)s scans need an organiser's review.",
                n,
                count=_N,
            ),
        ),
        **_counted(
            "rejected",
            lambda n: ngettext(
                "%(count)s scan was refused by the server; it is kept on this device.",
                "%(count)s scans were refused by the server; they are kept on this device.",
                n,
                count=_N,
            ),
        ),
        "unpaired": _("This browser is not paired with a check-in list."),
        "revoked": _("This device has been signed out or revoked. Its delegates' data has been wiped."),
        "revokedWaiting": _("Scans made before that are still sent when the network allows."),
        "notAssigned": _("The person who paired this device no longer scans at this list."),
        "cameraStart": _("Use the camera"),
        "cameraStop": _("Stop the camera"),
        "cameraError": _(
            "The camera could not be opened. Allow it in the browser's settings, or type the code."
        ),
        "cameraNone": _("This browser has no camera it can use. Type the code or use a hardware scanner."),
        "searchNone": _("No delegate matches."),
        "searchShort": _("Type at least two letters of the name."),
        "admit": _("Admit"),
        "recordExit": _("Record the exit"),
        "signOutOffline": _("Signing out needs the network: the scans waiting are sent first."),
        "signOutConfirm": _(
            "Sign this device out? It will no longer scan, and its delegates' data is wiped."
        ),
        "loading": _("Loading the list…"),
        "notLoaded": _("The list could not be loaded yet. Scans are still checked by the server."),
        "paired": _("Paired as %(device)s"),
        "thisDevice": _("this device"),
        "refused": _("The server refused this scan: %(message)s"),
    }


_N = "%(count)s"  # left in the message for the script to fill in


def _counted(key: str, message) -> dict:
    """A counted message in the forms the script chooses from (`<key>One`, `<key>Many`).
    The caller writes its `ngettext` out, so that the catalogue's extractor sees the text."""
    return {f"{key}{form}": message(number) for form, number in (("One", 1), ("Many", 2))}


@bp.route("/manifest.webmanifest")
def manifest():
    event = event_or_404()
    body = {
        "name": _("%(event)s check-in", event=event.short_name),
        "short_name": _("Check-in"),
        "lang": current_language(),
        "start_url": url_for("checkin.scanner"),
        "scope": url_for("checkin.index"),
        "display": "standalone",
        "orientation": "portrait",
        "background_color": "#ffffff",
        "theme_color": "#0b5d6b",
        "icons": [
            {"src": _asset(path), "sizes": f"{size}x{size}", "type": "image/png", "purpose": "any maskable"}
            for size, path in ICONS
        ],
    }
    response = jsonify(body)
    response.mimetype = "application/manifest+json"
    return response


@bp.route("/sw.js")
def service_worker():
    """Its scope is this event's `/checkin/`; what it keeps is named by the files'
    versions, so a new release replaces the old cache."""
    shell = url_for("checkin.scanner")
    files = [
        shell,
        *(_asset(name) for name in (*STYLESHEETS, *SCRIPTS_JS, DECODER)),
        *(_asset(path) for _size, path in ICONS),
        _asset("img/logo.svg"),
    ]
    body = render_template("checkin/sw.js", files=files, shell=shell, photos=_photo_prefix())
    response = Response(body, mimetype="text/javascript")
    response.headers["Cache-Control"] = "no-cache"
    return response


def _photo_prefix() -> str:
    return url_for("checkin_api.photo", registration_id=1).rsplit("/", 1)[0] + "/"
