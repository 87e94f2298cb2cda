"""Organisers are warned of likely duplicates: registrations of one country whose names
match in some written form. A pair checked by hand can be marked as two people."""

import pytest
from sqlalchemy import select

from ascn.extensions import db
from ascn.registration.models import DistinctPair, RegistrationChange
from tests.support.web import post

MARKER = "Possible duplicate"


@pytest.fixture
def world(make, auth):
    event = make.event()
    category = make.category(event.id, code="delegate", label_en="Delegate")
    thailand = make.country("TH", "Thailand", "Thailand")
    vietnam = make.country("VN", "Viet Nam", "Vietnam")
    auth.login(make.user(role="organiser").email)

    def person(country=thailand, **values):
        return make.registration(event.id, country.id, category.id, **values)

    return {"event": event, "thailand": thailand, "vietnam": vietnam, "person": person}


def listing(client, **args):
    return client.get("/ascn8/manage/registrations", query_string=args).get_data(as_text=True)


def test_the_same_name_in_another_script_and_order_is_flagged(client, world):
    thai = world["person"](
        given_names="สมชาย",
        family_name="ใจดี",
        badge_name="สมชาย ใจดี",
        latin_name="Somchai Jaidee",
        status="approved",
    )
    latin = world["person"](given_names="JAIDEE,", family_name="Sómchai", badge_name="Dr Jaidee Somchai")
    world["person"](given_names="Somsak", family_name="Jaidee")
    world["person"](world["vietnam"], given_names="Somchai", family_name="Jaidee")  # another country
    flagged = listing(client, flag="duplicates")
    assert thai.badge_name in flagged and latin.badge_name in flagged
    assert "Somsak" not in flagged and "Viet Nam" not in flagged.split("</nav>")[-1].split("<table")[-1]
    assert listing(client).count('class="status-pill duplicate"') == 2


def test_the_registration_page_links_to_the_other_and_a_pair_can_be_marked_distinct(app, client, world):
    first = world["person"](given_names="Nguyen", family_name="Van An", badge_name="Nguyễn Văn An")
    second = world["person"](given_names="Nguyễn", family_name="Văn An", status="approved")
    url = f"/ascn8/manage/registrations/{first.id}"
    page = client.get(url).get_data(as_text=True)
    assert f'href="/ascn8/manage/registrations/{second.id}"' in page and "Not the same person" in page
    response = post(client, f"{url}/distinct", {"other_id": second.id}, token_from=url)
    assert response.status_code == 302
    assert 'id="duplicates"' not in client.get(url).get_data(as_text=True)
    assert first.badge_name not in listing(client, flag="duplicates").split("<tbody>")[-1]
    with app.app_context():
        assert db.session.scalar(select(DistinctPair.first_id)) == min(first.id, second.id)
        logged = db.session.scalars(
            select(RegistrationChange).where(RegistrationChange.action == "distinct")
        ).all()
        assert {c.registration_id for c in logged} == {first.id, second.id}


def test_a_withdrawn_registration_is_no_twin(client, world):
    world["person"](given_names="Ahmad", family_name="Zaki", status="cancelled")
    world["person"](given_names="Ahmad", family_name="Zaki")
    assert MARKER not in listing(client).split("<tbody>")[-1]


def test_marking_an_unknown_registration_is_refused(app, client, world):
    mine = world["person"](given_names="Ahmad", family_name="Zaki")
    url = f"/ascn8/manage/registrations/{mine.id}"
    for other_id in ("999999", "²", "", str(mine.id)):
        page = post(client, f"{url}/distinct", {"other_id": other_id}, token_from=url, follow_redirects=True)
        assert "no longer exists" in page.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(DistinctPair)) is None


def test_the_list_costs_the_same_queries_with_more_duplicates(client, world, count_queries):
    def measure(**args):
        with count_queries() as counter:
            assert client.get("/ascn8/manage/registrations", query_string=args).status_code == 200
        return counter.count

    world["person"](given_names="Ahmad", family_name="Zaki")
    world["person"](given_names="Ahmad", family_name="Zaki")
    small, small_filtered = measure(), measure(flag="duplicates")
    for n in range(12):
        world["person"](given_names=f"Twin{n}", family_name="Same")
        world["person"](given_names=f"Twin{n}", family_name="Same")
    assert (measure(), measure(flag="duplicates")) == (small, small_filtered)
