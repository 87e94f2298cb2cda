"""Delegates see the visits with the seats left, book, join the waiting list, cancel."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ascn.access import event_or_404, guard
from ascn.errors import ServiceError
from ascn.registration.registering import registration_of
from ascn.visits import booking, bp, catalogue, preferring, rules
from ascn.visits.models import is_head

guard(bp, public=("index", "visit"))


def _registration(event):
    return registration_of(current_user, event) if current_user.is_authenticated else None


@bp.route("/visits")
def index():
    event = event_or_404()
    registration = _registration(event)
    visits, held = catalogue.visits(event), catalogue.held_by(registration)
    return render_template(
        "visits/index.html",
        visits=visits,
        held=held,
        keeps=preferring.seats_to_keep(visits, held),
        registration=registration,
        refusal=rules.refusal,
        window_state=rules.window_state,
    )


@bp.route("/visits/<int:visit_id>")
def visit(visit_id):
    event = event_or_404()
    site_visit = catalogue.visit_for(event, visit_id) or abort(404)
    registration = _registration(event)
    held = catalogue.held_by(registration)
    full = site_visit.is_full_for(registration)
    return render_template(
        "visits/visit.html",
        visit=site_visit,
        held=held.get(site_visit.id),
        keep=preferring.seats_to_keep([site_visit], held).get(site_visit.id),
        other_runs=catalogue.other_runs(site_visit, registration) if full else [],
        is_head=is_head(registration),
        registration=registration,
        refusal=rules.refusal(site_visit, registration),
        window=rules.window_state(site_visit),
    )


@bp.route("/visits/<int:visit_id>/book", methods=["POST"])
def book(visit_id):
    event = event_or_404()
    site_visit = catalogue.visit_for(event, visit_id) or abort(404)
    try:
        held = booking.book(site_visit, _registration(event), current_user)
    except ServiceError as error:
        flash(str(error.message), "error")
    else:
        if held.status == "confirmed":
            flash(_("Booked: seat %(seat)s is yours.", seat=held.seat), "success")
        else:
            flash(
                _(
                    "The visit is full: you are number %(position)s on the waiting list. If a seat frees up, "
                    "it is yours in turn and we email you.",
                    position=booking.position(held),
                ),
                "success",
            )
    return redirect(url_for("visits.visit", visit_id=visit_id))


@bp.route("/visits/<int:visit_id>/wait", methods=["POST"])
def wait(visit_id):
    """Join the waiting list while keeping the seat held at the same hour."""
    event = event_or_404()
    site_visit = catalogue.visit_for(event, visit_id) or abort(404)
    try:
        place = preferring.wait_keeping_seat(site_visit, _registration(event), current_user)
    except ServiceError as error:
        flash(str(error.message), "error")
    else:
        if place.status == "confirmed":
            flash(
                _(
                    "Seat %(seat)s on this visit is yours; your seat at the same time has gone to the next "
                    "person in line.",
                    seat=place.seat,
                ),
                "success",
            )
        else:
            flash(
                _(
                    "You are number %(position)s on the waiting list, and you keep your seat on “%(kept)s” "
                    "until a seat here is yours.",
                    position=booking.position(place),
                    kept=place.held_booking.visit.title,
                ),
                "success",
            )
    return redirect(url_for("visits.visit", visit_id=visit_id))


@bp.route("/visits/<int:visit_id>/cancel", methods=["POST"])
def cancel(visit_id):
    event = event_or_404()
    site_visit = catalogue.visit_for(event, visit_id) or abort(404)
    registration = _registration(event)
    held = booking.booking_of(site_visit.id, registration.id) if registration else None
    if held is None or held.status == "cancelled":
        flash(_("You have no booking for this visit."), "error")
        return redirect(url_for("visits.visit", visit_id=visit_id))
    was_waiting = held.status == "waiting"
    kept = held.held_booking.visit.title if held.held_booking_id else None
    try:
        booking.cancel(held, current_user)
    except ServiceError as error:
        flash(str(error.message), "error")
    else:
        if kept:
            flash(
                _("You have left the waiting list; you keep your seat on “%(kept)s”.", kept=kept), "success"
            )
        else:
            flash(
                _("You have left the waiting list.") if was_waiting else _("Your seat is cancelled."),
                "success",
            )
    return redirect(url_for("visits.visit", visit_id=visit_id))
