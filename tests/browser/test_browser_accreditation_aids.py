"""An organiser, on a desktop in English and on a phone in Malay, ticks registrations,
sees the decision bar stay in view and count them, approves them; publishes the programme
through its confirmation step; and (on the desktop) opens a session in the rich-text
editor. Screenshots go to test-artifacts/."""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from ascn.accounts.models import User
from ascn.extensions import db
from ascn.programme.models import ProgrammeRelease, ProgrammeSession
from ascn.registration.models import Registration
from tests.support.browser import ARTIFACTS, CHROMIUM, SETTINGS, log_in, new_page, open_menu, wording
from tests.support.programme import programme_world

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium (apt-get install chromium)"),
]


@pytest.mark.parametrize("size,locale", SETTINGS)
def test_an_organiser_approves_a_selection_and_publishes_with_confirmation(  # noqa: F811
    app, make, live_server, browser, size, locale
):
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
        db.session.get(ProgrammeSession, world.sessions[0].id).title_ms += " (dipindahkan)"
        db.session.get(User, world.organiser.id).locale = locale
        db.session.commit()
    say = wording(app, locale)

    ARTIFACTS.mkdir(exist_ok=True)
    context, page = new_page(browser, (size[0], 800), locale)
    log_in(page, live_server, world.organiser.email)
    open_menu(page, "organise")
    page.locator("nav").get_by_role("link", name=say("Registrations"), exact=True).click()
    expect(page).to_have_url(re.compile(r"/ascn8/manage/registrations$"))
    bar = page.locator("fieldset.bulk")
    # Once the list is on screen (on a phone the filters fill the first one), the bar is at
    # the foot of the screen, not below the list.
    page.locator("input[name=ids]").first.scroll_into_view_if_needed()
    expect(bar).to_be_in_viewport()
    for box in page.locator("input[name=ids]").all()[:3]:
        box.check()
    expect(page.get_by_text(say("Selected: %(num)s", num=3))).to_be_visible()
    expect(bar).to_be_in_viewport()
    page.get_by_label(say("Action")).select_option("approved")
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth"), "scrolls sideways"
    page.screenshot(path=str(ARTIFACTS / f"registrations-selected-{locale}-{size[0]}.png"))
    page.get_by_role("button", name=say("Apply")).click()
    changed = say.n("%(num)s registration changed.", "%(num)s registrations changed.", 3)
    expect(page.get_by_text(changed)).to_be_visible()
    with app.app_context():
        statuses = {i: db.session.get(Registration, i).status for i in ids}
    assert sorted(statuses.values()).count("approved") == 3

    page.goto(live_server + "/ascn8/manage/programme/publish")
    expect(
        page.get_by_text(
            say.n(
                "Publishing these changes emails %(num)s delegate.",
                "Publishing these changes emails %(num)s delegates.",
                1,
            )
        )
    ).to_be_visible()
    page.get_by_role("button", name=say("Publish…")).click()
    expect(page.get_by_role("heading", name=say("Publish these changes?"))).to_be_visible()
    emailed = say.n(
        "%(num)s delegate who saved a changed session will be emailed.",
        "%(num)s delegates who saved a changed session will be emailed.",
        1,
    )
    expect(page.get_by_text(emailed)).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / f"publish-confirm-{locale}-{size[0]}.png"))
    with app.app_context():
        assert len(db.session.scalars(select(ProgrammeRelease)).all()) == 1  # nothing yet
    page.get_by_role("button", name=say("Publish now")).click()
    published = say.n(
        "Release %(number)s is published. %(num)s delegate will be told of changes to their saved sessions.",
        "Release %(number)s is published. %(num)s delegates will be told of changes to their saved sessions.",
        1,
        number=2,
    )
    expect(page.locator(".flash-success")).to_have_text(published)
    with app.app_context():
        assert len(db.session.scalars(select(ProgrammeRelease)).all()) == 2
    if locale != "en":
        context.close()
        return

    # The session form: the description in the local editor, speakers in a searchable list.
    page.goto(live_server + f"/ascn8/manage/programme/sessions/{world.sessions[0].id}")
    expect(page.locator("trix-editor#description_en")).to_be_visible()
    expect(page.locator(".trix-button-group--file-tools").first).to_be_hidden()  # no uploads
    expect(page.locator(".ts-wrapper").first).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "session-editor-desktop.png"), full_page=True)
    context.close()
