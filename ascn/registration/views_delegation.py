"""A focal point's pages: their own delegation, and nothing of any other."""

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from ascn import kept_uploads
from ascn.access import event_or_404, guard
from ascn.downloads import download
from ascn.errors import ServiceError
from ascn.events import roles
from ascn.forms import ConfirmImportForm, flash_errors, form_values, show_error
from ascn.i18n import current_language
from ascn.registration import confirmation, delegations, heads, identity, import_preview, imports
from ascn.registration import delegation_bp as bp
from ascn.registration.forms import DeclineForm, HeadForm, ImportForm, MemberForm
from ascn.registration.photos import process_photo

guard(bp, capability="manage_delegation")


def _country_id() -> int:
    """The delegation the focal point speaks for at this event (the guard made sure of one)."""
    return roles.focal_country_id(current_user, g.event)


def _country():
    return roles.role_at(current_user, g.event).country


def _member(registration_id: int):
    """Only a registration of the focal point's own country: any other id is a 404."""
    registration = delegations.member(event_or_404(), _country_id(), registration_id)
    if registration is None:
        abort(404)
    return registration


def _photo(form):
    upload = form.photo.data
    return process_photo(upload.stream) if upload and getattr(upload, "filename", "") else None


@bp.route("")
def overview():
    event = event_or_404()
    return render_template(
        "delegation/overview.html",
        event=event,
        country=_country(),
        delegation=delegations.delegation_for(event, _country_id()),
        # Self-registrations the delegation has not confirmed are not its members.
        members=[m for m in delegations.members(event, _country_id()) if not m.awaiting_confirmation],
        awaiting=confirmation.awaiting(event, _country_id()),
        decline_form=DeclineForm(),
    )


@bp.route("/<int:registration_id>/confirm", methods=["POST"])
def confirm(registration_id: int):
    registration = _member(registration_id)
    try:
        confirmation.confirm(registration, current_user)
    except ServiceError as error:
        flash(str(error.message), "error")
    else:
        flash(_("%(name)s now holds a place in the delegation.", name=registration.full_name), "success")
    return redirect(url_for("delegation.overview"))


@bp.route("/<int:registration_id>/decline", methods=["POST"])
def decline(registration_id: int):
    registration = _member(registration_id)
    form = DeclineForm()
    if not form.validate_on_submit():
        flash_errors(form)
        return redirect(url_for("delegation.overview"))
    try:
        confirmation.decline(registration, current_user, form.reason.data)
    except ServiceError as error:
        flash(str(error.message), "error")
    else:
        flash(_("The registration of %(name)s has been declined.", name=registration.full_name), "success")
    return redirect(url_for("delegation.overview"))


@bp.route("/add", methods=["GET", "POST"])
def add():
    event = event_or_404()
    form = MemberForm(event)
    if form.validate_on_submit():
        try:
            delegations.add_member(event, _country(), form_values(form), current_user, _photo(form))
        except ServiceError as error:
            show_error(form, error)
        else:
            flash(_("%(name)s has been added to the delegation.", name=form.given_names.data), "success")
            return redirect(url_for("delegation.overview"))
    return render_template("delegation/member_form.html", form=form, title=_("Add a delegate"))


@bp.route("/<int:registration_id>", methods=["GET", "POST"])
def edit(registration_id: int):
    event = event_or_404()
    registration = _member(registration_id)
    form = MemberForm(event, obj=identity.shown(registration), current_category=registration.category_id)
    del form.is_head, form.email  # changed by their own actions: replace, designate
    if form.validate_on_submit():
        try:
            delegations.update_member(registration, form_values(form), current_user, _photo(form))
        except ServiceError as error:
            show_error(form, error)
        else:
            flash(_("The delegate's details have been saved."), "success")
            if registration.identity_change_pending:
                flash(str(identity.WAITING), "info")
            return redirect(url_for("delegation.overview"))
    return render_template(
        "delegation/member_form.html", form=form, registration=registration, title=registration.full_name
    )


@bp.route("/<int:registration_id>/replace", methods=["GET", "POST"])
def replace(registration_id: int):
    event = event_or_404()
    registration = _member(registration_id)
    form = MemberForm(
        event, data={"category_id": registration.category_id}, current_category=registration.category_id
    )
    del form.is_head, form.protocol_rank, form.photo
    if form.validate_on_submit():
        try:
            substitute = delegations.replace(registration, form_values(form), current_user)
        except ServiceError as error:
            show_error(form, error)
        else:
            flash(
                _("%(new)s replaces %(old)s.", new=substitute.full_name, old=registration.full_name),
                "success",
            )
            return redirect(url_for("delegation.overview"))
    return render_template(
        "delegation/member_form.html",
        form=form,
        replacing=registration,
        title=_("Replace %(name)s", name=registration.full_name),
    )


@bp.route("/<int:registration_id>/withdraw", methods=["POST"])
def withdraw(registration_id: int):
    registration = _member(registration_id)
    try:
        delegations.withdraw(registration, current_user)
    except ServiceError as error:
        flash(str(error.message), "error")
    else:
        flash(_("%(name)s has been withdrawn.", name=registration.full_name), "success")
    return redirect(url_for("delegation.overview"))


@bp.route("/<int:registration_id>/head", methods=["GET", "POST"])
def designate_head(registration_id: int):
    """A confirmation page naming the new head and the one who steps back, with the rank
    the latter takes; the change is made when it is confirmed."""
    registration = _member(registration_id)
    previous = heads.current(registration.event_id, registration.country_id)
    form = HeadForm()
    if request.method == "GET" and previous is not None:
        form.old_head_rank.data = heads.rank_after_stepping_down(previous)
    if form.validate_on_submit():
        try:
            chosen = "old_head_rank" in request.form and previous is not None  # else their rank before
            heads.designate(registration, current_user, form.old_head_rank.data if chosen else None)
        except ServiceError as error:
            show_error(form, error)
        else:
            flash(_("%(name)s is now the Head of Delegation.", name=registration.full_name), "success")
            return redirect(url_for("delegation.overview"))
    return render_template("delegation/head.html", form=form, registration=registration, previous=previous)


@bp.route("/import", methods=["GET", "POST"])
def import_members():
    """The upload: a file whose rows can be read is kept, and its preview shown at once."""
    event = event_or_404()
    form = ImportForm()
    if form.validate_on_submit():
        upload = form.file.data
        raw = upload.stream.read(imports.MAX_BYTES + 1)
        try:
            plan = import_preview.build(event, _country(), raw)
        except ServiceError as error:
            show_error(form, error)
        else:
            kept = kept_uploads.keep(event.id, current_user.id, "delegation", upload.filename, raw)
            return _preview(kept, plan)
    return render_template("delegation/import.html", form=form)


def _kept(token: str):
    kept = kept_uploads.find(g.event.id, current_user.id, "delegation", token)
    if kept is None:
        flash(_("This upload has expired or is not yours. Please upload the file again."), "error")
    return kept


def _preview(kept, plan, form=None):
    form = form or ConfirmImportForm(previewed=plan.digest)
    form.previewed.data = plan.digest
    return render_template("delegation/import_preview.html", plan=plan, kept=kept, form=form)


def _imported(plan) -> str:
    added, changed = len(plan.adds), len(plan.changes)
    parts = [ngettext("%(num)s delegate has been added.", "%(num)s delegates have been added.", added)]
    if changed:
        parts.append(
            ngettext("%(num)s delegate has been updated.", "%(num)s delegates have been updated.", changed)
        )
    return " ".join(parts) if added or not changed else parts[-1]


@bp.route("/import/<token>", methods=["GET", "POST"])
def import_preview_page(token: str):
    """The preview of a kept file; its "Import" confirms it, checked again."""
    event = event_or_404()
    kept = _kept(token)
    if kept is None:
        return redirect(url_for("delegation.import_members"))
    form = ConfirmImportForm()
    if form.validate_on_submit():
        try:
            plan = import_preview.confirm(event, _country(), kept, current_user, form.previewed.data)
        except ServiceError as error:
            flash(str(error.message), "error")
        else:
            flash(_imported(plan), "success")
            return redirect(url_for("delegation.overview"))
    try:
        plan = import_preview.build(event, _country(), kept.data)
    except ServiceError as error:  # the file was read once; the event's settings may have changed
        flash(str(error.message), "error")
        return redirect(url_for("delegation.import_members"))
    return _preview(kept, plan, form)


@bp.route("/template.xlsx")
def template():
    locale = request.args.get("lang") if request.args.get("lang") in ("en", "ms") else current_language()
    return download(imports.template(event_or_404(), locale), f"delegation-template-{locale}.xlsx")
