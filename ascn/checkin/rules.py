"""What a scan means: a rule with no I/O, asked by the server for every scan and mirrored
by the scanner page offline (ascn/static/js/scanner/decide.js), which gets `eligibility` of
every delegate precomputed in its offline data and adds only the serial and "already
inside" itself. tests/checkin/test_rules_mirror.py runs both on the same cases.

Order matters: a forged or foreign badge says nothing about a delegate; an old serial is
revoked whatever the delegate's status; then the registration, then the list; a person
already inside is told so last, so that a cancelled delegate inside is shown as cancelled.
"""

from dataclasses import dataclass

# Statuses of a registration that the door turns away, with what it says.
_STATUS_OUTCOMES = {"cancelled": "cancelled", "pending": "not_approved", "rejected": "not_approved"}


@dataclass(frozen=True)
class Facts:
    """What the server knows about one delegate at one list when a badge is scanned."""

    status: str  # the registration's status
    change_pending: bool  # an identity change awaits approval: the printed badge may be wrong
    category_id: int
    current_serial: int  # the serial of the badge the organisers stand by
    booking: str | None = None  # for a bus: the delegate's booking status on the visit


@dataclass(frozen=True)
class ListRule:
    kind: str  # 'door' or 'visit'
    all_categories: bool = True
    category_ids: frozenset[int] = frozenset()


def eligibility(rule: ListRule, facts: Facts) -> str:
    """The outcome of scanning this delegate's current badge, before "already inside"."""
    if facts.status in _STATUS_OUTCOMES:
        return _STATUS_OUTCOMES[facts.status]
    if facts.change_pending:
        return "change_pending"
    if rule.kind == "visit":
        if facts.booking == "waiting":
            return "standby"
        if facts.booking != "confirmed":
            return "not_on_list"
    elif not rule.all_categories and facts.category_id not in rule.category_ids:
        return "not_on_list"
    return "valid"


def judge(rule: ListRule, facts: Facts | None, serial: int | None, direction: str, inside: bool) -> str:
    """The outcome of one scan. `facts` is None for a text that names no delegate of this
    event (garbage, a forged signature, another event's badge)."""
    if facts is None or serial is None or serial > facts.current_serial:
        return "unknown"
    if direction == "out":
        return "valid"  # a door never keeps anyone in: the exit is recorded
    if serial < facts.current_serial:
        return "revoked"
    outcome = eligibility(rule, facts)
    if outcome == "valid" and direction == "in" and inside:
        return "already_inside"
    return outcome
