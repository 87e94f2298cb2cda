"""A delegation's spreadsheet is previewed before anything is saved: the members it adds,
the fields it changes (old → new), the rows it refuses and why, named by the row's person;
"Import" then saves what was shown, checked again, or nothing."""

import pytest
from sqlalchemy import func, select

from ascn.extensions import db
from ascn.kept_uploads import KeptUpload
from ascn.registration.models import Registration
from tests.support.delegations import sheet, upload
from tests.support.web import PREVIEW_FORM, Auth, confirm, new_client

HEADER = ["Given name(s)", "Family name", "Email", "Category", "Position"]


@pytest.fixture
def world(make, auth):
    event = make.event()
    category = make.category(event.id, code="delegate", label_en="Delegate", label_ms="Perwakilan")
    malaysia = make.country()
    make.delegation(event.id, malaysia.id, quota=4, head_quota=1)
    existing = make.registration(
        event.id,
        malaysia.id,
        category.id,
        email="aminah@kpkt.gov.my",
        given_names="Aminah",
        family_name="Yusof",
        position="Director",
        status="approved",
    )
    focal = make.user(role="focal_point", country_id=malaysia.id)
    auth.login(focal.email)
    return {"event": event, "malaysia": malaysia, "category": category, "existing": existing, "focal": focal}


def _people(app) -> dict[str, tuple]:
    with app.app_context():
        rows = db.session.scalars(select(Registration)).all()
        return {r.email: (r.given_names, r.family_name, r.position) for r in rows}


LINES = [
    ["Siti", "Rahman", "siti@kpkt.gov.my", "Delegate", "Analyst"],
    ["Aminah", "Yusof", "aminah@kpkt.gov.my", "Delegate", "Deputy Secretary-General"],
]


def test_the_preview_lists_adds_changes_and_refusals_and_saves_nothing(app, client, world):
    lines = [*LINES, ["", "Tan", "tan@kpkt.gov.my", "Delegate", ""], ["Lim", "Wei", "bad", "Nope", ""]]
    before = _people(app)
    page = upload(client, sheet(lines, header=HEADER)).get_data(as_text=True)
    assert "To add" in page and "siti@kpkt.gov.my" in page
    assert "To change" in page and "Row 3 (Aminah Yusof)" in page
    assert "<del>Director</del> → <ins>Deputy Secretary-General</ins>" in page
    assert "Row 4 (Tan): the given name is missing" in page
    assert "Row 5 (Lim Wei): “Email”: Invalid email address." in page
    assert "Row 5 (Lim Wei): “Category”: Choose a category from the list." in page
    assert ">Import</button>" not in page  # nothing is imported while a row is refused
    assert _people(app) == before


def test_import_saves_exactly_what_was_previewed(app, client, world):
    preview = upload(client, sheet(LINES, header=HEADER))
    assert _people(app)["aminah@kpkt.gov.my"][2] == "Director"
    response = confirm(client, preview)
    assert response.status_code == 302
    people = _people(app)
    assert people["siti@kpkt.gov.my"] == ("Siti", "Rahman", "Analyst")
    assert people["aminah@kpkt.gov.my"] == ("Aminah", "Yusof", "Deputy Secretary-General")
    assert len(people) == 2
    page = client.get("/ascn8/delegation").get_data(as_text=True)
    assert "1 delegate has been added. 1 delegate has been updated." in page
    with app.app_context():  # the kept file is gone once imported
        assert db.session.scalar(select(func.count()).select_from(KeptUpload)) == 0


def test_what_changed_after_the_preview_is_checked_again_and_nothing_is_saved(app, client, make, world):
    preview = upload(client, sheet(LINES, header=HEADER))
    # Meanwhile the same person registers in another delegation.
    other = make.country("VN", "Viet Nam", "Vietnam")
    make.registration(world["event"].id, other.id, world["category"].id, email="siti@kpkt.gov.my")
    before = _people(app)
    response = confirm(client, preview)
    page = response.get_data(as_text=True)
    assert "Some rows cannot be imported" in page
    assert "Row 2 (Siti Rahman): siti@kpkt.gov.my is already registered for this event" in page
    assert _people(app) == before


def test_a_preview_confirmed_with_another_outcome_than_shown_is_refused(app, client, world):
    preview = upload(client, sheet(LINES, header=HEADER))
    with app.app_context():  # the delegation's member is changed by someone else meanwhile
        db.session.execute(
            Registration.__table__.update()
            .where(Registration.email == "aminah@kpkt.gov.my")
            .values(position="Secretary")
        )
        db.session.commit()
    page = confirm(client, preview).get_data(as_text=True)
    assert "has changed since the preview" in page
    assert "<del>Secretary</del> → <ins>Deputy Secretary-General</ins>" in page  # the new preview
    assert "siti@kpkt.gov.my" not in _people(app)


def test_a_kept_file_is_only_its_uploaders(app, client, make, world):
    preview = upload(client, sheet(LINES, header=HEADER))
    colleague = make.user(role="focal_point", country_id=world["malaysia"].id)
    other = new_client(app)
    Auth(other).login(colleague.email)
    address = PREVIEW_FORM.search(preview.get_data(as_text=True)).group(1)
    response = other.get(address)
    assert response.status_code == 302 and response.headers["Location"].endswith("/delegation/import")
    assert "siti@kpkt.gov.my" not in _people(app)
