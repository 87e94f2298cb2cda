"""Every kind of page of the demo, as every demo role, at 390 px and on a desktop, in
English and in Malay: each page the browser opens here passes the Nu HTML Checker and
axe-core (tests/support/browser.py checks every page a browser test visits).

From the home page the browser follows the site's links breadth first, opening one page
per kind (the path with its ids taken out, e.g. /manage/registrations/{id}), so that a list
of 250 delegates costs one page, not 250; a kind one role has opened is not opened again
by the next (the header and menu, which differ by role, are on every page)."""

import re
from collections import deque

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from ascn.accounts.models import User
from ascn.demo.records import DEMO_PASSWORD
from ascn.demo.seed import seed
from ascn.extensions import db
from tests.support.browser import CHROMIUM

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium (apt-get install chromium)"),
]

ROLES = {
    "anonymous": None,
    "delegate": None,  # the first confirmed delegate of the demo
    "focal point": "focal.my@ascn8.example",
    "staff": "staff@ascn8.example",
    "organiser": "organiser@ascn8.example",
    "admin": "admin@ascn8.example",
}
# Links that change something, end a session or answer a file rather than a page.
NOT_A_PAGE = re.compile(
    r"logout|delete|purge|/confirm/|/reset/|/api/|/static/|/health|/photo|export|download|"
    r"\.(pdf|xlsx|ics|csv|png|jpe?g|json)\b|[?&](format|download)=",
    re.I,
)
PAGES_PER_ROLE = 40


def kind_of(path: str) -> str:
    return re.sub(r"/\d+(?=/|$)", "/{id}", path.split("?")[0].split("#")[0])


@pytest.fixture
def demo(app):
    with app.app_context():
        seed()
        db.session.commit()
        delegate = db.session.scalars(
            select(User.email).where(User.role == "delegate", User.email_confirmed_at.is_not(None))
        ).first()
    return {**ROLES, "delegate": delegate}


def log_in(page, base, email):
    page.goto(base + "/account/login")
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(re.escape(base) + r"/(\?.*)?$"))


def visit_every_kind_of_page(page, base, page_checks, seen: set[str]) -> list[str]:
    opened, queue, queued = [], deque(["/"]), set()
    while queue and len(opened) < PAGES_PER_ROLE:
        path = queue.popleft()
        if kind_of(path) in seen and path != "/":
            continue
        seen.add(kind_of(path))
        checked = len(page_checks.axe_reports)
        response = page.goto(base + path)
        if response is None or not response.headers.get("content-type", "").startswith("text/html"):
            continue
        opened.append(path)
        # Stay until axe has reported on this page, so that every page is checked.
        for _ in range(100):
            if len(page_checks.axe_reports) > checked:
                break
            page.wait_for_timeout(50)
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))"):
            if href.startswith("/") and not href.startswith("//") and not NOT_A_PAGE.search(href):
                if kind_of(href) not in queued:
                    queued.add(kind_of(href))
                    queue.append(href)
    return opened


# One test, so that the demo is loaded once for the four passes.
VIEWS = [(width, language) for width in (390, 1280) for language in ("en", "ms")]


def test_every_kind_of_page_passes_the_checks(live_server, browser, page_checks, demo):
    for width, language in VIEWS:
        opened, seen = {}, set()
        for role, email in demo.items():
            context = browser.new_context(viewport={"width": width, "height": 900})
            page = context.new_page()
            if email:
                log_in(page, live_server, email)
            else:
                page.goto(live_server + "/")
            page.locator(f".lang-switch button[value={language}]").click()
            expect(page.locator("html")).to_have_attribute("lang", language)
            opened[role] = visit_every_kind_of_page(page, live_server, page_checks, seen)
            context.close()
        # Each role opened pages of its own beyond the home page (its menu differs).
        assert all(len(pages) >= 2 for pages in opened.values()), (width, language, opened)
