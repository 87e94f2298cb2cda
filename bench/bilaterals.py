"""The automatic placement of bilateral meetings against first-come-first-served and an
exact solver, on the same data.

    .venv/bin/pip install '.[bench]'     # OR-Tools, for the exact solver
    .venv/bin/python bench/bilaterals.py [--database URL] [--time-limit 30] [--seed 8]

Seeds a database of its own (a SQLite file in a temporary folder, or a database created
on the PostgreSQL server of `--database` and dropped at the end) with an event: 11 member
states and 30 partner delegations, 400 accepted requests over three days of 30-minute
slots (09:00–19:00) and 6 rooms of different sizes, some with interpretation or flags;
the requester names slots on one to three days, half the counterparts narrow them down;
heads of the member states' delegations speak in sessions, one person in five is booked on
a site visit. Then, on the same problem:

- the automatic placement through the service (`placing.place_all`: loading, the rule,
  writing), timed whole;
- a first-come-first-served baseline (requests in id order, each in its first free room
  and slot);
- CP-SAT (OR-Tools), maximising the meetings placed, within `--time-limit` seconds.

It prints the share of requests each places, the ratio placement / CP-SAT and the times.
The goal: at least 98 % of what CP-SAT places, in under 2 seconds, clearly more than
first-come-first-served.
"""

import argparse
import os
import random
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, text  # noqa: E402

MEMBERS, PARTNERS, REQUESTS, DAYS, SLOTS_PER_DAY = 11, 30, 400, 3, 20
FIRST_SLOT = datetime(2025, 9, 9, 1, 0, tzinfo=timezone.utc)  # 09:00 in Kuala Lumpur
ROOMS = [
    (6, False, False),
    (8, False, True),
    (8, True, False),
    (10, False, True),
    (12, True, True),
    (16, False, False),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", help="a PostgreSQL URL (a database is made there and dropped)")
    parser.add_argument("--time-limit", type=float, default=30.0, help="seconds for CP-SAT")
    parser.add_argument("--seed", type=int, default=8)
    args = parser.parse_args()
    try:
        from ortools.sat.python import cp_model  # noqa: F401
    except ImportError:
        sys.exit("OR-Tools is missing: .venv/bin/pip install '.[bench]' (or: pip install ortools)")
    admin, name = None, None
    if args.database:
        base, _, _ = args.database.rpartition("/")
        name = f"ascn_bilaterals_{os.getpid()}"
        admin = create_engine(args.database, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        url = f"{base}/{name}"
    else:
        url = f"sqlite:///{tempfile.mkdtemp(prefix='ascn-bilaterals-')}/bench.db"
    try:
        run(url, args)
    finally:
        if admin is not None:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()


def run(url: str, args) -> None:
    from ascn import create_app
    from ascn.accounts.models import User
    from ascn.bilaterals import placement, placing
    from ascn.bilaterals.problem import problem_of
    from ascn.events.models import Event
    from ascn.extensions import db

    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench-secret-0123456789abcdef", "JOBS_MODE": "thread"}
    )
    with app.app_context():
        db.create_all()
        started = time.perf_counter()
        event_id, organiser_id = seed(random.Random(args.seed))
        print(f"seeded in {time.perf_counter() - started:.1f} s")
    with app.test_request_context(headers={"Accept-Language": "en"}):
        event = db.session.get(Event, event_id)
        problem = problem_of(event)
        rooms, slot_ids, requests, busy = (
            problem.rule_rooms,
            problem.slot_ids,
            problem.rule_requests,
            problem.busy,
        )
        total = len(requests)
        started = time.perf_counter()
        fcfs = placement.first_come_first_served(rooms, slot_ids, requests, busy)
        fcfs_time = time.perf_counter() - started
        started = time.perf_counter()
        exact, status, bound = cp_sat(rooms, slot_ids, requests, busy, args.time_limit)
        exact_time = time.perf_counter() - started
        db.session.rollback()
        started = time.perf_counter()
        report = placing.place_all(db.session.get(Event, event_id), db.session.get(User, organiser_id))
        ours_time = time.perf_counter() - started
        ours = len(report.placed_ids)
    kinds = {}
    for item in report.left_out:
        kinds[item.reason.code] = kinds.get(item.reason.code, 0) + 1
    places = len(rooms) * len(slot_ids)
    print(f"{total} accepted requests, {len(rooms)} rooms, {len(slot_ids)} slots ({places} places)")
    line = "{:<28} {:>6} {:>8} {:>10}"
    print(line.format("", "placed", "share", "time"))
    print(
        line.format(
            "first come, first served",
            len(fcfs.placed),
            _share(len(fcfs.placed), total),
            f"{fcfs_time:.2f} s",
        )
    )
    print(line.format(f"CP-SAT ({status})", exact, _share(exact, total), f"{exact_time:.1f} s"))
    print(line.format("automatic placement", ours, _share(ours, total), f"{ours_time:.2f} s"))
    print(f"CP-SAT's upper bound: {bound:.0f}")
    print(f"placement / CP-SAT: {ours / exact:.1%}" if exact else "placement / CP-SAT: CP-SAT placed none")
    print(f"placement / first come, first served: {ours / max(len(fcfs.placed), 1):.3f}")
    print(f"left out by reason: {dict(sorted(kinds.items()))}")


def _share(placed: int, total: int) -> str:
    return f"{placed / total:.1%}" if total else "-"


def cp_sat(rooms, slot_ids, requests, busy, time_limit: float):
    """The most meetings placed: a yes/no per request, room and slot, at most one per
    request, per room and slot, per person and slot; fixed meetings hold their place."""
    from ortools.sat.python import cp_model

    from ascn.bilaterals import placement

    model = cp_model.CpModel()
    fixed_cells = {r.fixed for r in requests if r.fixed}
    fixed_seats = {(p, r.fixed[1]) for r in requests if r.fixed for p in r.people}
    per_request, per_cell, per_seat = {}, {}, {}
    known = set(slot_ids)
    for request in requests:
        if request.fixed:
            continue
        for slot in sorted(set(request.slot_ids) & known):
            if any(slot in busy.get(p, {}) or (p, slot) in fixed_seats for p in request.people):
                continue
            for room in rooms:
                if (room.id, slot) in fixed_cells or not placement.fits(room, request):
                    continue
                chosen = model.new_bool_var(f"r{request.id}_{room.id}_{slot}")
                per_request.setdefault(request.id, []).append(chosen)
                per_cell.setdefault((room.id, slot), []).append(chosen)
                for person in request.people:
                    per_seat.setdefault((person, slot), []).append(chosen)
    for group in (per_request, per_cell, per_seat):
        for choices in group.values():
            model.add_at_most_one(choices)
    model.maximize(sum(choice for choices in per_request.values() for choice in choices))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = 2
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return 0, solver.status_name(status), solver.best_objective_bound
    return round(solver.objective_value), solver.status_name(status), solver.best_objective_bound


def seed(rng: random.Random) -> tuple[int, int]:
    """The event described in the module's docstring; its id and an organiser's."""
    from ascn.accounts.models import User
    from ascn.bilaterals.models import BilateralRoom, BilateralSlot
    from ascn.demo.seed import EVENT
    from ascn.events.models import Category, Country, Event
    from ascn.extensions import db
    from ascn.programme.models import ProgrammeSession, SessionSpeaker, SessionType, Speaker
    from ascn.registration.details import refresh_search
    from ascn.registration.models import Delegation, Registration
    from ascn.visits.models import SiteVisit, VisitBooking

    event = Event(**EVENT)
    organiser = User(email="organiser@bench.example", full_name="Organiser", role="admin", password_hash="-")
    category = Category(event=event, code="delegate", label_en="Delegate", label_ms="Perwakilan")
    db.session.add_all([event, organiser, category])
    db.session.flush()
    kind = SessionType(event_id=event.id, code="plenary", label_en="Plenary", label_ms="Pleno")
    db.session.add(kind)
    delegations, people = [], []  # people: per delegation, (registration, user)
    for n in range(MEMBERS + PARTNERS):
        member = n < MEMBERS
        country = Country(
            code=f"C{n:02d}",
            name_en=f"{'Member' if member else 'Partner'} {n + 1}",
            name_ms=f"{'Anggota' if member else 'Rakan'} {n + 1}",
            country_group="member" if member else "partner",
        )
        delegation = Delegation(event=event, country=country)
        team = []
        for k in range(6 if member else 4):
            user = User(email=f"p{n}-{k}@bench.example", full_name=f"Person {n}-{k}", password_hash="-")
            registration = Registration(
                event=event,
                country=country,
                category=category,
                user=user,
                email=user.email,
                given_names=f"Person{k}",
                family_name=f"Of{n}",
                badge_name=f"Person{k} Of{n}",
                locale="en",
                status="approved",
            )
            refresh_search(registration)
            team.append(registration)
        db.session.add_all([country, delegation, *team])
        delegations.append(delegation)
        people.append(team)
    db.session.flush()
    # Heads and deputies of the member states speak in three sessions of 90 minutes each.
    for team in people[:MEMBERS]:
        for registration in team[:2]:
            speaker = Speaker(
                event_id=event.id, full_name=registration.badge_name, user_id=registration.user_id
            )
            db.session.add(speaker)
            for _ in range(3):
                starts_at = FIRST_SLOT + timedelta(
                    days=rng.randrange(DAYS), minutes=30 * rng.randrange(SLOTS_PER_DAY - 3)
                )
                session = ProgrammeSession(
                    event_id=event.id,
                    session_type=kind,
                    starts_at=starts_at,
                    ends_at=starts_at + timedelta(minutes=90),
                    title_en="Panel",
                    title_ms="Panel",
                )
                session.speakers = [SessionSpeaker(speaker=speaker, role="speaker")]
                db.session.add(session)
    visit = SiteVisit(
        event_id=event.id,
        title_en="Putrajaya Command Centre",
        title_ms="Pusat Kawalan Putrajaya",
        meeting_point_en="Lobby",
        meeting_point_ms="Lobi",
        departs_at=FIRST_SLOT + timedelta(days=1, hours=5),
        returns_at=FIRST_SLOT + timedelta(days=1, hours=8),
        closes_at=FIRST_SLOT,
        seats=200,
        published=True,
    )
    db.session.add(visit)
    db.session.flush()
    booked = [r for team in people for r in team if rng.random() < 0.2]
    for number, registration in enumerate(booked, 1):
        db.session.add(
            VisitBooking(
                visit=visit, registration=registration, status="confirmed", number=number, seat=number
            )
        )
    visit.confirmed_count, visit.last_number = len(booked), len(booked)
    db.session.add_all(
        BilateralRoom(
            event=event,
            name_en=f"Room {n + 1}",
            name_ms=f"Bilik {n + 1}",
            capacity=capacity,
            has_interpretation=booths,
            has_flags=flags,
            sort_order=n,
        )
        for n, (capacity, booths, flags) in enumerate(ROOMS)
    )
    slots = []
    for day in range(DAYS):
        for k in range(SLOTS_PER_DAY):
            starts_at = FIRST_SLOT + timedelta(days=day, minutes=30 * k)
            slots.append(
                BilateralSlot(event=event, starts_at=starts_at, ends_at=starts_at + timedelta(minutes=30))
            )
    db.session.add_all(slots)
    for _ in range(REQUESTS):
        db.session.add(_request(rng, event, delegations, people, slots))
    db.session.commit()
    return event.id, organiser.id


def _request(rng, event, delegations, people, slots):
    from ascn.bilaterals.models import BilateralParticipant, BilateralPreference, BilateralRequest

    a = rng.randrange(MEMBERS)
    b = rng.randrange(MEMBERS, MEMBERS + PARTNERS) if rng.random() < 0.7 else rng.randrange(MEMBERS)
    while b == a:
        b = rng.randrange(MEMBERS)
    request = BilateralRequest(
        event=event,
        requester=delegations[a],
        counterpart=delegations[b],
        status="accepted",
        level=rng.choice(("minister", "senior_official", "city", "technical")),
        subject_en="Smart mobility",
        subject_ms="Mobiliti pintar",
        needs_interpreter=rng.random() < 0.2,
        needs_flags=rng.random() < 0.15,
        answer_by=FIRST_SLOT,
    )
    for side, team in (("requester", people[a]), ("counterpart", people[b])):
        chosen = {team[0]} if rng.random() < 0.4 else set()
        size = rng.choice((1, 2, 2, 3))
        while len(chosen) < size:
            chosen.add(rng.choice(team))
        request.participants += [
            BilateralParticipant(registration=r, side=side) for r in sorted(chosen, key=lambda r: r.id)
        ]
    # The requester offers a stretch of one to three days; half the counterparts keep
    # some of those slots, a few offer only other times.
    offered = set()
    for day in rng.sample(range(DAYS), rng.choice((1, 2, 2, 3))):
        first = rng.randrange(SLOTS_PER_DAY - 4)
        last = rng.randrange(first + 4, SLOTS_PER_DAY + 1)
        offered |= {day * SLOTS_PER_DAY + k for k in range(first, last)}
    request.preferences += [BilateralPreference(slot=slots[k], side="requester") for k in sorted(offered)]
    if rng.random() < 0.5:
        if rng.random() < 0.95:
            kept = {k for k in offered if rng.random() < 0.6}
        else:
            kept = set(range(len(slots))) - offered
        request.preferences += [BilateralPreference(slot=slots[k], side="counterpart") for k in sorted(kept)]
    return request


if __name__ == "__main__":
    main()
