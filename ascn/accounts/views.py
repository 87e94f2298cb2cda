from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from ascn.access import guard
from ascn.accounts import bp, services
from ascn.accounts.forms import (
    ChangePasswordForm,
    LoginForm,
    ProfileForm,
    ResetPasswordForm,
    ResetRequestForm,
    SignupForm,
)
from ascn.errors import ServiceError
from ascn.forms import show_error
from ascn.i18n import current_language
from ascn.limits import throttle
from ascn.urls import safe_next

guard(bp, public=("signup", "login", "confirm", "reset_request", "reset_password"), confirmed=False)


@bp.route("/signup", methods=["GET", "POST"])
@throttle("SIGNUP_RATE_LIMIT")
def signup():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = SignupForm()
    if form.validate_on_submit():
        try:
            services.sign_up(form.email.data, form.password.data, form.full_name.data, current_language())
        except ServiceError as error:
            show_error(form, error)
        else:
            # The same answer whether or not the address had an account: the email explains.
            flash(
                _(
                    "We have sent a message to %(email)s. Open the link in it to confirm your "
                    "address, then log in.",
                    email=services.normalise_email(form.email.data),
                ),
                "success",
            )
            return redirect(url_for("accounts.login"))
    return render_template("accounts/signup.html", form=form)


@bp.route("/confirm/<token>")
def confirm(token):
    try:
        services.account_for_confirmation(token)  # a forged or old link fails first
        if not current_user.is_authenticated:
            # The link proves the address, the password the account: ask for both.
            flash(_("Log in to confirm your email address."), "info")
            return redirect(url_for("accounts.login", next=url_for("accounts.confirm", token=token)))
        services.confirm_email(token, current_user)
    except ServiceError as error:
        flash(str(error.message), "error")
        return render_template("accounts/confirm_failed.html"), 400
    flash(_("Thank you, your email address is confirmed."), "success")
    return redirect(url_for("accounts.profile"))


@bp.route("/confirm/resend", methods=["POST"])
@throttle("RESET_RATE_LIMIT")
def resend_confirmation():
    services.resend_confirmation(current_user)
    flash(_("We have sent a new confirmation link to %(email)s.", email=current_user.email), "success")
    return redirect(url_for("accounts.profile"))


@bp.route("/login", methods=["GET", "POST"])
@throttle("LOGIN_RATE_LIMIT")
def login():
    if current_user.is_authenticated:
        return redirect(safe_next())
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = services.authenticate(form.email.data, form.password.data)
        except ServiceError as error:
            show_error(form, error)
        else:
            login_user(user, remember=form.remember.data)
            return redirect(safe_next())
    return render_template("accounts/login.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout():
    services.log_out(current_user)
    logout_user()
    flash(_("You have logged out."), "success")
    return redirect(url_for("main.index"))


@bp.route("/reset", methods=["GET", "POST"])
@throttle("RESET_RATE_LIMIT")
def reset_request():
    form = ResetRequestForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data)
        flash(
            _(
                "If an account exists for %(email)s, a reset link is on its way. It is valid for one hour.",
                email=form.email.data,
            ),
            "success",
        )
        return redirect(url_for("accounts.login"))
    return render_template("accounts/reset_request.html", form=form)


@bp.route("/reset/<token>", methods=["GET", "POST"])
@throttle("RESET_RATE_LIMIT")
def reset_password(token):
    try:
        user = services.user_for_reset_token(token)
    except ServiceError as error:
        flash(str(error.message), "error")
        return redirect(url_for("accounts.reset_request"))
    form = ResetPasswordForm()
    form.account_email, form.account_name = user.email, user.full_name
    if form.validate_on_submit():
        try:
            user = services.reset_password(token, form.password.data)
        except ServiceError as error:
            show_error(form, error)
        else:
            logout_user()
            if not user.active:
                flash(_("Your password has been changed. Please log in."), "success")
                return redirect(url_for("accounts.login"))
            login_user(user)  # not an empty log-in form right after choosing the password
            flash(_("Your password has been saved. You are logged in."), "success")
            return redirect(safe_next())  # the invitation's `next`: the event's home
    return render_template("accounts/reset_password.html", form=form)


@bp.route("/password", methods=["GET", "POST"])
def change_password():
    form = ChangePasswordForm()
    form.account_email, form.account_name = current_user.email, current_user.full_name
    if form.validate_on_submit():
        try:
            services.change_password(current_user, form.current_password.data, form.password.data)
        except ServiceError as error:
            show_error(form, error)
        else:
            login_user(current_user._get_current_object())  # the session id follows the new password hash
            flash(_("Your password has been changed."), "success")
            return redirect(url_for("accounts.profile"))
    return render_template("accounts/change_password.html", form=form)


@bp.route("/profile", methods=["GET", "POST"])
def profile():
    form = ProfileForm(obj=current_user)
    if form.validate_on_submit():
        services.update_profile(current_user, form.full_name.data, form.locale.data)
        flash(_("Your profile has been saved."), "success")
        return redirect(url_for("accounts.profile"))
    return render_template("accounts/profile.html", form=form)
