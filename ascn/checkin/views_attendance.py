"""Live attendance of a list (staff read it too) and the JSON its page polls, a delegate's
attendance history, and the exports of scans (organisers)."""

from flask import abort, jsonify, render_template, request
from flask_babel import format_number
from flask_babel import gettext as _

from ascn.access import event_or_404
from ascn.checkin import attendance, exports, timeline
from ascn.checkin import manage_bp as bp
from ascn.checkin.attendance import Passenger
from ascn.checkin.models import CONFLICT_LABELS, DIRECTION_LABELS, LIST_KIND_LABELS, OUTCOME_LABELS
from ascn.checkin.views_lists import list_or_404
from ascn.dates import format_time
from ascn.db import utcnow
from ascn.downloads import download
from ascn.ids import parse_id
from ascn.registration.people import display_mobile
from ascn.registration.registering import registration_in

POLL_SECONDS = 5


def passenger_state(passenger: Passenger) -> str:
    """What the manifest says of one passenger, on the page and in its updates."""
    if passenger.on_board:
        return _("On board since %(time)s", time=format_time(passenger.since))
    if passenger.since is not None:
        return _("Got off at %(time)s", time=format_time(passenger.since))
    return _("Not boarded")


@bp.route("/lists/<int:list_id>/attendance", endpoint="attendance")
def attendance_page(list_id):
    checkin_list = list_or_404(list_id)
    number = parse_id(request.args.get("page")) or 1
    query = request.args.get("q", "").strip()[:200]
    bus = checkin_list.kind == "visit"
    inside, since = (None, {}) if bus else attendance.inside_now(checkin_list, query, number)
    return render_template(
        "checkin/manage/attendance.html",
        checkin_list=checkin_list,
        summary=attendance.summary(checkin_list),
        inside=inside,
        since=since,
        query=query,
        manifest=attendance.manifest(checkin_list) if bus else None,
        standby=attendance.standby(checkin_list, number) if bus else None,
        passenger_state=passenger_state,
        display_mobile=display_mobile,
        kind_labels=LIST_KIND_LABELS,
        updated=utcnow(),
        poll_seconds=POLL_SECONDS,
    )


@bp.route("/lists/<int:list_id>/attendance.json")
def attendance_data(list_id):
    """What the attendance page refreshes, every figure already written in the reader's
    language (the page's script only places text)."""
    checkin_list = list_or_404(list_id)
    summary = attendance.summary(checkin_list)
    data = {
        "inside": format_number(summary.inside),
        "entered_today": format_number(summary.entered_today),
        "updated": format_time(utcnow()),
        "countries": _tallies(summary.countries),
        "categories": _tallies(summary.categories),
    }
    if checkin_list.kind == "visit":
        manifest = attendance.manifest(checkin_list)
        data["on_board"] = format_number(len(manifest.on_board))
        data["not_boarded"] = format_number(len(manifest.not_boarded))
        data["passengers"] = {
            str(p.booking.registration_id): {"on_board": p.on_board, "state": passenger_state(p)}
            for p in manifest.on_board + manifest.not_boarded
        }
    response = jsonify(data)
    response.headers["Cache-Control"] = "no-store"
    return response


def _tallies(tallies) -> list[list[str]]:
    return [[t.name, format_number(t.inside), format_number(t.today)] for t in tallies]


@bp.route("/people/<int:registration_id>")
def person(registration_id):
    registration = registration_in(event_or_404(), registration_id) or abort(404)
    return render_template(
        "checkin/manage/person.html",
        registration=registration,
        timeline=timeline.of(registration, parse_id(request.args.get("page")) or 1),
        outcome_labels=OUTCOME_LABELS,
        direction_labels=DIRECTION_LABELS,
        conflict_labels=CONFLICT_LABELS,
    )


@bp.route("/scans.<any(xlsx, csv):kind>")
def export_event(kind):
    event = event_or_404()
    body = exports.to_csv(event, None) if kind == "csv" else exports.to_xlsx(event, None)
    return download(body, f"{event.slug}-scans.{kind}")


@bp.route("/lists/<int:list_id>/scans.<any(xlsx, csv):kind>")
def export_list(list_id, kind):
    event = event_or_404()
    checkin_list = list_or_404(list_id)
    body = exports.to_csv(event, checkin_list) if kind == "csv" else exports.to_xlsx(event, checkin_list)
    return download(body, f"{event.slug}-scans-{checkin_list.id}.{kind}")
