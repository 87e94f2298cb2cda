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
