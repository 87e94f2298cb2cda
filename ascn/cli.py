"""Command-line tasks: demo data, accounts, translations."""

import sys
from pathlib import Path

import click
from babel.messages.frontend import CommandLineInterface
from flask import Flask
from flask.cli import AppGroup
from flask_babel import force_locale

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "translations"
POT = CATALOGUE / "messages.pot"
# Folders the extraction skips. Babel's default also skips every folder starting with "_",
# which left templates/_macros (the pager, form errors) in English on Malay pages.
IGNORE_DIRS = (".*", "__pycache__")

translate = AppGroup("translate", help="Extract, update and compile the Malay catalogue.")


def _pybabel(*args: str) -> None:
    # Babel's own command line, run in-process (no shell): same options as `pybabel`.
    CommandLineInterface().run(["pybabel", "-q", *args])


@translate.command("extract")
def translate_extract():
    """Collect every marked string into translations/messages.pot."""
    _pybabel(
        "extract",
        "-F",
        str(ROOT / "babel.cfg"),
        "-k",
        "_l",
        "--ignore-dirs",
        " ".join(IGNORE_DIRS),
        "--no-location",
        "--sort-output",
        "-o",
        str(POT),
        str(ROOT),
    )


@translate.command("update")
def translate_update():
    """Extract, then merge new strings into the Malay catalogue."""
    translate_extract.callback()
    _pybabel("update", "-i", str(POT), "-d", str(CATALOGUE), "--no-fuzzy-matching", "--ignore-obsolete")


@translate.command("compile")
def translate_compile():
    """Compile the catalogue into the .mo files the app reads."""
    _pybabel("compile", "-d", str(CATALOGUE))


def register(app: Flask) -> None:
    app.cli.add_command(translate)

    @app.cli.command("seed-demo")
    def seed_demo():
        """Load the ASCN8 demo (safe to run again: it changes nothing the second time)."""
        from ascn.demo.seed import seed

        report = seed()
        click.echo(report)

    @app.cli.command("work")
    @click.option("--queue", "queues", multiple=True, help="Queue to take jobs from (default: JOBS_QUEUE).")
    @click.option("--burst", is_flag=True, help="Stop when the queues are empty.")
    def work(queues, burst):
        """Run background jobs (emails, badge batches) from Redis; start one per core, on any host."""
        from flask import current_app

        from ascn import worker

        if not current_app.config.get("REDIS_URL"):
            click.echo("Error: set REDIS_URL; without it jobs run inside the web app.", err=True)
            sys.exit(1)
        worker.work(current_app._get_current_object(), list(queues), burst)

    @app.cli.command("create-user")
    @click.argument("email")
    @click.option(
        "--role",
        default="delegate",
        show_default=True,
        type=click.Choice(["delegate", "focal_point", "staff", "organiser", "admin"]),
        help="admin: the whole installation; organiser, staff, focal_point: at --event.",
    )
    @click.option("--event", "slug", default=None, help="The event of an event role, e.g. ascn8.")
    @click.option("--name", "full_name", default=None, help="Full name (default: from the email).")
    @click.option("--country", default=None, help="Country or organisation code, for focal points.")
    @click.option("--locale", default="ms", type=click.Choice(["ms", "en"]), show_default=True)
    @click.password_option(prompt="Password for the new account")
    def create_user(email, role, slug, full_name, country, locale, password):
        """Create a confirmed account, e.g. `flask create-user a@b.my --role admin`, or
        `flask create-user c@d.my --role organiser --event ascn8`."""
        from ascn.accounts import services
        from ascn.errors import ServiceError
        from ascn.events import roles

        try:
            event = roles.event_for_grant(slug, role)
            country_id = roles.country_id_for_grant(country, role)
            user = services.create_user(
                email,
                password,
                full_name or email.split("@")[0],
                "admin" if role == "admin" else "delegate",
                locale,
            )
            if event is not None:
                roles.grant(event, user.email, role, country_id, None)
        except ServiceError as error:
            with force_locale("en"):  # the command line speaks English to the operator
                click.echo(f"Error: {error.message}", err=True)
            sys.exit(1)
        where = f" at {event.slug}" if event is not None else ""
        click.echo(f"Created {role} {user.email}{where}.")

    @app.cli.command("purge-personal-data")
    @click.option("--event", "slug", required=True, help="The event's short code, e.g. ascn8.")
    @click.option(
        "--before",
        required=True,
        type=click.DateTime(formats=["%Y-%m-%d"]),
        help="Purge only if the event ended before this date (YYYY-MM-DD).",
    )
    @click.option("--dry-run", is_flag=True, help="Say what would be removed, remove nothing.")
    def purge_personal_data(slug, before, dry_run):
        """Remove the personal data of an ended event, keeping anonymous counts."""
        from sqlalchemy import select

        from ascn.errors import ServiceError
        from ascn.events.models import Event
        from ascn.extensions import db
        from ascn.registration.privacy import purge

        event = db.session.scalar(select(Event).where(Event.slug == slug))
        with force_locale("en"):
            if event is None:
                click.echo(f"Error: no event '{slug}'.", err=True)
                sys.exit(1)
            try:
                report = purge(event, before.date(), dry_run)
            except ServiceError as error:
                click.echo(f"Error: {error.message}", err=True)
                sys.exit(1)
        verb = "Would remove" if dry_run else "Removed"
        click.echo(
            f"{verb} the personal data of {report.registrations} registrations of {event.short_name}: "
            f"{report.photos} photos, {report.accounts} delegate accounts closed, "
            f"{report.changes} history entries emptied."
        )
        for what, count in report.others.items():
            click.echo(f"  {what}: {count}")
        if not dry_run:
            click.echo("Countries, categories, statuses and dates are kept for statistics.")
