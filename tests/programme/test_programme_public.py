"""Delegates and the public: the published programme, the agenda, calendars, the booklet
and the JSON API; query counts that do not grow with the programme."""

from datetime import datetime, timedelta, timezone

import pytest
from icalendar import Calendar

from tests.support.pdf import pdf_text
from tests.support.programme import KL_MORNING, programme_world
from tests.support.web import post


@pytest.fixture
def world(make):
    return programme_world(make)


def test_nothing_published_says_so(client, make):
    make.event()
    page = client.get("/ascn8/programme").get_data(as_text=True)
    assert "has not been published yet" in page
    assert client.get("/ascn8/api/programme").status_code == 404
    assert client.get("/ascn8/api/programme").json["error"] == "not_found"


def test_the_programme_by_day_in_malay(client, world):
    page = client.get("/ascn8/programme?day=2025-09-08", headers={"Accept-Language": "ms"}).get_data(
        as_text=True
    )
    assert '<html lang="ms">' in page
    assert "Sesi" in page and "Dewan Besar" in page and "09:00" in page
    assert "Isnin" in page  # Monday, 8 September 2025


def test_filters_and_search(client, make, world):
    found = client.get(f"/ascn8/programme?q=aminah&room={world.room.id}").get_data(as_text=True)
    assert world.sessions[0].title_en in found and world.sessions[1].title_en not in found
    assert "1 session found" in found
    assert client.get("/ascn8/programme?type=abc&day=nonsense&room=-1").status_code == 200


def test_session_and_speaker_pages(client, world):
    page = client.get(f"/ascn8/programme/sessions/{world.sessions[0].id}").get_data(as_text=True)
    assert "Dato&#39; Aminah" in page and "About the session." in page
    assert client.get(f"/ascn8/programme/speakers/{world.speaker.id}").status_code == 200
    assert client.get("/ascn8/programme/sessions/999999").status_code == 404


def test_session_ics_is_in_the_event_time_zone(client, world):
    response = client.get(f"/ascn8/programme/sessions/{world.sessions[0].id}.ics")
    assert response.headers["Content-Type"].startswith("text/calendar")
    cal = Calendar.from_ical(response.data)
    event = cal.walk("VEVENT")[0]
    assert event["DTSTART"].dt == KL_MORNING
    assert str(event["DTSTART"].params["TZID"]) == "Asia/Kuala_Lumpur"
    assert cal.walk("VTIMEZONE")


def test_agenda_save_by_json_and_by_form_and_overlaps(client, auth, make, world):
    user = make.user()
    auth.login(user.email)
    first, second = world.sessions[0].id, world.sessions[1].id
    answer = post(client, f"/ascn8/agenda/sessions/{first}/save", headers={"Accept": "application/json"})
    assert answer.json == {"saved": True, "message": "Added to your agenda."}
    answer = post(client, f"/ascn8/agenda/sessions/{second}/save?next=/ascn8/programme")
    assert answer.status_code == 302 and answer.headers["Location"].endswith("/ascn8/programme")
    post(client, f"/ascn8/agenda/sessions/{first}/save")  # twice is harmless
    page = client.get("/ascn8/agenda").get_data(as_text=True)
    assert world.sessions[0].title_en in page and "overlap" not in page
    clash = make.programme.session(
        world.event.id, world.type.id, starts_at=KL_MORNING + timedelta(minutes=30)
    )
    make.programme.publish(world.organiser.id)
    post(client, f"/ascn8/agenda/sessions/{clash.id}/save")
    assert "overlap" in client.get("/ascn8/agenda").get_data(as_text=True)
    post(client, f"/ascn8/agenda/sessions/{clash.id}/remove")
    assert "overlap" not in client.get("/ascn8/agenda").get_data(as_text=True)


def test_only_published_sessions_can_be_saved(client, auth, make, world):
    draft = make.programme.session(world.event.id, world.type.id)
    auth.login(make.user().email)
    assert (
        post(
            client, f"/ascn8/agenda/sessions/{draft.id}/save", headers={"Accept": "application/json"}
        ).status_code
        == 404
    )


def test_the_feed_follows_the_agenda_and_a_reset_token_stops_working(app, client, auth, make, world):
    user = make.user(locale="ms")
    make.programme.save(user.id, world.sessions[1].id)
    auth.login(user.email)
    page = client.get("/ascn8/agenda").get_data(as_text=True)
    feed = page.split("/ascn8/agenda/feed/")[1].split('"')[0]
    auth.logout()
    response = client.get(f"/ascn8/agenda/feed/{feed}")
    assert response.status_code == 200
    cal = Calendar.from_ical(response.data)
    assert [str(e["SUMMARY"]) for e in cal.walk("VEVENT")] == [world.sessions[1].title_ms]
    assert client.get("/ascn8/agenda/feed/wrong-token.ics").status_code == 404
    auth.login(user.email)
    post(client, "/ascn8/agenda/feed/reset", {"confirm": "yes"})
    assert client.get(f"/ascn8/agenda/feed/{feed}").status_code == 404


@pytest.mark.parametrize("lang", ["en", "ms"])
def test_booklet_pdf(client, world, lang):
    response = client.get(f"/ascn8/programme/booklet.pdf?lang={lang}")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    assert client.get("/ascn8/programme/booklet.pdf?lang=xx").status_code == 400


def test_the_booklet_draws_vietnamese_and_chinese_from_their_own_fonts(client, make):
    """Drawn from another subset of the same family, 'Đô thị' and 智慧 came out as other
    letters while the PDF's text still read right: each subset must be in the PDF."""
    event = make.event()
    kind = make.programme.session_type(event.id)
    make.programme.session(event.id, kind.id, title_en="Đô thị thông minh 智慧城市", title_ms="Bandar pintar")
    make.programme.publish()
    _text, _pages, fonts = pdf_text(client.get("/ascn8/programme/booklet.pdf?lang=en").data)
    assert any("notosansvietnamese" in font for font in fonts), fonts
    assert any("notosanssc" in font for font in fonts), fonts


def test_api_serves_both_languages_with_etag_and_304(client, world):
    response = client.get("/ascn8/api/programme/sessions?day=2025-09-08")
    assert response.status_code == 200
    body = response.json
    assert body["count"] == 3 and body["sessions"][0]["title"] == {
        "en": world.sessions[0].title_en,
        "ms": world.sessions[0].title_ms,
    }
    etag = response.headers["ETag"]
    assert response.headers["Last-Modified"]
    assert (
        client.get(
            "/ascn8/api/programme/sessions?day=2025-09-08", headers={"If-None-Match": etag}
        ).status_code
        == 304
    )
    since = response.headers["Last-Modified"]
    assert client.get("/ascn8/api/programme", headers={"If-Modified-Since": since}).status_code == 304
    assert (
        client.get(f"/ascn8/api/programme/sessions/{world.sessions[0].id}").json["session"]["id"]
        == world.sessions[0].id
    )
    assert client.get("/ascn8/api/programme/rooms").json["rooms"][0]["name"]["ms"] == "Dewan Besar"
    assert client.get("/ascn8/api/programme/speakers").status_code == 200


@pytest.mark.parametrize(
    "url,status,parameter",
    [
        ("/ascn8/api/programme/sessions?day=tomorrow", 400, "day"),
        ("/ascn8/api/programme/sessions?room=abc", 400, "room"),
        ("/ascn8/api/programme/sessions?colour=red", 400, "colour"),
        ("/ascn8/api/programme/sessions?q=" + "x" * 101, 400, "q"),
        ("/ascn8/api/programme/sessions/999999", 404, None),
        ("/ascn8/api/programme/nothing", 404, None),
    ],
)
def test_api_bad_parameters_are_json_errors(client, world, url, status, parameter):
    response = client.get(url, headers={"Accept": "application/json"})
    assert response.status_code == status
    assert response.is_json and response.json["message"]
    if parameter:
        assert response.json["parameter"] == parameter


def test_openapi_document(client, world):
    doc = client.get("/ascn8/api/programme/openapi.json").json
    assert doc["openapi"].startswith("3.") and "/programme/sessions" in doc["paths"]


def test_a_new_release_changes_the_etag(client, make, world):
    etag = client.get("/ascn8/api/programme").headers["ETag"]
    make.programme.session(
        world.event.id, world.type.id, starts_at=datetime(2025, 9, 9, 1, tzinfo=timezone.utc)
    )
    make.programme.publish(world.organiser.id)
    assert client.get("/ascn8/api/programme", headers={"If-None-Match": etag}).status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/ascn8/programme?day=2025-09-08",
        "/ascn8/agenda",
        "/ascn8/api/programme",
        "/ascn8/api/programme/sessions",
    ],
)
def test_query_count_does_not_grow_with_the_programme(app, client, auth, make, count_queries, path):
    from ascn.programme import snapshot

    event = make.event()
    organiser = make.user(role="organiser")
    user = make.user()
    room = make.programme.room(event.id)
    kind = make.programme.session_type(event.id, "talk")
    speaker = make.programme.speaker(event.id)
    counts = []
    made = 0
    for total in (10, 300):
        for n in range(made, total):
            start = KL_MORNING + timedelta(days=n % 5, minutes=n)
            session = make.programme.session(
                event.id,
                kind.id,
                starts_at=start,
                minutes=20,
                room_id=room.id if n % 3 else None,
                speaker_ids=[speaker.id] if n % 2 else [],
            )
            make.programme.save(user.id, session.id)
        made = total
        make.programme.publish(organiser.id)
        auth.login(user.email)
        client.get(path)  # the first visit to the agenda creates the calendar secret
        snapshot._CACHE.clear()  # count the first request after a publish, the dearest one
        with count_queries() as counter:
            assert client.get(path).status_code == 200
        counts.append(counter.count)
        auth.logout()
    assert counts[0] == counts[1], counts


def test_a_pdf_loads_only_the_font_subsets_its_text_needs():
    from ascn.pdf_fonts import font_css

    latin = font_css("Opening plenary")
    assert "noto-sans-latin-400" in latin and "thai" not in latin and latin.count("@font-face") <= 4
    mixed = font_css("สมชาย 陈伟明 សុខ")
    assert "thai" in mixed and "khmer" in mixed and "noto-sans-sc" in mixed
    assert mixed.count("@font-face") < 20


@pytest.mark.parametrize("token", ["%00", "a" * 65, "../../etc", "x" * 20 + "%00"])
def test_odd_feed_tokens_are_not_found(client, world, token):
    assert client.get(f"/ascn8/agenda/feed/{token}.ics").status_code == 404
