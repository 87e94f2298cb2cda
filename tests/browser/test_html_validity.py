"""Markup the Nu HTML Checker refuses, prevented where it is made: `required` only on
controls that can be left empty, and <time datetime> with at most three digits of a
second. (The browser tests run the checker itself on every page they visit.)"""

import re
from datetime import datetime, timezone
from types import SimpleNamespace

from flask import render_template
from wtforms import SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired

from ascn.forms import Form, RequiredSelectField, colour_field


class Example(Form):
    order = SelectField("Order", choices=[SelectChoice("protocol", "Protocol"), SelectChoice("name", "Name")],
                        default="protocol", validators=[InputRequired()])  # fmt: skip
    country = RequiredSelectField("Country", "Choose one.", choices=[SelectChoice(1, "Brunei Darussalam")])
    colour = colour_field("Colour")
    name = StringField("Name", validators=[DataRequired()])


def test_required_only_where_the_control_can_be_left_empty(app):
    with app.test_request_context():
        form = Example(meta={"csrf": False})
        assert "required" not in form.order()  # opens on a deliberate default
        assert "required" in form.country()  # opens on "Choose…"
        assert re.search(r"<option selected value=\"\">", form.country())
        assert 'type="color"' in form.colour() and "required" not in form.colour()
        assert "required" in form.name()


def test_time_elements_carry_whole_seconds(app):
    moment = datetime(2025, 9, 8, 1, 2, 3, 965567, tzinfo=timezone.utc)
    change = SimpleNamespace(at=moment, action="created", old_value=None, new_value=None, note=None)
    change.actor = None
    with app.test_request_context():
        html = render_template("registration/_history.html", changes=[change], action_labels={})
    assert '<time datetime="2025-09-08T01:02:03+00:00">' in html
