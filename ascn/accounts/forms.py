from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from ascn.accounts.models import User
from ascn.accounts.passwords import MAX_LENGTH, password_problems
from ascn.forms import LANGUAGE_CHOICES, Form, strip
from ascn.textlimits import fits


def _email_field():
    return EmailField(
        _l("Email address"),
        validators=[
            DataRequired(_l("Enter your email address.")),
            Length(max=254, message=_l("This email address is too long.")),
            Email(
                message=_l("Enter a valid email address, like name@example.gov.my."),
                check_deliverability=False,
            ),
        ],
        filters=(strip,),
        render_kw={"autocomplete": "email", "inputmode": "email"},
    )


class PolicyPassword:
    """Shows every rule a new password breaks at once, not one per attempt."""

    def __call__(self, form, field):
        email = form.email.data if hasattr(form, "email") else getattr(form, "account_email", "")
        name = form.full_name.data if hasattr(form, "full_name") else getattr(form, "account_name", "")
        problems = password_problems(field.data or "", email or "", name or "")
        if problems:
            raise ValidationError(" ".join(str(p) for p in problems))


def _new_password_fields():
    password = PasswordField(
        _l("New password"),
        validators=[DataRequired(_l("Choose a password.")), PolicyPassword()],
        render_kw={"autocomplete": "new-password", "maxlength": MAX_LENGTH},
        description=_l("At least 10 characters. A short sentence is easy to remember and hard to guess."),
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[
            DataRequired(_l("Repeat the password.")),
            EqualTo("password", message=_l("The two passwords are not the same.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )
    return password, confirm


class SignupForm(Form):
    full_name = StringField(
        _l("Full name"),
        validators=[
            DataRequired(_l("Enter your name.")),
            fits(User.full_name),
        ],
        filters=(strip,),
        render_kw={"autocomplete": "name"},
    )
    email = _email_field()
    password, confirm = _new_password_fields()


class LoginForm(Form):
    email = _email_field()
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(_l("Enter your password.")), Length(max=1000)],
        render_kw={"autocomplete": "current-password"},
    )
    remember = BooleanField(_l("Keep me logged in on this device"))


class ResetRequestForm(Form):
    email = _email_field()


class ResetPasswordForm(Form):
    password, confirm = _new_password_fields()


class ChangePasswordForm(Form):
    current_password = PasswordField(
        _l("Current password"),
        validators=[DataRequired(_l("Enter your current password.")), Length(max=1000)],
        render_kw={"autocomplete": "current-password"},
    )
    password, confirm = _new_password_fields()


class ProfileForm(Form):
    full_name = StringField(
        _l("Full name"),
        validators=[
            DataRequired(_l("Enter your name.")),
            fits(User.full_name),
        ],
        filters=(strip,),
    )
    locale = SelectField(
        _l("Preferred language"),
        choices=LANGUAGE_CHOICES,
        validate_choice=True,
        description=_l("Pages and emails reach you in this language."),
    )
