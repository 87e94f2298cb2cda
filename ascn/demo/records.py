"""Idempotent demo rows: found by their natural key, added only when missing, counted."""

from sqlalchemy import select
from werkzeug.security import generate_password_hash

from ascn.accounts.services import DEMO_PASSWORD_METHOD
from ascn.extensions import db

DEMO_PASSWORD = "ascn8-demo-pass"


def demo_password_hash(password: str = DEMO_PASSWORD) -> str:
    """A hash of its own (its own salt) for each demo account, so that no two accounts
    share a hash. The demo password is printed for everyone, so a slow work factor would
    protect nothing and only make seeding hundreds of accounts take minutes. The method
    is the accounts domain's, which checks unknown addresses as cheaply where it is used."""
    return generate_password_hash(password, method=DEMO_PASSWORD_METHOD)


def count(added: dict, table: str, number: int = 1) -> None:
    if number:
        added[table] = added.get(table, 0) + number


def get_or_add(model, where: dict, values: dict, added: dict):
    row = db.session.scalar(select(model).filter_by(**where))
    if row is None:
        row = model(**where, **values)
        db.session.add(row)
        count(added, model.__tablename__)
    return row
