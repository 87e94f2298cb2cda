"""Organisers' pages: visits, their bookings and waiting lists, manifests. Staff read the
bookings and print manifests; every change needs the `manage_visits` capability."""

from functools import partial

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ascn.access import event_or_404, guard
from ascn.downloads import download
from ascn.errors import ServiceError
from ascn.forms import save_form, show_error
from ascn.i18n import current_language, languages
from ascn.ids import parse_id
from ascn.paging import PAGE_SIZE
from ascn.registration.registering import registration_in
from ascn.visits import booking, catalogue, manage_bp, manifest
from ascn.visits.forms import AddBookingForm, MoveBookingForm, VisitForm
from ascn.visits.models import SiteVisit

guard(
    manage_bp, "view_registrations", changes="manage_visits", read_only=("index", "bookings", "manifest_file")
)


def _visit(visit_id) -> SiteVisit:
    return catalogue.visit_for(event_or_404(), visit_id, published_only=False) or abort(404)


@manage_bp.route("/")
def index():
    return render_template(
        "visits/manage/index.html", visits=catalogue.visits(event_or_404(), published_only=False)
    )


@manage_bp.route("/new", methods=["GET", "POST"])
@manage_bp.route("/<int:visit_id>/edit", methods=["GET", "POST"])
def edit(visit_id=None):
    event = event_or_404()
    visit = _visit(visit_id) if visit_id else None
    data = None
    if visit is not None:
        data = {
            name: getattr(visit, name)
            for name in (
                *catalogue.TEXT_FIELDS,
                "seats",
                "accredited_only",
                "published",
                "reserved_for_heads",
            )
        }
        data |= {
            "day": event.local(visit.departs_at).date(),
            "departs": event.local(visit.departs_at).time(),
            "returns": event.local(visit.returns_at).time(),
            "opens_at": event.local(visit.opens_at) if visit.opens_at else None,
            "closes_at": event.local(visit.closes_at),
            "release_at": event.local(visit.release_at) if visit.release_at else None,
            "category_ids": [c.id for c in visit.categories],
        }
    form = VisitForm(data=data)
    form.set_choices(event.categories)
    saved = save_form(
        form,
        partial(catalogue.save_visit, event, visit),
        _("The visit has been saved."),
        "visits_manage.index",
    )
    return saved or render_template("visits/manage/edit.html", form=form, visit=visit)


@manage_bp.route("/<int:visit_id>/delete", methods=["POST"])
def delete(visit_id):
    visit = _visit(visit_id)
    try:
        catalogue.delete_visit(visit)
    except ServiceError as error:
        flash(str(error.message), "error")
        return redirect(url_for("visits_manage.edit", visit_id=visit_id))
    flash(_("The visit has been deleted."), "success")
    return redirect(url_for("visits_manage.index"))


@manage_bp.route("/<int:visit_id>")
def bookings(visit_id):
    visit = _visit(visit_id)
    waiting = catalogue.waiting(visit, parse_id(request.args.get("page")) or 1)
    return render_template(
        "visits/manage/bookings.html",
        visit=visit,
        confirmed=catalogue.confirmed(visit),
        waiting=waiting,
        first_position=(waiting.number - 1) * PAGE_SIZE + 1,
        languages=languages(),
    )


@manage_bp.route("/<int:visit_id>/add", methods=["GET", "POST"])
def add(visit_id):
    event = event_or_404()
    visit = _visit(visit_id)
    query = request.values.get("q", "").strip()[:200]
    form = AddBookingForm()
    if form.validate_on_submit():
        registration = registration_in(event, form.registration_id.data)
        try:
            if registration is None:
                raise ServiceError(_("Choose a delegate from the list."), field="registration_id")
            added = booking.add(visit, registration, current_user, form.override.data, form.note.data)
        except ServiceError as error:
            show_error(form, error)
        else:
            if added.status == "confirmed":
                flash(
                    _("%(name)s has seat %(seat)s.", name=registration.list_name, seat=added.seat), "success"
                )
            else:
                flash(
                    _(
                        "The visit is full: %(name)s is number %(position)s on the waiting list.",
                        name=registration.list_name,
                        position=booking.position(added),
                    ),
                    "success",
                )
            return redirect(url_for("visits_manage.bookings", visit_id=visit_id))
    return render_template(
        "visits/manage/add.html",
        visit=visit,
        form=form,
        query=query,
        candidates=catalogue.candidates(event, query),
    )


@manage_bp.route("/<int:visit_id>/bookings/<int:booking_id>/cancel", methods=["POST"])
def cancel(visit_id, booking_id):
    visit = _visit(visit_id)
    held = catalogue.booking_for(visit, booking_id) or abort(404)
    try:
        promoted = booking.cancel(held, current_user, by_organiser=True)
    except ServiceError as error:
        flash(str(error.message), "error")
    else:
        flash(_("The booking of %(name)s is cancelled.", name=held.registration.list_name), "success")
        for promoted_booking in promoted:
            flash(
                _(
                    "%(name)s moves up from the waiting list to seat %(seat)s.",
                    name=promoted_booking.registration.list_name,
                    seat=promoted_booking.seat,
                ),
                "success",
            )
    return redirect(url_for("visits_manage.bookings", visit_id=visit_id))


@manage_bp.route("/<int:visit_id>/bookings/<int:booking_id>/move", methods=["GET", "POST"])
def move(visit_id, booking_id):
    event = event_or_404()
    visit = _visit(visit_id)
    held = catalogue.booking_for(visit, booking_id) or abort(404)
    form = MoveBookingForm()
    form.set_choices([v for v in catalogue.visits(event, published_only=False) if v.id != visit.id])
    if form.validate_on_submit():
        target = catalogue.visit_for(event, form.visit_id.data, published_only=False)
        try:
            if target is None:
                raise ServiceError(_("Choose a visit."), field="visit_id")
            booking.move(held, target, current_user, form.override.data, form.note.data)
        except ServiceError as error:
            show_error(form, error)
        else:
            flash(
                _("%(name)s is moved to “%(title)s”.", name=held.registration.list_name, title=target.title),
                "success",
            )
            return redirect(url_for("visits_manage.bookings", visit_id=visit_id))
    return render_template("visits/manage/move.html", visit=visit, booking=held, form=form)


@manage_bp.route("/<int:visit_id>/manifest.<any(pdf, xlsx):kind>")
def manifest_file(visit_id, kind):
    visit = _visit(visit_id)
    language = request.args.get("lang", "")
    if language not in languages():
        language = current_language()
    data = manifest.pdf(visit, language) if kind == "pdf" else manifest.xlsx(visit, language)
    return download(data, f"manifest-{visit.id}-{language}.{kind}")
