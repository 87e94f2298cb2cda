"""An organiser on a desktop in English ticks registrations, sees the decision bar stay
in view and count them, approves them; publishes the programme through its confirmation
step; and opens a session in the rich-text editor. Screenshots go to test-artifacts/."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from ascn.extensions import db
from ascn.programme.models import ProgrammeRelease, ProgrammeSession
from ascn.registration.models import Registration
from tests.support.browser import ARTIFACTS, CHROMIUM, log_in
from tests.support.programme import programme_world

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium (apt-get install chromium)"),
]


def test_an_organiser_approves_a_selection_and_publishes_with_confirmation(app, make, live_server, browser):  # noqa: F811
    world = programme_world(make)
    category = make.category(world.event.id, code="delegate", label_en="Delegate", label_ms="Perwakilan")
    thailand = make.country("TH", "Thailand", "Thailand")
    ids = [
        make.registration(world.event.id, thailand.id, category.id, given_names=f"Person {n:02d}").id
        for n in range(14)  # a list longer than the screen
    ]
    make.programme.save(make.user().id, world.sessions[0].id)
    with app.app_context():
        db.session.get(ProgrammeSession, world.sessions[0].id).title_en += " (moved)"
        db.session.commit()

    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-GB")
    page = context.new_page()
    log_in(page, live_server, world.organiser.email)
    page.goto(live_server + "/ascn8/manage/registrations?sort=name")
    bar = page.locator("fieldset.bulk")
    expect(bar).to_be_in_viewport()  # at the foot of the screen, not below the list
    for box in page.locator("input[name=ids]").all()[:3]:
        box.check()
    expect(page.get_by_text("Selected: 3")).to_be_visible()
    expect(bar).to_be_in_viewport()
    page.get_by_label("Action").select_option("approved")
    page.screenshot(path=str(ARTIFACTS / "registrations-selected-desktop.png"))
    page.get_by_role("button", name="Apply").click()
    expect(page.get_by_text("3 registrations changed.")).to_be_visible()
    with app.app_context():
        statuses = {i: db.session.get(Registration, i).status for i in ids}
    assert sorted(statuses.values()).count("approved") == 3

    page.goto(live_server + "/ascn8/manage/programme/publish")
    expect(page.get_by_text("Publishing these changes emails 1 delegate.")).to_be_visible()
    page.get_by_role("button", name="Publish…").click()
    expect(page.get_by_role("heading", name="Publish these changes?")).to_be_visible()
    expect(page.get_by_text("1 delegate who saved a changed session will be emailed.")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "publish-confirm-desktop.png"))
    with app.app_context():
        assert len(db.session.scalars(select(ProgrammeRelease)).all()) == 1  # nothing yet
    page.get_by_role("button", name="Publish now").click()
    expect(page.get_by_text("Release 2 is published.")).to_be_visible()

    # The session form: the description in the local editor, speakers in a searchable list.
    page.goto(live_server + f"/ascn8/manage/programme/sessions/{world.sessions[0].id}")
    expect(page.locator("trix-editor#description_en")).to_be_visible()
    expect(page.locator(".trix-button-group--file-tools").first).to_be_hidden()  # no uploads
    expect(page.locator(".ts-wrapper").first).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "session-editor-desktop.png"), full_page=True)
    context.close()
