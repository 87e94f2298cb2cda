"""Placements in words (rule): a meeting's two delegations, a slot's time, who is taken
and by what, and why the automatic placement left a request out."""

from flask_babel import gettext as _
from flask_babel import ngettext

from ascn.bilaterals import busy, placement
from ascn.dates import format_datetime
from ascn.i18n import pick

# A reason names at most this many people taken; the rest are counted.
SHOWN = 3


def describe_meeting(request) -> str:
    return _(
        "%(requester)s and %(counterpart)s",
        requester=request.requester.country.name,
        counterpart=request.counterpart.country.name,
    )


def slot_label(event, slot) -> str:
    return format_datetime(event.local(slot.starts_at), "EEE d MMM HH:mm", local=True)


def engagement_words(item: busy.Engagement) -> str:
    what = pick(item.what)
    label = str(busy.KIND_LABELS[item.kind])
    return f"{label} “{what}”" if what else label


def taken_message(taken: dict, names: dict[int, str]) -> str:
    """For a hand placement: everyone named who is taken in that slot, and by what."""
    parts = [
        _("%(name)s %(what)s", name=names.get(rid, "?"), what=engagement_words(items[0]))
        for rid, items in sorted(taken.items())
    ]
    return _("Someone named is taken at that time: %(list)s.", list="; ".join(parts))


def describe_reason(reason: placement.Reason, problem, by_id: dict) -> str:
    """Why the automatic placement left a request out."""
    if reason.code == placement.NO_COMMON_SLOT:
        return _("No slot suits both delegations.")
    if reason.code == placement.NO_ROOM:
        return _no_room(reason.missing)
    slots = {slot.id: slot for slot in problem.slots}
    names = {
        p.registration_id: p.registration.list_name
        for request in problem.requests
        for p in request.participants
    }
    taken = _taken_words(reason.taken, slots, names, by_id, problem.event)
    if reason.code == placement.ROOMS_FULL:
        times = ", ".join(slot_label(problem.event, slots[slot_id]) for slot_id in reason.full_slot_ids)
        text = _("Every room that fits is taken when everyone named is free (%(times)s).", times=times)
        return f"{text} {taken}" if taken else text
    return _("In every slot that suits both, someone named is taken: %(list)s", list=taken)


def _no_room(missing) -> str:
    if "capacity" in missing:
        return _("No room seats everyone named.")
    if len(missing) == 2:
        return _("No room large enough has both interpretation and flags.")
    if "interpretation" in missing:
        return _("No room large enough has interpretation.")
    return _("No room large enough has flags.")


def _taken_words(taken, slots, names, by_id, event) -> str:
    parts = []
    for slot_id, person, cause in taken[:SHOWN]:
        if isinstance(cause, placement.InMeeting):
            what = _("is in the meeting of %(meeting)s", meeting=describe_meeting(by_id[cause.request_id]))
        else:
            what = engagement_words(cause)
        parts.append(
            _(
                "%(name)s %(what)s (%(time)s)",
                name=names.get(person, "?"),
                what=what,
                time=slot_label(event, slots[slot_id]),
            )
        )
    rest = len(taken) - SHOWN
    if rest > 0:
        parts.append(ngettext("and %(num)d more", "and %(num)d more", rest))
    return "; ".join(parts) + ("." if parts else "")
