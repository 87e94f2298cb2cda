from functools import partial

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from ascn.access import event_or_404, guard
from ascn.errors import ServiceError
from ascn.events import bp, roles, services
from ascn.events.forms import CategoryForm, CountryForm, EventForm, TeamForm
from ascn.events.models import COUNTRY_GROUP_LABELS, Country
from ascn.extensions import db
from ascn.forms import save_form, show_error

guard(bp, capability="manage_event")


def _as_typed(event) -> dict:
    """The event's values as the form shows them: times in the event's time zone."""
    values = {name: getattr(event, name) for name in services.EVENT_FIELDS}
    for name in ("registration_opens_at", "registration_closes_at"):
        if values[name]:
            values[name] = event.local(values[name])
    return values


@bp.route("/manage/event", methods=["GET", "POST"])
def edit_event():
    event = event_or_404()
    form = EventForm(data=_as_typed(event))
    saved = save_form(
        form, partial(services.update_event, event), _("The event has been saved."), "events.edit_event"
    )
    return saved or render_template("events/edit_event.html", form=form, event=event)


@bp.route("/manage/categories")
def categories():
    return render_template("events/categories.html", event=event_or_404())


@bp.route("/manage/categories/new", methods=["GET", "POST"])
@bp.route("/manage/categories/<int:category_id>", methods=["GET", "POST"])
def edit_category(category_id=None):
    event = event_or_404()
    category = services.category_for(event, category_id) if category_id else None
    if category_id and category is None:
        abort(404)
    form = CategoryForm(obj=category)
    save = partial(services.save_category, event, category)
    saved = save_form(form, save, _("The category has been saved."), "events.categories")
    return saved or render_template("events/edit_category.html", form=form, category=category)


@bp.route("/manage/categories/<int:category_id>/delete", methods=["POST"])
def delete_category(category_id):
    category = services.category_for(event_or_404(), category_id) or abort(404)
    try:
        services.delete_category(category)
    except ServiceError as error:
        flash(str(error.message), "error")
    else:
        flash(_("The category has been deleted."), "success")
    return redirect(url_for("events.categories"))


@bp.route("/manage/countries")
def countries():
    return render_template(
        "events/countries.html", groups=services.countries_by_group(), group_labels=COUNTRY_GROUP_LABELS
    )


@bp.route("/manage/countries/new", methods=["GET", "POST"])
@bp.route("/manage/countries/<int:country_id>", methods=["GET", "POST"])
def edit_country(country_id=None):
    country = db.session.get(Country, country_id) if country_id else None
    if country_id and country is None:
        abort(404)
    form = CountryForm(obj=country)
    save = partial(services.save_country, country)
    saved = save_form(form, save, _("The country or organisation has been saved."), "events.countries")
    return saved or render_template("events/edit_country.html", form=form, country=country)


@bp.route("/manage/team", methods=["GET", "POST"])
def team():
    """Who organises, staffs and speaks for a delegation at this event."""
    event = event_or_404()
    form = TeamForm()
    form.country_id.choices = [SelectChoice(0, "—")] + [
        SelectChoice(c.id, f"{c.name} ({c.code})") for c in services.countries()
    ]
    if form.validate_on_submit():
        try:
            row = roles.grant(
                event, form.email.data, form.role.data, form.country_id.data or None, current_user
            )
        except ServiceError as error:
            show_error(form, error)
        else:
            flash(
                _(
                    "%(name)s is now %(role)s at this event.",
                    name=row.user.full_name,
                    role=roles.ROLE_LABELS[row.role],
                ),
                "success",
            )
            return redirect(url_for("events.team"))
    return render_template(
        "events/team.html", event=event, form=form, team=roles.team(event), role_labels=roles.ROLE_LABELS
    )


@bp.route("/manage/team/<int:role_id>/remove", methods=["POST"])
def remove_from_team(role_id):
    try:
        roles.revoke(event_or_404(), role_id, current_user)
    except ServiceError as error:
        flash(str(error.message), "error")
    else:
        flash(_("The role has been removed."), "success")
    return redirect(url_for("events.team"))
