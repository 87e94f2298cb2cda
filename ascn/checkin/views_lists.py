"""Organisers' pages of check-in lists: the index (read by staff too), a list's form, and a
list's page with its staff and devices (pairing codes, revoking)."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from ascn.access import can, event_or_404
from ascn.checkin import conflicts, devices, lists, pairing, timeline
from ascn.checkin import manage_bp as bp
from ascn.checkin.forms import DeviceForm, ListForm
from ascn.checkin.models import LIST_KIND_LABELS, CheckinList, Device
from ascn.db import utcnow
from ascn.errors import ServiceError
from ascn.extensions import db
from ascn.forms import form_values, show_error


def list_or_404(list_id: int) -> CheckinList:
    return lists.list_for(event_or_404(), list_id) or abort(404)


@bp.route("/")
def index():
    event = event_or_404()
    query = request.args.get("q", "").strip()[:200]
    return render_template(
        "checkin/manage/index.html",
        rows=lists.lists_of(event),
        open_conflicts=conflicts.open_count(event) if can("manage_event") else 0,
        visits_without_list=lists.visits_without_list(event) if can("manage_event") else [],
        kind_labels=LIST_KIND_LABELS,
        query=query,
        found=timeline.find(event, query),
        search_limit=timeline.FIND_LIMIT,
    )


@bp.route("/lists/new", methods=["GET", "POST"])
@bp.route("/lists/<int:list_id>/edit", methods=["GET", "POST"])
def edit_list(list_id=None):
    event = event_or_404()
    checkin_list = list_or_404(list_id) if list_id else None
    data = None
    if checkin_list is not None:
        data = {
            "name_en": checkin_list.name_en,
            "name_ms": checkin_list.name_ms,
            "admits": "all" if checkin_list.all_categories else "categories",
            "category_ids": [category.id for category in checkin_list.categories],
            "staff_ids": [user.id for user in checkin_list.staff],
        }
    form = ListForm(data=data)
    if checkin_list is None and request.method == "GET" and request.args.get("kind") == "visit":
        form.kind.data = "visit"
    team, visits = lists.team_choices(event), lists.visits_without_list(event)
    form.set_choices(event.categories, team, visits, creating=checkin_list is None)
    if form.validate_on_submit():
        try:
            saved = lists.save_list(event, checkin_list, form_values(form), current_user)
        except ServiceError as error:
            show_error(form, error)
        else:
            flash(_("The list “%(name)s” has been saved.", name=saved.name), "success")
            return redirect(url_for(".list_page", list_id=saved.id))
    return render_template(
        "checkin/manage/edit.html", form=form, checkin_list=checkin_list, kind_labels=LIST_KIND_LABELS
    )


@bp.route("/lists/<int:list_id>/delete", methods=["POST"])
def delete_list(list_id):
    checkin_list = list_or_404(list_id)
    name = checkin_list.name
    try:
        lists.delete_list(checkin_list)
    except ServiceError as error:
        flash(str(error.message), "error")
        return redirect(url_for(".list_page", list_id=list_id))
    flash(_("The list “%(name)s” has been deleted.", name=name), "success")
    return redirect(url_for(".index"))


@bp.route("/lists/buses", methods=["POST"])
def bus_lists():
    made = lists.make_bus_lists(event_or_404(), current_user)
    if made.made:
        count = len(made.made)
        flash(ngettext("%(num)s bus list made.", "%(num)s bus lists made.", count), "success")
    elif not made.unnamed:
        flash(_("Every visit already has its bus list."), "info")
    for visit in made.unnamed:
        message = _(
            "The title of “%(title)s” is too long for a list's name: make its list by hand.",
            title=visit.title,
        )
        flash(message, "warning")
    return redirect(url_for(".index"))


@bp.route("/lists/<int:list_id>")
def list_page(list_id):
    return _list_page(list_or_404(list_id), DeviceForm(formdata=None))


def _list_page(checkin_list: CheckinList, form: DeviceForm, status: int = 200):
    return (
        render_template(
            "checkin/manage/list.html",
            checkin_list=checkin_list,
            devices=devices.of_list(checkin_list),
            form=form,
            kind_labels=LIST_KIND_LABELS,
            now=utcnow(),
        ),
        status,
    )


@bp.route("/lists/<int:list_id>/devices", methods=["POST"])
def add_device(list_id):
    checkin_list = list_or_404(list_id)
    form = DeviceForm()
    if form.validate_on_submit():
        try:
            made = pairing.add_device(checkin_list, form.name.data, current_user)
        except ServiceError as error:
            show_error(form, error)
        else:
            # The code is shown in this answer only: it is stored as a digest, and a page
            # kept by the browser or a proxy would show it to the next person.
            link = pairing.pairing_link(made.code)
            page = render_template(
                "checkin/manage/pairing_code.html",
                checkin_list=checkin_list,
                device=made.device,
                code=made.code,
                expires_at=made.expires_at,
                link=link,
                qr=pairing.qr_data_url(link),
            )
            return page, 200, {"Cache-Control": "no-store"}
    return _list_page(checkin_list, form, status=400)


def _device_of(checkin_list: CheckinList, device_id: int) -> Device:
    device = db.session.get(Device, device_id)
    return device if device is not None and device.list_id == checkin_list.id else abort(404)


@bp.route("/lists/<int:list_id>/devices/<int:device_id>/revoke", methods=["POST"])
def revoke_device(list_id, device_id):
    checkin_list = list_or_404(list_id)
    device = _device_of(checkin_list, device_id)
    if device.revoked_at is not None:
        flash(_("The device “%(name)s” was already revoked.", name=device.name), "info")
    else:
        devices.revoke(device, current_user)
        flash(_("The device “%(name)s” is revoked: it can no longer scan.", name=device.name), "success")
    return redirect(url_for(".list_page", list_id=list_id))


@bp.route("/lists/<int:list_id>/devices/revoke", methods=["POST"])
def revoke_devices(list_id):
    checkin_list = list_or_404(list_id)
    count = pairing.revoke_all(checkin_list, current_user)
    flash(ngettext("%(num)s device revoked.", "%(num)s devices revoked.", count), "success")
    return redirect(url_for(".list_page", list_id=list_id))
