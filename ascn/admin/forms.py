from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField
from wtforms.fields.choices import SelectChoice

from ascn.accounts.roles import ROLE_LABELS
from ascn.forms import Form


class RoleForm(Form):
    role = SelectField(_l("Role"), choices=[SelectChoice(code, label) for code, label in ROLE_LABELS.items()])
    country_id = SelectField(
        _l("Delegation (for focal points)"), coerce=int, choices=[],
        description=_l("A focal point manages the delegation of this country or organisation."),
    )
    active = BooleanField(_l("Account active"))
