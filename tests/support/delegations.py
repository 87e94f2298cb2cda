"""A member state's delegation with its focal point, and the focal point naming a
delegate through their own form: the setting of the account-linking tests."""

from tests.conftest import Auth, post

VICTIM = "zaki@kpkt.gov.my"


def focal_world(make) -> dict:
    event = make.event()
    category = make.category(event.id, code="delegate", label_en="Delegate", label_ms="Perwakilan")
    malaysia = make.country()
    make.delegation(event.id, malaysia.id, quota=5, head_quota=1)
    focal = make.user(role="focal_point", country_id=malaysia.id)
    return {"event": event, "category": category, "malaysia": malaysia, "focal": focal}


def member(world, **changes) -> dict:
    return {
        "honorific": "Dato'",
        "given_names": "Ahmad Zaki",
        "family_name": "bin Ismail",
        "email": VICTIM,
        "category_id": world["category"].id,
        "protocol_rank": "senior_official",
        "mobile": "012-345 6789",
        "locale": "en",
        **changes,
    }


def focal_adds(app, world, **changes) -> None:
    focal = app.test_client()
    Auth(focal).login(world["focal"].email)
    response = post(
        focal, "/ascn8/delegation/add", member(world, **changes), token_from="/ascn8/delegation/add"
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
