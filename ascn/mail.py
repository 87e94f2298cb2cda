"""Outgoing mail: rendered in the recipient's language, kept in an outbox, sent by a job.

`queue_mail` adds an outbox row inside the caller's transaction and asks for a send job
after the commit, so a rolled-back change never sends mail. Without MAIL_SERVER the job
prints the message to the log; the outbox keeps it either way for admins to read.
"""

import logging
import smtplib
from datetime import datetime
from email.message import EmailMessage
from email.utils import formataddr, make_msgid

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ascn.db import UTCDateTime, utcnow
from ascn.extensions import db
from ascn.jobs import enqueue_after_commit

log = logging.getLogger(__name__)

STATUSES = ("queued", "sent", "failed")
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


def queue_mail(recipient: str, template: str, locale: str, **context) -> OutboxMessage:
    """Render `email/<template>.txt` and `.html` in `locale`; send after the commit."""
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
    )
    db.session.add(message)
    db.session.flush()
    enqueue_after_commit(deliver, message.id)
    return message


def deliver(message_id: int) -> None:
    """Job: send one outbox message (SMTP when configured, else the log) and mark it."""
    message = db.session.get(OutboxMessage, message_id)
    if message is None or message.status == "sent":
        return  # a retried job must not send twice
    message.attempts += 1
    try:
        if current_app.config.get("MAIL_SERVER"):
            _send_smtp(message)
        else:
            log.info("mail to %s: %s\n%s", message.recipient, message.subject, message.body_text)
    except (smtplib.SMTPException, OSError) as exc:
        message.status, message.error = "failed", str(exc)[:2000]
        db.session.commit()
        raise  # RQ retries with backoff; the outbox shows the error meanwhile
    message.status, message.error, message.sent_at = "sent", None, utcnow()
    db.session.commit()


def resend(message: OutboxMessage) -> None:
    """Queue a failed (or stuck) message again, e.g. once the SMTP server is back."""
    message.status, message.error = "queued", None
    enqueue_after_commit(deliver, message.id)
    db.session.commit()


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
