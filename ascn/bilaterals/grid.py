"""The grid of rooms × slots for one day (query): each placed meeting with where it may
move on that day, and for each empty cell the waiting requests that fit there. A constant
number of queries, whatever the number of meetings."""

from dataclasses import dataclass, field
from datetime import date

from ascn.bilaterals import busy
from ascn.bilaterals.explaining import describe_meeting, slot_label
from ascn.bilaterals.models import BilateralRequest, BilateralRoom, BilateralSlot
from ascn.bilaterals.problem import accepted_requests, room_problems, suitable_slots
from ascn.bilaterals.rooms import rooms as rooms_of
from ascn.bilaterals.rooms import slots as slots_of
from ascn.dates import format_time


@dataclass
class Choice:
    value: str  # "room id:slot id" for a move, the request id for an empty cell
    label: str


@dataclass
class Cell:
    room: BilateralRoom
    slot: BilateralSlot
    meeting: BilateralRequest | None = None
    choices: list[Choice] = field(default_factory=list)  # moves, or requests to place here


@dataclass
class Grid:
    days: list[date]
    day: date | None
    rooms: list[BilateralRoom]
    rows: list[tuple[BilateralSlot, list[Cell]]]
    waiting: int  # accepted requests without a place, all days
    placed: int  # meetings placed, all days

    def cells_of(self, room):
        """One room's cells, slot by slot (the card of a room on a phone)."""
        index = self.rooms.index(room)
        return [(slot, cells[index]) for slot, cells in self.rows]


def place_value(room_id: int, slot_id: int) -> str:
    return f"{room_id}:{slot_id}"


def grid(event, day: date | None) -> Grid:
    rooms, slots = rooms_of(event), slots_of(event)
    days = sorted({event.local(slot.starts_at).date() for slot in slots})
    if day not in days:
        day = days[0] if days else None
    shown = [slot for slot in slots if event.local(slot.starts_at).date() == day]
    requests = accepted_requests(event)
    all_slot_ids = [slot.id for slot in slots]
    found = busy.engagements(event, {p.registration_id for r in requests for p in r.participants})
    taken_then = {slot.id: busy.clashes(found, slot.starts_at, slot.ends_at) for slot in shown}
    at = {(r.room_id, r.slot_id): r for r in requests if r.is_placed}
    waiting = [r for r in requests if not r.is_placed]
    suits = suitable_slots(event, all_slot_ids)
    fitting = {(r.id, room.id): not room_problems(room, r) for r in requests for room in rooms}

    def free(request, slot) -> bool:
        clashes = taken_then[slot.id]
        for participant in request.participants:
            for item in clashes.get(participant.registration_id, ()):
                if not (item.kind == "bilateral" and item.ref == request.id):
                    return False
        return True

    def fits_here(request, room, slot) -> bool:
        return fitting[(request.id, room.id)] and slot.id in suits.get(request.id, ()) and free(request, slot)

    rows = []
    for slot in shown:
        cells = []
        for room in rooms:
            meeting = at.get((room.id, slot.id))
            cell = Cell(room, slot, meeting)
            if meeting is None:
                cell.choices = [
                    Choice(str(r.id), _waiting_label(r)) for r in waiting if fits_here(r, room, slot)
                ]
            cells.append(cell)
        rows.append((slot, cells))
    for _, cells in rows:
        for cell in cells:
            if cell.meeting is not None:
                cell.choices = [
                    Choice(
                        place_value(other.room.id, other.slot.id),
                        f"{other.room.name} · {slot_label(event, other.slot)}",
                    )
                    for _, others in rows
                    for other in others
                    if other.meeting is None and fits_here(cell.meeting, other.room, other.slot)
                ]
    return Grid(days, day, rooms, rows, waiting=len(waiting), placed=len(at))


def _waiting_label(request) -> str:
    return f"{describe_meeting(request)} ({len(request.participants)})"


def time_label(slot) -> str:
    return f"{format_time(slot.starts_at)}–{format_time(slot.ends_at)}"
