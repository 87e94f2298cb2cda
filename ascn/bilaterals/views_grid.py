"""The grid of rooms × slots (`bilaterals_manage`): staff read it; organisers place all
automatically, place or move one meeting (pinned), or take one out."""

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ascn.access import event_or_404
from ascn.bilaterals import grid as grid_query
from ascn.bilaterals import manage_bp, overview, placing, rooms
from ascn.bilaterals.explaining import describe_meeting
from ascn.bilaterals.forms_grid import PlaceAllForm, PlaceForm, UnplaceForm, parse_place
from ascn.bilaterals.models import LEVEL_LABELS
from ascn.errors import ServiceError
from ascn.forms import flash_errors
from ascn.ids import parse_id


def _day(value) -> date | None:
    try:
        return date.fromisoformat(value) if value and value.isascii() else None
    except ValueError:
        return None


def _meeting(event, request_id):
    return overview.request_for(event, request_id) or abort(404)


def _back(day_value):
    day = _day(day_value)
    return redirect(url_for("bilaterals_manage.grid", day=day.isoformat() if day else None))


@manage_bp.route("/grid")
def grid():
    event = event_or_404()
    page = grid_query.grid(event, _day(request.args.get("day")))
    return render_template(
        "bilaterals/manage/grid.html",
        grid=page,
        time_label=grid_query.time_label,
        describe_meeting=describe_meeting,
        level_labels=LEVEL_LABELS,
        place_all_form=PlaceAllForm(),
    )


@manage_bp.route("/grid/place-all", methods=["POST"])
def place_all():
    event = event_or_404()
    form = PlaceAllForm()
    if not form.validate_on_submit():
        flash_errors(form)
        return redirect(url_for("bilaterals_manage.grid"))
    try:
        report = placing.place_all(event, current_user)
    except ServiceError as error:
        flash(str(error.message), "error")
        return redirect(url_for("bilaterals_manage.grid"))
    return render_template("bilaterals/manage/placed.html", report=report)


@manage_bp.route("/grid/place", methods=["POST"])
def place():
    form = PlaceForm()
    if not form.validate_on_submit():
        flash_errors(form)
        return _back(form.day.data)
    event = event_or_404()
    meeting = _meeting(event, parse_id(form.request.data))
    room_id, slot_id = parse_place(form.place.data)
    room = rooms.room_for(event, room_id) or abort(404)
    slot = rooms.slot_for(event, slot_id) or abort(404)
    try:
        placing.place(meeting, room, slot, current_user, override=form.override.data)
    except ServiceError as error:
        flash(str(error.message), "error")
    else:
        flash(
            _("The meeting of %(meeting)s is placed and pinned.", meeting=describe_meeting(meeting)),
            "success",
        )
    return _back(form.day.data)


@manage_bp.route("/grid/unplace", methods=["POST"])
def unplace():
    form = UnplaceForm()
    if not form.validate_on_submit():
        flash_errors(form)
        return _back(form.day.data)
    meeting = _meeting(event_or_404(), parse_id(form.request.data))
    try:
        placing.unplace(meeting, current_user)
    except ServiceError as error:
        flash(str(error.message), "error")
    else:
        flash(
            _("The meeting of %(meeting)s waits for a place again.", meeting=describe_meeting(meeting)),
            "success",
        )
    return _back(form.day.data)
