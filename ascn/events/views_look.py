"""The event's look: the organisers' page, and the logo served to anyone, from the
database, with an ETag (its digest) so that browsers and mail clients keep it."""

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ascn.access import event_or_404, guard
from ascn.errors import ServiceError
from ascn.events import look
from ascn.events import look_bp as bp
from ascn.events.forms import LookForm
from ascn.forms import show_error

guard(bp, capability="manage_event", public=("logo", "stylesheet"))


@bp.route("/manage/look", methods=["GET", "POST"])
def edit_look():
    event = event_or_404()
    form = LookForm(obj=event)
    if form.validate_on_submit():
        upload = form.logo.data
        try:
            look.save_look(
                event,
                form.primary_colour.data,
                form.accent_colour.data,
                upload.stream if upload and getattr(upload, "filename", "") else None,
                form.drop_logo.data,
            )
        except ServiceError as error:
            show_error(form, error)
        else:
            flash(_("The event's look has been saved."), "success")
            return redirect(url_for("look.edit_look"))
    return render_template("events/look.html", form=form, event=event)


@bp.route("/logo.png")
def logo():
    event = event_or_404()
    stored = look.logo_of(event)
    if stored is None:
        abort(404)
    response = Response(stored.data, mimetype=stored.content_type)
    response.set_etag(event.logo_digest)
    # An address with the digest (`?v=`) never changes content; without it, ask again after an hour.
    response.cache_control.public = True
    response.cache_control.max_age = 31_536_000 if request.args.get("v") == event.logo_digest else 3600
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response.make_conditional(request)


@bp.route("/look.css")
def stylesheet():
    """The event's colours as the site's custom properties (an inline style would need the
    Content-Security-Policy loosened)."""
    event = event_or_404()
    response = Response(look.custom_properties(event), mimetype="text/css")
    response.set_etag(look.colours_version(event))
    response.cache_control.public = True
    response.cache_control.max_age = (
        31_536_000 if request.args.get("v") == look.colours_version(event) else 300
    )
    return response.make_conditional(request)
