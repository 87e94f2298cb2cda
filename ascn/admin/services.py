"""What administrators look up: accounts and the mail outbox, filtered and paged."""

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from ascn.accounts.models import User
from ascn.extensions import db
from ascn.mail import OutboxMessage

PAGE_SIZE = 50


def _page(stmt, page: int, order):
    total = db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    page = max(1, page)
    rows = list(db.session.scalars(stmt.order_by(*order).limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)))
    return rows, total, page, max(1, -(-total // PAGE_SIZE))


def search_users(q: str = "", role: str = "", page: int = 1):
    stmt = select(User).options(selectinload(User.country))
    if q:
        like = f"%{q.strip().lower()}%"
        stmt = stmt.where(or_(User.email.like(like), func.lower(User.full_name).like(like)))
    if role:
        stmt = stmt.where(User.role == role)
    return _page(stmt, page, (User.full_name, User.id))


def outbox(q: str = "", status: str = "", page: int = 1):
    stmt = select(OutboxMessage)
    if q:
        stmt = stmt.where(OutboxMessage.recipient.like(f"%{q.strip().lower()}%"))
    if status:
        stmt = stmt.where(OutboxMessage.status == status)
    return _page(stmt, page, (OutboxMessage.id.desc(),))
