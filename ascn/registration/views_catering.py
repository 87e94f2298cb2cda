"""The catering summary and the event's dietary options (organisers change them; staff
read the counts)."""

from functools import partial

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from ascn.access import event_or_404
from ascn.errors import ServiceError
from ascn.forms import save_form
from ascn.registration import accreditation_bp as bp
from ascn.registration import catering
from ascn.registration.forms import DietaryOptionForm


@bp.route("/catering")
def catering_summary():
    event = event_or_404()
    counts, other = catering.counts(event)
    return render_template("accreditation/catering.html", event=event, counts=counts, other=other)


@bp.route("/catering/options/new", methods=["GET", "POST"])
@bp.route("/catering/options/<int:option_id>", methods=["GET", "POST"])
def dietary_option(option_id: int | None = None):
    event = event_or_404()
    option = catering.option_for(event, option_id) if option_id else None
    if option_id and option is None:
        abort(404)
    form = DietaryOptionForm(obj=option)
    save = partial(catering.save_option, event, option)
    saved = save_form(form, save, _("The dietary option has been saved."), "accreditation.catering_summary")
    return saved or render_template("accreditation/dietary_option.html", form=form, option=option)


@bp.route("/catering/options/<int:option_id>/delete", methods=["POST"])
def delete_dietary_option(option_id: int):
    option = catering.option_for(event_or_404(), option_id) or abort(404)
    try:
        catering.delete_option(option)
    except ServiceError as error:
        flash(str(error.message), "error")
    else:
        flash(_("The dietary option has been deleted."), "success")
    return redirect(url_for("accreditation.catering_summary"))
