"""The organisers' preset rejection reasons: a small list, an edit page, a delete button.
On the accreditation blueprint, so its guard applies: every page needs `accredit`."""

from functools import partial

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from ascn.access import event_or_404
from ascn.errors import ServiceError
from ascn.forms import save_form
from ascn.registration import accreditation_bp as bp
from ascn.registration import reasons
from ascn.registration.forms import RejectionReasonForm


@bp.route("/rejection-reasons")
def rejection_reasons():
    return render_template("accreditation/rejection_reasons.html", reasons=reasons.reasons_of(event_or_404()))


@bp.route("/rejection-reasons/new", methods=["GET", "POST"])
@bp.route("/rejection-reasons/<int:reason_id>", methods=["GET", "POST"])
def edit_rejection_reason(reason_id: int | None = None):
    event = event_or_404()
    reason = reasons.reason_for(event, reason_id) if reason_id else None
    if reason_id and reason is None:
        abort(404)
    form = RejectionReasonForm(obj=reason)
    saved = save_form(
        form,
        partial(reasons.save_reason, event, reason),
        _("The reason has been saved."),
        "accreditation.rejection_reasons",
    )
    return saved or render_template("accreditation/edit_rejection_reason.html", form=form, reason=reason)


@bp.route("/rejection-reasons/<int:reason_id>/delete", methods=["POST"])
def delete_rejection_reason(reason_id: int):
    reason = reasons.reason_for(event_or_404(), reason_id) or abort(404)
    try:
        reasons.delete_reason(reason)
    except ServiceError as error:
        flash(str(error.message), "error")
    else:
        flash(_("The reason has been deleted."), "success")
    return redirect(url_for(".rejection_reasons"))
