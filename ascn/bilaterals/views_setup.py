"""Organisers' pages that set the service up: the index, rooms, slots, settings; and the
room stewards' daily list, which staff print too."""

from datetime import date
from functools import partial

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from ascn.access import event_or_404
from ascn.bilaterals import manage_bp, overview, rooms, steward_pdf
from ascn.bilaterals.forms_manage import GenerateSlotsForm, RoomForm, SettingsForm, SlotForm
from ascn.bilaterals.models import STATUS_LABELS, BilateralRequest
from ascn.downloads import download
from ascn.errors import ServiceError
from ascn.forms import save_form, show_error
from ascn.i18n import current_language, languages

GRID = "bilaterals_manage.grid"  # built apart; linked once it exists


@manage_bp.route("/")
def index():
    event = event_or_404()
    days = [date.fromordinal(n) for n in range(event.start_date.toordinal(), event.end_date.toordinal() + 1)]
    return render_template(
        "bilaterals/manage/index.html",
        counts=overview.counts(event),
        days=days,
        languages=languages(),
        status_labels=STATUS_LABELS,
        grid_url=url_for(GRID) if GRID in current_app.view_functions else None,
    )


@manage_bp.route("/rooms")
def rooms_page():
    event = event_or_404()
    found = rooms.rooms(event)
    held = rooms.placed_counts(BilateralRequest.room_id, [room.id for room in found])
    return render_template("bilaterals/manage/rooms.html", rooms=found, held=held)


@manage_bp.route("/rooms/new", methods=["GET", "POST"])
@manage_bp.route("/rooms/<int:room_id>", methods=["GET", "POST"])
def edit_room(room_id=None):
    event = event_or_404()
    room = (rooms.room_for(event, room_id) or abort(404)) if room_id else None
    form = RoomForm(obj=room)
    saved = save_form(
        form,
        partial(rooms.save_room, event, room),
        _("The room has been saved."),
        "bilaterals_manage.rooms_page",
    )
    return saved or render_template("bilaterals/manage/room.html", form=form, room=room)


@manage_bp.route("/rooms/<int:room_id>/delete", methods=["POST"])
def delete_room(room_id):
    room = rooms.room_for(event_or_404(), room_id) or abort(404)
    try:
        rooms.delete_room(room)
    except ServiceError as error:
        flash(str(error.message), "error")
        return redirect(url_for("bilaterals_manage.edit_room", room_id=room_id))
    flash(_("The room has been deleted."), "success")
    return redirect(url_for("bilaterals_manage.rooms_page"))


def _slot_forms(event):
    one, many = SlotForm(), GenerateSlotsForm()
    types = rooms.session_types(event)
    many.set_choices(types)
    if not many.is_submitted():
        many.avoided_type_ids.data = rooms.plenary_type_ids(event)
        many.day.data = many.day.data or event.start_date
    return one, many


@manage_bp.route("/slots", methods=["GET", "POST"])
def slots():
    event = event_or_404()
    one, many = _slot_forms(event)
    posted = request.form.get("action")
    try:
        if posted == "one" and one.validate_on_submit():
            rooms.add_slot(event, one.starts_at.data, one.minutes.data)
            flash(_("The slot has been added."), "success")
            return redirect(url_for("bilaterals_manage.slots"))
        if posted == "many" and many.validate_on_submit():
            values = {name: field.data for name, field in many._fields.items() if name != "csrf_token"}
            made = rooms.generate_slots(event, **values)
            if made:
                flash(ngettext("%(num)s slot added.", "%(num)s slots added.", made), "success")
            else:
                flash(_("No slot fits: the time is taken by sessions or other slots."), "error")
            return redirect(url_for("bilaterals_manage.slots"))
    except ServiceError as error:
        show_error(one if posted == "one" else many, error)
    found = rooms.slots(event)
    held = rooms.placed_counts(BilateralRequest.slot_id, [slot.id for slot in found])
    return render_template("bilaterals/manage/slots.html", slots=found, held=held, one=one, many=many)


@manage_bp.route("/slots/<int:slot_id>/delete", methods=["POST"])
def delete_slot(slot_id):
    slot = rooms.slot_for(event_or_404(), slot_id) or abort(404)
    try:
        rooms.delete_slot(slot)
    except ServiceError as error:
        flash(str(error.message), "error")
    else:
        flash(_("The slot has been deleted."), "success")
    return redirect(url_for("bilaterals_manage.slots"))


@manage_bp.route("/settings", methods=["GET", "POST"])
def settings():
    event = event_or_404()
    form = SettingsForm(obj=rooms.settings_for(event))
    saved = save_form(
        form,
        partial(rooms.save_settings, event),
        _("The settings have been saved."),
        "bilaterals_manage.index",
    )
    return saved or render_template("bilaterals/manage/settings.html", form=form)


@manage_bp.route("/stewards.pdf")
def stewards():
    """The room stewards' list of one day, in the language asked for (?lang=ms|en)."""
    event = event_or_404()
    try:
        day = date.fromisoformat(request.args.get("day", ""))
    except ValueError:
        day = None
    if day is None or not event.start_date <= day <= event.end_date:
        flash(_("Choose a day of the event."), "error")
        return redirect(url_for("bilaterals_manage.index"))
    language = request.args.get("lang", "")
    if language not in languages():
        language = current_language()
    pdf = steward_pdf.pdf(event, day, language=language)
    return download(pdf, f"stewards-{day.isoformat()}-{language}.pdf", inline=True)
