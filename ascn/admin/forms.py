from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length

from ascn.accounts.models import User
from ascn.accounts.roles import ROLE_LABELS
from ascn.forms import Form, RequiredSelectField, language_field, strip
from ascn.textlimits import fits


class RoleForm(Form):
    role = RequiredSelectField(
        _l("Account role"),
        _l("Choose a role."),
        coerce=str,
        choices=[SelectChoice(code, label) for code, label in ROLE_LABELS.items()],
        description=_l(
            "Administrators manage the whole installation. Organisers, staff and focal points "
            "are given their role at each event, on the event's Team page."
        ),
    )
    active = BooleanField(_l("Account active"))


class InviteForm(RoleForm):
    full_name = StringField(
        _l("Full name"),
        filters=(strip,),
        validators=[
            DataRequired(_l("Enter a name.")),
            fits(User.full_name),
        ],
    )
    email = EmailField(
        _l("Email address"),
        filters=(strip,),
        validators=[
            DataRequired(_l("Enter an email address.")),
            Length(max=254),
            Email(
                message=_l("Enter a valid email address, like name@example.gov.my."),
                check_deliverability=False,
            ),
        ],
    )
    locale = language_field(_l("Language of the invitation"))
    active = None  # a new account is active
