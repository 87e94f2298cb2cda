"""A new event from an old one: administrators, and organisers of the event they copy."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from ascn.access import guard
from ascn.errors import ServiceError
from ascn.events import copying, new_event_bp, roles
from ascn.events.new_event_forms import NewEventForm
from ascn.forms import show_error

# Logged in and confirmed; which events a person may copy is decided per event below.
guard(new_event_bp)


@new_event_bp.route("/new", methods=["GET", "POST"])
def new_event():
    sources = roles.events_to_copy(current_user)
    if not sources:
        abort(403)
    form = NewEventForm()
    form.source_id.choices = [SelectChoice(e.id, f"{e.short_name} · {e.name}") for e in sources]
    if form.validate_on_submit():
        source = next((e for e in sources if e.id == form.source_id.data), None)
        if source is None:
            abort(403)
        try:
            event = copying.copy_event(
                source,
                form.slug.data,
                form.short_name.data,
                form.name_en.data,
                form.name_ms.data,
                form.start_date.data,
                form.end_date.data,
                form.chosen_parts(),
                current_user,
            )
        except ServiceError as error:
            show_error(form, error)
        else:
            flash(
                _(
                    "%(event)s has been created. Check its settings before opening registration.",
                    event=event.short_name,
                ),
                "success",
            )
            return redirect(url_for("events.edit_event", event=event.slug))
    return render_template("events/new_event.html", form=form)
