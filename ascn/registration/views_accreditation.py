"""Organisers' and staff's pages: the list of registrations, decisions, exports, quotas,
settings and deletion requests. Staff read; every change needs the `accredit` capability."""

from functools import partial

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select

from ascn.access import event_or_404, guard
from ascn.downloads import download
from ascn.errors import ServiceError
from ascn.events.services import countries, countries_by_group
from ascn.extensions import db
from ascn.forms import Form, choice_id, flash_errors, form_values, save_form, show_error
from ascn.ids import parse_id, parse_whole
from ascn.registration import (
    accreditation,
    confirmation,
    delegations,
    duplicates,
    exports,
    identity,
    listing,
    privacy,
    quotas,
    reasons,
)
from ascn.registration import accreditation_bp as bp
from ascn.registration.forms import DecisionForm, DetailsForm, IdentityDecisionForm, SettingsForm
from ascn.registration.history import ACTION_LABELS
from ascn.registration.models import (
    STATUS_LABELS,
    Delegation,
    Registration,
    RegistrationChange,
)
from ascn.registration.registering import registration_in
from ascn.urls import local_path

# Staff read the list, a registration and the exports; every change, and the pages
# about quotas, settings and personal data, need the `accredit` capability.
guard(
    bp,
    "view_registrations",
    changes="accredit",
    read_only=("registrations", "registration", "export", "identity_change_photo", "catering_summary"),
)


@bp.route("/registrations")
def registrations():
    event = event_or_404()
    filters = listing.Filters.from_args(request.args)
    page = listing.page(event, filters, parse_id(request.args.get("page")) or 1)
    return render_template(
        "accreditation/list.html",
        event=event,
        filters=filters,
        list_args=filters.as_args(),
        page=page,
        status_counts=listing.status_counts(event, filters),
        country_counts=listing.country_counts(event, filters)[:12],
        status_labels=STATUS_LABELS,
        countries=countries(),
        decision=DecisionForm(event, reasons.reasons_of(event)),
        duplicates=duplicates.marked([r.id for r in page.items]),
    )


@bp.route("/registrations/decide", methods=["POST"])
def decide():
    event = event_or_404()
    form = DecisionForm(event, reasons.reasons_of(event))
    if form.validate_on_submit():
        try:
            changed = accreditation.decide(
                event,
                request.form.getlist("ids"),
                form.action.data,
                current_user,
                reason=form.reason.data or "",
                category_id=form.category_id.data,
                preset=reasons.reason_for(event, form.preset_id.data),
            )
        except ServiceError as error:
            flash(str(error.message), "error")
        else:
            flash(
                ngettext("%(num)s registration changed.", "%(num)s registrations changed.", changed),
                "success",
            )
    else:
        flash_errors(form)
    back = url_for(".registrations")
    return redirect(local_path(request.form.get("back"), under=back) or back)


@bp.route("/registrations/export.<any(xlsx, csv):kind>")
def export(kind: str):
    event = event_or_404()
    filters = listing.Filters.from_args(request.args)
    rows = listing.everything(event, filters)
    name = f"{event.slug}-registrations.{kind}"
    if kind == "csv":
        body = exports.to_csv(rows, event)
    else:
        body = exports.to_xlsx(rows, event, _("Registrations"))
    return download(body, name)


def _registration(registration_id: int) -> Registration:
    return registration_in(event_or_404(), registration_id) or abort(404)


@bp.route("/registrations/<int:registration_id>")
def registration(registration_id: int):
    event = event_or_404()
    item = _registration(registration_id)
    changes = db.session.scalars(
        select(RegistrationChange)
        .where(RegistrationChange.registration_id == item.id)
        .order_by(RegistrationChange.at.desc(), RegistrationChange.id.desc())
    ).all()
    decision = DecisionForm(event, reasons.reasons_of(event))
    # The status it already has is no decision to offer.
    decision.action.choices = [choice for choice in decision.action.choices if choice.value != item.status]
    change = identity.pending(item)
    filters = listing.Filters.from_args(request.args)
    return render_template(
        "accreditation/registration.html",
        registration=item,
        list_args=filters.as_args(),
        next_pending=listing.next_pending(event, filters, item.id),
        changes=changes,
        action_labels=ACTION_LABELS,
        decision=decision,
        identity_change=change,
        identity_rows=identity.compared(change, item) if change else [],
        identity_form=IdentityDecisionForm(),
        twins=duplicates.twins(item),
        distinct_form=Form(),
    )


@bp.route("/registrations/<int:registration_id>/distinct", methods=["POST"])
def mark_distinct(registration_id: int):
    """The organiser has checked a likely duplicate: two different people."""
    item = _registration(registration_id)
    form = Form()
    if form.validate_on_submit():
        try:
            other = duplicates.mark_distinct(item, choice_id(request.form.get("other_id")), current_user)
        except ServiceError as error:
            flash(str(error.message), "error")
        else:
            flash(
                _(
                    "%(name)s is no longer shown as a possible duplicate of this registration.",
                    name=other.full_name,
                ),
                "success",
            )
    return redirect(url_for(".registration", registration_id=item.id))


@bp.route("/registrations/<int:registration_id>/identity-change", methods=["POST"])
def decide_identity_change(registration_id: int):
    item = _registration(registration_id)
    form = IdentityDecisionForm()
    approve = request.form.get("decision") == "approve"
    if form.validate_on_submit():
        try:
            identity.decide(item, approve, current_user, form.reason.data or "")
        except ServiceError as error:
            flash(str(error.message), "error")
        else:
            flash(
                _("The change has been approved.") if approve else _("The change has been rejected."),
                "success",
            )
    else:
        flash(_("Please correct the marked fields."), "error")
    return redirect(url_for(".registration", registration_id=item.id))


@bp.route("/registrations/<int:registration_id>/identity-change/photo.jpg")
def identity_change_photo(registration_id: int):
    """The photo a delegate asked for, shown to organisers beside the approved one."""
    change = identity.pending(_registration(registration_id))
    if change is None or change.photo_data is None:
        abort(404)
    response = Response(change.photo_data, mimetype=change.photo_content_type)
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.route("/registrations/<int:registration_id>/decide", methods=["POST"])
def decide_one(registration_id: int):
    """Decide, then go on to the next pending registration of the list the organiser came
    from (its filters ride along in the query string), or back to that list."""
    event = event_or_404()
    item = _registration(registration_id)
    form = DecisionForm(event, reasons.reasons_of(event))
    filters = listing.Filters.from_args(request.args)
    if form.validate_on_submit():
        try:
            accreditation.decide(
                event,
                [item.id],
                form.action.data,
                current_user,
                form.reason.data or "",
                form.category_id.data,
                preset=reasons.reason_for(event, form.preset_id.data),
            )
        except ServiceError as error:
            flash(str(error.message), "error")
        else:
            flash(_("The registration of %(name)s has been saved.", name=item.full_name), "success")
            following = listing.next_pending(event, filters, item.id)
            if following is None:
                flash(_("No registration is pending in this list."), "info")
                return redirect(url_for(".registrations", **filters.as_args()))
            return redirect(url_for(".registration", registration_id=following, **filters.as_args()))
    else:
        flash_errors(form)
    return redirect(url_for(".registration", registration_id=item.id, **filters.as_args()))


@bp.route("/registrations/<int:registration_id>/confirm", methods=["POST"])
def confirm_for_delegation(registration_id: int):
    """An organiser confirms a self-registration for its delegation, as its focal point would."""
    item = _registration(registration_id)
    try:
        confirmation.confirm(item, current_user)
    except ServiceError as error:
        flash(str(error.message), "error")
    else:
        flash(_("%(name)s now holds a place in the delegation.", name=item.full_name), "success")
    return redirect(url_for(".registration", registration_id=item.id))


@bp.route("/registrations/<int:registration_id>/edit", methods=["GET", "POST"])
def edit_registration(registration_id: int):
    item = _registration(registration_id)
    form = DetailsForm(obj=item)
    if form.validate_on_submit():
        try:
            accreditation.update_details(item, form_values(form), current_user)
        except ServiceError as error:
            show_error(form, error)
        else:
            flash(_("The registration has been saved."), "success")
            return redirect(url_for(".registration", registration_id=item.id))
    return render_template("accreditation/edit.html", form=form, registration=item)


@bp.route("/delegations", methods=["GET", "POST"])
def delegation_quotas():
    event = event_or_404()
    members = [c for group, rows in countries_by_group() if group == "member" for c in rows]
    current = {d.country_id: d for d in _delegations(event)}
    if request.method == "POST":
        values = {
            c.id: (
                parse_whole(request.form.get(f"quota-{c.id}")),
                parse_whole(request.form.get(f"heads-{c.id}")),
            )
            for c in members
            if f"quota-{c.id}" in request.form
        }
        try:
            if any(None in pair for pair in values.values()):
                raise ServiceError(_("Quotas must be whole numbers."))
            delegations.set_quotas(event, values)
        except ServiceError as error:
            flash(str(error.message), "error")
        else:
            flash(_("The quotas have been saved."), "success")
            return redirect(url_for(".delegation_quotas"))
    return render_template(
        "accreditation/quotas.html",
        countries=members,
        current=current,
        used=quotas.counts_by_country(event.id),
    )


def _delegations(event):
    return db.session.scalars(select(Delegation).where(Delegation.event_id == event.id)).all()


@bp.route("/registration-settings", methods=["GET", "POST"])
def settings():
    event = event_or_404()
    form = SettingsForm(obj=event)
    saved = save_form(
        form,
        partial(accreditation.save_settings, event),
        _("The registration settings have been saved."),
        "accreditation.settings",
    )
    return saved or render_template("accreditation/settings.html", form=form)


@bp.route("/deletion-requests")
def deletion_requests():
    return render_template(
        "accreditation/deletion_requests.html", requests=privacy.requests_at(event_or_404())
    )


@bp.route("/deletion-requests/<int:request_id>/confirm", methods=["POST"])
def confirm_deletion(request_id: int):
    try:
        privacy.confirm_deletion(request_id, current_user, event_or_404())
    except ServiceError as error:
        flash(str(error.message), "error")
    else:
        flash(_("The account has been deleted."), "success")
    return redirect(url_for(".deletion_requests"))
