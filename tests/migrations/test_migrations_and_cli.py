"""Migrations build the schema from nothing and match the models; the CLI loads the demo
twice without changing anything the second time, and creates accounts."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, inspect, select, text

from ascn.accounts.models import User
from ascn.events.models import Category, Country, Event, EventRole
from ascn.extensions import db
from ascn.registration.models import Registration
from tests.support.settings import TEST_DATABASE_URL

ROOT = Path(__file__).resolve().parents[2]


def _flask(database_url, *args, input=None):
    env = {**os.environ, "DATABASE_URL": database_url, "FLASK_APP": "wsgi"}
    env.pop("REDIS_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "flask", *args],
        cwd=ROOT,
        env=env,
        input=input,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def empty_database(tmp_path):
    """An empty database of the kind the tests run on (a separate schema on PostgreSQL)."""
    if not TEST_DATABASE_URL:
        yield f"sqlite:///{tmp_path / 'migrate.db'}"
        return
    engine = create_engine(
        TEST_DATABASE_URL.replace("postgresql://", "postgresql+psycopg://"), isolation_level="AUTOCOMMIT"
    )
    with engine.connect() as conn:
        conn.execute(text("DROP DATABASE IF EXISTS ascn_migration_test"))
        conn.execute(text("CREATE DATABASE ascn_migration_test"))
    yield TEST_DATABASE_URL.rsplit("/", 1)[0] + "/ascn_migration_test"
    with engine.connect() as conn:
        conn.execute(text("DROP DATABASE IF EXISTS ascn_migration_test WITH (FORCE)"))
    engine.dispose()


def test_migrations_reach_head_and_match_the_models(empty_database):
    upgrade = _flask(empty_database, "db", "upgrade")
    assert upgrade.returncode == 0, upgrade.stderr[-3000:]
    check = _flask(empty_database, "db", "check")
    assert check.returncode == 0, check.stdout + check.stderr[-3000:]
    assert "No new upgrade operations detected" in check.stdout + check.stderr
    engine = create_engine(empty_database.replace("postgresql://", "postgresql+psycopg://"))
    assert {"event", "country", "category", "user_account", "outbox_message"} <= set(
        inspect(engine).get_table_names()
    )
    engine.dispose()


def test_migration_files_are_date_prefixed():
    for path in (ROOT / "migrations" / "versions").glob("*.py"):
        assert path.name[:8].isdigit() and path.name[8] == "_", path.name


def _counts():
    return {
        model.__tablename__: db.session.scalar(select(func.count()).select_from(model))
        for model in (Event, Category, Country, User)
    }


def db_roles(app):
    with app.app_context():
        return db.session.scalars(select(User.role).distinct()).all()


def test_seed_demo_is_idempotent(app, runner):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    assert "admin@ascn8.example" in result.output and "ascn8-demo-pass" in result.output
    with app.app_context():
        first = _counts()
        members = db.session.scalar(
            select(func.count()).select_from(Country).where(Country.country_group == "member")
        )
        ascn8 = db.session.scalar(select(Event).where(Event.slug == "ascn8"))
        working_group = db.session.scalar(select(Event).where(Event.slug != "ascn8"))
        focal_points = db.session.scalars(
            select(EventRole).where(EventRole.event_id == ascn8.id, EventRole.role == "focal_point")
        ).all()
        roles = set(
            db.session.scalars(select(EventRole.role).where(EventRole.event_id == ascn8.id).distinct())
        )
        thai = db.session.scalars(
            select(Registration.badge_name)
            .join(Country)
            .where(Country.code == "TH", Registration.event_id == ascn8.id)
        ).all()
        open_now = working_group.registration_state() == "open" and working_group.start_date > ascn8.end_date
    assert members == 11 and len(focal_points) == 11 and all(r.country_id for r in focal_points)
    assert roles == {"organiser", "staff", "focal_point"}
    assert set(db_roles(app)) == {"admin", "delegate"}
    assert first["user_account"] >= 11 * 25 and first["event"] == 2 and open_now
    assert any("\u0e00" <= ch <= "\u0e7f" for name in thai for ch in name)  # names in Thai script
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    with app.app_context():
        assert _counts() == first


def test_create_user_makes_a_confirmed_account_with_a_role(app, runner, make):
    make.country("MY", "Malaysia", "Malaysia")
    result = runner.invoke(
        args=["create-user", "Chief@Example.gov.my", "--role", "admin", "--name", "Chief"],
        input="a long admin passphrase\na long admin passphrase\n",
    )
    assert result.exit_code == 0, result.output
    result = runner.invoke(
        args=["create-user", "fp@example.gov.my", "--role", "focal_point", "--country", "my"],
        input="another long passphrase\nanother long passphrase\n",
    )
    assert result.exit_code == 1 and "Give the event (--event)" in result.output
    event = make.event()
    result = runner.invoke(
        args=["create-user", "fp@example.gov.my", "--role", "focal_point", "--event", "ascn8"],
        input="another long passphrase\nanother long passphrase\n",
    )
    assert result.exit_code == 1 and "needs a country" in result.output
    result = runner.invoke(
        args=[
            "create-user",
            "fp@example.gov.my",
            "--role",
            "focal_point",
            "--event",
            "ascn8",
            "--country",
            "my",
        ],
        input="another long passphrase\nanother long passphrase\n",
    )
    assert result.exit_code == 0, result.output
    result = runner.invoke(args=["create-user", "weak@example.gov.my"], input="short\nshort\n")
    assert result.exit_code == 1 and "10 characters" in result.output
    with app.app_context():
        admin = db.session.scalar(select(User).where(User.email == "chief@example.gov.my"))
        assert admin.role == "admin" and admin.email_confirmed_at is not None
        focal = db.session.scalar(select(User).where(User.email == "fp@example.gov.my"))
        [role] = db.session.scalars(select(EventRole).where(EventRole.user_id == focal.id)).all()
        assert (focal.role, role.event_id, role.role, role.country.code) == (
            "delegate",
            event.id,
            "focal_point",
            "MY",
        )
        assert db.session.scalar(select(User).where(User.email == "weak@example.gov.my")) is None
