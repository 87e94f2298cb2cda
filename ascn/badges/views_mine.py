"""A delegate's own badge: the preview and the PDF, once approved. No id in the address:
a delegate can only ever reach their own."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ascn.access import event_or_404
from ascn.badges import cards, mine_bp
from ascn.badges.views_desk import pdf_response
from ascn.i18n import current_language
from ascn.registration.registering import registration_of


def _approved():
    registration = registration_of(current_user, event_or_404())
    if registration is None or registration.status != "approved":
        flash(_("Your badge is ready once your registration is approved."), "info")
        abort(redirect(url_for("registration.mine")))
    return registration


@mine_bp.route("/badge")
def badge():
    registration = _approved()
    badge_cards, _photos = cards.build([registration], current_language(), for_pdf=False)
    return render_template(
        "badges/mine.html",
        registration=registration,
        preview=cards.html_fragment(event_or_404(), badge_cards, current_language()),
    )


@mine_bp.route("/badge.pdf")
def badge_pdf():
    registration = _approved()
    return pdf_response(cards.render_one(event_or_404(), registration, current_language()), "badge.pdf")
