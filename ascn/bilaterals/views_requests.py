"""Organisers' pages of requests: every request of the event, filtered and a page at a
time, and one request with both sides, where a meeting becomes a signing ceremony."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ascn.access import event_or_404
from ascn.bilaterals import expiry, manage_bp, overview, signing
from ascn.bilaterals.forms_manage import SigningForm
from ascn.bilaterals.models import LEVEL_LABELS, LEVELS, REQUEST_STATUSES, STATUS_LABELS
from ascn.errors import ServiceError
from ascn.forms import form_values, show_error
from ascn.ids import parse_id


@manage_bp.before_request
def expire_due():
    # After the guard (registered first): the organisers' counts and lists never show as
    # awaiting an answer a request past its deadline, even with no worker's sweep running.
    expiry.expire_due(event_or_404())


@manage_bp.route("/requests")
def requests():
    event = event_or_404()
    filters = overview.Filters.read(request.args, parse_id)
    return render_template(
        "bilaterals/manage/requests.html",
        page=overview.page(event, filters, parse_id(request.args.get("page")) or 1),
        filters=filters,
        delegations=overview.delegations(event),
        statuses=[(status, STATUS_LABELS[status]) for status in REQUEST_STATUSES],
        levels=[(level, LEVEL_LABELS[level]) for level in LEVELS],
        status_labels=STATUS_LABELS,
        level_labels=LEVEL_LABELS,
    )


def _meeting(request_id):
    return overview.request_for(event_or_404(), request_id) or abort(404)


@manage_bp.route("/requests/<int:request_id>", methods=["GET", "POST"])
def request_page(request_id):
    meeting = _meeting(request_id)
    form = SigningForm(obj=meeting)
    if form.validate_on_submit():
        try:
            signing.save(meeting, **form_values(form))
        except ServiceError as error:
            show_error(form, error)
        else:
            flash(_("The signing ceremony has been saved."), "success")
            return redirect(url_for("bilaterals_manage.request_page", request_id=request_id))
    return render_template(
        "bilaterals/manage/request.html",
        meeting=meeting,
        form=form,
        status_labels=STATUS_LABELS,
        level_labels=LEVEL_LABELS,
    )


@manage_bp.route("/requests/<int:request_id>/signing/publish", methods=["POST"])
def publish_signing(request_id):
    meeting = _meeting(request_id)
    try:
        signing.publish(meeting)
    except ServiceError as error:
        flash(str(error.message), "error")
    else:
        flash(
            _("The signing is in the programme's draft: it reaches delegates at the next release."), "success"
        )
    return redirect(url_for("bilaterals_manage.request_page", request_id=request_id))


@manage_bp.route("/requests/<int:request_id>/signing/withdraw", methods=["POST"])
def withdraw_signing(request_id):
    meeting = _meeting(request_id)
    try:
        signing.withdraw(meeting)
    except ServiceError as error:
        flash(str(error.message), "error")
    else:
        flash(_("The signing has been taken off the programme's draft."), "success")
    return redirect(url_for("bilaterals_manage.request_page", request_id=request_id))
