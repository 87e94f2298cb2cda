"""Dates and times as people read them: day before month in both languages (British usage
in English), a comma after the weekday, no seconds, Malay times in the official style."""

import html
from datetime import datetime, timezone

import pytest

from ascn.dates import format_datetime, time_of_day


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


@pytest.fixture
def event(make):
    # 15:59 UTC is 11.59 p.m. in Kuala Lumpur
    return make.event(registration_closes_at=datetime(2030, 11, 29, 15, 59, 30, tzinfo=timezone.utc))


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "Open until 29 November 2030, 23:59"), ("ms", "29 November 2030, 11.59 malam")],
)
def test_the_home_page_says_when_registration_closes_day_first(client, event, language, expected):
    page = text(client.get("/ascn8/", headers={"Accept-Language": language}))
    assert expected in page
    assert "11/29" not in page and "PM" not in page and "PTG" not in page


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "Wednesday, 10 September, 16:29–20:29"), ("ms", "Rabu, 10 September, 4.29 petang–8.29 malam")],
)
def test_a_visit_shows_its_weekday_with_a_comma_and_its_times_in_the_language(
    client, make, event, language, expected
):
    make.visits.visit(event.id, departs_at=datetime(2025, 9, 10, 8, 29, 13, tzinfo=timezone.utc))
    page = text(client.get("/ascn8/visits", headers={"Accept-Language": language}))
    assert expected in page
    assert ":13" not in page


@pytest.mark.parametrize(
    ("hour", "minute", "expected"),
    [
        (0, 5, "12.05 tengah malam"),
        (9, 0, "9.00 pagi"),
        (12, 30, "12.30 tengah hari"),
        (16, 29, "4.29 petang"),
        (23, 59, "11.59 malam"),
    ],
)
def test_malay_times_follow_the_official_style(hour, minute, expected):
    assert time_of_day(datetime(2025, 9, 10, hour, minute), "ms") == expected


@pytest.mark.parametrize("format", ["short", "medium", "long", "full", "d MMM HH:mm:ss"])
def test_no_format_shows_seconds_or_puts_the_month_first(app, format):
    moment = datetime(2026, 11, 29, 8, 29, 13, tzinfo=timezone.utc)
    with app.test_request_context():
        english = format_datetime(moment, format, "en")
        malay = format_datetime(moment, format, "ms")
    assert "13" not in english.replace("2026", "") and "13" not in malay.replace("2026", "")
    assert "11/29" not in english and "PM" not in english
    assert english.index("29") < english.index("Nov" if "Nov" in english else "11")


def test_dates_are_formatted_only_through_ascn_dates():
    """Flask-Babel's and Babel's own formatters would write English dates month first."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "ascn"
    direct = re.compile(r"from (?:flask_babel|babel\.dates) import [^\n]*\bformat_(?:datetime|date|time)\b")
    offenders = [
        path.name
        for path in root.rglob("*.py")
        if path.name not in ("dates.py", "i18n.py") and direct.search(path.read_text(encoding="utf-8"))
    ]
    assert not offenders, offenders


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "28 September – 2 October 2025"), ("ms", "28 September – 2 Oktober 2025")],
)
def test_an_event_across_two_months_reads_day_month_year(app, language, expected):
    from datetime import date

    from ascn.i18n import format_date_range

    with app.test_request_context():
        assert (
            format_date_range(date(2025, 9, 28), date(2025, 10, 2), language).replace("\u2009", " ")
            == expected
        )


def test_a_malay_booking_email_gives_the_weekday_and_official_times(app, make):
    from sqlalchemy import select

    from ascn.extensions import db
    from ascn.mail import OutboxMessage

    event = make.event()
    category = make.category(event.id)
    person = make.registration(event.id, make.country().id, category.id, status="approved", locale="ms")
    visit = make.visits.visit(event.id, departs_at=datetime(2025, 9, 10, 8, 29, tzinfo=timezone.utc))
    held = make.visits.book(visit.id, person.id)
    with app.test_request_context():
        from ascn import jobs
        from ascn.visits import notices
        from ascn.visits.models import VisitBooking

        notices.added(db.session.get(VisitBooking, held.id))  # an organiser added them
        db.session.commit()  # the notice is written by a job after the commit
        jobs.drain()
        body = db.session.scalars(select(OutboxMessage.body_text)).all()
    assert any("Rabu, 10 September 2025, 4.29 petang–8.29 malam" in text for text in body), body
