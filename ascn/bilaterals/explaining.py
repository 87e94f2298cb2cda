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


class Explainer:
    """Why the automatic placement left requests out, in words; names and times are
    looked up once for all of them."""

    def __init__(self, event, slots, requests):
        self.event = event
        self.slots = {slot.id: slot for slot in slots}
        self.meetings = {request.id: request for request in requests}
        self.names = {p.registration_id: p.registration.list_name for r in requests for p in r.participants}
        self._labels: dict[int, str] = {}

    def time(self, slot_id: int) -> str:
        if slot_id not in self._labels:
            self._labels[slot_id] = slot_label(self.event, self.slots[slot_id])
        return self._labels[slot_id]

    def reason(self, reason: placement.Reason) -> str:
        if reason.code == placement.NO_COMMON_SLOT:
            return _("No slot suits both delegations.")
        if reason.code == placement.NO_ROOM:
            return _no_room(reason.missing)
        taken = self._taken(reason.taken)
        if reason.code == placement.ROOMS_FULL:
            times = ", ".join(self.time(slot_id) for slot_id in reason.full_slot_ids)
            text = _("Every room that fits is taken when everyone named is free (%(times)s).", times=times)
            return f"{text} {taken}" if taken else text
        return _("In every slot that suits both, someone named is taken: %(list)s", list=taken)

    def _taken(self, taken) -> str:
        parts = []
        for slot_id, person, cause in taken[:SHOWN]:
            if isinstance(cause, placement.InMeeting):
                meeting = describe_meeting(self.meetings[cause.request_id])
                what = _("is in the meeting of %(meeting)s", meeting=meeting)
            else:
                what = engagement_words(cause)
            name = self.names.get(person, "?")
            parts.append(_("%(name)s %(what)s (%(time)s)", name=name, what=what, time=self.time(slot_id)))
        rest = len(taken) - SHOWN
        if rest > 0:
            parts.append(ngettext("and %(num)d more", "and %(num)d more", rest))
        return "; ".join(parts) + ("." if parts else "")


def _no_room(missing) -> str:
    if "capacity" in missing:
        return _("No room seats everyone named.")
    if len(missing) == 2:
        return _("No room large enough has both interpretation and flags.")
    if "interpretation" in missing:
        return _("No room large enough has interpretation.")
    return _("No room large enough has flags.")
