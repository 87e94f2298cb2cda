"""The scanner page's API, under `/<event>/api/checkin`: the device's state, its offline
data, a scan decided now, a batch of offline scans, a photo, a search, signing out.

Every call carries `Authorization: Device <secret>`; the device must belong to this event
and the person who paired it must still scan at its list. Answers are JSON, errors too,
with a `code` the page acts on (`unpaired`, `revoked`, `not_assigned`, `refused`).
"""

import json

from flask import Response, abort, g, jsonify, request
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ascn.access import event_or_404
from ascn.checkin import api_bp as bp
from ascn.checkin import devices, offline, scanning
from ascn.errors import ServiceError
from ascn.events import scope
from ascn.extensions import db
from ascn.i18n import pick
from ascn.registration.models import Registration, RegistrationPhoto
from ascn.registration.people import fold

SEARCH_LIMIT = 20
MAX_BODY = 2 * 1024 * 1024  # a batch of 1,000 scans is about 200 KB


def _refuse(code: str, status: int, message: str = ""):
    response = jsonify({"code": code, "message": message})
    response.status_code = status
    return response


# The event comes with the device, in one query (ascn/events/scope.py).
scope.loads_its_event(bp.name)


@bp.before_request
def check_device():
    header = request.headers.get("Authorization", "")
    scheme, _, secret = header.partition(" ")
    device, assigned = (
        devices.authenticate(g.event_slug, secret) if scheme.lower() == "device" else (None, False)
    )
    if device is None:
        # Only now is the slug looked up alone: an unknown event is a 404, as everywhere.
        g.event = scope.event_by_slug(g.event_slug)
        event_or_404()
        return _refuse("unpaired", 401)
    g.event = device.checkin_list.event
    g.device = device
    # A revoked device may still hand over the scans it made before (nothing is lost).
    if device.revoked_at is not None and request.endpoint != "checkin_api.sync":
        return _refuse("revoked", 403)
    if device.paired_by is None or not devices.may_scan(device.paired_by, device.checkin_list, assigned):
        return _refuse("not_assigned", 403)
    return None


@bp.get("/device")
def device_state():
    """Also the page's "is the server there?" probe: small and quick."""
    device = g.device
    return jsonify(
        {
            "device": device.id,
            "name": device.name,
            "list": device.checkin_list.id,
            "list_name": device.checkin_list.name,
            "kind": device.checkin_list.kind,
        }
    )


@bp.get("/offline")
def offline_data():
    # UTF-8 as it is: a Thai or Jawi name in JSON escapes would take twice the bytes.
    body = json.dumps(offline.snapshot(g.device.checkin_list), ensure_ascii=False, separators=(",", ":"))
    response = Response(body, mimetype="application/json")
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/scans")
def scan():
    """A scan decided now, online."""
    return _record(offline_batch=False)


@bp.post("/sync")
def sync():
    """Scans decided on the phone while offline, sent when the network returned."""
    return _record(offline_batch=True)


def _record(offline_batch: bool):
    if (request.content_length or 0) > MAX_BODY:
        return _refuse("refused", 413, str(scanning.TOO_MANY))
    payload = request.get_json(silent=True)
    try:
        items = scanning.parse_batch(payload, offline=offline_batch)
    except ServiceError as error:
        return _refuse("refused", 400, str(error.message))
    results = scanning.record(g.device, items)
    return jsonify({"results": [_present(result) for result in results]})


def _present(result: scanning.Result) -> dict:
    # Only what the service read inside its transaction: no row is loaded again after it.
    person = result.person
    return {
        "id": result.client_id,
        "outcome": result.outcome,
        "admitted": result.admitted,
        "duplicate": result.duplicate,
        "conflict": result.conflict,
        "error": result.error,
        "person": _scanned(person) if person is not None else None,
        "entered": {"at": result.entered_at.isoformat(), "device": result.entered_device}
        if result.entered_at
        else None,
    }


def _scanned(person: scanning.Person) -> dict:
    return {
        "id": person.id,
        "name": person.name,
        "category": pick(person.category),
        "country": pick(person.country),
        "photo": person.has_photo,
    }


def _person(registration: Registration) -> dict:
    return {
        "id": registration.id,
        "name": registration.badge_name,
        "category": str(registration.category.label),
        "country": str(registration.country.name),
        "photo": registration.has_photo,
    }


@bp.get("/photos/<int:registration_id>")
def photo(registration_id: int):
    registration = db.session.get(Registration, registration_id)
    if registration is None or registration.event_id != g.event.id or not registration.has_photo:
        abort(404)
    stored = db.session.get(RegistrationPhoto, registration_id)
    if stored is None:
        abort(404)
    response = Response(stored.data, mimetype=stored.content_type)
    response.headers["Cache-Control"] = "private, max-age=86400"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.get("/search")
def search():
    """Delegates by name, for a check-in by hand (offline the page searches its own data)."""
    words = fold(request.args.get("q", "")[:200]).split()[:6]
    if not words:
        return jsonify({"people": []})
    stmt = select(Registration).where(Registration.event_id == g.event.id, Registration.purged_at.is_(None))
    for word in words:
        stmt = stmt.where(Registration.search_text.contains(word, autoescape=True))
    rows = db.session.scalars(
        stmt.options(joinedload(Registration.category), joinedload(Registration.country))
        .order_by(Registration.badge_name, Registration.id)
        .limit(SEARCH_LIMIT)
    )
    return jsonify({"people": [_person(registration) for registration in rows]})


@bp.post("/sign-out")
def sign_out():
    """The scanner signs out: the device is revoked, and the page wipes its data."""
    devices.revoke(g.device, g.device.paired_by)
    return jsonify({"code": "revoked"})
