"""Badge benchmark: 1,000 A6 badges with photo and QR code from the demo data, through
the real batch path (chunks rendered by the process pool, merged with pypdf), a single
desk badge, and in the same run a minimal reportlab reference of the same layout
(reportlab is what Indico and pretix draw badges with).

Prints badges per second, wall time, peak memory per process, PDF size, and the ratio
to the reference.

    .venv/bin/python bench/badges.py                 # SQLite in /tmp/badges-bench.db
    BADGES=2000 .venv/bin/python bench/badges.py
"""

import io
import os
import resource
import secrets
import statistics
import sys
import time
from pathlib import Path

from sqlalchemy import select, update

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ascn import create_app  # noqa: E402
from ascn.accounts.models import User  # noqa: E402
from ascn.badges import batches, cards, runs  # noqa: E402
from ascn.badges.models import BadgeBatch, BadgeTemplate  # noqa: E402
from ascn.events.models import Event  # noqa: E402
from ascn.extensions import db  # noqa: E402
from ascn.registration.models import Registration, RegistrationPhoto  # noqa: E402

COUNT = int(os.environ.get("BADGES", "1000"))
DATABASE = os.environ.get("DATABASE_URL") or "sqlite:////tmp/badges-bench.db"
FONTS = Path("/usr/share/fonts/truetype/noto")


def prepare(app) -> None:
    """The demo, every template A6, and copies of the approved demo delegates (photos
    included) until COUNT are approved."""
    from ascn.demo.seed import seed

    with app.app_context():
        db.drop_all()
        db.create_all()
        seed()
        db.session.execute(update(BadgeTemplate).values(layout="a6"))
        approved = db.session.scalars(select(Registration).where(Registration.status == "approved")).all()
        photos = dict(
            db.session.execute(select(RegistrationPhoto.registration_id, RegistrationPhoto.data)).all()
        )
        skip = {"id", "created_at", "updated_at", "email", "user_id", "registered_by_id", "replaced_by_id"}
        columns = [c.key for c in Registration.__table__.columns if c.key not in skip]
        n = 0
        while len(approved) + n < COUNT:
            source = approved[n % len(approved)]
            copy = Registration(**{c: getattr(source, c) for c in columns}, email=f"copy{n}@bench.example")
            db.session.add(copy)
            db.session.flush()
            if source.id in photos:
                db.session.add(
                    RegistrationPhoto(registration_id=copy.id, data=photos[source.id], width=600, height=800)
                )
            n += 1
        db.session.commit()


def pool_peaks_mb() -> list[float]:
    pool = runs._POOL.get("pool")
    peaks = []
    for pid in list(getattr(pool, "_processes", {}) or {}):
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                peaks.append(int(line.split()[1]) / 1024)
    return peaks


def run_batch(app) -> tuple[float, int, int]:
    with app.test_request_context(headers={"Accept-Language": "en"}):
        event = db.session.scalar(select(Event))
        staff = db.session.scalar(select(User).where(User.role == "staff"))
        started = time.perf_counter()
        batch = batches.start(event, staff, batches.Selection(scope="all", sort="protocol"))
        batch_id = batch.id
        while True:
            db.session.remove()
            status = db.session.scalar(select(BadgeBatch.status).where(BadgeBatch.id == batch_id))
            if status in ("done", "failed"):
                break
            time.sleep(0.02)
        wall = time.perf_counter() - started
        assert status == "done", db.session.get(BadgeBatch, batch_id).error
        row = db.session.get(BadgeBatch, batch_id)
        return wall, row.total, row.pdf_size


def desk_badge_ms(app) -> list[float]:
    with app.test_request_context(headers={"Accept-Language": "en"}):
        event = db.session.scalar(select(Event))
        registration = db.session.scalar(
            select(Registration)
            .where(Registration.status == "approved", Registration.has_photo.is_(True))
            .limit(1)
        )
        cards.render_one(event, registration, "en")  # the web process's first badge loads WeasyPrint
        times = []
        for _ in range(20):
            db.session.expire_all()
            started = time.perf_counter()
            cards.render_one(event, registration, "en")
            times.append((time.perf_counter() - started) * 1000)
        return times


def reportlab_reference(app) -> tuple[float, int, float]:
    """The same A6 layout drawn with reportlab: band, logo disc, photo, name, position,
    country, QR code (segno modules as rectangles), category band."""
    import segno
    from reportlab.lib.units import mm
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    from ascn.badges import tokens

    pdfmetrics.registerFont(TTFont("NotoSans", str(FONTS / "NotoSans-Regular.ttf")))
    pdfmetrics.registerFont(TTFont("NotoSans-Bold", str(FONTS / "NotoSans-Bold.ttf")))
    with app.app_context():
        from sqlalchemy.orm import joinedload

        people = db.session.scalars(
            select(Registration)
            .where(Registration.status == "approved")
            .options(joinedload(Registration.country), joinedload(Registration.category))
            .order_by(Registration.id)
            .limit(COUNT)
        ).all()
        photos = dict(
            db.session.execute(select(RegistrationPhoto.registration_id, RegistrationPhoto.data)).all()
        )
        started = time.perf_counter()
        out = io.BytesIO()
        pdf = canvas.Canvas(out, pagesize=(105 * mm, 148 * mm))
        images = {}
        for person in people:
            colour = person.category.colour
            pdf.setFillColor(colour)
            pdf.rect(0, 129 * mm, 105 * mm, 19 * mm, stroke=0, fill=1)
            pdf.rect(0, 0, 105 * mm, 15 * mm, stroke=0, fill=1)
            pdf.setFillColor("#ffffff")
            pdf.circle(11 * mm, 138.5 * mm, 6 * mm, stroke=0, fill=1)
            pdf.setFont("NotoSans-Bold", 13)
            pdf.drawString(20 * mm, 139 * mm, "ASCN8")
            pdf.drawCentredString(52.5 * mm, 5.5 * mm, person.category.label_en.upper())
            if person.id in photos:
                if person.id not in images:
                    images[person.id] = ImageReader(io.BytesIO(photos[person.id]))
                pdf.drawImage(images[person.id], 34.5 * mm, 77 * mm, 36 * mm, 48 * mm)
            pdf.setFillColor("#1c2733")
            pdf.setFont("NotoSans-Bold", 16)
            pdf.drawCentredString(52.5 * mm, 66 * mm, person.full_name[:40])
            pdf.setFont("NotoSans", 8)
            pdf.drawCentredString(52.5 * mm, 60 * mm, person.position[:70])
            pdf.drawString(6 * mm, 22 * mm, f"{person.country.code}  {person.country.name_en}")
            qr = segno.make(tokens.sign(person.id, 1), error="m")
            size = 22 * mm / len(qr.matrix)
            for y, row in enumerate(qr.matrix):
                for x, dark in enumerate(row):
                    if dark:
                        pdf.rect(77 * mm + x * size, 41 * mm - (y + 1) * size, size, size, stroke=0, fill=1)
            pdf.showPage()
        pdf.save()
        return time.perf_counter() - started, len(people), len(out.getvalue())


def main() -> None:
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": DATABASE,
            "JOBS_MODE": "thread",
            "SERVER_NAME": "bench.example",
            "SECRET_KEY": secrets.token_urlsafe(48),  # the development key serves localhost only
        }
    )
    print(f"preparing {COUNT} approved delegates from the demo ...", flush=True)
    prepare(app)
    processes, chunk = app.config["BADGE_PROCESSES"], app.config["BADGE_CHUNK_SIZE"]
    print(f"{os.cpu_count()} CPU(s); pool of {processes} processes; chunks of {chunk}")

    cold, total, size = run_batch(app)
    warm, _, warm_size = run_batch(app)
    peaks = pool_peaks_mb()
    desk = desk_badge_ms(app)
    parent_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # before reportlab's decoded photos
    reference, ref_count, ref_size = reportlab_reference(app)

    def line(label, seconds, count, pdf_bytes):
        print(f"{label:30}: {seconds:6.2f} s  {count / seconds:6.1f} badges/s  {pdf_bytes / 1e6:.1f} MB PDF")

    print(f"\nbatch of {total} A6 badges with photo and QR (WeasyPrint, real batch path)")
    line("  first batch (pool starting)", cold, total, size)
    line("  second batch (pool warm)", warm, total, warm_size)
    print(f"  peak memory per pool process: {', '.join(f'{p:.0f} MB' for p in peaks) or 'n/a'}")
    print(f"  peak memory of this process : {parent_mb:.0f} MB (app, queries, merge)")
    print(f"desk badge (one PDF, warm)    : median {statistics.median(desk):.0f} ms, max {max(desk):.0f} ms")
    print()
    line("reportlab reference, 1 process", reference, ref_count, ref_size)
    ratios = f"first {reference / cold:.2f}, warm {reference / warm:.2f}"
    print(f"ratio (reportlab time / ours) : {ratios} (1.00 = parity)")


if __name__ == "__main__":
    main()
