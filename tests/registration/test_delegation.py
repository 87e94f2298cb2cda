"""Focal points manage their own delegation within its quota, and nothing else."""

import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from ascn.extensions import db
from ascn.registration.models import Delegation, Registration, RegistrationChange
from tests.support.delegations import import_sheet, sheet, upload
from tests.support.web import post


@pytest.fixture
def world(make, auth):
    event = make.event()
    delegate = make.category(event.id, code="delegate", label_en="Delegate", label_ms="Perwakilan")
    malaysia = make.country()
    vietnam = make.country("VN", "Viet Nam", "Vietnam")
    make.delegation(event.id, malaysia.id, quota=3, head_quota=1)
    focal = make.user(role="focal_point", country_id=malaysia.id)
    auth.login(focal.email)
    return {"event": event, "category": delegate, "malaysia": malaysia, "vietnam": vietnam, "focal": focal}


def member(world, **changes):
    values = {
        "honorific": "Dato'",
        "given_names": "Ahmad Zaki",
        "family_name": "bin Ismail",
        "email": "zaki@kpkt.gov.my",
        "category_id": world["category"].id,
        "protocol_rank": "senior_official",
        "mobile": "012-345 6789",
        "locale": "ms",
    }
    values.update(changes)
    return values


def rows(app, **where):
    with app.app_context():
        return db.session.scalars(select(Registration).filter_by(**where).order_by(Registration.id)).all()


def used(app, world):
    with app.app_context():
        delegation = db.session.scalar(
            select(Delegation).where(Delegation.country_id == world["malaysia"].id)
        )
        return delegation.members_count, delegation.heads_count


def test_add_a_delegate(app, client, world):
    response = post(client, "/ascn8/delegation/add", member(world), token_from="/ascn8/delegation/add")
    assert response.status_code == 302
    [added] = rows(app)
    assert added.country_id == world["malaysia"].id and added.mobile == "+60123456789"
    assert added.registered_by_id == world["focal"].id and added.protocol_rank == "senior_official"
    assert used(app, world) == (1, 0)
    assert "Ahmad Zaki" in client.get("/ascn8/delegation").get_data(as_text=True)


def test_a_full_quota_is_refused_with_a_message(app, client, make, world):
    for _ in range(3):
        make.registration(world["event"].id, world["malaysia"].id, world["category"].id)
    page = post(client, "/ascn8/delegation/add", member(world), token_from="/ascn8/delegation/add").get_data(
        as_text=True
    )
    assert "All 3 places of this delegation are taken" in page
    assert len(rows(app)) == 3


def test_the_head_of_delegation_has_a_place_of_their_own(app, client, make, world):
    for _ in range(3):
        make.registration(world["event"].id, world["malaysia"].id, world["category"].id)
    post(client, "/ascn8/delegation/add", member(world, is_head="y"), token_from="/ascn8/delegation/add")
    assert len(rows(app, is_head=True)) == 1
    page = post(
        client,
        "/ascn8/delegation/add",
        member(world, email="second@kpkt.gov.my", is_head="y"),
        token_from="/",
    ).get_data(as_text=True)
    assert "already has its Head of Delegation" in page


def test_designating_a_head_moves_the_role(app, client, make, world):
    first = make.registration(world["event"].id, world["malaysia"].id, world["category"].id, is_head=True)
    second = make.registration(world["event"].id, world["malaysia"].id, world["category"].id)
    post(client, f"/ascn8/delegation/{second.id}/head", token_from="/ascn8/delegation")
    heads = [r.id for r in rows(app, is_head=True)]
    assert heads == [second.id]
    with app.app_context():
        assert db.session.get(Registration, second.id).protocol_rank == "head_of_delegation"
        assert db.session.get(Registration, first.id).is_head is False


def test_replace_keeps_an_audit_trail_and_cancels_the_old_badge(app, client, make, world):
    old = make.registration(
        world["event"].id, world["malaysia"].id, world["category"].id, status="approved", is_head=True
    )
    response = post(
        client,
        f"/ascn8/delegation/{old.id}/replace",
        member(world, email="new.head@kpkt.gov.my", given_names="Nurul"),
        token_from=f"/ascn8/delegation/{old.id}/replace",
    )
    assert response.status_code == 302
    with app.app_context():
        replaced = db.session.get(Registration, old.id)
        substitute = db.session.scalar(
            select(Registration).where(Registration.email == "new.head@kpkt.gov.my")
        )
        assert replaced.status == "cancelled" and replaced.replaced_by_id == substitute.id
        assert substitute.is_head and substitute.status == "pending"
        actions = {
            (c.registration_id, c.action, c.actor_id) for c in db.session.scalars(select(RegistrationChange))
        }
    assert (old.id, "replaced_by", world["focal"].id) in actions
    assert (substitute.id, "replaces", world["focal"].id) in actions
    assert used(app, world) == (0, 1)


def test_withdraw_frees_the_place(app, client, make, world):
    reg = make.registration(world["event"].id, world["malaysia"].id, world["category"].id, status="approved")
    post(client, f"/ascn8/delegation/{reg.id}/withdraw", token_from="/ascn8/delegation")
    assert rows(app)[0].status == "cancelled"
    assert used(app, world) == (0, 0)


def test_another_delegations_ids_find_nothing(app, client, make, world):
    theirs = make.registration(world["event"].id, world["vietnam"].id, world["category"].id)
    assert client.get(f"/ascn8/delegation/{theirs.id}").status_code == 404
    assert client.get(f"/ascn8/delegation/{theirs.id}/replace").status_code == 404
    assert (
        post(client, f"/ascn8/delegation/{theirs.id}/withdraw", token_from="/ascn8/delegation").status_code
        == 404
    )
    assert (
        post(client, f"/ascn8/delegation/{theirs.id}/head", token_from="/ascn8/delegation").status_code == 404
    )
    assert rows(app)[0].status == "pending"
    assert "Given" not in client.get("/ascn8/delegation").get_data(as_text=True)


def test_template_downloads_in_both_languages(client, world):
    for lang, heading in (("en", "Given name(s) *"), ("ms", "Nama")):
        response = client.get(f"/ascn8/delegation/template.xlsx?lang={lang}")
        header = [c.value for c in load_workbook(io.BytesIO(response.data)).active[1]]
        assert any(str(h).startswith(heading) for h in header), header


def test_import_adds_every_row(app, client, world):
    response = import_sheet(
        client,
        sheet(
            [
                ["Nguyễn Văn", "An", "an@example.vn", "Delegate", "+84 91 234 56 78", "Delegate"],
                ["ສົມພອນ", "ແກ້ວ", "somphone@example.la", "delegate", "", "Senior official"],
            ]
        ),
    )
    assert response.status_code == 302
    imported = rows(app)
    assert [r.given_names for r in imported] == ["Nguyễn Văn", "ສົມພອນ"]
    assert imported[1].protocol_rank == "senior_official"  # matched in Malay too


def test_import_reports_every_problem_by_row_and_column_and_saves_nothing(app, client, world):
    page = upload(
        client,
        sheet(
            [
                ["Ok", "Row", "ok@example.org", "Delegate", "", ""],
                ["", "NoName", "bad-email", "Nope", "12", "Emperor"],
                ["Twin", "One", "twin@example.org", "Delegate", "", ""],
                ["Twin", "Two", "TWIN@example.org", "Delegate", "", ""],
            ]
        ),
    ).get_data(as_text=True)
    for expected in (
        "Choose a category from the list.",
        "Choose a protocol rank from the list.",
        "Row 3 (NoName): the given name is missing",
        "Invalid email address.",
        "Row 5 (Twin Two): the same email as row 4",
    ):
        assert expected in page, expected
    assert rows(app) == []


@pytest.mark.parametrize(
    "content, name, message",
    [
        (io.BytesIO(b"%PDF-1.4 renamed"), "list.xlsx", "not an Excel workbook"),
        (io.BytesIO(b"a,b,c"), "list.csv", "Upload the filled-in template"),
        (sheet([]), "empty.xlsx", "no rows to import"),
        (
            sheet([["A", "B", "a@b.org"]], header=["Given name(s)", "Family name", "Email"]),
            "x.xlsx",
            "missing",
        ),
    ],
)
def test_bad_files_are_refused(app, client, world, content, name, message):
    assert message in upload(client, content, name).get_data(as_text=True)
    assert rows(app) == []


def test_a_sheet_of_ten_thousand_rows_is_refused(app, client, world):
    lines = [[f"N{i}", "X", f"n{i}@example.org", "Delegate", "", ""] for i in range(10_000)]
    assert "more than 500 rows" in upload(client, sheet(lines)).get_data(as_text=True)
    assert rows(app) == []


def test_an_import_beyond_the_quota_is_refused_whole(app, client, world):
    lines = [[f"N{i}", "X", f"n{i}@example.org", "Delegate", "", ""] for i in range(4)]
    page = upload(client, sheet(lines)).get_data(as_text=True)
    assert "3 free places" in page
    assert rows(app) == []


def test_delegation_page_queries_do_not_grow_with_members(app, client, make, world, count_queries):
    def measure(n):
        with app.app_context():
            db.session.execute(Delegation.__table__.update().values(quota=600))
            db.session.commit()
        for _ in range(n):
            make.registration(world["event"].id, world["malaysia"].id, world["category"].id)
        with count_queries() as counter:
            assert client.get("/ascn8/delegation").status_code == 200
        return counter.count

    small = measure(10)
    large = measure(490)
    assert large == small


def test_a_pending_delegates_category_changes_an_accredited_ones_waits_for_review(app, client, make, world):
    other = make.category(world["event"].id, code="observer", label_en="Observer", label_ms="Pemerhati")
    pending = make.registration(world["event"].id, world["malaysia"].id, world["category"].id)
    approved = make.registration(
        world["event"].id, world["malaysia"].id, world["category"].id, status="approved"
    )
    data = {"given_names": "Siti", "locale": "ms", "category_id": other.id, "protocol_rank": "delegate"}
    assert (
        post(client, f"/ascn8/delegation/{pending.id}", data, token_from="/ascn8/delegation").status_code
        == 302
    )
    assert (
        post(client, f"/ascn8/delegation/{approved.id}", data, token_from="/ascn8/delegation").status_code
        == 302
    )
    with app.app_context():
        assert db.session.get(Registration, pending.id).category_id == other.id
        unchanged = db.session.get(Registration, approved.id)
        assert unchanged.category_id == world["category"].id and unchanged.given_names != "Siti"
        assert unchanged.identity_change_pending  # the organisers decide (test_identity_changes.py)


def test_a_focal_point_adds_a_photo_to_a_delegate(app, client, make, world):
    from tests.support.factories import jpeg

    reg = make.registration(world["event"].id, world["malaysia"].id, world["category"].id)
    data = {
        "given_names": "Siti",
        "locale": "ms",
        "category_id": world["category"].id,
        "protocol_rank": "delegate",
        "photo": (io.BytesIO(jpeg((600, 800), "olive")), "siti.jpg"),
    }
    response = post(
        client,
        f"/ascn8/delegation/{reg.id}",
        data,
        token_from="/ascn8/delegation",
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    assert client.get(f"/ascn8/registration/{reg.id}/photo.jpg").mimetype == "image/jpeg"
