"""Badge photos: a 3:4 portrait JPEG of at most 600 × 800 pixels (~60 KB), small enough
to keep in the database where every app server sees it."""

from ascn.db import utcnow
from ascn.extensions import db
from ascn.images import Photo, reencode
from ascn.registration.models import Registration, RegistrationPhoto

MAX_UPLOAD_BYTES = 8 * 1024 * 1024
BADGE_RATIO = 3 / 4  # width / height
OUTPUT_SIZE = (600, 800)
MIN_SIDE = 200


def process_photo(stream) -> Photo:
    """The uploaded photo re-encoded for the badge, or a refusal for the uploader."""
    return reencode(stream, max_bytes=MAX_UPLOAD_BYTES, box=OUTPUT_SIZE, ratio=BADGE_RATIO, min_side=MIN_SIDE)


def store_photo(registration: Registration, photo: Photo) -> None:
    row = db.session.get(RegistrationPhoto, registration.id)
    if row is None:
        row = RegistrationPhoto(registration_id=registration.id)
        db.session.add(row)
    row.data, row.content_type = photo.data, photo.content_type
    row.width, row.height = photo.width, photo.height
    row.updated_at = utcnow()
    registration.has_photo = True
    registration.updated_at = utcnow()  # the photo URL carries it, so browsers fetch the new one
