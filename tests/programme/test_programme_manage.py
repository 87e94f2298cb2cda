"""Organisers: sessions, clash rules, bad input, publishing and the change emails."""

import io

import pytest
from openpyxl import Workbook, load_workbook
from PIL import Image
from sqlalchemy import func, select

from ascn.extensions import db
from ascn.mail import OutboxMessage
from ascn.programme.models import ProgrammeRelease, ProgrammeSession, Speaker
from tests.support.programme import programme_world, publish_confirmed
from tests.support.web import confirm, post, wait_for

NEW = "/ascn8/manage/programme/sessions/new"


def _form(world, **changes):
    data = {
        "title_en": "Smart mobility",
        "title_ms": "Mobiliti pintar",
        "description_en": "Buses and data.",
        "description_ms": "Bas dan data.",
        "type_id": world.type.id,
        "track_id": "",
        "room_id": world.other_room.id,
        "starts_at": "2025-09-09T14:00",
        "ends_at": "2025-09-09T15:00",
        "audience": "everyone",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def world(make, auth):
    world = programme_world(make)
    auth.login(world.organiser.email)
    return world


def _count(app):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(ProgrammeSession))


def test_a_session_is_saved_in_the_event_time_zone(app, client, world):
    response = post(client, NEW, _form(world), token_from=NEW)
    assert response.status_code == 302
    with app.app_context():
        saved = db.session.scalar(
            select(ProgrammeSession).where(ProgrammeSession.title_en == "Smart mobility")
        )
        assert saved.starts_at.hour == 6  # 14:00 in Kuala Lumpur is 06:00 UTC
        assert saved.description_en == "<p>Buses and data.</p>"


@pytest.mark.parametrize(
    "changes,message",
    [
        ({"ends_at": "2025-09-09T13:00"}, "must end after it starts"),
        ({"starts_at": "2025-09-09T23:00", "ends_at": "2025-09-10T01:00"}, "past midnight"),
        ({"starts_at": "2025-09-20T10:00", "ends_at": "2025-09-20T11:00"}, "outside the event"),
        ({"room_id": "999999"}, "Not a valid choice"),
        ({"description_en": "x" * 1_000_000}, "cannot be longer than"),
        ({"starts_at": "yesterday"}, "valid date and time"),
        ({"title_en": "", "title_ms": ""}, "title in at least one language"),
    ],
)
def test_bad_sessions_are_refused_with_a_message(app, client, world, changes, message):
    before = _count(app)
    response = post(client, NEW, _form(world, **changes), token_from=NEW)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert _count(app) == before


def test_a_room_clash_names_the_other_session_and_cannot_be_overridden(app, client, world):
    data = _form(world, room_id=world.room.id, starts_at="2025-09-08T09:30", ends_at="2025-09-08T10:30")
    data["allow_speaker_clash"] = "y"
    page = post(client, NEW, data, token_from=NEW).get_data(as_text=True)
    assert "Grand Ballroom is already used by “Session" in page
    assert "09:00" in page
    assert _count(app) == 3


def test_a_speaker_clash_may_be_kept_on_purpose(app, client, world):
    data = _form(
        world, starts_at="2025-09-08T09:30", ends_at="2025-09-08T10:30", speaker_ids=world.speaker.id
    )
    page = post(client, NEW, data, token_from=NEW).get_data(as_text=True)
    assert "Aminah is already in" in page
    assert _count(app) == 3
    data["allow_speaker_clash"] = "y"
    assert post(client, NEW, data, token_from=NEW).status_code == 302
    assert _count(app) == 4


def test_script_in_a_description_is_removed_on_save(app, client, world):
    data = _form(
        world, description_en='<p onclick="x()">Hi <script>alert(1)</script><a href="javascript:x">l</a></p>'
    )
    assert post(client, NEW, data, token_from=NEW).status_code == 302
    with app.app_context():
        saved = db.session.scalar(
            select(ProgrammeSession).where(ProgrammeSession.title_en == "Smart mobility")
        )
    assert "script" not in saved.description_en and "onclick" not in saved.description_en
    assert "javascript" not in saved.description_en


def test_publishing_refuses_one_language_and_lists_the_sessions(app, client, make, world):
    only_english = make.programme.session(world.event.id, world.type.id, title_ms="")
    page = client.get("/ascn8/manage/programme/publish").get_data(as_text=True)
    assert f"/ascn8/manage/programme/sessions/{only_english.id}" in page
    assert "title in Malay" in page
    publish_confirmed(client)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ProgrammeRelease)) == 1


def test_delegates_see_only_the_published_version(client, make, world):
    make.programme.session(world.event.id, world.type.id, title_en="Secret draft", title_ms="Draf rahsia")
    assert "Secret draft" not in client.get("/ascn8/programme?day=2025-09-08").get_data(as_text=True)
    assert "Secret draft" in client.get("/ascn8/manage/programme/preview").get_data(as_text=True)


def test_a_change_mails_each_saver_once_in_their_language(app, client, make, world):
    malay = make.user(locale="ms")
    english = make.user(locale="en")
    bystander = make.user()
    for session in world.sessions[:2]:
        make.programme.save(malay.id, session.id)
    make.programme.save(english.id, world.sessions[0].id)
    make.programme.save(bystander.id, world.sessions[2].id)
    for n, session in enumerate(world.sessions[:2]):
        url = f"/ascn8/manage/programme/sessions/{session.id}"
        page = client.get(url).get_data(as_text=True)
        assert "Session" in page
        data = _form(
            world,
            title_en=session.title_en,
            title_ms=session.title_ms,
            room_id=world.room.id,
            starts_at=f"2025-09-11T{9 + n:02d}:00",
            ends_at=f"2025-09-11T{9 + n:02d}:30",
        )
        assert post(client, url, data, token_from=url).status_code == 302
    response = publish_confirmed(client)
    assert response.status_code == 302
    assert wait_for(lambda: _mails(app) == 2)
    with app.app_context():
        messages = {m.recipient: m for m in db.session.scalars(select(OutboxMessage))}
    assert set(messages) == {malay.email, english.email}
    assert "Sesi" in messages[malay.email].body_text and "Kemas kini" in messages[malay.email].subject
    assert messages[english.email].subject.startswith("Programme update")


def _mails(app):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(OutboxMessage))


def test_publishing_twice_without_changes_is_refused(app, client, world):
    page = publish_confirmed(client, follow_redirects=True)
    assert "Nothing has changed" in page.get_data(as_text=True)


def test_a_published_session_is_cancelled_not_deleted_and_a_draft_one_is_deleted(app, client, world):
    published = world.sessions[0]
    url = f"/ascn8/manage/programme/sessions/{published.id}"
    page = post(client, f"{url}/delete", token_from=url, follow_redirects=True)
    assert "This session has been published: cancel it instead of deleting it." in page.get_data(as_text=True)
    assert _count(app) == 3
    post(client, NEW, _form(world), token_from=NEW)
    with app.app_context():
        draft = db.session.scalar(
            select(ProgrammeSession.id).where(ProgrammeSession.title_en == "Smart mobility")
        )
    url = f"/ascn8/manage/programme/sessions/{draft}"
    page = post(client, f"{url}/delete", token_from=url, follow_redirects=True)
    assert "The session has been deleted." in page.get_data(as_text=True)
    assert _count(app) == 3


def _xlsx(rows):
    book = Workbook()
    from ascn.programme.xlsx import COLUMNS

    book.active.append(COLUMNS)
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


def test_export_then_import_round_trips(app, client, world):
    exported = client.get("/ascn8/manage/programme/export.xlsx")
    assert exported.status_code == 200
    rows = list(load_workbook(io.BytesIO(exported.data)).active.iter_rows(values_only=True))
    assert len(rows) == 4 and rows[1][7] == world.sessions[0].title_en
    new = (
        None,
        "2025-09-10",
        "10:00",
        "11:00",
        "plenary",
        "",
        "Lotus Room",
        "Added",
        "Ditambah",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
    )
    data = {"file": (_xlsx([list(rows[1]), new]), "programme.xlsx")}
    preview = post(
        client,
        "/ascn8/manage/programme/import",
        data,
        token_from="/ascn8/manage/programme/import",
        content_type="multipart/form-data",
    )
    assert _count(app) == 3  # the preview saves nothing
    response = confirm(client, preview)
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    assert _count(app) == 4


def test_an_import_with_bad_rows_lists_them_all_and_saves_nothing(app, client, world):
    bad = [
        (None, "2025-09-10", "11:00", "10:00", "plenary", "", "", "A", "A", "", "", "", "", "", "", ""),
        (
            None,
            "2025-09-10",
            "10:00",
            "11:00",
            "plenary",
            "",
            "Nowhere",
            "B",
            "B",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
        ),
        (None, "2025-09-10", "10:00", "11:00", "plenary", "", "", "C", "C", "", "", "", "", "", "", ""),
    ]
    data = {"file": (_xlsx(bad), "p.xlsx")}
    page = post(
        client,
        "/ascn8/manage/programme/import",
        data,
        token_from="/ascn8/manage/programme/import",
        content_type="multipart/form-data",
    ).get_data(as_text=True)
    assert "must end after it starts" in page and "Unknown room" in page
    assert "Row 2 (A): “end”: The session must end after it starts" in page and "Row 3 (B): “room”" in page
    assert _count(app) == 3


@pytest.mark.parametrize(
    "payload,message",
    [(b"name,date\n", "not an Excel workbook"), (b"PK" + b"x" * (3 * 1024 * 1024), "larger than 2 MB")],
)
def test_a_wrong_or_huge_file_is_refused(app, client, world, payload, message):
    data = {"file": (io.BytesIO(payload), "p.xlsx")}
    page = post(
        client,
        "/ascn8/manage/programme/import",
        data,
        token_from="/ascn8/manage/programme/import",
        content_type="multipart/form-data",
    ).get_data(as_text=True)
    assert message in page
    assert _count(app) == 3


def _image(fmt="JPEG", size=(1200, 900)):
    out = io.BytesIO()
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "SecretCamera"
    image.save(out, fmt, exif=exif)
    out.seek(0)
    return out


def test_a_speaker_photo_is_reencoded_without_exif(app, client, world):
    data = {"full_name": "Ir. Lim", "photo": (_image(), "me.jpg")}
    url = "/ascn8/manage/programme/speakers/new"
    assert post(client, url, data, token_from=url, content_type="multipart/form-data").status_code == 302
    with app.app_context():
        speaker = db.session.scalar(select(Speaker).where(Speaker.full_name == "Ir. Lim"))
        image = Image.open(io.BytesIO(speaker.photo))
        assert max(image.size) == 600 and b"SecretCamera" not in speaker.photo


def test_a_decompression_bomb_is_refused(app, client, world):
    out = io.BytesIO()
    Image.new("1", (20000, 20000)).save(out, "PNG")
    out.seek(0)
    url = "/ascn8/manage/programme/speakers/new"
    page = post(
        client,
        url,
        {"full_name": "Bomb", "photo": (out, "b.png")},
        token_from=url,
        content_type="multipart/form-data",
    ).get_data(as_text=True)
    assert "too many pixels" in page or "not an image" in page
    with app.app_context():
        assert db.session.scalar(select(Speaker).where(Speaker.full_name == "Bomb")) is None


def test_a_delegate_account_becomes_a_speaker(app, client, make, world):
    delegate = make.user(full_name="Nguyễn Văn An")
    url = "/ascn8/manage/programme/speakers/new"
    assert post(client, url, {"account_email": delegate.email}, token_from=url).status_code == 302
    with app.app_context():
        speaker = db.session.scalar(select(Speaker).where(Speaker.user_id == delegate.id))
        assert speaker.full_name == "Nguyễn Văn An"
    page = post(client, url, {"account_email": "nobody@example.org"}, token_from=url).get_data(as_text=True)
    assert "No account has this email" in page
