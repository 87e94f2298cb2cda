"""Editing like a modern product: what the rich-text editor sends survives sanitising and
nothing dangerous does; the session form loads the local editor and multi-select over the
plain fields; publishing asks first and says how many delegates will be emailed."""

import pytest
from sqlalchemy import func, select

from ascn.extensions import db
from ascn.programme.models import ProgrammeRelease, ProgrammeSession
from tests.support.programme import PUBLISH, programme_world, publish_confirmed
from tests.support.web import post

NEW = "/ascn8/manage/programme/sessions/new"
# What Trix writes for a description with every tool of its toolbar.
EDITOR_HTML = (
    "<h1><!--block-->Agenda</h1><div><!--block-->Opening by the <strong>Minister</strong>, "
    "<em>live</em> <del>online</del><br>then questions.</div><blockquote><!--block-->A quote</blockquote>"
    "<pre><!--block-->code()</pre><ul><li><!--block-->one</li></ul><ol><li><!--block-->two</li></ol>"
    '<div><!--block--><a href="https://ascn.example.org/">site</a></div>'
)


@pytest.fixture
def world(make, auth):
    world = programme_world(make)
    auth.login(world.organiser.email)
    return world


def _save(app, client, world, description_en):
    data = {
        "title_en": "Smart mobility",
        "title_ms": "Mobiliti pintar",
        "description_en": description_en,
        "description_ms": "Bas dan data.",
        "type_id": world.type.id,
        "track_id": "",
        "room_id": world.other_room.id,
        "starts_at": "2025-09-09T14:00",
        "ends_at": "2025-09-09T15:00",
        "audience": "everyone",
    }
    assert post(client, NEW, data, token_from=NEW).status_code == 302
    with app.app_context():
        return db.session.scalar(
            select(ProgrammeSession.description_en).where(ProgrammeSession.title_en == "Smart mobility")
        )


def test_the_editors_formatting_survives_sanitising(app, client, world):
    saved = _save(app, client, world, EDITOR_HTML)
    assert saved == (
        "<h3>Agenda</h3><div>Opening by the <strong>Minister</strong>, <em>live</em> <del>online</del>"
        "<br>then questions.</div><blockquote>A quote</blockquote><pre>code()</pre><ul><li>one</li></ul>"
        '<ol><li>two</li></ol><div><a href="https://ascn.example.org/" rel="noopener noreferrer">'
        "site</a></div>"
    )


def test_scripts_handlers_and_javascript_links_do_not(app, client, world):
    saved = _save(
        app,
        client,
        world,
        '<div onmouseover="steal()">Hi<script>alert(1)</script><img src="x" onerror="alert(2)">'
        '<a href="javascript:alert(3)">l</a><a href="JaVaScRiPt:alert(4)">m</a>'
        '<h1 onclick="x()">T</h1><iframe src="https://evil.example/"></iframe></div>',
    )
    assert (
        saved == '<div>Hi<a rel="noopener noreferrer">l</a><a rel="noopener noreferrer">m</a><h3>T</h3></div>'
    )


def test_the_session_form_loads_the_local_editor_over_the_plain_fields(client, world):
    page = client.get(NEW).get_data(as_text=True)
    assert '<textarea data-rich-text="" id="description_en"' in page  # still sent without script
    assert "/static/vendor/trix-2.1.19/trix.umd.min.js" in page
    assert "/static/vendor/tom-select-2.6.2/tom-select.complete.min.js" in page
    assert "&#34;noResults&#34;: &#34;No results&#34;" in page
    assert '<select id="speaker_ids" multiple' in page


def _releases(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(ProgrammeRelease))


def _change_a_saved_session(app, make, world, savers=2):
    for _ in range(savers):
        make.programme.save(make.user().id, world.sessions[0].id)
    with app.app_context():
        db.session.get(ProgrammeSession, world.sessions[0].id).title_en += " (moved)"
        db.session.commit()


def test_publishing_without_confirmation_publishes_nothing(app, client, make, world):
    _change_a_saved_session(app, make, world)
    step = post(client, PUBLISH, token_from=PUBLISH)
    assert step.status_code == 200
    page = step.get_data(as_text=True)
    assert "Publish these changes?" in page
    assert "2 delegates who saved a changed session will be emailed." in page
    assert _releases(app) == 1
    # A confirmation without the draft it confirmed, or of an older draft, is refused.
    for reviewed in ("", "0" * 64):
        page = post(client, PUBLISH, {"confirm": "yes", "reviewed": reviewed}, token_from=PUBLISH)
        assert "The draft has changed since you reviewed it." in page.get_data(as_text=True)
    assert _releases(app) == 1

    assert publish_confirmed(client).status_code == 302
    assert _releases(app) == 2


def test_the_publish_page_says_how_many_will_be_emailed_before_the_step(app, client, make, world):
    _change_a_saved_session(app, make, world, savers=1)
    page = client.get(PUBLISH).get_data(as_text=True)
    assert "Publishing these changes emails 1 delegate." in page
    assert "Publish these changes?" not in page
