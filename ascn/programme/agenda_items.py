"""Items of a person's agenda that later domains add (a bilateral meeting they sit in),
since the programme may not import them. A provider `(event, user) -> list[AgendaItem]` is
registered once at app creation (`create_app` → `register_lifecycle`); "My agenda" and the
calendar feed show its items beside the saved sessions."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from ascn.events.models import Event
from ascn.i18n import Bilingual


@dataclass(frozen=True)
class AgendaItem:
    """One entry: `uid` is unique and stable for the calendar (`bilateral-12`); `path` the
    page about it, or '' when there is none for this person; `note` a line or two more
    (a bus's times); `meeting_point` when the place is where people gather, not a room."""

    uid: str
    title_en: str
    title_ms: str
    starts_at: datetime
    ends_at: datetime
    place_en: str = ""
    place_ms: str = ""
    path: str = ""
    note_en: str = ""
    note_ms: str = ""
    meeting_point: bool = False

    title = Bilingual()
    place = Bilingual()
    note = Bilingual()


Provider = Callable[[Event, object], list[AgendaItem]]
_providers: list[Provider] = []


def register(provider: Provider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def items(event: Event, user) -> list[AgendaItem]:
    """Every provider's items for this person at this event, by time."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    found = [item for provider in _providers for item in provider(event, user)]
    return sorted(found, key=lambda item: (item.starts_at, item.uid))
