"""Outgoing mail: rendered in the recipient's language, kept in an outbox, sent by a job.

`queue_mail` adds an outbox row inside the caller's transaction and asks for a send job
after the commit, so a rolled-back change never sends mail. A change that tells many people
(a programme release, a decision on many registrations) does not render their messages
while the organiser waits: `write_later(writer, key)` hands the keys to ONE job after the
commit, which loads the rows, renders each message in its recipient's language, writes
the outbox rows in one transaction and queues their sending. Without MAIL_SERVER the job
prints the message to the log; the outbox keeps it either way for admins to read.

The outbox row, not the queue, is the record of what must be sent: a job lost with Redis
(an outage, a restart) is queued again by the workers' sweep (`requeue_stuck`), and a
sender claims a row before sending (`deliver`), so a message queued twice goes out once.
Letters still to be written are recorded the same way: a `MailFanOut` row, committed with
the change, holds the keys until its job has written the letters, and is marked then.
"""

import logging
import smtplib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import formataddr, make_msgid

from flask import current_app, g, render_template
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, delete, event, or_, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column
from sqlalchemy.orm.attributes import flag_modified

from ascn.db import UTCDateTime, utcnow
from ascn.extensions import db
from ascn.jobs import enqueue_after_commit, lease_expired, requeue_deadline, resolve
from ascn.transactions import unit_of_work
from ascn.urls import public_url

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


class MailFanOut(db.Model):
    """The letters one change owes, written by a job after its commit (`write_later`).
    Committed with the change, so that a job lost with Redis is queued again by the sweep;
    marked when written, so that a job run twice writes them once."""

    __tablename__ = "mail_fanout"

    id: Mapped[int] = mapped_column(primary_key=True)
    writer: Mapped[str] = mapped_column(String(200))  # dotted path of the function that yields the letters
    keys: Mapped[list] = mapped_column(JSON, default=list)  # what it is given: ids, and the like
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # When it was last handed to the queue: the sweep's deadline runs from here.
    queued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    written_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


@dataclass(frozen=True)
class Letter:
    """One message to write: to whom, from which templates, in which language, with what."""

    recipient: str
    template: str
    locale: str
    context: dict


def queue_mail(recipient: str, template: str, locale: str, **context) -> OutboxMessage:
    """Render `email/<template>.txt` and `.html` in `locale`; send after the commit."""
    message = _write(Letter(recipient, template, locale, context))
    db.session.flush()
    enqueue_after_commit(deliver, message.id)
    return message


def _event_about(context: dict):
    """The event a message is about: given, or the one of the registration it concerns."""
    return context.get("event") or getattr(context.get("registration"), "event", None)


def _write(letter: Letter) -> OutboxMessage:
    context = dict(letter.context)
    about = _event_about(context)
    context.setdefault("signing_event", about or _site_event())
    context.setdefault("logo_url", _logo_url(context["signing_event"]))
    with force_locale(letter.locale):  # bilingual fields and dates follow the recipient too
        subject = render_template(f"email/{letter.template}.subject.txt", **context)
        text = render_template(f"email/{letter.template}.txt", **context)
        html = render_template(f"email/{letter.template}.html", **context)
    message = OutboxMessage(
        recipient=letter.recipient,
        subject=" ".join(subject.split()),
        body_text=text,
        body_html=html,
        locale=letter.locale,
        template=letter.template,
        event_id=about.id if about is not None else None,
    )
    db.session.add(message)
    return message


Writer = Callable[[list], Iterable[Letter]]


_FANOUTS = "ascn_mail_fanouts"  # this transaction's MailFanOut rows, by writer


def write_later(writer: Writer, key) -> None:
    """After the commit, one job calls `writer(keys)` with every key given to this writer
    in this transaction, and writes and sends the letters it yields. Keys are JSON values
    (ids; a tuple comes back as a list), since the job runs elsewhere and later: the writer
    loads the rows, and may yield nothing for a key whose news is out of date by then."""
    path = f"{writer.__module__}:{writer.__qualname__}"
    fanouts = db.session().info.setdefault(_FANOUTS, {})
    fanout = fanouts.get(path)
    if fanout is None:
        fanout = fanouts[path] = MailFanOut(writer=path, keys=[])
        db.session.add(fanout)
        db.session.flush()
        enqueue_after_commit(write_letters, fanout.id)
    fanout.keys.append(list(key) if isinstance(key, tuple) else key)
    flag_modified(fanout, "keys")


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_soft_rollback")
def _forget_fanouts(session, *_args):
    session.info.pop(_FANOUTS, None)


@unit_of_work
def write_letters(fanout_id: int) -> int:
    """Job: the letters of one change, written in one transaction and marked written, then
    sent in groups. The row is locked first: of two workers holding the same job, the
    second finds it written. Returns how many were written."""
    fanout = db.session.get(MailFanOut, fanout_id, with_for_update=True)
    if fanout is None or fanout.written_at is not None:
        return 0
    messages = [_write(letter) for letter in resolve(fanout.writer)(fanout.keys)]
    fanout.written_at = utcnow()
    db.session.flush()
    _queue_in_groups([message.id for message in messages])
    return len(messages)


def _logo_url(event) -> str | None:
    """The event's logo for the HTML part (events.look), from PUBLIC_URL; its digest in the
    address lets mail clients and proxies keep it."""
    if event is None or not event.logo_digest:
        return None
    return public_url("look.logo", event=event.slug, v=event.logo_digest)


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
    Sent at most once however often it is queued: only the worker that claims the row sends.
    The claim is committed before sending, so that other workers see it meanwhile."""
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
        _mark_failed(message, str(exc))
        raise  # RQ retries with backoff, then the sweep; the outbox shows the error meanwhile
    _mark_sent(message)


@unit_of_work
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
    return claimed == 1


@unit_of_work
def _mark_failed(message: OutboxMessage, error: str) -> None:
    message.status, message.error = "failed", error[:2000]
    message.claimed_at, message.queued_at = None, utcnow()


@unit_of_work
def _mark_sent(message: OutboxMessage) -> None:
    message.status, message.error, message.sent_at, message.claimed_at = "sent", None, utcnow(), None


def deliver_each(message_ids: list[int]) -> None:
    """Job: send several messages; one that fails stays `failed` for the sweep to retry."""
    for message_id in message_ids:
        try:
            deliver(message_id)
        except Exception:  # recorded on the row; the others still go out
            log.warning("mail %s failed; the sweep tries it again", message_id, exc_info=True)


def _queue_in_groups(message_ids: list[int]) -> None:
    for start in range(0, len(message_ids), GROUP):
        enqueue_after_commit(deliver_each, message_ids[start : start + GROUP])


@unit_of_work
def requeue_stuck(limit: int = 1000) -> int:
    """Sweep step: queue again every message still waiting (or failed with attempts left)
    past the deadline and not held by a live sender, and every batch of letters still
    unwritten past it. Returns how many were queued."""
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
    _queue_in_groups(sorted(ids))
    return len(ids) + _requeue_unwritten(limit)


def _requeue_unwritten(limit: int) -> int:
    """Letters still unwritten past the deadline: their job was lost (or died with its
    worker, which rolled its transaction back). Queued again, each by one sweep."""
    due = (
        select(MailFanOut.id)
        .where(MailFanOut.written_at.is_(None), MailFanOut.queued_at < requeue_deadline())
        .order_by(MailFanOut.id)
        .limit(limit)
    )
    ids = list(
        db.session.scalars(
            update(MailFanOut)
            .where(MailFanOut.id.in_(due), MailFanOut.queued_at < requeue_deadline())
            .values(queued_at=utcnow())
            .returning(MailFanOut.id)
            .execution_options(synchronize_session=False)
        )
    )
    if ids:
        log.warning("queueing %d batch(es) of letters again that no worker wrote in time", len(ids))
    for fanout_id in sorted(ids):
        enqueue_after_commit(write_letters, fanout_id)
    return len(ids)


@unit_of_work
def resend(message: OutboxMessage) -> None:
    """Queue a failed (or stuck) message again, e.g. once the SMTP server is back."""
    message.status, message.error, message.queued_at = "queued", None, utcnow()
    enqueue_after_commit(deliver, message.id)


@unit_of_work
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
    _queue_in_groups(sorted(ids))
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
