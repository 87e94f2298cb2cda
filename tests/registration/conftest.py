"""Registration: self-registration, delegations and focal points, accreditation, heads, identity
changes, duplicates, personal data. Fixture: an event whose registration is open."""

from datetime import datetime, timedelta, timezone

import pytest

NOW = datetime.now(timezone.utc)


@pytest.fixture
def open_event(make):
    event = make.event(
        registration_opens_at=NOW - timedelta(days=1), registration_closes_at=NOW + timedelta(days=30)
    )
    category = make.category(event.id, code="delegate", label_en="Delegate", label_ms="Perwakilan")
    thailand = make.country("TH", "Thailand", "Thailand")
    return {"event": event, "category": category, "country": thailand}
