"""Where each accepted meeting goes (rule, no I/O): rooms, slots, requests and people's
taken slots in, a room and a slot per request out, and for each request left out the
reason.

A request may go to a room and a slot when the slot suits both sides, the room is free
then and fits (seats for everyone named, interpretation, flags), and every person named is
free then (no session, visit or other meeting). Fixed meetings (pinned, or placed before)
stay where they are and take their room and people.

The search: every request in turn, the most constrained first (fewest options), takes the
option that spoils the fewest options of the requests still waiting; then a repair pass
tries each request left out again, making room by moving one or two placed meetings to
other free options (an ejection chain two steps deep). Everything is visited in a fixed
order, so the same input always gives the same placement.
"""

from dataclasses import dataclass, field
from time import perf_counter

# Why a request was left out.
NO_COMMON_SLOT = "no_common_slot"  # no slot suits both sides
NO_ROOM = "no_room"  # no room fits (`missing`: capacity, interpretation or flags)
PEOPLE_TAKEN = "people_taken"  # in every suitable slot someone named is taken (`taken`)
ROOMS_FULL = "rooms_full"  # every fitting room is taken in the slots where all are free

# How deep an ejection chain goes: a request left out may move two placed meetings, each of
# which may move one more; deeper chains cost far more time for little gain.
DEPTH = 2
# The most options the repair looks at (well under a second for 400 requests).
STEP_BUDGET = 120_000


@dataclass(frozen=True)
class MeetingRoom:
    id: int
    capacity: int
    has_interpretation: bool = False
    has_flags: bool = False


@dataclass(frozen=True)
class Request:
    """A meeting to place. `slot_ids`: the slots that suit both sides. `fixed`: its
    (room id, slot id) when it stays where it is."""

    id: int
    people: tuple[int, ...]
    slot_ids: tuple[int, ...]
    needs_interpreter: bool = False
    needs_flags: bool = False
    fixed: tuple[int, int] | None = None

    @property
    def size(self) -> int:
        return len(self.people)


@dataclass(frozen=True)
class InMeeting:
    """What takes a person in a slot when it is another meeting of the placement."""

    request_id: int


@dataclass(frozen=True)
class Reason:
    code: str
    # NO_ROOM: what no room offers: "capacity", "interpretation", "flags".
    missing: tuple[str, ...] = ()
    # PEOPLE_TAKEN (and ROOMS_FULL, for the slots it could not use for people):
    # (slot id, person id, what takes them: the caller's busy value or `InMeeting`).
    taken: tuple[tuple[int, int, object], ...] = ()
    # ROOMS_FULL: the suitable slots where everyone is free but every fitting room is taken.
    full_slot_ids: tuple[int, ...] = ()


@dataclass
class Result:
    placed: dict[int, tuple[int, int]] = field(default_factory=dict)  # request id → (room, slot)
    left_out: dict[int, Reason] = field(default_factory=dict)


def fits(room: MeetingRoom, request: Request) -> bool:
    return (
        room.capacity >= request.size
        and (room.has_interpretation or not request.needs_interpreter)
        and (room.has_flags or not request.needs_flags)
    )


def place(rooms, slot_ids, requests, busy, time_budget: float = 1.5) -> Result:
    """Place `requests` (fixed ones stay) in `rooms` × `slot_ids` (slot ids in time order).
    `busy`: person id → {slot id: what takes them}. The repair stops after `time_budget`
    seconds, keeping what it found."""
    board = _Board(rooms, slot_ids, requests, busy)
    board.greedy()
    board.repair(perf_counter() + time_budget)
    return board.result()


def first_come_first_served(rooms, slot_ids, requests, busy) -> Result:
    """The baseline: requests in id order, each in its first free option."""
    board = _Board(rooms, slot_ids, requests, busy)
    for request in sorted(board.movable, key=lambda r: r.id):
        option = next(board.free_options(request), None)
        if option is not None:
            board.put(request, option)
    return board.result()


class _Board:
    def __init__(self, rooms, slot_ids, requests, busy):
        self.rooms = sorted(rooms, key=lambda room: (room.capacity, room.id))  # smallest first
        self.slot_order = {slot_id: n for n, slot_id in enumerate(slot_ids)}
        self.busy = busy
        self.requests = {request.id: request for request in requests}
        self.cell: dict[tuple[int, int], int] = {}  # (room, slot) → request id
        self.seat: dict[tuple[int, int], int] = {}  # (person, slot) → request id
        self.at: dict[int, tuple[int, int]] = {}  # request id → (room, slot)
        self.journal: list[tuple[str, object, tuple[int, int]]] = []  # to undo a failed chain
        self.empty = {(room.id, slot) for room in self.rooms for slot in slot_ids}
        for request in sorted(requests, key=lambda r: r.id):
            if request.fixed is not None:
                self.put(request, request.fixed)
        self.fixed = {r.id for r in requests if r.fixed is not None}
        self.movable = [r for r in sorted(requests, key=lambda r: r.id) if r.fixed is None]
        self.options = {request.id: self._static_options(request) for request in self.movable}
        self.rank = {rid: {option: n for n, option in enumerate(opts)} for rid, opts in self.options.items()}
        self.users: dict[tuple[int, int], list[int]] = {}  # cell → requests that may use it
        for request in self.movable:
            for option in self.options[request.id]:
                self.users.setdefault(option, []).append(request.id)
        self.steps = 0

    def _static_options(self, request) -> list[tuple[int, int]]:
        """(room, slot) pairs the request could ever take: a suitable slot in which no
        person is busy elsewhere, a fitting room; by slot in time order, smallest room first."""
        slots = sorted((s for s in set(request.slot_ids) if s in self.slot_order), key=self.slot_order.get)
        rooms = [room.id for room in self.rooms if fits(room, request)]
        return [
            (room, slot)
            for slot in slots
            if not any(slot in self.busy.get(person, ()) for person in request.people)
            for room in rooms
        ]

    def is_free(self, request, option) -> bool:
        room, slot = option
        if self.cell.get(option, request.id) != request.id:
            return False
        return all(self.seat.get((person, slot), request.id) == request.id for person in request.people)

    def free_options(self, request):
        return (option for option in self.options[request.id] if self.is_free(request, option))

    def first_free(self, request) -> tuple[int, int] | None:
        """The request's first free option. A nearly full grid has few empty cells: then
        those are looked at rather than every option of the request."""
        rank = self.rank[request.id]
        if len(self.empty) >= len(rank):
            return next(self.free_options(request), None)
        found = [cell for cell in self.empty if cell in rank and self.is_free(request, cell)]
        return min(found, key=rank.get) if found else None

    def put(self, request, option) -> None:
        room, slot = option
        self.cell[option] = request.id
        self.empty.discard(option)
        for person in request.people:
            self.seat[(person, slot)] = request.id
        self.at[request.id] = option
        self.journal.append(("put", request, option))

    def take_out(self, request) -> None:
        option = self.at.pop(request.id)
        del self.cell[option]
        self.empty.add(option)
        for person in request.people:
            del self.seat[(person, option[1])]
        self.journal.append(("out", request, option))

    def undo_to(self, mark: int) -> None:
        while len(self.journal) > mark:
            action, request, option = self.journal.pop()
            if action == "put":
                self.take_out(request)
            else:
                self.put(request, option)
            self.journal.pop()  # the undoing step itself

    def blockers(self, request, option) -> set[int] | None:
        """The placed requests in the way of `option`; None when a fixed one is."""
        room, slot = option
        found = {self.cell[option]} if option in self.cell else set()
        found |= {self.seat[(p, slot)] for p in request.people if (p, slot) in self.seat}
        found.discard(request.id)
        return None if found & self.fixed else found

    # The greedy pass.

    def greedy(self) -> None:
        waiting = sorted(self.movable, key=lambda r: (len(self.options[r.id]), -r.size, r.id))
        # How many waiting requests could use each cell, and each person's time in a slot.
        demand_cell: dict[tuple[int, int], int] = {}
        demand_seat: dict[tuple[int, int], int] = {}
        for request in waiting:
            for option in self.options[request.id]:
                demand_cell[option] = demand_cell.get(option, 0) + 1
            for slot in {slot for _, slot in self.options[request.id]}:
                for person in request.people:
                    demand_seat[(person, slot)] = demand_seat.get((person, slot), 0) + 1
        for request in waiting:
            best, best_cost = None, None
            for option in self.free_options(request):
                room, slot = option
                cost = demand_cell[option] + sum(demand_seat[(p, slot)] for p in request.people)
                if best_cost is None or cost < best_cost:
                    best, best_cost = option, cost
            for option in self.options[request.id]:
                demand_cell[option] -= 1
            for slot in {slot for _, slot in self.options[request.id]}:
                for person in request.people:
                    demand_seat[(person, slot)] -= 1
            if best is not None:
                self.put(request, best)

    # The repair pass.

    def repair(self, deadline: float) -> None:
        improved = True
        # Each chain that succeeds places one more meeting, so it ends in an empty cell.
        while improved and self.empty and self._within(deadline):
            improved = False
            for request in self.movable:
                if request.id not in self.at and self._within(deadline):
                    improved |= self._insert(request, DEPTH, frozenset({request.id}))

    def _within(self, deadline: float) -> bool:
        # The step budget keeps the outcome the same on every machine; the clock only
        # guards against a far slower one.
        return self.steps < STEP_BUDGET and perf_counter() < deadline

    def _insert(self, request, depth: int, frozen: frozenset) -> bool:
        """Place `request`, moving at most two placed meetings (one, below the first step)
        to other options, `depth` steps deep; `frozen` meetings are not moved again in this
        chain. Everything is undone when it fails."""
        option = self.first_free(request)
        if option is not None:
            self.put(request, option)
            return True
        if depth == 0:
            return False
        width = 2 if depth == DEPTH else 1
        # The last meeting moved must go to an empty cell: with few empty cells, only the
        # meetings that could take one are worth moving on the last step.
        last = self._could_fill() if depth == 1 else None
        for option in self.options[request.id]:
            self.steps += 1
            occupant = self.cell.get(option)
            if last is not None and occupant is not None and occupant not in last:
                continue
            found = self.blockers(request, option)
            if not found or len(found) > width or found & frozen:
                continue
            if last is not None and not found <= last:
                continue
            mark = len(self.journal)
            moved = [self.requests[rid] for rid in sorted(found)]
            for meeting in moved:
                self.take_out(meeting)
            self.put(request, option)
            chain = frozen | found
            if all(self._insert(meeting, depth - 1, chain) for meeting in moved):
                return True
            self.undo_to(mark)
        return False

    def _could_fill(self) -> set[int] | None:
        if len(self.empty) > 8:
            return None
        return {rid for cell in self.empty for rid in self.users.get(cell, ())}

    # The outcome.

    def result(self) -> Result:
        result = Result()
        for request in self.movable:
            if request.id in self.at:
                result.placed[request.id] = self.at[request.id]
            else:
                result.left_out[request.id] = self.reason(request)
        return result

    def reason(self, request) -> Reason:
        slots = sorted((s for s in set(request.slot_ids) if s in self.slot_order), key=self.slot_order.get)
        if not slots:
            return Reason(NO_COMMON_SLOT)
        if not any(fits(room, request) for room in self.rooms):
            return Reason(NO_ROOM, missing=self._missing(request))
        taken, full = [], []
        for slot in slots:
            here = []
            for person in request.people:
                if slot in self.busy.get(person, {}):
                    here.append((slot, person, self.busy[person][slot]))
                elif (person, slot) in self.seat:
                    here.append((slot, person, InMeeting(self.seat[(person, slot)])))
            if here:
                taken += here
            else:
                full.append(slot)
        if full:
            return Reason(ROOMS_FULL, taken=tuple(taken), full_slot_ids=tuple(full))
        return Reason(PEOPLE_TAKEN, taken=tuple(taken))

    def _missing(self, request) -> tuple[str, ...]:
        rooms = [room for room in self.rooms if room.capacity >= request.size]
        if not rooms:
            return ("capacity",)
        missing = []
        if request.needs_interpreter and not any(room.has_interpretation for room in rooms):
            missing.append("interpretation")
        if request.needs_flags and not any(room.has_flags for room in rooms):
            missing.append("flags")
        if len(missing) < 2 and request.needs_interpreter and request.needs_flags:
            if not any(room.has_interpretation and room.has_flags for room in rooms):
                missing = ["interpretation", "flags"]  # each exists, never in the same room
        return tuple(missing)
