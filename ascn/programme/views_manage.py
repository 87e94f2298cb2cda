"""Organisers build the draft programme, preview it, publish it, import and export it."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user

from ascn.access import event_or_404, guard
from ascn.downloads import download
from ascn.errors import ServiceError
from ascn.forms import form_values, save_form, show_error
from ascn.programme import catalogue, manage_bp, publishing, sessions, snapshot, speakers, xlsx
from ascn.programme.forms import RoomForm, SessionForm, SessionTypeForm, SpeakerForm, TrackForm
from ascn.programme.models import Room, SessionType, Speaker, Track

guard(manage_bp, capability="manage_programme")


@dataclass(frozen=True)
class CatalogueKind:
    """One of the four lists sessions choose from (rooms, types, tracks, speakers): they
    share one list page and one edit page, and differ only in these parts."""

    model: type
    form: type
    listing: Callable  # the event's rows, in list order
    save: Callable  # service: save(event, row or None, **values)
    delete: Callable  # service: delete(row)
    title: str  # the list's heading
    one: str  # a row's name on its edit page
    saved: str  # the message once saved


KINDS = {
    "rooms": CatalogueKind(
        Room,
        RoomForm,
        catalogue.rooms,
        catalogue.save_room,
        catalogue.delete,
        title=_l("Rooms"),
        one=_l("Room"),
        saved=_l("The room has been saved."),
    ),
    "types": CatalogueKind(
        SessionType,
        SessionTypeForm,
        catalogue.session_types,
        catalogue.save_session_type,
        catalogue.delete,
        title=_l("Session types"),
        one=_l("Session type"),
        saved=_l("The session type has been saved."),
    ),
    "tracks": CatalogueKind(
        Track,
        TrackForm,
        catalogue.tracks,
        catalogue.save_track,
        catalogue.delete,
        title=_l("Tracks"),
        one=_l("Track"),
        saved=_l("The track has been saved."),
    ),
    "speakers": CatalogueKind(
        Speaker,
        SpeakerForm,
        speakers.speakers,
        speakers.save_speaker,
        speakers.delete_speaker,
        title=_l("Speakers"),
        one=_l("Speaker"),
        saved=_l("The speaker has been saved."),
    ),
}


def _kind(kind) -> CatalogueKind:
    if kind not in KINDS:
        abort(404)
    return KINDS[kind]


@manage_bp.route("/")
def index():
    event = event_or_404()
    return render_template(
        "programme/manage/index.html",
        sessions=sessions.draft_sessions(event),
        releases=publishing.releases(event, limit=1),
    )


@manage_bp.route("/sessions/new", methods=["GET", "POST"])
@manage_bp.route("/sessions/<int:session_id>", methods=["GET", "POST"])
def edit_session(session_id=None):
    event = event_or_404()
    session = sessions.session_for(event, session_id) if session_id else None
    if session_id and session is None:
        abort(404)
    data = None
    if session is not None:
        data = {
            name: getattr(session, name)
            for name in ("title_en", "title_ms", "description_en", "description_ms", "type_id", "audience")
        }
        data |= {
            "track_id": session.track_id or 0,
            "room_id": session.room_id or 0,
            "cancelled": session.status == "cancelled",
            "starts_at": event.local(session.starts_at),
            "ends_at": event.local(session.ends_at),
        }
        data |= sessions.people_values(session)
    form = SessionForm(data=data)
    form.set_choices(
        catalogue.session_types(event),
        catalogue.tracks(event),
        catalogue.rooms(event),
        speakers.speakers(event),
    )
    save = partial(sessions.save_session, event, session)
    saved = save_form(form, save, _("The session has been saved."), "programme_manage.index")
    return saved or render_template("programme/manage/edit_session.html", form=form, session=session)


@manage_bp.route("/sessions/<int:session_id>/delete", methods=["POST"])
def delete_session(session_id):
    event = event_or_404()
    session = sessions.session_for(event, session_id) or abort(404)
    try:
        publishing.delete_session(event, session)
    except ServiceError as error:
        flash(str(error.message), "error")
        return redirect(url_for("programme_manage.edit_session", session_id=session_id))
    flash(_("The session has been deleted."), "success")
    return redirect(url_for("programme_manage.index"))


@manage_bp.route("/<kind>")
def catalogue_list(kind):
    parts = _kind(kind)
    return render_template(
        "programme/manage/catalogue.html", kind=kind, rows=parts.listing(event_or_404()), title=parts.title
    )


@manage_bp.route("/<kind>/new", methods=["GET", "POST"])
@manage_bp.route("/<kind>/<int:row_id>", methods=["GET", "POST"])
def catalogue_edit(kind, row_id=None):
    parts = _kind(kind)
    event = event_or_404()
    row = catalogue.find(parts.model, event, row_id) if row_id else None
    if row_id and row is None:
        abort(404)
    form = parts.form(obj=row)
    if kind == "speakers" and request.method == "GET":
        form.account_email.data = speakers.account_email(row)
    if form.validate_on_submit():
        try:
            parts.save(event, row, **form_values(form))
        except ServiceError as error:
            show_error(form, error)
        else:
            flash(str(parts.saved), "success")
            return redirect(url_for("programme_manage.catalogue_list", kind=kind))
    return render_template(
        "programme/manage/edit.html", form=form, row=row, kind=kind, title=parts.title, one=parts.one
    )


@manage_bp.route("/<kind>/<int:row_id>/delete", methods=["POST"])
def catalogue_delete(kind, row_id):
    parts = _kind(kind)
    row = catalogue.find(parts.model, event_or_404(), row_id) or abort(404)
    try:
        parts.delete(row)
    except ServiceError as error:
        flash(str(error.message), "error")
    else:
        flash(_("Deleted."), "success")
    return redirect(url_for("programme_manage.catalogue_list", kind=kind))


@manage_bp.route("/publish", methods=["GET", "POST"])
def publish():
    """Two steps, without any script: "Publish…" shows what will be published and how many
    delegates will be emailed; only "Publish now" on that step (confirm=yes, with the digest
    of the draft it showed) publishes."""
    event = event_or_404()
    confirmed = request.method == "POST" and request.form.get("confirm") == "yes"
    if confirmed:
        try:
            release = publishing.publish(event, current_user, request.form.get("reviewed", ""))
        except ServiceError as error:
            flash(str(error.message), "error")
        else:
            flash(
                ngettext(
                    "Release %(number)s is published. %(num)s delegate will be told of changes to their "
                    "saved sessions.",
                    "Release %(number)s is published. %(num)s delegates will be told of changes to their "
                    "saved sessions.",
                    release.notified,
                    number=release.number,
                ),
                "success",
            )
            return redirect(url_for("programme_manage.publish"))
    draft = publishing.review(event)
    return render_template(
        "programme/manage/publish.html",
        draft=draft,
        confirming=request.method == "POST" and not confirmed and not draft.missing and draft.changes,
        titles={s["id"]: s["title"]["en"] or s["title"]["ms"] for s in draft.data["sessions"]},
        releases=publishing.releases(event),
        kind_labels=publishing.KIND_LABELS,
        field_labels=publishing.FIELD_LABELS,
    )


@manage_bp.route("/preview")
def preview():
    programme = snapshot.draft_programme(event_or_404())
    return render_template("programme/manage/preview.html", programme=programme)


@manage_bp.route("/export.xlsx")
def export():
    return download(xlsx.export(event_or_404()), "programme.xlsx")
