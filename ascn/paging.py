"""Paging of any list: one COUNT and one page of rows, whatever the list's length."""

from dataclasses import dataclass

from sqlalchemy import Select, func, select

from ascn.extensions import db

PAGE_SIZE = 50


@dataclass
class Page:
    items: list
    total: int
    number: int
    pages: int


def paginate(stmt: Select, number: int, order, size: int = PAGE_SIZE) -> Page:
    """Page `number` (from 1; out-of-range numbers are clamped) of `stmt` sorted by `order`."""
    total = db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    pages = max(1, -(-total // size))
    number = min(max(1, number), pages)
    rows = db.session.scalars(stmt.order_by(*order).limit(size).offset((number - 1) * size))
    return Page(list(rows), total, number, pages)
