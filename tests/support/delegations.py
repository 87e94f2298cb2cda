"""A member state's delegation with its focal point, and the focal point naming a
delegate through their own form: the setting of the account-linking tests."""

import io

from openpyxl import Workbook

from tests.support.web import PREVIEW_FORM, Auth, confirm, post  # noqa: F401 (PREVIEW_FORM: for tests)

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


def sheet(lines, header=None) -> io.BytesIO:
    """A members' spreadsheet as the import form takes it."""
    book = Workbook()
    ws = book.active
    ws.append(header or ["Given name(s)", "Family name", "Email", "Category", "Mobile", "Protocol rank"])
    for line in lines:
        ws.append(line)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


def upload(client, file, name="delegation.xlsx"):
    """The focal point's spreadsheet of members, sent through the import form: the
    response is its preview (or the form with the file's problem)."""
    return post(
        client,
        "/ascn8/delegation/import",
        {"file": (file, name)},
        token_from="/ascn8/delegation/import",
        content_type="multipart/form-data",
    )


def import_sheet(client, file, name="delegation.xlsx"):
    """Upload a spreadsheet and confirm its preview: the confirmation's response."""
    return confirm(client, upload(client, file, name))
