"""A photo whose file was cut short (an interrupted upload, a half-copied file) is refused
in every format, however it is decoded, rather than stored with a grey band where the
missing part was: it would print on a badge."""

import io
from datetime import datetime, timedelta, timezone

import pytest
from PIL import Image, ImageFile
from sqlalchemy import func, select

from ascn.extensions import db
from ascn.registration.models import IdentityChange, RegistrationPhoto
from tests.support.web import post

NOW = datetime.now(timezone.utc)
UNREADABLE = "This file is not an image we can read"


@pytest.fixture(params=[False, True], ids=["strict Pillow", "after a PDF was rendered"])
def pillow(request, monkeypatch):
    """Pillow refuses truncated files by default, but WeasyPrint switches that off for
    the whole process when it is first imported, that is once any PDF has been made."""
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", request.param)


@pytest.fixture
def delegate(make, auth):
    event = make.event(
        registration_opens_at=NOW - timedelta(days=1), registration_closes_at=NOW + timedelta(days=30)
    )
    category = make.category(event.id, code="delegate", label_en="Delegate", label_ms="Perwakilan")
    country = make.country("TH", "Thailand", "Thailand")
    registration = make.registration(event.id, country.id, category.id, given_names="Anong")
    auth.login(registration.email)
    return registration


def _photo(fmt: str, **options) -> bytes:
    """A 600 × 800 photo with detail everywhere, so that every part of the file holds pixels."""
    noise = Image.effect_noise((600, 800), 64)
    image = Image.merge("RGB", (noise, noise.transpose(Image.Transpose.FLIP_LEFT_RIGHT), noise))
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def _send(client, data: bytes, name: str):
    return post(
        client,
        "/ascn8/registration/photo",
        {"photo": (io.BytesIO(data), name)},
        token_from="/ascn8/registration/photo",
        content_type="multipart/form-data",
    )


def _photos_kept(app) -> int:
    with app.app_context():
        return sum(
            db.session.scalar(select(func.count()).select_from(model))
            for model in (RegistrationPhoto, IdentityChange)
        )


FORMATS = {
    "baseline JPEG": ("JPEG", {}, "me.jpg"),
    "progressive JPEG": ("JPEG", {"progressive": True}, "me.jpg"),
    "PNG": ("PNG", {}, "me.png"),
    "WebP": ("WEBP", {}, "me.webp"),
}


@pytest.mark.parametrize("kind", FORMATS)
@pytest.mark.parametrize("kept", [1 / 3, 1 / 2, 9 / 10])
def test_a_truncated_photo_is_refused_and_nothing_is_kept(app, client, pillow, delegate, kind, kept):
    fmt, options, name = FORMATS[kind]
    whole = _photo(fmt, **options)
    response = _send(client, whole[: int(len(whole) * kept)], name)
    assert response.status_code == 200
    assert UNREADABLE in response.get_data(as_text=True)
    assert _photos_kept(app) == 0


@pytest.mark.parametrize("kind", FORMATS)
def test_the_whole_photo_is_accepted(app, client, pillow, delegate, kind):
    fmt, options, name = FORMATS[kind]
    response = _send(client, _photo(fmt, **options), name)
    assert response.status_code == 302
    assert _photos_kept(app) == 1
    assert client.get(f"/ascn8/registration/{delegate.id}/photo.jpg").mimetype == "image/jpeg"
