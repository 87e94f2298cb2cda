"""The event's own look: the logo an organiser uploads (re-encoded, SVG refused), the two
colours (white text on them must reach 4.5:1), and where they show: the header, the
event's stylesheet, the logo's address with its ETag."""

import io

import pytest
from PIL import Image
from sqlalchemy import select

from ascn.events.models import Event, EventLogo
from ascn.extensions import db
from tests.support.factories import jpeg
from tests.support.web import post

LOOK = "/ascn8/manage/look"


@pytest.fixture
def organiser(make, auth):
    event = make.event()
    auth.login(make.user(role="organiser").email)
    return event


def _save(client, logo=None, **values):
    data = {"primary_colour": "", "accent_colour": "", **values}
    if logo is not None:
        data["logo"] = (io.BytesIO(logo[1]), logo[0])
    return post(client, LOOK, data, token_from=LOOK, content_type="multipart/form-data")


def _stored(app):
    with app.app_context():
        event = db.session.scalars(select(Event)).one()
        logo = db.session.get(EventLogo, event.id)
        return event.primary_colour, event.accent_colour, logo and logo.data


def _transparent_png(size=(300, 100)) -> bytes:
    image = Image.new("RGBA", size, (0, 0, 0, 0))
    image.paste((200, 30, 30, 255), (10, 10, 120, 90))
    image.info["comment"] = b"uploaded"
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def test_a_png_logo_is_drawn_again_and_served_with_its_etag(app, client, organiser):
    upload = _transparent_png()
    response = _save(client, ("logo.png", upload), primary_colour="#0B5D6B")
    assert response.status_code == 302
    primary, _, data = _stored(app)
    assert primary == "#0b5d6b"
    assert data != upload and data.startswith(b"\x89PNG")
    assert Image.open(io.BytesIO(data)).mode == "RGBA"  # the transparency is kept
    page = client.get("/ascn8/").get_data(as_text=True)
    assert 'class="event-logo" src="/ascn8/logo.png?v=' in page
    served = client.get("/ascn8/logo.png")
    assert served.data == data and served.headers["Content-Type"] == "image/png"
    assert served.headers["ETag"]
    again = client.get("/ascn8/logo.png", headers={"If-None-Match": served.headers["ETag"]})
    assert again.status_code == 304 and not again.data


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("huge.png", b"\x89PNG\r\n\x1a\n" + b"\0" * (2 * 1024 * 1024 + 1), "larger than 2 MB"),
        ("broken.png", _transparent_png()[:200], "This logo cannot be read"),
        ("logo.png", b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script/></svg>', "SVG"),
        ("logo.jpg", b"GIF89a" + b"\0" * 100, "must be a PNG or JPEG"),
    ],
)
def test_a_bad_logo_is_refused_with_a_message_and_nothing_changes(
    app, client, organiser, name, content, message
):
    page = _save(client, (name, content), primary_colour="#0b5d6b").get_data(as_text=True)
    assert message in page
    assert _stored(app) == (None, None, None)


def test_a_logo_bomb_is_refused_by_its_declared_size(app, client, organiser):
    out = io.BytesIO()
    Image.new("1", (10_000, 10_000)).save(out, "PNG")  # 100 megapixels in a few kilobytes
    page = _save(client, ("bomb.png", out.getvalue())).get_data(as_text=True)
    assert "This logo cannot be read" in page and _stored(app)[2] is None


@pytest.mark.parametrize(
    "colour, message",
    [
        ("#f2c14e", "has a contrast of 1.68:1"),  # the site's own yellow: white on it cannot be read
        ("#777777", "has a contrast of 4.48:1"),  # just under AA
        ("#١٢٣٤٥٦", "six hex digits"),  # Arabic-Indic digits are not hex digits
        ("#0b5d6", "six hex digits"),
        ("0b5d6b", "six hex digits"),
        ("#0b5d6g", "six hex digits"),
    ],
)
def test_a_colour_that_is_not_hex_or_too_light_for_white_text_is_refused(
    app, client, organiser, colour, message
):
    page = _save(client, accent_colour=colour).get_data(as_text=True)
    assert message in page
    assert _stored(app) == (None, None, None)


def test_the_colours_reach_every_page_through_the_event_stylesheet(app, client, organiser):
    assert _save(client, primary_colour="#595959", accent_colour="#7a4b00").status_code == 302
    page = client.get("/ascn8/").get_data(as_text=True)
    link = page.split('href="/ascn8/look.css?v=')[1].split('"')[0]
    css = client.get(f"/ascn8/look.css?v={link}")
    text = css.get_data(as_text=True)
    assert "--brand: #595959;" in text and "--accent: #7a4b00;" in text
    assert "max-age=31536000" in css.headers["Cache-Control"]


def test_the_organiser_removes_the_logo(app, client, make, organiser):
    make.logo(organiser.id)
    page = client.get(LOOK).get_data(as_text=True)
    assert "Remove the logo" in page
    assert _save(client, drop_logo="y").status_code == 302
    assert _stored(app)[2] is None
    assert client.get("/ascn8/logo.png").status_code == 404
    assert "event-logo" not in client.get("/ascn8/").get_data(as_text=True)


def test_the_settings_page_links_to_the_look(client, organiser):
    assert 'href="/ascn8/manage/look"' in client.get("/ascn8/manage/event").get_data(as_text=True)


def test_a_jpeg_logo_is_accepted(app, client, organiser):
    assert _save(client, ("logo.jpg", jpeg((400, 200)))).status_code == 302
    assert _stored(app)[2].startswith(b"\x89PNG")
