"""Outgoing mail: rendered in the recipient's language, kept in an outbox, sent by a job.

`queue_mail` adds an outbox row inside the caller's transaction and asks for a send job
after the commit, so a rolled-back change never sends mail. Without MAIL_SERVER the job
prints the message to the log; the outbox keeps it either way for admins to read.

The outbox row, not the queue, is the record of what must be sent: a job lost with Redis
(an outage, a restart) is queued again by the workers' sweep (`requeue_stuck`), and a
sender claims a row before sending (`deliver`), so a message queued twice goes out once.
"""

import logging
import smtplib
from datetime import datetime
from email.message import EmailMessage
from email.utils import formataddr, make_msgid

from flask import current_app, g, render_template
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, String, Text, delete, or_, select, update
from sqlalchemy.orm import Mapped, mapped_column

from ascn.db import UTCDateTime, utcnow
from ascn.extensions import db
from ascn.jobs import enqueue_after_commit, lease_expired, requeue_deadline

log = logging.getLogger(__name__)

STATUSES = ("queued", "sent", "failed")
MAX_ATTEMPTS = 5  # a failed message is tried again by the sweep until it has had this many
GROUP = 20  # messages per job when many are queued at once (a sweep, "send all again")
STATUS_LABELS = {"queued": _l("Queued"), "sent": _l("Sent"), "failed": _l("Failed")}


class OutboxMessage(db.Model):
    __tablename__ = "outbox_message"
    __table_args__ = (CheckConstraint(f"status IN {STATUSES}", name="status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(String(254), index=True)
    subject: Mapped[str] = mapped_column(Text)  # built from names, which are never cut
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str | None] = mapped_column(Text)
    locale: Mapped[str] = mapped_column(String(5))
    template: Mapped[str] = mapped_column(String(80))
    status: Mapped[str] = mapped_column(String(10), default="queued")
    attempts: Mapped[int] = mapped_column(default=0)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When it was last handed to the queue (or last failed): the sweep's deadline runs from here.
    queued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    # Set while a worker is sending it; a claim older than JOBS_LEASE belonged to a worker that died.
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The event the message is about (a registration, a booking, a programme change), so
    # that the purge of that event removes it; NULL for account mail (confirmation, reset).
    event_id: Mapped[int | None] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)


def queue_mail(recipient: str, template: str, locale: str, **context) -> OutboxMessage:
    """Render `email/<template>.txt` and `.html` in `locale`; send after the commit."""
    about = _event_about(context)
    context.setdefault("signing_event", about or _site_event())
    with force_locale(locale):  # bilingual fields and dates follow the recipient too
        subject = render_template(f"email/{template}.subject.txt", **context)
        text = render_template(f"email/{template}.txt", **context)
        html = render_template(f"email/{template}.html", **context)
    message = OutboxMessage(
        recipient=recipient,
        subject=" ".join(subject.split()),
        body_text=text,
        body_html=html,
        locale=locale,
        template=template,
        event_id=about.id if about is not None else None,
    )
    db.session.add(message)
    db.session.flush()
    enqueue_after_commit(deliver, message.id)
    return message


def _event_about(context: dict):
    """The event a message is about: given, or the one of the registration it concerns."""
    return context.get("event") or getattr(context.get("registration"), "event", None)


def _site_event():
    """The event whose secretariat signs a message about no event: the request's, if any;
    none for a message about the account alone, sent from no event's pages."""
    return g.get("event")


def forget_event(event_id: int) -> int:
    """Helper for the purge of an event: remove every message about it (their bodies name
    its people). Returns how many."""
    return db.session.execute(
        delete(OutboxMessage).where(OutboxMessage.event_id == event_id),
        execution_options={"synchronize_session": False},
    ).rowcount


def forget_recipients(addresses: list[str]) -> int:
    """Helper for closing accounts: remove the account mail (about no event) sent to these
    addresses. Returns how many."""
    if not addresses:
        return 0
    return db.session.execute(
        delete(OutboxMessage).where(OutboxMessage.event_id.is_(None), OutboxMessage.recipient.in_(addresses)),
        execution_options={"synchronize_session": False},
    ).rowcount


def deliver(message_id: int) -> None:
    """Job: send one outbox message (SMTP when configured, else the log) and mark it.
    Sent at most once however often it is queued: only the worker that claims the row sends."""
    if not _claim(message_id):
        return  # already sent, or another worker is sending it right now
    message = db.session.get(OutboxMessage, message_id)
    if message is None:  # purged with its event between the claim and now
        return
    try:
        if current_app.config.get("MAIL_SERVER"):
            _send_smtp(message)
        else:
            log.info("mail to %s: %s\n%s", message.recipient, message.subject, message.body_text)
    except (smtplib.SMTPException, OSError) as exc:
        message.status, message.error = "failed", str(exc)[:2000]
        message.claimed_at, message.queued_at = None, utcnow()
        db.session.commit()
        raise  # RQ retries with backoff, then the sweep; the outbox shows the error meanwhile
    message.status, message.error, message.sent_at, message.claimed_at = "sent", None, utcnow(), None
    db.session.commit()


def _claim(message_id: int) -> bool:
    """Take the row for sending in one conditional UPDATE: of two workers holding the same
    job, exactly one changes the row. A claim older than the lease is taken over."""
    now = utcnow()
    claimed = db.session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.id == message_id,
            OutboxMessage.status != "sent",
            or_(OutboxMessage.claimed_at.is_(None), OutboxMessage.claimed_at < lease_expired()),
        )
        .values(claimed_at=now, attempts=OutboxMessage.attempts + 1)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    return claimed == 1


def deliver_each(message_ids: list[int]) -> None:
    """Job: send several messages; one that fails stays `failed` for the sweep to retry."""
    for message_id in message_ids:
        try:
            deliver(message_id)
        except Exception:  # recorded on the row; the others still go out
            db.session.rollback()
            log.warning("mail %s failed; the sweep tries it again", message_id, exc_info=True)


def _queue_again(message_ids: list[int]) -> None:
    for start in range(0, len(message_ids), GROUP):
        enqueue_after_commit(deliver_each, message_ids[start : start + GROUP])


def requeue_stuck(limit: int = 1000) -> int:
    """Sweep step: queue again every message still waiting (or failed with attempts left)
    past the deadline and not held by a live sender. Returns how many were queued."""
    due = (
        select(OutboxMessage.id)
        .where(
            or_(
                OutboxMessage.status == "queued",
                (OutboxMessage.status == "failed") & (OutboxMessage.attempts < MAX_ATTEMPTS),
            ),
            OutboxMessage.queued_at < requeue_deadline(),
            or_(OutboxMessage.claimed_at.is_(None), OutboxMessage.claimed_at < lease_expired()),
        )
        .order_by(OutboxMessage.id)
        .limit(limit)
    )
    # The same deadline is checked again by the UPDATE, so that of two sweeps running at
    # once each message is queued by one only.
    ids = list(
        db.session.scalars(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(due), OutboxMessage.queued_at < requeue_deadline())
            .values(queued_at=utcnow())
            .returning(OutboxMessage.id)
            .execution_options(synchronize_session=False)
        )
    )
    if ids:
        log.warning("queueing %d mail(s) again that no worker sent in time", len(ids))
    _queue_again(sorted(ids))
    db.session.commit()
    return len(ids)


def resend(message: OutboxMessage) -> None:
    """Queue a failed (or stuck) message again, e.g. once the SMTP server is back."""
    message.status, message.error, message.queued_at = "queued", None, utcnow()
    enqueue_after_commit(deliver, message.id)
    db.session.commit()


def resend_all() -> int:
    """Queue again every message that failed or is still waiting: one action for an admin
    after an outage. Returns how many."""
    ids = list(
        db.session.scalars(
            update(OutboxMessage)
            .where(
                OutboxMessage.status.in_(("queued", "failed")),
                or_(OutboxMessage.claimed_at.is_(None), OutboxMessage.claimed_at < lease_expired()),
            )
            .values(status="queued", error=None, queued_at=utcnow())
            .returning(OutboxMessage.id)
            .execution_options(synchronize_session=False)
        )
    )
    _queue_again(sorted(ids))
    db.session.commit()
    return len(ids)


def _send_smtp(message: OutboxMessage) -> None:
    cfg = current_app.config
    email = EmailMessage()
    email["Subject"] = message.subject
    email["From"] = cfg["MAIL_DEFAULT_SENDER"]
    email["To"] = formataddr(("", message.recipient))
    email["Message-ID"] = make_msgid(domain=cfg["MAIL_DEFAULT_SENDER"].split("@")[-1].strip(">"))
    email.set_content(message.body_text)
    if message.body_html:
        email.add_alternative(message.body_html, subtype="html")
    smtp_class = smtplib.SMTP_SSL if cfg["MAIL_USE_SSL"] else smtplib.SMTP
    with smtp_class(cfg["MAIL_SERVER"], cfg["MAIL_PORT"], timeout=30) as smtp:
        if cfg["MAIL_USE_TLS"] and not cfg["MAIL_USE_SSL"]:
            smtp.starttls()
        if cfg["MAIL_USERNAME"]:
            smtp.login(cfg["MAIL_USERNAME"], cfg["MAIL_PASSWORD"] or "")
        smtp.send_message(email)
