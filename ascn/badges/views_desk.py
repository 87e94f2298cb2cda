"""The accreditation desk: find a delegate, see their badge, print it while they wait;
and check what a scanned badge means."""

from flask import Response, abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ascn.access import event_or_404
from ascn.badges import bp, cards, handover, printing, tokens
from ascn.badges.forms import HandoverForm, PrintForm
from ascn.downloads import download
from ascn.errors import ServiceError
from ascn.i18n import current_language
from ascn.ids import parse_whole
from ascn.registration.models import Registration
from ascn.registration.registering import registration_in
from ascn.urls import local_path

PRINTING_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "frame-src 'self' blob:; frame-ancestors 'none'; form-action 'self'"
)


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
        return redirect(url_for("badges.registration", registration_id=results[0].registration.id))
    return render_template("badges/desk.html", query=query, results=results)


@bp.route("/registrations/<int:registration_id>")
def registration(registration_id: int):
    event = event_or_404()
    registration = _registration(registration_id)
    badge = printing.badge_of(registration.id)
    form = PrintForm(serial=str(badge.serial if badge else 1))
    badge_cards, _photos = cards.build([registration], current_language(), for_pdf=False)
    page = render_template(
        "badges/registration.html",
        registration=registration,
        badge=badge,
        form=form,
        preview=cards.html_fragment(event, badge_cards, current_language()),
        log=printing.print_log(registration.id),
        handovers=handover.handovers(registration.id),
    )
    response = make_response(page)
    # The badge PDF is printed from a hidden frame holding it as a blob: (badges.js); the
    # rest of the site's policy is unchanged.
    response.headers["Content-Security-Policy"] = PRINTING_POLICY
    return response


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
    response = pdf_response(data, f"badge-{registration.id}-{serial}.pdf")
    response.headers["X-Badge-Serial"] = str(serial)  # the desk page prints on without a reload
    return response


@bp.route("/registrations/<int:registration_id>/handover", methods=["POST"])
def hand_over(registration_id: int):
    """The badge given to its holder after their identity document was checked."""
    registration = _registration(registration_id)
    back = url_for("badges.registration", registration_id=registration.id)
    if not HandoverForm().validate_on_submit():
        flash(_("The form was incomplete. Please try again."), "error")
    else:
        try:
            done = handover.hand_over(registration.id, current_user)
        except ServiceError as error:
            flash(str(error.message), "error")
        else:
            flash(
                _(
                    "Badge number %(serial)s handed over to %(name)s.",
                    serial=done.serial,
                    name=registration.full_name,
                ),
                "success",
            )
    return redirect(local_path(request.form.get("back"), under=url_for("badges.desk")) or back)


@bp.route("/scan")
def scan():
    """What the doors will see for a badge: valid, revoked (reprinted since) or invalid."""
    token = request.args.get("token", "").strip()
    result = printing.scan(event_or_404(), token) if token else None
    return render_template("badges/scan.html", token=token, result=result)
