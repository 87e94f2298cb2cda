"""The accreditation desk: find a delegate, see their badge, print it while they wait;
and check what a scanned badge means."""

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ascn.access import event_or_404
from ascn.badges import bp, cards, printing, tokens
from ascn.badges.forms import PrintForm
from ascn.downloads import download
from ascn.errors import ServiceError
from ascn.i18n import current_language
from ascn.ids import parse_whole
from ascn.registration.models import Registration
from ascn.registration.registering import registration_in


def pdf_response(data: bytes, filename: str) -> Response:
    return download(data, filename, inline=True, cache="private, no-store")


def _registration(registration_id: int) -> Registration:
    return registration_in(event_or_404(), registration_id) or abort(404)


@bp.route("/")
def desk():
    event = event_or_404()
    query = request.args.get("q", "").strip()
    results = printing.search(event, query)
    if len(results) == 1 and tokens.read(query):
        # A scanned QR code names one delegate: straight to their badge.
        return redirect(url_for("badges.registration", registration_id=results[0].id))
    return render_template("badges/desk.html", query=query, results=results)


@bp.route("/registrations/<int:registration_id>")
def registration(registration_id: int):
    event = event_or_404()
    registration = _registration(registration_id)
    badge = printing.badge_of(registration.id)
    form = PrintForm(serial=str(badge.serial if badge else 1))
    badge_cards, _photos = cards.build([registration], current_language(), for_pdf=False)
    return render_template(
        "badges/registration.html",
        registration=registration,
        badge=badge,
        form=form,
        preview=cards.html_fragment(event, badge_cards, current_language()),
        log=printing.print_log(registration.id),
    )


@bp.route("/registrations/<int:registration_id>/print", methods=["POST"])
def print_badge(registration_id: int):
    """The PDF itself answers the form, so the desk prints in one click."""
    event = event_or_404()
    registration = _registration(registration_id)
    form = PrintForm()
    if not form.validate_on_submit():
        flash(_("The print form was incomplete. Please try again."), "error")
        return redirect(url_for("badges.registration", registration_id=registration_id))
    try:
        serial = printing.print_badge(
            registration.id,
            current_user,
            parse_whole(form.serial.data),
            form.reason.data or "",
            form.note.data or "",
        )
    except ServiceError as error:
        flash(str(error.message), "error")
        return redirect(url_for("badges.registration", registration_id=registration_id))
    registration = _registration(registration_id)
    data = cards.render_one(event, registration, current_language())
    return pdf_response(data, f"badge-{registration.id}-{serial}.pdf")


@bp.route("/scan")
def scan():
    """What the doors will see for a badge: valid, revoked (reprinted since) or invalid."""
    token = request.args.get("token", "").strip()
    result = printing.scan(event_or_404(), token) if token else None
    return render_template("badges/scan.html", token=token, result=result)
