"""What a scanner keeps to decide offline (a query): for each delegate of the event, the
badge serial the organisers stand by, a digest of the badge's token, the name shown on
the screen and what scanning that badge at this list means; and who is inside now.

No more than the screen shows: no email, no country, no photo bytes (the phone fetches a
photo when it shows one). A digest, not the token, so a copy of a phone's data prints no
badge, while the phone can still tell a genuine badge from a forged one without the
server's key. For 5,000 delegates this is about 300 KB of JSON.
"""

import base64
import hashlib

from sqlalchemy import and_, select

from ascn.badges import tokens
from ascn.badges.models import Badge
from ascn.checkin.models import CheckinList, Presence
from ascn.checkin.rules import Facts, eligibility
from ascn.checkin.scanning import list_rule
from ascn.db import utcnow
from ascn.extensions import db
from ascn.registration.models import Registration
from ascn.visits.models import VisitBooking

FORMAT = 1
DIGEST_BYTES = 9  # 72 bits, as many as the token's own signature


def token_digest(token: str) -> str:
    """What the scanner page compares: base64url of the first bytes of SHA-256 of the
    token as read from the QR code (decide.js computes the same with WebCrypto)."""
    raw = hashlib.sha256(token.encode("ascii")).digest()[:DIGEST_BYTES]
    return base64.urlsafe_b64encode(raw).decode("ascii")


def snapshot(checkin_list: CheckinList) -> dict:
    rule = list_rule(checkin_list)
    columns = [
        Registration.id,
        Registration.badge_name,
        Registration.status,
        Registration.identity_change_pending,
        Registration.category_id,
        Registration.has_photo,
        Badge.serial,
    ]
    stmt = select(*columns).outerjoin(Badge, Badge.registration_id == Registration.id)
    if checkin_list.kind == "visit":
        stmt = stmt.add_columns(VisitBooking.status).outerjoin(
            VisitBooking,
            and_(
                VisitBooking.registration_id == Registration.id,
                VisitBooking.visit_id == checkin_list.visit_id,
            ),
        )
    stmt = stmt.where(Registration.event_id == checkin_list.event_id, Registration.purged_at.is_(None))
    people = []
    for row in db.session.execute(stmt.order_by(Registration.id)):
        serial = row[6] or 1
        facts = Facts(
            status=row[2],
            change_pending=row[3],
            category_id=row[4],
            current_serial=serial,
            booking=row[7] if checkin_list.kind == "visit" else None,
        )
        people.append(
            [
                row[0],
                serial,
                token_digest(tokens.sign(row[0], serial)),
                row[1],
                eligibility(rule, facts),
                int(row[5]),
            ]
        )
    inside = db.session.execute(
        select(Presence.registration_id, Presence.since).where(
            Presence.list_id == checkin_list.id, Presence.inside.is_(True)
        )
    )
    return {
        "format": FORMAT,
        "list": checkin_list.id,
        "kind": checkin_list.kind,
        "taken_at": utcnow().isoformat(),
        # [registration id, current serial, token digest, name, outcome of a scan, has photo]
        "people": people,
        "inside": [[registration_id, since.isoformat()] for registration_id, since in inside],
    }
