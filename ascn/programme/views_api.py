"""Read-only JSON of the published programme, in both languages, for phones and
displays. Every answer carries the release's ETag and Last-Modified; a poll with
If-None-Match or If-Modified-Since costs one small query and returns 304."""

from datetime import date

from flask import abort, g, jsonify, request, url_for

from ascn.ids import MAX_ID, parse_id
from ascn.programme import api_bp, snapshot
from ascn.programme.openapi import PREFIX, document

# Open to everyone, like the published programme itself: no guard here on purpose.
FILTERS = {"day", "type", "track", "room", "q"}


class BadParameter(Exception):
    def __init__(self, name: str, message: str):
        super().__init__(message)
        self.name, self.message = name, message


@api_bp.errorhandler(BadParameter)
def bad_parameter(error):
    return jsonify(error="bad_parameter", parameter=error.name, message=error.message), 400


# Other errors (404, 405, 429, ...) answer JSON under /api/ through the app's handlers
# (ascn/errors.py), which also keep a 405's Allow header.


def _head():
    if g.event is None:
        abort(404, "No event is set up.")
    head = snapshot.head(g.event)
    if head is None:
        abort(404, "The programme has not been published yet.")
    return head


def _cached(payload_builder):
    """Answer 304 when the client holds this release, else the JSON with validators."""
    head = _head()
    etag = f"{head.digest[:32]}"
    if request.if_none_match.contains(etag) or (
        not request.if_none_match
        and request.if_modified_since
        and request.if_modified_since >= head.published_at.replace(microsecond=0)
    ):
        response = current_response(None, 304)
    else:
        programme = snapshot.latest_programme(g.event, head)
        response = current_response(payload_builder(programme, head), 200)
    response.set_etag(etag)
    response.last_modified = head.published_at
    response.headers["Cache-Control"] = "public, max-age=30, must-revalidate"
    return response


def current_response(payload, status):
    if payload is None:
        response = jsonify()
        response.set_data(b"")
    else:
        response = jsonify(payload)
    response.status_code = status
    return response


def _int(name):
    value = request.args.get(name)
    if value is None:
        return None
    number = parse_id(value)
    if number is None:
        raise BadParameter(name, f"'{name}' must be a whole number from 1 to {MAX_ID}, in ASCII digits.")
    return number


def _check_params(allowed):
    unknown = sorted(set(request.args) - allowed)
    if unknown:
        raise BadParameter(
            unknown[0], f"Unknown parameter '{unknown[0]}'. Allowed: {', '.join(sorted(allowed))}."
        )


def _session_json(s, data_by_id):
    item = dict(data_by_id[s.id])
    item["url"] = url_for("programme.session", session_id=s.id, _external=True)
    item["ics"] = url_for("programme.session_ics", session_id=s.id, _external=True)
    return item


def _meta(programme, head):
    return {
        "release": head.number,
        "published_at": head.published_at.isoformat(),
        "event": programme.data["event"],
    }


@api_bp.route("")
def programme_all():
    _check_params(set())
    return _cached(lambda programme, head: {**_meta(programme, head), **programme.data})


@api_bp.route("/sessions")
def sessions_list():
    _check_params(FILTERS)
    day = request.args.get("day")
    if day is not None:
        try:
            day = date.fromisoformat(day)
        except ValueError:
            raise BadParameter("day", "'day' must be a date like 2025-09-08.") from None
    filters = {"type_id": _int("type"), "track_id": _int("track"), "room_id": _int("room")}
    query = request.args.get("q", "")
    if len(query) > 100:
        raise BadParameter("q", "'q' may be at most 100 characters.")

    def build(programme, head):
        found = programme.filtered(query=query, **filters)
        if day is not None:
            found = programme.on_day(day, found)
        by_id = {s["id"]: s for s in programme.data["sessions"]}
        return {
            **_meta(programme, head),
            "count": len(found),
            "sessions": [_session_json(s, by_id) for s in found],
        }

    return _cached(build)


@api_bp.route("/sessions/<int:session_id>")
def session_detail(session_id):
    _check_params(set())

    def build(programme, head):
        if session_id not in programme.by_id:
            abort(404, "No published session has this id.")
        by_id = {s["id"]: s for s in programme.data["sessions"]}
        return {**_meta(programme, head), "session": _session_json(programme.by_id[session_id], by_id)}

    return _cached(build)


@api_bp.route("/speakers")
def speakers_list():
    _check_params(set())
    return _cached(lambda programme, head: {**_meta(programme, head), "speakers": programme.data["speakers"]})


@api_bp.route("/rooms")
def rooms_list():
    _check_params(set())
    return _cached(lambda programme, head: {**_meta(programme, head), "rooms": programme.data["rooms"]})


@api_bp.route("/openapi.json")
def openapi():
    root = url_for("programme_api.programme_all", _external=True).removesuffix(PREFIX)
    return jsonify(document(root))
