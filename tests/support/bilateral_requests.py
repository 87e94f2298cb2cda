"""Two delegations ready to ask each other for meetings: Malaysia (focal point writes in
English) and Singapore (focal point and Head write in Malay), members of each, four slots
on 9 September, the service open; and helpers to read the outbox and the requests."""

from types import SimpleNamespace

from sqlalchemy import select

from ascn import jobs
from ascn.extensions import db


def two_delegations(make, **settings):
    event = make.event()
    category = make.category(event.id)
    malaysia = make.country()
    singapore = make.country("SG", "Singapore", "Singapura")
    thailand = make.country("TH", "Thailand", "Thailand")
    japan = make.country("JP", "Japan", "Jepun", group="partner")
    own = make.delegation(event.id, malaysia.id)
    other = make.delegation(event.id, singapore.id)
    third = make.delegation(event.id, thailand.id)
    partner = make.delegation(event.id, japan.id)
    focal = make.user(
        role="focal_point", country_id=malaysia.id, event_id=event.id, email="focal.my@example.org"
    )
    other_focal = make.user(
        role="focal_point",
        country_id=singapore.id,
        event_id=event.id,
        email="focal.sg@example.org",
        locale="ms",
    )

    def member(country, **values):
        values.setdefault("status", "approved")
        return make.registration(event.id, country.id, category.id, **values)

    people = SimpleNamespace(
        minister=member(malaysia, honorific="Dato'", badge_name="Aminah Yusof", position="Minister"),
        adviser=member(malaysia, badge_name="Farid Hassan", position="Adviser"),
        pending=member(malaysia, status="pending", badge_name="Pending Person"),
        singaporean=member(singapore, badge_name="Tan Wei Ling", position="Director"),
        head=member(
            singapore, is_head=True, badge_name="Lim Boon Keng", locale="ms", email="head.sg@example.org"
        ),
        thai=member(thailand, badge_name="Somchai Jaidee"),
        japanese=member(japan, badge_name="Sato Hiroshi"),
    )
    make.bilaterals.settings(event.id, **settings)
    slots = make.bilaterals.slots(event.id, 4)
    return SimpleNamespace(
        event=event,
        own=own,
        other=other,
        third=third,
        partner=partner,
        focal=focal,
        other_focal=other_focal,
        people=people,
        slots=slots,
        category=category,
        countries=SimpleNamespace(malaysia=malaysia, singapore=singapore, thailand=thailand, japan=japan),
    )


def letters(app, template):
    """The messages written from `template`, after the jobs ran: (recipient, locale, subject, text)."""
    from ascn.mail import OutboxMessage

    with app.app_context():
        jobs.drain()
        rows = db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.template == template).order_by(OutboxMessage.id)
        ).all()
        return [
            SimpleNamespace(
                to=m.recipient, locale=m.locale, subject=m.subject, text=m.body_text, html=m.body_html
            )
            for m in rows
        ]


def request_row(app, request_id):
    """A request as stored: status, both sides' people and times."""
    from ascn.bilaterals.models import BilateralRequest

    with app.app_context():
        row = db.session.get(BilateralRequest, request_id)
        return SimpleNamespace(
            status=row.status,
            answer_note=row.answer_note,
            answer_by=row.answer_by,
            people={
                side: sorted(p.registration_id for p in row.participants if p.side == side)
                for side in ("requester", "counterpart")
            },
            slots={
                side: sorted(p.slot_id for p in row.preferences if p.side == side)
                for side in ("requester", "counterpart")
            },
        )


def requests_of(app):
    from ascn.bilaterals.models import BilateralRequest

    with app.app_context():
        return db.session.scalars(select(BilateralRequest.id).order_by(BilateralRequest.id)).all()
