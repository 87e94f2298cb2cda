from flask import current_app, g, make_response, redirect, render_template, request
from flask_login import current_user

from ascn.accounts import services as accounts
from ascn.events import listing
from ascn.i18n import format_date_range, languages
from ascn.main import bp, dashboard, health_checks
from ascn.main.my_events import STANDING, my_events
from ascn.urls import safe_next

# The index of events, each event's home page, the language switch and the health check are
# open to everyone; there is no guard here on purpose.


@bp.route("/")
def index():
    """The meetings of this installation: under way and upcoming first, then past ones."""
    current, past = listing.current_and_past()
    mine = my_events(current_user) if current_user.is_authenticated else {}
    return render_template("main/index.html", current=current, past=past, mine=mine, standing=STANDING)


@bp.route("/<event:event>/", strict_slashes=False)
def home():
    """A logged-in person with something at this event (a registration, a delegation, the
    secretariat's work) lands on a page about them; anyone else on the event's public home."""
    event = g.event
    dates = format_date_range(event.start_date, event.end_date)
    if current_user.is_authenticated and current_user.is_confirmed:
        mine = dashboard.home(event, current_user)
        if not mine.is_empty:
            return render_template("main/personal_home.html", event=event, dates=dates, mine=mine)
    return render_template("main/home.html", event=event, dates=dates)


@bp.route("/language", methods=["POST"])
def set_language():
    """Remember the reader's language: on the profile when logged in, and in a cookie."""
    code = request.form.get("lang", "")
    response = make_response(redirect(safe_next()))
    if code in languages():
        if current_user.is_authenticated:
            accounts.set_locale(current_user, code)
        response.set_cookie(
            current_app.config["LANGUAGE_COOKIE"],
            code,
            max_age=365 * 24 * 3600,
            samesite="Lax",
            secure=current_app.config.get("SESSION_COOKIE_SECURE", False),
            httponly=True,
        )
    return response


@bp.route("/health")
def health():
    """For load balancers and monitoring: 200 when the database, Redis (when configured)
    and a job worker answer, 503 otherwise. Only yes/no answers, nothing personal."""
    report = health_checks.report()
    return report, 200 if report["status"] == "ok" else 503
