"""Migrations build the schema from nothing and match the models; the CLI creates accounts
(the demo's load is checked in tests/demo)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, select, text

from ascn.accounts.models import User
from ascn.events.models import EventRole
from ascn.extensions import db
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
