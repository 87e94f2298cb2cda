"""Uploaded photos: refused by their declared size before any pixel is decoded, checked
after the form's own checks, and stored as their pixels and nothing else."""

import io

import pytest
from PIL import Image, ImageCms
from sqlalchemy import func, select

from ascn import images
from ascn.errors import ServiceError
from ascn.extensions import db
from ascn.registration.models import Registration, RegistrationPhoto
from tests.support.registration import form
from tests.support.web import post


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _register(client, world, photo: bytes, **changes):
    data = form(world, **changes)
    data["photo"] = (io.BytesIO(photo), "me.png")
    return post(
        client, "/ascn8/register", data, token_from="/ascn8/register", content_type="multipart/form-data"
    )


def _count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Registration))


def _stored(app) -> bytes:
    with app.app_context():
        return db.session.scalar(select(RegistrationPhoto.data))


def test_a_five_kilobyte_png_of_36_megapixels_is_refused(app, client, open_event):  # noqa: F811
    bomb = _png(Image.new("1", (6000, 6000)))
    assert len(bomb) < 5_000
    page = _register(client, open_event, bomb).get_data(as_text=True)
    assert "too many pixels" in page and "under 12 megapixels" in page
    assert _count(app) == 0


def test_a_broken_photo_is_refused_alike_for_a_known_and_an_unknown_address(app, client, open_event):  # noqa: F811
    """Were the photo read only for new addresses, its refusal would tell who is registered."""
    _register(client, open_event, _png(Image.new("RGB", (600, 800), "teal")))
    assert _count(app) == 1
    known = _register(client, open_event, b"not an image").get_data(as_text=True)
    unknown = _register(client, open_event, b"not an image", email="someone.else@example.org")
    assert "not an image we can read" in known
    assert "not an image we can read" in unknown.get_data(as_text=True)
    assert _count(app) == 1


@pytest.mark.parametrize(
    "size, fmt, options",
    [
        ((4000, 3000), "JPEG", {"progressive": True}),
        ((7302, 5477), "JPEG", {}),
        ((4000, 3000), "PNG", {"compress_level": 1}),
    ],
)
def test_the_largest_accepted_photos_are_accepted(size, fmt, options):
    out = io.BytesIO()
    Image.new("RGB", size, "teal").save(out, fmt, **options)
    out.seek(0)
    photo = images.reencode(out, max_bytes=8 << 20, box=(600, 800), ratio=3 / 4, min_side=200)
    assert (photo.width, photo.height) == (600, 800)


@pytest.mark.parametrize(
    "size, fmt, options",
    [
        ((4100, 3000), "JPEG", {"progressive": True}),  # decoded whole: held to 12 megapixels
        ((4100, 3000), "PNG", {}),
        ((2600, 2000), "WEBP", {}),
        ((3300, 2500), "PNG", {"transparency": 0}),
    ],
)
def test_photos_decoded_whole_are_held_to_fewer_pixels(size, fmt, options):
    out = io.BytesIO()
    Image.new("L", size).save(out, fmt, **options)
    out.seek(0)
    with pytest.raises(ServiceError) as refused:
        images.reencode(out, max_bytes=8 << 20, box=(600, 800))
    assert "too many pixels" in str(refused.value.message)


def _jpeg_with_everything() -> bytes:
    out = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"
    exif[0x0112] = 6  # taken turned: stored 1200 wide, shown 900 wide
    image = Image.new("RGB", (1200, 900), "orange")
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF>SecretXMP</rdf:RDF></x:xmpmeta>'
    image.save(out, "JPEG", exif=exif, icc_profile=srgb, xmp=xmp, comment=b"<script>alert(1)</script>")
    return out.getvalue()


def test_only_the_pixels_of_a_photo_are_kept(app, client, open_event):  # noqa: F811
    upload = _jpeg_with_everything()
    assert b"<script>" in upload and b"SecretXMP" in upload and b"SecretCam" in upload
    _register(client, open_event, upload)
    stored = _stored(app)
    for uploaded in (b"<script>", b"alert(1)", b"SecretXMP", b"SecretCam", b"ICC_PROFILE", b"Exif"):
        assert uploaded not in stored, uploaded
    image = Image.open(io.BytesIO(stored))
    assert "comment" not in image.info and "icc_profile" not in image.info
    assert image.size == (600, 800)  # turned upright, then cropped to the badge
    assert image.getpixel((300, 400))[0] > 200  # still orange


def test_a_speaker_photo_keeps_no_comment_either(app):
    with app.app_context():
        from ascn.programme.content import reencode_photo

        data, _content_type = reencode_photo(_jpeg_with_everything())
    assert b"<script>" not in data and b"SecretCam" not in data
