"""A self-registration form as a delegate fills it in."""


def form(world, **changes):
    values = {
        "honorific": "Dr",
        "given_names": "สมชาย",
        "family_name": "ใจดี",
        "badge_name": "",
        "latin_name": "Somchai Jaidee",
        "country_id": world["country"].id,
        "category_id": world["category"].id,
        "position": "Director",
        "organisation": "Bangkok Metropolitan Administration",
        "email": "Somchai@Example.go.th",
        "mobile": "081 234 5678",
        "dietary": "Halal",
        "accessibility": "",
        "locale": "en",
        "consent": "y",
    }
    values.update(changes)
    return values


def rejection_reason(app, event_id, **values):
    """A preset rejection reason of the event, in both languages; its id."""
    from ascn.extensions import db
    from ascn.registration.models import RejectionReason

    defaults = dict(
        label_en="Photo",
        label_ms="Foto",
        text_en="Your photo is not a passport-style photo.",
        text_ms="Foto anda bukan foto gaya pasport.",
    )
    with app.app_context():
        reason = RejectionReason(event_id=event_id, **{**defaults, **values})
        db.session.add(reason)
        db.session.commit()
        return reason.id
