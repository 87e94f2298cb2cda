"""A delegation has one Head of Delegation, who holds the head category and rank together;
designating another asks for confirmation and gives the outgoing head their rank back."""

import threading

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ascn.errors import ServiceError
from ascn.extensions import db
from ascn.registration.models import Delegation, Registration
from tests.support.settings import TEST_DATABASE_URL
from tests.support.web import post


@pytest.fixture
def world(make, auth):
    event = make.event()
    head = make.category(event.id, code="head_of_delegation", label_en="Head of Delegation")
    delegate = make.category(event.id, code="delegate", label_en="Delegate")
    speaker = make.category(event.id, code="speaker", label_en="Speaker")
    malaysia = make.country()
    make.delegation(event.id, malaysia.id, quota=5, head_quota=1)
    focal = make.user(role="focal_point", country_id=malaysia.id)
    auth.login(focal.email)
    return {"event": event, "head": head, "delegate": delegate, "speaker": speaker, "malaysia": malaysia}


def _registration(make, world, **values):
    return make.registration(world["event"].id, world["malaysia"].id, world["delegate"].id, **values)


def _get(app, registration_id):
    with app.app_context():
        return db.session.get(Registration, registration_id)


def _first_head(client, make, world):
    """A head named through the designation, so that their rank before is known."""
    first = _registration(
        make, world, status="approved", protocol_rank="senior_official", given_names="Ahmad"
    )
    post(client, f"/ascn8/delegation/{first.id}/head", token_from=f"/ascn8/delegation/{first.id}/head")
    return first


def test_the_confirmation_page_names_both_people(client, make, world):
    first = _first_head(client, make, world)
    second = _registration(make, world, status="approved", given_names="Nurul", family_name="Huda")
    page = client.get(f"/ascn8/delegation/{second.id}/head").get_data(as_text=True)
    assert "Make Nurul Huda Head of Delegation?" in page
    assert f"{first.badge_name} steps back" in page
    assert '<option selected value="senior_official">' in page  # their rank before leading
    assert _get(client.application, second.id).is_head is False  # nothing changes on GET


def test_designating_moves_category_and_rank_together(app, client, make, world):
    first = _first_head(client, make, world)
    old = _get(app, first.id)
    assert (old.is_head, old.protocol_rank, old.category_id) == (True, "head_of_delegation", world["head"].id)
    second = _registration(make, world, status="approved", protocol_rank="delegate")
    response = post(
        client, f"/ascn8/delegation/{second.id}/head", token_from=f"/ascn8/delegation/{second.id}/head"
    )
    assert response.status_code == 302
    new, old = _get(app, second.id), _get(app, first.id)
    assert (new.is_head, new.protocol_rank, new.category_id) == (True, "head_of_delegation", world["head"].id)
    assert (old.is_head, old.protocol_rank, old.category_id) == (
        False,
        "senior_official",
        world["delegate"].id,
    )
    with app.app_context():
        heads = db.session.scalars(select(Registration).where(Registration.is_head.is_(True))).all()
        assert [h.id for h in heads] == [second.id]
        delegation = db.session.scalar(select(Delegation))
        assert (delegation.members_count, delegation.heads_count) == (1, 1)


def test_the_focal_point_picks_the_outgoing_heads_rank(app, client, make, world):
    first = _first_head(client, make, world)
    second = _registration(make, world, status="approved")
    post(
        client,
        f"/ascn8/delegation/{second.id}/head",
        {"old_head_rank": "support_staff"},
        token_from=f"/ascn8/delegation/{second.id}/head",
    )
    assert _get(app, first.id).protocol_rank == "support_staff"
    assert _get(app, second.id).is_head


def test_a_head_from_another_category_gets_it_back(app, client, make, world):
    speaker = make.registration(
        world["event"].id,
        world["malaysia"].id,
        world["speaker"].id,
        status="approved",
        protocol_rank="minister",
    )
    post(client, f"/ascn8/delegation/{speaker.id}/head", token_from=f"/ascn8/delegation/{speaker.id}/head")
    head = _get(app, speaker.id)
    assert (head.protocol_rank, head.category_id) == ("minister", world["head"].id)  # a minister stays one
    other = _registration(make, world, status="approved")
    post(client, f"/ascn8/delegation/{other.id}/head", token_from=f"/ascn8/delegation/{other.id}/head")
    back = _get(app, speaker.id)
    assert (back.is_head, back.protocol_rank, back.category_id) == (False, "minister", world["speaker"].id)


def test_the_new_heads_badge_prints_the_head_category(app, client, make, world):
    from ascn.badges import cards

    second = _registration(make, world, status="approved")
    post(client, f"/ascn8/delegation/{second.id}/head", token_from=f"/ascn8/delegation/{second.id}/head")
    with app.test_request_context(headers={"Accept-Language": "en"}):
        [card], _photos = cards.build([db.session.get(Registration, second.id)], "en", for_pdf=False)
        assert card.look.label.startswith("HEAD OF DELEGATION")


def test_the_database_refuses_a_second_active_head(app, make, world):
    _registration(make, world, is_head=True)
    with pytest.raises(IntegrityError):
        _registration(make, world, is_head=True)


def test_a_withdrawn_head_does_not_count(app, make, world):
    _registration(make, world, is_head=True, status="cancelled")
    assert _registration(make, world, is_head=True).id  # the cancelled one is not a head any more


def test_a_head_quota_above_one_is_refused(app, world):
    from ascn.events.models import Event
    from ascn.registration import delegations

    with app.test_request_context(headers={"Accept-Language": "en"}):
        event = db.session.get(Event, world["event"].id)
        with pytest.raises(ServiceError, match="at most one Head of Delegation"):
            delegations.set_quotas(event, {world["malaysia"].id: (5, 2)})


@pytest.mark.skipif(
    not TEST_DATABASE_URL, reason="needs PostgreSQL (TEST_DATABASE_URL): SQLite serialises writers"
)
def test_two_designations_at_once_end_with_exactly_one_head(app, make, world):
    from ascn.registration import heads

    candidates = [_registration(make, world, status="approved") for _ in range(4)]
    barrier = threading.Barrier(len(candidates))
    outcomes = []

    def designate(registration_id):
        with app.test_request_context(headers={"Accept-Language": "en"}):
            registration = db.session.get(Registration, registration_id)
            barrier.wait()
            try:
                heads.designate(registration, None)
                outcomes.append("ok")
            except ServiceError as error:
                outcomes.append(str(error.message))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=designate, args=(c.id,)) for c in candidates]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert outcomes == ["ok"] * len(candidates)  # each waited for the lock and took over in turn
    with app.app_context():
        rows = db.session.scalars(select(Registration)).all()
        assert sum(r.is_head for r in rows) == 1
        assert sum(r.category_id == world["head"].id for r in rows) == 1
        assert sum(r.protocol_rank == "head_of_delegation" for r in rows) == 1


def test_organisers_cannot_make_or_unmake_a_head_by_a_change_of_category(app, client, make, auth, world):
    head = _first_head(client, make, world)
    other = _registration(make, world, status="approved", given_names="Siti")
    auth.logout()
    auth.login(make.user(role="organiser").email)
    for ids, category in (([other.id], world["head"]), ([head.id], world["speaker"])):
        data = {"ids": [str(i) for i in ids], "action": "category", "category_id": str(category.id)}
        page = post(
            client,
            "/ascn8/manage/registrations/decide",
            data,
            token_from="/ascn8/manage/registrations",
            follow_redirects=True,
        )
        assert "designated by the focal point" in page.get_data(as_text=True)
    assert _get(app, other.id).category_id == world["delegate"].id
    assert (_get(app, head.id).category_id, _get(app, head.id).is_head) == (world["head"].id, True)


def test_the_role_moves_within_a_full_delegation(app, client, make, world):
    """The outgoing head takes the member's place the incoming one gives up: a swap in a
    delegation whose member places are all taken changes no count."""
    first = _first_head(client, make, world)
    members = [_registration(make, world, status="approved", given_names=f"Ahli {n}") for n in range(5)]
    response = post(
        client,
        f"/ascn8/delegation/{members[0].id}/head",
        {"old_head_rank": "senior_official"},
        token_from=f"/ascn8/delegation/{members[0].id}/head",
    )
    assert response.status_code == 302
    assert (_get(app, members[0].id).is_head, _get(app, first.id).is_head) == (True, False)
    with app.app_context():
        delegation = db.session.scalar(select(Delegation))
        assert (delegation.members_count, delegation.heads_count) == (5, 1)
