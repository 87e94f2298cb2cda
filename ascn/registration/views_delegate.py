"""A delegate's pages: register, see and change their registration, their data."""

import json

from flask import Response, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ascn.access import event_or_404, guard
from ascn.downloads import download
from ascn.errors import ServiceError
from ascn.events import roles
from ascn.extensions import db
from ascn.forms import form_values, show_error
from ascn.i18n import current_language
from ascn.limits import throttle
from ascn.registration import bp, catering, history, identity, privacy, registering
from ascn.registration.forms import DeletionRequestForm, PersonForm, PhotoForm, RegistrationForm
from ascn.registration.history import ACTION_LABELS
from ascn.registration.models import HONORIFICS, Registration, RegistrationChange, RegistrationPhoto
from ascn.registration.people import display_mobile
from ascn.registration.photos import process_photo

guard(bp, public=("register", "privacy_notice"))
bp.add_app_template_filter(display_mobile, "mobile")
bp.add_app_template_global(history.readable, "change_value")
bp.add_app_template_global(HONORIFICS, "honorifics")
bp.add_app_template_global(catering.labels_of, "dietary_labels")


def _mine() -> Registration:
    registration = registering.registration_of(current_user, event_or_404())
    if registration is None:
        flash(_("You have not registered for this event yet."), "info")
        abort(redirect(url_for("registration.register")))
    return registration


def _uploaded_file(form):
    upload = form.photo.data
    if not upload or not getattr(upload, "filename", ""):
        return None
    return upload.stream


def _say_if_waiting(registration: Registration) -> None:
    if registration.identity_change_pending:
        flash(str(identity.WAITING), "info")


@bp.route("/register", methods=["GET", "POST"])
@throttle("SIGNUP_RATE_LIMIT")  # it makes accounts and sends mail, like a sign-up
def register():
    event = event_or_404()
    done = session.pop("registered_email", None)
    reference = session.pop("registered_reference", None)
    if done and request.method == "GET":  # after the redirect: reloading it posts nothing again
        return render_template("registration/registered.html", email=done, reference=reference, event=event)
    user = current_user if current_user.is_authenticated else None
    existing = registering.registration_of(user, event) if user is not None else None
    if existing is not None and existing.status != "cancelled":
        return redirect(url_for("registration.mine"))
    form = RegistrationForm(event)
    if request.method == "GET" and user is not None:
        form.email.data = user.email
        form.locale.data = user.locale
        if country_id := roles.focal_country_id(user, event):  # a focal point registering themselves
            form.country_id.data = country_id
    if request.method == "GET" and user is None:
        form.locale.data = current_language()
    if event.registration_state() == "open" and form.validate_on_submit():
        try:
            registration = registering.register(event, form_values(form), _uploaded_file(form), user)
        except ServiceError as error:
            show_error(form, error)
        else:
            session["registered_email"] = user.email if user else form.email.data
            # Anonymously the page says the same whether or not the address was registered
            # before, so the number is shown to the account's owner only (and is in the email).
            if user is not None and registration is not None:
                session["registered_reference"] = registration.reference
            return redirect(url_for("registration.register"))
    return render_template(
        "registration/register.html", form=form, event=event, state=event.registration_state()
    )


@bp.route("/privacy")
def privacy_notice():
    return render_template("registration/privacy.html", event=event_or_404())


@bp.route("/registration")
def mine():
    registration = _mine()
    changes = db.session.scalars(
        db.select(RegistrationChange)
        .where(RegistrationChange.registration_id == registration.id)
        .order_by(RegistrationChange.at.desc(), RegistrationChange.id.desc())
    ).all()
    return render_template(
        "registration/mine.html",
        registration=registration,
        changes=changes,
        action_labels=ACTION_LABELS,
        deletion_requested=privacy.deletion_requested(current_user),
    )


@bp.route("/registration/edit", methods=["GET", "POST"])
def edit():
    registration = _mine()
    form = PersonForm(obj=identity.shown(registration))
    if form.validate_on_submit():
        try:
            registering.update_own(registration, form_values(form), current_user)
        except ServiceError as error:
            show_error(form, error)
        else:
            flash(_("Your registration has been saved."), "success")
            _say_if_waiting(registration)
            return redirect(url_for("registration.mine"))
    return render_template("registration/edit.html", form=form, registration=registration)


@bp.route("/registration/cancel", methods=["POST"])
def cancel():
    registration = _mine()
    try:
        registering.cancel_own(registration, current_user)
    except ServiceError as error:
        flash(str(error.message), "error")
    else:
        flash(_("Your registration has been cancelled."), "success")
    return redirect(url_for("registration.mine"))


@bp.route("/registration/photo", methods=["GET", "POST"])
def replace_photo():
    registration = _mine()
    form = PhotoForm()
    if form.validate_on_submit():
        try:
            registering.replace_photo(registration, process_photo(form.photo.data.stream), current_user)
        except ServiceError as error:
            show_error(form, error)
        else:
            if registration.identity_change_pending:
                _say_if_waiting(registration)
            else:
                flash(_("Your photo has been replaced."), "success")
            return redirect(url_for("registration.mine"))
    return render_template("registration/photo.html", form=form, registration=registration)


@bp.route("/registration/<int:registration_id>/photo.jpg")
def photo(registration_id: int):
    """Served only to those who may see the registration."""
    registration = db.session.get(Registration, registration_id)
    if registration is None:
        abort(404)
    if not registering.may_see(registration, current_user):
        abort(403)
    stored = db.session.get(RegistrationPhoto, registration_id)
    if stored is None:
        abort(404)
    response = Response(stored.data, mimetype=stored.content_type)
    response.headers["Cache-Control"] = "private, max-age=86400"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.route("/registration/data.json")
def my_data():
    body = json.dumps(privacy.personal_data(current_user), ensure_ascii=False, indent=2)
    return download(body, "my-personal-data.json")


@bp.route("/registration/delete-account", methods=["GET", "POST"])
def request_deletion():
    form = DeletionRequestForm()
    if form.validate_on_submit():
        try:
            privacy.request_deletion(current_user, form.reason.data or "")
        except ServiceError as error:
            show_error(form, error)
        else:
            flash(_("Your request has been sent. The secretariat will confirm it."), "success")
            return redirect(url_for("registration.mine"))
    return render_template(
        "registration/delete_account.html", form=form, requested=privacy.deletion_requested(current_user)
    )
