"""What a scanner sends (a rule): one scan as an `Item`, and a request body read into
items, or refused with a message. `ascn.checkin.scanning.record` stores and judges them."""

from dataclasses import dataclass
from datetime import datetime, timezone

from flask_babel import lazy_gettext as _l

from ascn.checkin.models import DIRECTIONS, OUTCOMES
from ascn.errors import ServiceError
from ascn.ids import parse_id

MAX_BATCH = 1000  # the scanner sends its queue in batches of 200
MAX_CLIENT_ID = 40
TOO_MANY = _l("Send at most %(max)d scans at a time.", max=MAX_BATCH)


@dataclass(frozen=True)
class Item:
    """One scan as a device sends it."""

    client_id: str
    direction: str = "in"
    token: str = ""
    registration_id: int | None = None  # a manual check-in names the delegate instead
    scanned_at: datetime | None = None  # the device's clock; None online
    device_outcome: str | None = None  # what the device showed offline

    @property
    def manual(self) -> bool:
        return self.registration_id is not None


def parse_batch(payload, offline: bool) -> list[Item]:
    """The scans of a request body ({"scans": [...]}); a ServiceError for a body that is
    not one. Offline scans carry their time and what the device showed."""
    scans = payload.get("scans") if isinstance(payload, dict) else None
    if not isinstance(scans, list) or not scans:
        raise ServiceError(_l("Send the scans as a list."))
    if len(scans) > MAX_BATCH:
        raise ServiceError(TOO_MANY)
    return [_parse_item(raw, offline) for raw in scans]


def _parse_item(raw, offline: bool) -> Item:
    if not isinstance(raw, dict):
        raise ServiceError(_l("A scan could not be read."))
    client_id = raw.get("id")
    if not isinstance(client_id, str) or not client_id.strip() or len(client_id) > MAX_CLIENT_ID:
        raise ServiceError(_l("A scan has no valid id."))
    direction = raw.get("direction", "in")
    if direction not in DIRECTIONS:
        raise ServiceError(_l("A scan is neither an entry nor an exit."))
    token = raw.get("token") or ""
    registration_id = parse_id(raw["registration"]) if raw.get("registration") is not None else None
    if not isinstance(token, str) or (not token.strip() and registration_id is None):
        raise ServiceError(_l("A scan names no badge."))
    scanned_at = device_outcome = None
    if offline:
        scanned_at = _parse_time(raw.get("at"))
        device_outcome = raw.get("outcome")
        if scanned_at is None or device_outcome not in OUTCOMES:
            raise ServiceError(_l("An offline scan needs its time and the outcome shown."))
    return Item(client_id.strip(), direction, token[:200], registration_id, scanned_at, device_outcome)


def _parse_time(value) -> datetime | None:
    """A moment with its time zone; None for anything else (a time at the calendar's ends,
    which cannot even be moved to UTC, included)."""
    if not isinstance(value, str) or len(value) > 40:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        moment = moment.astimezone(timezone.utc) if moment.tzinfo is not None else None
    except (ValueError, OverflowError):
        return None
    return moment
