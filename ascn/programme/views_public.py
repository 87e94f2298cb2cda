"""The published programme for everyone; the personal agenda for logged-in users."""

from datetime import date

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user

from ascn.access import can, event_or_404, guard
from ascn.db import utcnow
from ascn.downloads import download
from ascn.errors import ServiceError
from ascn.extensions import db
from ascn.i18n import current_language
from ascn.ids import parse_id
from ascn.programme import agenda, agenda_items, booklet, bp, snapshot
from ascn.programme.calendar import calendar
from ascn.programme.calendar_links import calendar_links
from ascn.programme.models import Speaker
from ascn.urls import public_url, safe_next

guard(
    bp, public=("index", "session", "session_ics", "speakers", "speaker", "speaker_photo", "booklet", "feed")
)


def _published():
    return snapshot.latest_programme(event_or_404())


def _session_url(session) -> str:
    return url_for("programme.session", session_id=session.id, _external=True)


def _ics(body: bytes, filename: str):
    return download(body, filename, cache="private, max-age=300")


@bp.route("/programme")
def index():
    programme = _published()
    if programme is None:
        return render_template("programme/index.html", programme=None)
    filters = {name + "_id": parse_id(request.args.get(name)) for name in ("type", "track", "room")}
    query = request.args.get("q", "")[:100].strip()
    found = programme.filtered(query=query, **filters)
    searching = query or any(filters.values())
    try:
        day = date.fromisoformat(request.args.get("day", ""))
    except ValueError:
        day = None
    today = programme.local(utcnow()).date()
    if day not in programme.days:
        day = today if today in programme.days else programme.days[0]
    running, upcoming = programme.now_and_next(utcnow())
    return render_template(
        "programme/index.html",
        programme=programme,
        day=None if searching else day,
        sessions=found if searching else programme.on_day(day, found),
        searching=searching,
        query=query,
        filters=filters,
        running=running,
        upcoming=upcoming,
        saved=agenda.saved_ids(current_user),
    )


@bp.route("/programme/sessions/<int:session_id>")
def session(session_id):
    programme = _published()
    found = programme.by_id.get(session_id) if programme else None
    if found is None:
        abort(404)
    return render_template(
        "programme/session.html", session=found, saved=agenda.saved_ids(current_user), programme=programme
    )


@bp.route("/programme/sessions/<int:session_id>.ics")
def session_ics(session_id):
    programme = _published()
    found = programme.by_id.get(session_id) if programme else None
    if found is None:
        abort(404)
    return _ics(calendar([found], found.title, _session_url), f"session-{session_id}.ics")


@bp.route("/programme/speakers")
def speakers():
    programme = _published()
    people = sorted(programme.speakers.values(), key=lambda s: s.full_name.casefold()) if programme else []
    return render_template("programme/speakers.html", speakers=[s for s in people if s.sessions])


@bp.route("/programme/speakers/<int:speaker_id>")
def speaker(speaker_id):
    programme = _published()
    found = programme.speakers.get(speaker_id) if programme else None
    if found is None or not found.sessions:
        abort(404)
    return render_template("programme/speaker.html", speaker=found)


@bp.route("/programme/speakers/<int:speaker_id>/photo")
def speaker_photo(speaker_id):
    programme = _published()
    found = programme.speakers.get(speaker_id) if programme else None
    manager = can("manage_programme")
    if found is None and not manager:
        abort(404)
    row = db.session.get(Speaker, speaker_id)
    if row is None or row.photo is None or row.event_id != event_or_404().id:
        abort(404)
    return row.photo, 200, {"Content-Type": "image/jpeg", "Cache-Control": "public, max-age=604800"}


@bp.route("/programme/booklet.pdf", endpoint="booklet")
def booklet_pdf():
    """The printable booklet, in the language asked for (?lang=ms|en) or the reader's."""
    programme = _published()
    if programme is None:
        abort(404)
    language = request.args.get("lang") or current_language()
    if language not in ("en", "ms"):
        abort(400)
    pdf = booklet.render(event_or_404(), programme, language)
    return download(pdf, f"programme-{language}.pdf", inline=True)


@bp.route("/agenda", endpoint="agenda")
def agenda_page():
    event = event_or_404()
    mine, clashing = agenda.agenda(event, current_user)
    programme = _published()
    others = agenda_items.items(event, current_user)
    other_days = {event.local(item.starts_at).date() for item in others}
    all_days = sorted(set(programme.days if programme else []) | other_days)
    days = [
        (
            day,
            [s for s in mine if s.day == day],
            [i for i in others if event.local(i.starts_at).date() == day],
        )
        for day in all_days
    ]
    token = agenda.feed_token(current_user)
    return render_template(
        "programme/agenda.html",
        days=[(day, items, extra) for day, items, extra in days if items or extra],
        clashing=clashing,
        # Handed to Google and Outlook, which fetch it for months: the public address, never
        # the one this request came in by.
        feed=calendar_links(
            public_url("programme.feed", token=token),
            _("My agenda · %(event)s", event=event.short_name),
        ),
        saved={s.id for s in mine},
    )


def _agenda_answer(saved: bool, message: str):
    if request.accept_mimetypes.best == "application/json":
        return jsonify(saved=saved, message=message)
    flash(message, "success")
    return redirect(safe_next("programme.index"))


@bp.route("/agenda/sessions/<int:session_id>/save", methods=["POST"])
def save_session(session_id):
    try:
        agenda.save(event_or_404(), current_user, session_id)
    except ServiceError as error:
        if request.accept_mimetypes.best == "application/json":
            return jsonify(error=str(error.message)), 404
        abort(404)
    return _agenda_answer(True, _("Added to your agenda."))


@bp.route("/agenda/sessions/<int:session_id>/remove", methods=["POST"])
def remove_session(session_id):
    agenda.remove(current_user, session_id)
    return _agenda_answer(False, _("Removed from your agenda."))


@bp.route("/agenda/feed/reset", methods=["POST"])
def reset_feed():
    """Only with the explicit confirmation the page's second step sends: every calendar
    subscribed with the old address stops receiving updates."""
    if request.form.get("confirm") != "yes":
        flash(_("Your calendar address has not been changed: confirm that you want a new one."), "error")
        return redirect(url_for("programme.agenda"))
    agenda.reset_feed_token(current_user)
    flash(_("Your calendar address has been changed. Subscribe again with the new address."), "success")
    return redirect(url_for("programme.agenda"))


@bp.route("/agenda/feed/<token>.ics")
def feed(token):
    """The user's agenda as a calendar subscription; the secret in the address is the
    only key, so an unknown or reset one is a plain 404."""
    user = agenda.user_for_token(token)
    if user is None:
        abort(404)
    mine, _clashing = agenda.agenda(event_or_404(), user)
    others = agenda_items.items(event_or_404(), user)
    with force_locale(user.locale):  # a calendar app sends no language: use the profile's
        name = _("My agenda · %(event)s", event=event_or_404().short_name)
        body = calendar(mine, name, _session_url, language=user.locale, items=others)
    return _ics(body, "agenda.ics")
