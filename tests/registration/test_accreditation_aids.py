"""What helps an organiser through the queue: preset rejection reasons in both languages,
photo thumbnails, the decision bar, a decision that starts empty, and "next pending" in
the list's order and filters. The organiser reads English (their account's language)."""

import pytest
from sqlalchemy import select

from ascn.extensions import db
from ascn.registration.models import Registration, RejectionReason
from tests.support.registration import rejection_reason
from tests.support.web import post

LIST = "/ascn8/manage/registrations"
REASONS = "/ascn8/manage/rejection-reasons"


@pytest.fixture
def world(make, auth):
    event = make.event()
    category = make.category(event.id, code="delegate", label_en="Delegate", label_ms="Perwakilan")
    thailand = make.country("TH", "Thailand", "Thailand")
    vietnam = make.country("VN", "Viet Nam", "Vietnam")
    organiser = make.user(role="organiser")
    auth.login(organiser.email)

    def person(name, country, **values):
        return make.registration(
            event.id, country.id, category.id, given_names=name, family_name="X", **values
        )

    return {
        "event": event,
        "thailand": thailand,
        # By family name then given name: Anong, Binh, Chai (pending), Dara (approved).
        "anong": person("Anong", thailand, locale="en"),
        "binh": person("Binh", vietnam, locale="ms"),
        "chai": person("Chai", thailand, has_photo=True),
        "dara": person("Dara", thailand, status="approved"),
    }


def _row(app, registration_id) -> Registration:
    with app.app_context():
        return db.session.get(Registration, registration_id)


def _reasons(app) -> list[tuple[str, str]]:
    with app.app_context():
        return [(r.label_en, r.text_ms) for r in db.session.scalars(select(RejectionReason))]


def test_an_organiser_adds_edits_and_deletes_a_preset_reason(app, client, world):
    data = {"label_en": "Photo", "label_ms": "Foto", "text_en": "Not passport-style.", "text_ms": ""}
    page = post(client, f"{REASONS}/new", data, token_from=f"{REASONS}/new").get_data(as_text=True)
    assert "Write what the delegate is told in both languages." in page
    assert _reasons(app) == []

    data["text_ms"] = "Bukan gaya pasport."
    assert post(client, f"{REASONS}/new", data, token_from=f"{REASONS}/new").status_code == 302
    assert _reasons(app) == [("Photo", "Bukan gaya pasport.")]
    assert "Not passport-style." in client.get(REASONS).get_data(as_text=True)

    with app.app_context():
        reason_id = db.session.scalar(select(RejectionReason.id))
    edit = f"{REASONS}/{reason_id}"
    assert post(client, edit, {**data, "label_en": "Badge photo"}, token_from=edit).status_code == 302
    assert _reasons(app) == [("Badge photo", "Bukan gaya pasport.")]

    assert post(client, f"{edit}/delete", token_from=edit).status_code == 302
    assert _reasons(app) == []


def test_a_reason_of_another_event_is_not_found(app, client, make, world):
    other = make.event(slug="wg1", short_name="WG1")
    reason_id = rejection_reason(app, other.id)
    assert client.get(f"{REASONS}/{reason_id}").status_code == 404
    assert post(client, f"{REASONS}/{reason_id}/delete", token_from=REASONS).status_code == 404
    assert len(_reasons(app)) == 1


def test_a_preset_reason_tells_each_delegate_in_their_language(app, client, world):
    reason_id = rejection_reason(app, world["event"].id)
    data = {
        "ids": [world["anong"].id, world["binh"].id],
        "action": "rejected",
        "preset_id": reason_id,
        "reason": "Please upload a new one.",
    }
    assert post(client, f"{LIST}/decide", data, token_from=LIST).status_code == 302
    assert _row(app, world["anong"].id).status_reason == (
        "Your photo is not a passport-style photo.\n\nPlease upload a new one."
    )
    assert _row(app, world["binh"].id).status_reason == (
        "Foto anda bukan foto gaya pasport.\n\nPlease upload a new one."
    )


def test_a_preset_reason_goes_with_a_rejection_only(app, client, world):
    reason_id = rejection_reason(app, world["event"].id)
    data = {"ids": [world["anong"].id], "action": "approved", "preset_id": reason_id}
    page = post(client, f"{LIST}/decide", data, token_from=LIST, follow_redirects=True)
    assert "A preset reason goes with a rejection only." in page.get_data(as_text=True)
    assert _row(app, world["anong"].id).status == "pending"


def test_the_decision_starts_empty_and_is_required(app, client, world):
    url = f"{LIST}/{world['anong'].id}"
    page = client.get(url).get_data(as_text=True)
    assert '<option selected value="">Choose…</option>' in page
    response = post(client, f"{url}/decide", {"action": ""}, token_from=url, follow_redirects=True)
    assert "Choose an action." in response.get_data(as_text=True)
    assert _row(app, world["anong"].id).status == "pending"


def test_after_a_decision_the_next_pending_of_the_list_opens(app, client, world):
    first = f"{LIST}/{world['anong'].id}"
    page = client.get(f"{first}?sort=name").get_data(as_text=True)
    assert f'href="{LIST}/{world["binh"].id}?sort=name" rel="next"' in page

    response = post(client, f"{first}/decide?sort=name", {"action": "approved"}, token_from=first)
    assert response.headers["Location"].endswith(f"{LIST}/{world['binh'].id}?sort=name")
    # The list filtered to Thailand skips Binh (Viet Nam) and the approved Dara.
    second = f"{LIST}/{world['chai'].id}?sort=name&country={world['thailand'].id}"
    response = post(client, second.replace("?", "/decide?"), {"action": "approved"}, token_from=first)
    assert "/registrations?" in response.headers["Location"]  # none left: back to that list
    assert f"country={world['thailand'].id}" in response.headers["Location"]


def test_next_pending_goes_round_to_the_start_of_the_list(client, world):
    page = client.get(f"{LIST}/{world['chai'].id}?sort=name").get_data(as_text=True)
    assert f'href="{LIST}/{world["anong"].id}?sort=name" rel="next"' in page


def test_the_list_shows_photo_thumbnails_and_a_bar_that_counts(client, world):
    page = client.get(LIST).get_data(as_text=True)
    assert f'src="/ascn8/registration/{world["chai"].id}/photo.jpg?v=' in page
    assert page.count('class="thumb placeholder"') == 3
    assert 'class="bulk sticky"' in page and 'data-template="Selected: __N__"' in page


def test_a_preset_is_offered_with_its_words_in_the_readers_language(app, client, world):
    rejection_reason(app, world["event"].id)
    page = client.get(f"{LIST}/{world['anong'].id}").get_data(as_text=True)
    assert 'data-text="Your photo is not a passport-style photo."' in page
    assert ">Photo</option>" in page
