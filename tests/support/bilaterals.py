"""Bilateral meetings as test data: rooms, slots and requests written straight to the
tables (the services under test make their own), each returned as a plain record."""

from datetime import datetime, timedelta, timezone
from itertools import count
from types import SimpleNamespace

from ascn.extensions import db

_serial = count(1)
# The first slot of the default event (ASCN8, 8–12 September 2025): 9 September, 10:00 in
# Kuala Lumpur.
FIRST_SLOT = datetime(2025, 9, 9, 2, 0, tzinfo=timezone.utc)


class BilateralsFactory:
    def __init__(self, app):
        self.app = app

    def settings(self, event_id, **values):
        from ascn.bilaterals.models import BilateralSettings

        with self.app.app_context():
            row = db.session.get(BilateralSettings, event_id) or BilateralSettings(event_id=event_id)
            row.open = values.pop("open", True)
            for name, value in values.items():
                setattr(row, name, value)
            db.session.add(row)
            db.session.commit()

    def room(self, event_id, capacity=8, **values):
        from ascn.bilaterals.models import BilateralRoom

        with self.app.app_context():
            n = next(_serial)
            room = BilateralRoom(
                event_id=event_id,
                name_en=values.pop("name_en", f"Meeting room {n}"),
                name_ms=values.pop("name_ms", f"Bilik mesyuarat {n}"),
                capacity=capacity,
                **values,
            )
            db.session.add(room)
            db.session.commit()
            return SimpleNamespace(id=room.id, name_en=room.name_en, capacity=room.capacity)

    def slots(self, event_id, count_=4, starts_at=FIRST_SLOT, minutes=30):
        """`count_` slots back to back from `starts_at`: their ids, in order."""
        from ascn.bilaterals.models import BilateralSlot

        with self.app.app_context():
            rows = [
                BilateralSlot(
                    event_id=event_id,
                    starts_at=starts_at + timedelta(minutes=minutes * n),
                    ends_at=starts_at + timedelta(minutes=minutes * (n + 1)),
                )
                for n in range(count_)
            ]
            db.session.add_all(rows)
            db.session.commit()
            return [row.id for row in rows]

    def request(
        self,
        event_id,
        requester_id,
        counterpart_id,
        status="pending",
        requester_people=(),
        counterpart_people=(),
        slot_ids=(),
        placed=None,
        **values,
    ):
        """A request between two delegations (ids of `Delegation` rows), with the people
        each side named, the slots that suit both, and, when `placed=(room_id, slot_id)`,
        its place (the request is then accepted)."""
        from ascn.bilaterals.models import BilateralParticipant, BilateralPreference, BilateralRequest
        from ascn.db import utcnow

        with self.app.app_context():
            room_id, slot_id = placed or (None, None)
            request = BilateralRequest(
                event_id=event_id,
                requester_id=requester_id,
                counterpart_id=counterpart_id,
                status="accepted" if placed else status,
                level=values.pop("level", "senior_official"),
                subject_en=values.pop("subject_en", "Smart mobility"),
                subject_ms=values.pop("subject_ms", "Mobiliti pintar"),
                answer_by=values.pop("answer_by", utcnow() + timedelta(days=3)),
                room_id=room_id,
                slot_id=slot_id,
                placed_at=utcnow() if placed else None,
                **values,
            )
            for side, people in (("requester", requester_people), ("counterpart", counterpart_people)):
                request.participants += [
                    BilateralParticipant(registration_id=person, side=side, slot_id=slot_id)
                    for person in people
                ]
                request.preferences += [BilateralPreference(slot_id=slot, side=side) for slot in slot_ids]
            db.session.add(request)
            db.session.commit()
            return SimpleNamespace(id=request.id, status=request.status)
