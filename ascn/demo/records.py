"""Idempotent demo rows: found by their natural key, added only when missing, counted."""

from sqlalchemy import select

from ascn.extensions import db


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
