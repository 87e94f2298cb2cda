"""What administrators look up: accounts and the mail outbox, filtered and paged."""

from sqlalchemy import func, or_, select

from ascn.accounts.models import User
from ascn.mail import OutboxMessage
from ascn.paging import Page, paginate


def search_users(q: str = "", role: str = "", page: int = 1) -> Page:
    stmt = select(User)
    if q:
        like = f"%{q.strip().lower()}%"
        stmt = stmt.where(or_(User.email.like(like), func.lower(User.full_name).like(like)))
    if role:
        stmt = stmt.where(User.role == role)
    return paginate(stmt, page, (User.full_name, User.id))


def outbox(q: str = "", status: str = "", page: int = 1) -> Page:
    stmt = select(OutboxMessage)
    if q:
        stmt = stmt.where(OutboxMessage.recipient.like(f"%{q.strip().lower()}%"))
    if status:
        stmt = stmt.where(OutboxMessage.status == status)
    return paginate(stmt, page, (OutboxMessage.id.desc(),))
