"""Organiser-typed text a delegate reads is in the reader's language: a room's floor and a
speaker's organisation too, on pages, in the API and in the booklet."""

import html
import io

import pytest
from pypdf import PdfReader

from ascn.extensions import db
from ascn.programme.models import Room, Speaker


@pytest.fixture
def programme(app, make):
    event = make.event()
    room = make.programme.room(event.id, name_en="Sabah Room", name_ms="Bilik Sabah")
    speaker = make.programme.speaker(event.id)
    with app.app_context():
        row = db.session.get(Room, room.id)
        row.floor_en, row.floor_ms = "Level 2", "Aras 2"
        person = db.session.get(Speaker, speaker.id)
        person.organisation_en, person.organisation_ms = (
            "Kuala Lumpur City Hall",
            "Dewan Bandaraya Kuala Lumpur",
        )
        db.session.commit()
    kind = make.programme.session_type(event.id)
    session = make.programme.session(event.id, kind.id, room_id=room.id, speaker_ids=[speaker.id])
    make.programme.publish()
    return {"session": session, "speaker": speaker}


@pytest.mark.parametrize(
    ("language", "shown", "hidden"),
    [
        ("ms", ("Aras 2", "Dewan Bandaraya Kuala Lumpur"), ("Level 2", "City Hall")),
        ("en", ("Level 2", "Kuala Lumpur City Hall"), ("Aras 2", "Dewan Bandaraya")),
    ],
)
def test_a_session_page_shows_the_floor_and_affiliation_in_the_reader_language(
    client, programme, language, shown, hidden
):
    page = html.unescape(
        client.get(
            f"/ascn8/programme/sessions/{programme['session'].id}", headers={"Accept-Language": language}
        ).get_data(as_text=True)
    )
    assert all(text in page for text in shown)
    assert not any(text in page for text in hidden)


def test_the_api_gives_both_languages(client, programme):
    data = client.get("/ascn8/api/programme").get_json()
    assert data["rooms"][0]["floor"] == {"en": "Level 2", "ms": "Aras 2"}
    assert data["speakers"][0]["organisation"] == {
        "en": "Kuala Lumpur City Hall",
        "ms": "Dewan Bandaraya Kuala Lumpur",
    }


def test_the_malay_booklet_names_the_floor_in_malay(client, programme):
    data = client.get("/ascn8/programme/booklet.pdf?lang=ms").data
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert "Bilik Sabah · Aras 2" in " ".join(text.split()) and "Level 2" not in text


def test_organisers_type_the_floor_in_both_languages(client, auth, make):
    make.event()
    auth.login(make.user(role="organiser").email)
    page = client.get("/ascn8/manage/programme/rooms/new").get_data(as_text=True)
    assert 'name="floor_en"' in page and 'name="floor_ms"' in page
    page = client.get("/ascn8/manage/programme/speakers/new").get_data(as_text=True)
    assert 'name="organisation_en"' in page and 'name="organisation_ms"' in page


def test_the_venue_and_city_follow_the_reader_language(client, make):
    make.event(
        venue_en="Putrajaya International Convention Centre",
        venue_ms="Pusat Konvensyen Antarabangsa Putrajaya",
        city_en="Singapore",
        city_ms="Singapura",
    )
    page = html.unescape(client.get("/ascn8/", headers={"Accept-Language": "ms"}).get_data(as_text=True))
    assert "Pusat Konvensyen Antarabangsa Putrajaya, Singapura" in page and "Convention Centre" not in page


def test_organisers_type_the_venue_in_both_languages(client, auth, make):
    make.event()
    auth.login(make.user(role="organiser").email)
    page = client.get("/ascn8/manage/event").get_data(as_text=True)
    assert all(f'name="{name}"' in page for name in ("venue_en", "venue_ms", "city_en", "city_ms"))
