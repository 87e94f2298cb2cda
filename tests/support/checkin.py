"""Check-in helpers: a pairing code as an organiser gets one, many delegates at once, and
what the database holds after scans."""

from sqlalchemy import func, insert, select

from ascn.accounts.models import User
from ascn.checkin import devices
from ascn.checkin.models import CheckinList
from ascn.extensions import db
from ascn.registration.models import Registration


def pairing_code(app, list_id: int, organiser_id: int, name: str = "Phone") -> str:
    """A fresh one-time code for a new device of the list, as the devices page shows it."""
    with app.test_request_context():
        checkin_list = db.session.get(CheckinList, list_id)
        _device, code = devices.create(checkin_list, name, db.session.get(User, organiser_id))
        return code


def many_delegates(app, event_id: int, country_id: int, category_id: int, count: int) -> list[int]:
    """`count` approved registrations in one statement (the factory's one-by-one commits
    would take minutes); names in several scripts, as at an ASEAN meeting."""
    names = ("Nguyễn Thị Thu Hằng", "Siti Nur Aisyah binti Ahmad", "สมชาย ใจดี", "Maria Santos", "陈伟明")
    rows = [
        {
            "event_id": event_id,
            "country_id": country_id,
            "category_id": category_id,
            "status": "approved",
            "given_names": f"Given{n}",
            "family_name": f"Family{n}",
            "badge_name": f"{names[n % len(names)]} {n}",
            "email": f"many{n}@example.org",
            "locale": "en",
        }
        for n in range(count)
    ]
    with app.app_context():
        db.session.execute(insert(Registration), rows)
        db.session.commit()
        return list(db.session.scalars(select(Registration.id).where(Registration.event_id == event_id)))


def count(app, model, **where) -> int:
    with app.app_context():
        stmt = select(func.count()).select_from(model)
        for name, value in where.items():
            stmt = stmt.where(getattr(model, name) == value)
        return db.session.scalar(stmt)


def badge_video(path, text: str) -> None:
    """A few seconds of video of a badge's QR code held before a camera, as the Y4M file
    Chromium's fake camera plays (--use-file-for-fake-video-capture)."""
    import io

    import segno
    from PIL import Image

    png = io.BytesIO()
    segno.make(text, error="m").save(png, kind="png", scale=10, border=4)
    code = Image.open(png).convert("RGB")
    code.thumbnail((400, 400))
    frame = Image.new("RGB", (640, 480), "white")
    frame.paste(code, ((640 - code.width) // 2, (480 - code.height) // 2))
    luma, blue, red = frame.convert("YCbCr").split()
    planes = luma.tobytes() + blue.resize((320, 240)).tobytes() + red.resize((320, 240)).tobytes()
    path.write_bytes(b"YUV4MPEG2 W640 H480 F10:1 Ip A1:1 C420jpeg\n" + (b"FRAME\n" + planes) * 20)
