"""How the organisers' registration pages hold up with a full event.

    .venv/bin/python bench/registration.py [--database-url URL] [--rows 3000]

Every page is measured twice in the same run: on an event with `--rows` registrations
and, as the reference, on the same event holding only 30. A page whose time or query
count grows with the rows shows up in the ratio column. The script creates its tables on
the given database and drops them at the end (a temporary SQLite file by default); it
refuses a database that holds anything but its own event.
"""

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import delete, event, insert, inspect, select  # noqa: E402

from ascn import create_app  # noqa: E402
from ascn.accounts.models import User  # noqa: E402
from ascn.accounts.services import hash_password  # noqa: E402
from ascn.demo.countries import COUNTRIES  # noqa: E402
from ascn.demo.names import DELEGATE_NAMES  # noqa: E402
from ascn.demo.seed import CATEGORIES, EVENT  # noqa: E402
from ascn.events.models import Category, Country, Event, EventRole  # noqa: E402
from ascn.extensions import db  # noqa: E402
from ascn.registration.details import refresh_search  # noqa: E402
from ascn.registration.models import Registration, RegistrationChange  # noqa: E402

SLUG = "bench-ascn"
ORGANISER, PASSWORD = "organiser@bench.example", "bench-organiser-pass"
REFERENCE_ROWS = 30
RUNS, WARM_UPS = 30, 3
STATUSES = ("approved",) * 14 + ("pending",) * 4 + ("rejected", "cancelled")
CATEGORY_WEIGHTS = {"delegate": 80, "head_of_delegation": 3, "speaker": 6, "observer": 6, "media": 5}
JUNE_1 = datetime(2025, 6, 1, tzinfo=timezone.utc)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="default: a temporary SQLite file")
    parser.add_argument("--rows", type=int, default=3000)
    args = parser.parse_args()
    workdir = tempfile.TemporaryDirectory(prefix="ascn-bench-")
    url = args.database_url or f"sqlite:///{Path(workdir.name) / 'bench.db'}"
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "bench-secret-key-0123456789-abcdefghijklm",
            "SQLALCHEMY_DATABASE_URI": url,
            "JOBS_MODE": "thread",
            "RATELIMIT_ENABLED": False,
            "WTF_CSRF_ENABLED": False,
            "MAIL_SERVER": None,
            "EVENT_SLUG": SLUG,
        }
    )
    with app.app_context():
        refuse_foreign_data()
        db.drop_all()
        db.create_all()
        engine = db.engine
        print(f"database: {engine.dialect.name} ({engine.url.render_as_string(hide_password=True)})")
        try:
            country_id = seed_event()
            pages = page_list(country_id)
            results = {}
            for rows in (REFERENCE_ROWS, args.rows):
                seed_registrations(rows)
                client = logged_in_client(app)
                started = time.perf_counter()
                results[rows] = {name: measure(client, engine, path) for name, path in pages}
                print(f"measured {rows:,} rows in {time.perf_counter() - started:.1f} s")
            report(pages, results, REFERENCE_ROWS, args.rows)
        finally:
            db.session.remove()
            db.drop_all()
            engine.dispose()
    workdir.cleanup()


def refuse_foreign_data() -> None:
    """drop_all on someone's real database would be a disaster: only run on an empty one
    or on one this script filled (it never runs migrations, so never has alembic_version)."""
    tables = inspect(db.engine)
    if tables.has_table("alembic_version"):
        sys.exit("refusing: this database has been migrated, so it belongs to an app; give an empty one")
    if not tables.has_table("event"):
        return
    slugs = set(db.session.scalars(select(Event.slug)))
    db.session.rollback()
    if slugs - {SLUG}:
        sys.exit(
            f"refusing: this database holds other events ({', '.join(sorted(slugs))}); give an empty one"
        )


def seed_event() -> int:
    """The event, its categories, the countries and an organiser; the id of the country
    the filtered list asks for."""
    values = {k: v for k, v in EVENT.items() if k != "slug"}
    ascn = Event(slug=SLUG, **values)
    db.session.add(ascn)
    for order, (code, en, ms, colour, by_delegate, by_focal_point) in enumerate(CATEGORIES):
        db.session.add(
            Category(
                event=ascn,
                code=code,
                label_en=en,
                label_ms=ms,
                colour=colour,
                sort_order=order,
                delegate_may_choose=by_delegate,
                focal_point_may_choose=by_focal_point,
            )
        )
    for order, (code, en, ms, group) in enumerate(COUNTRIES):
        db.session.add(Country(code=code, name_en=en, name_ms=ms, country_group=group, sort_order=order))
    organiser = User(
        email=ORGANISER,
        full_name="Bench Organiser",
        locale="en",
        password_hash=hash_password(PASSWORD),
        email_confirmed_at=datetime.now(timezone.utc),
    )
    db.session.add(organiser)
    db.session.flush()
    db.session.add(EventRole(event_id=ascn.id, user_id=organiser.id, role="organiser"))
    db.session.commit()
    return db.session.scalar(select(Country.id).where(Country.code == "TH"))


def seed_registrations(rows: int) -> None:
    """`rows` registrations in one bulk insert, replacing any before: the demo's names in
    every script, cycled over the member states, statuses and categories."""
    db.session.execute(delete(RegistrationChange))
    db.session.execute(delete(Registration))
    ascn = db.session.scalar(select(Event).where(Event.slug == SLUG))
    countries = {c.code: c.id for c in db.session.scalars(select(Country))}
    categories = {c.code: c.id for c in ascn.categories}
    weighted = [code for code, weight in CATEGORY_WEIGHTS.items() for _ in range(weight)]
    # Round-robin over the countries, so that even the 30-row reference has every one.
    longest = max(len(persons) for persons in DELEGATE_NAMES.values())
    people = [
        (code, persons[i])
        for i in range(longest)
        for code, persons in DELEGATE_NAMES.items()
        if i < len(persons)
    ]
    rng = random.Random(rows)
    records = []
    for n in range(rows):
        code, (honorific, given, family, badge, latin) = people[n % len(people)]
        status = rng.choice(STATUSES)
        created = JUNE_1 + timedelta(minutes=rng.randrange(90 * 24 * 60))
        record = SimpleNamespace(
            event_id=ascn.id,
            status=status,
            status_reason="Not on the confirmed delegation list." if status == "rejected" else "",
            honorific=honorific,
            given_names=given,
            family_name=family,
            badge_name=badge,
            latin_name=latin,
            country_id=countries[code],
            position="Director, Smart City Division",
            organisation="Ministry of Local Government Development",
            category_id=categories[rng.choice(weighted)],
            email=f"delegate{n}.{code.lower()}@bench.example",
            mobile="+60123456789",
            locale="ms" if code in ("MY", "BN") else "en",
            protocol_rank="delegate",
            is_head=False,
            consent_at=created,
            created_at=created,
            updated_at=created,
            decided_at=created + timedelta(days=2) if status in ("approved", "rejected") else None,
        )
        refresh_search(record)  # the app's own search key, from the same function
        records.append(vars(record))
    db.session.execute(insert(Registration), records)
    db.session.commit()


def page_list(country_id: int) -> list[tuple[str, str]]:
    base = f"/{SLUG}/manage/registrations"
    return [
        ("list, page 1", f"{base}"),
        ("list, approved + Thailand", f"{base}?status=approved&country={country_id}"),
        ("list, page 50", f"{base}?page=50"),
        ("list, sorted by country, p. 20", f"{base}?sort=country&page=20"),
        ("search, Thai fragment", f"{base}?q=ศรี"),
        ("search, 'nguyen' (no accents)", f"{base}?q=nguyen"),
        ("export .xlsx, all rows", f"{base}/export.xlsx"),
        ("export .csv, all rows", f"{base}/export.csv"),
    ]


def logged_in_client(app):
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = client.post("/account/login", data={"email": ORGANISER, "password": PASSWORD})
    if response.status_code != 302:
        sys.exit(f"login failed ({response.status_code})")
    return client


def measure(client, engine, path: str) -> dict:
    """Median and 95th percentile in ms over RUNS requests after WARM_UPS, and the SQL
    statements of each request (a set: one value when the count is steady)."""
    times, queries = [], set()
    for run in range(WARM_UPS + RUNS):
        statements = [0]

        def count(*_args, statements=statements):
            statements[0] += 1

        event.listen(engine, "before_cursor_execute", count)
        started = time.perf_counter()
        response = client.get(path)
        elapsed = time.perf_counter() - started
        event.remove(engine, "before_cursor_execute", count)
        if response.status_code != 200:
            sys.exit(f"{path}: HTTP {response.status_code}")
        if run >= WARM_UPS:
            times.append(elapsed * 1000)
            queries.add(statements[0])
    times.sort()
    return {
        "median": statistics.median(times),
        "p95": times[min(len(times) - 1, round(0.95 * (len(times) - 1)))],
        "queries": "/".join(str(q) for q in sorted(queries)),
        "bytes": len(response.data),
    }


def report(pages, results, small: int, large: int) -> None:
    reference = results[small][pages[0][0]]["median"]
    print(
        f"\n{RUNS} requests per page after {WARM_UPS} warm-ups; times in ms; "
        f"ratio = median at {large:,} rows / median at {small} rows"
    )
    header = (
        f"{'page':<32} {'median':>8} {'p95':>8} {'SQL':>5}  │ {'median':>7} {'p95':>7} {'SQL':>5}"
        f"  │ {'ratio':>6} {'vs ref':>7}"
    )
    print(f"{'':<32} {f'{large:,} rows':>23}  │ {f'{small} rows':>21}  │")
    print(header)
    print("─" * len(header))
    for name, _ in pages:
        big, ref = results[large][name], results[small][name]
        flag = "  ← more SQL with more rows" if big["queries"] != ref["queries"] else ""
        print(
            f"{name:<32} {big['median']:>8.1f} {big['p95']:>8.1f} {big['queries']:>5}  │ "
            f"{ref['median']:>7.1f} {ref['p95']:>7.1f} {ref['queries']:>5}  │ "
            f"{big['median'] / ref['median']:>6.1f} {big['median'] / reference:>7.1f}{flag}"
        )
    print(f"\nvs ref = median / median of '{pages[0][0]}' at {small} rows ({reference:.1f} ms)")
    for name, path in pages:
        print(f"  {name:<32} {path}")


if __name__ == "__main__":
    main()
