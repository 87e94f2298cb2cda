"""Phones of a list as its organisers handle them: a new device with its one-time code,
shown once as text and as a QR code of the pairing page's address, and every device of a
lost list revoked at once. The device rules themselves are in `devices.py`.

`add_device` and `revoke_all` are services; `pairing_link` and `qr_data_url` are rules.
"""

from dataclasses import dataclass
from datetime import datetime

import segno
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select, update

from ascn.checkin import devices
from ascn.checkin.models import CheckinList, Device
from ascn.db import utcnow
from ascn.errors import ServiceError
from ascn.extensions import db
from ascn.transactions import unit_of_work
from ascn.urls import public_url


@dataclass
class NewDevice:
    device: Device
    code: str  # the one-time code: shown once, never stored
    expires_at: datetime


@unit_of_work
def add_device(checkin_list: CheckinList, name: str, actor) -> NewDevice:
    """A device waiting to be paired. Its name must tell it apart from the list's other
    live devices (paired, or with a code still valid), which also refuses a form sent twice:
    the list's row is locked first, so a twin request waits and then finds this device.
    FOR NO KEY UPDATE, which the scans being stored at the list (holding its key) do not
    wait for."""
    name = (name or "").strip()
    locked = db.session.scalar(
        select(CheckinList.id).where(CheckinList.id == checkin_list.id).with_for_update(key_share=True)
    )
    if locked is None:
        raise ServiceError(_l("This list has just been deleted."))
    now = utcnow()
    live = (
        select(Device.id)
        .where(
            Device.list_id == checkin_list.id,
            Device.revoked_at.is_(None),
            func.lower(Device.name) == name.lower(),
            or_(Device.paired_at.is_not(None), Device.pairing_expires_at > now),
        )
        .limit(1)
    )
    if name and db.session.scalar(live) is not None:
        raise ServiceError(_l("Another device of this list has this name: choose another one."), field="name")
    device, code = devices.create(checkin_list, name, actor)
    return NewDevice(device, code, device.pairing_expires_at)


@unit_of_work
def revoke_all(checkin_list: CheckinList, actor) -> int:
    """Every device of the list that is not revoked yet; how many."""
    result = db.session.execute(
        update(Device)
        .where(Device.list_id == checkin_list.id, Device.revoked_at.is_(None))
        .values(revoked_at=utcnow(), revoked_by_id=actor.id, pairing_digest=None)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount


def pairing_link(code: str) -> str:
    """The scanner's pairing page with the code filled in, for a phone's camera. Built from
    the configured public address, never from the Host this request came with."""
    return public_url("checkin.pair", code=code)


def qr_data_url(text: str) -> str:
    """`text` as an SVG QR code inline (a data: URL): nothing stored, nothing fetched."""
    return segno.make(text, error="m", micro=False).svg_data_uri(scale=6, border=2, dark="#000", light="#fff")
