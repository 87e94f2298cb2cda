"""Forms of the scanner's pages: pairing a browser with a code, or an organiser's own
browser without one."""

from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from ascn.checkin.models import Device
from ascn.forms import Form, strip
from ascn.textlimits import limit

CODE_MAX = 40  # a code is 8 letters; spaces and dashes may be typed between them


class PairForm(Form):
    code = StringField(
        _l("Pairing code"),
        filters=(strip,),
        validators=[
            DataRequired(_l("Type the pairing code an organiser shows you.")),
            Length(max=CODE_MAX, message=_l("A pairing code is 8 letters and digits.")),
        ],
        description=_l("8 letters and digits, as an organiser shows them; spaces and dashes do not matter."),
        render_kw={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"},
    )


class PairHereForm(Form):
    name = StringField(
        _l("Name of this device"),
        filters=(strip,),
        validators=[
            DataRequired(_l("Give the device a name, such as the door or the phone's owner.")),
            Length(max=limit(Device.name)),
        ],
    )
