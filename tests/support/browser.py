"""Headless Chromium against the app on a local port, and the standard checks every page
the browser tests visit must pass:

- the Nu HTML Checker (vnu) on the HTML of every document the server sends to the browser,
  collected by a WSGI wrapper and validated in one JVM run per test module (start-up
  costs about a second);
- axe-core in every page once it has loaded, at the width and in the language the test
  uses (the browser tests between them cover 390 px and desktop, English and Malay).

Both run from node_modules (`npm ci`), never from a CDN. A test fails on any vnu error or
axe violation in a page it visited."""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.support.live import serving

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
JAVA = shutil.which("java")
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"

# Runs in the top frame of every page (init scripts are exempt from the page's CSP) and
# reports axe's violations through a binding once the page has loaded.
AXE_RUNNER = """
(() => {
  if (window.top !== window) return;
  window.addEventListener("load", () => {
    axe.run(document, {resultTypes: ["violations"]}).then((result) => {
      window.ascnAxeReport({
        url: location.href,
        lang: document.documentElement.lang,
        width: window.innerWidth,
        violations: result.violations.map((v) => ({
          id: v.id,
          impact: v.impact,
          help: v.help,
          nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ") + "  " + n.failureSummary),
        })),
      });
    });
  });
})();
"""


def missing_checkers() -> str | None:
    if CHROMIUM is None:
        return "needs Debian's chromium (apt-get install chromium)"
    if JAVA is None:
        return "needs java for the Nu HTML Checker (apt-get install default-jre-headless)"
    if not VNU_JAR.exists() or not AXE_JS.exists():
        return "needs the Nu HTML Checker and axe-core from npm (run `npm ci` in the project root)"
    return None


class PageChecks:
    """What one test module's browser saw: the HTML documents served, and the pages axe
    checked with what it found."""

    def __init__(self):
        self.documents: list[tuple[str, bytes]] = []
        self.axe_reports: list[dict] = []

    def record_documents(self, wsgi_app):
        """Wrap the app so that every HTML document a browser navigates to is kept."""

        def recording(environ, start_response):
            seen = {}

            def start(status, headers, exc_info=None):
                types = [value for name, value in headers if name.lower() == "content-type"]
                # A redirect's body is never shown: the browser follows it.
                seen["html"] = not status.startswith("3") and any(v.startswith("text/html") for v in types)
                return start_response(status, headers, exc_info)

            body = b"".join(wsgi_app(environ, start))
            # Fetch() fragments (badge preview) are not documents: only navigations count.
            if seen.get("html") and environ.get("HTTP_SEC_FETCH_DEST") in ("document", "iframe"):
                path = environ.get("PATH_INFO", "") + (
                    "?" + environ["QUERY_STRING"] if environ.get("QUERY_STRING") else ""
                )
                self.documents.append((f"{environ['REQUEST_METHOD']} {path}", body))
            return [body]

        return recording

    def html_errors(self, workdir: Path) -> list[str]:
        """Every error the Nu HTML Checker finds in the documents, in one JVM run."""
        if not self.documents:
            return []
        names = {}
        for number, (label, body) in enumerate(self.documents):
            path = workdir / f"page-{number:04}.html"
            path.write_bytes(body)
            names[path.name] = label
        run = subprocess.run(
            [JAVA, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", "--exit-zero-always"]
            + [str(workdir)],
            capture_output=True,
            text=True,
            timeout=300,
        )
        try:
            messages = json.loads(run.stderr or run.stdout)["messages"]
        except ValueError:
            raise AssertionError(f"the Nu HTML Checker did not run: {run.stderr[-2000:]}") from None
        return [
            f"{names.get(Path(m.get('url', '')).name, m.get('url'))} line {m.get('lastLine')}: {m['message']}"
            f"  [{m.get('extract', '').strip()[:120]}]"
            for m in messages
        ]

    def violations(self, since: int = 0) -> list[str]:
        return [
            f"{report['url']} ({report['lang']}, {report['width']} px): {v['id']} ({v['impact']}) {v['help']}"
            + "".join(f"\n    {node}" for node in v["nodes"])
            for report in self.axe_reports[since:]
            for v in report["violations"]
        ]


@pytest.fixture(scope="module")
def page_checks():
    return PageChecks()


@pytest.fixture(scope="module")
def live_server(app, page_checks, tmp_path_factory):
    with serving(page_checks.record_documents(app)) as base:
        yield base
    if missing_checkers() is None:
        errors = page_checks.html_errors(tmp_path_factory.mktemp("vnu"))
        assert not errors, f"The Nu HTML Checker found {len(errors)} errors:\n" + "\n".join(errors)


class CheckedBrowser:
    """Chromium whose every new context runs axe in each page it loads."""

    def __init__(self, browser, page_checks):
        self._browser, self._checks = browser, page_checks
        self._axe = AXE_JS.read_text(encoding="utf-8") + AXE_RUNNER

    def new_context(self, **options):
        context = self._browser.new_context(**options)
        context.expose_binding("ascnAxeReport", lambda _source, found: self._checks.axe_reports.append(found))
        context.add_init_script(self._axe)
        return context

    def __getattr__(self, name):
        return getattr(self._browser, name)


@pytest.fixture(scope="module")
def browser(page_checks):
    reason = missing_checkers()
    if reason:
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--disable-sync",
            ],
        )
        yield CheckedBrowser(chromium, page_checks)
        chromium.close()


@pytest.fixture(autouse=True)
def _pages_pass_axe(request):
    """Fail a browser test on any axe violation in a page it visited."""
    if "browser" not in request.fixturenames:
        yield
        return
    checks = request.getfixturevalue("page_checks")
    start = len(checks.axe_reports)
    yield
    found = checks.violations(since=start)
    assert not found, f"axe found {len(found)} violations:\n" + "\n".join(found)


def log_in(page, base, email, event="ascn8"):
    """Log in from the event's home page, as a person following its "Log in" link does: the
    login comes back to the event."""
    page.goto(f"{base}/{event}/")
    open_menu(page)
    page.locator("nav").get_by_role("link", name=re.compile("^(Log in|Log masuk)$")).click()
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password]").fill("correct horse battery")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/{event}/")


def open_menu(page, group: str | None = None):
    """Show the menu's links: on a phone they are behind its "Menu" button; on a desktop a
    group's (`group`: "me", "organise") behind its drop-down's button. With JavaScript the
    control is a button saying whether it is open; without, a checkbox's label."""
    for name in ("menu", group):
        if name is None:
            continue
        toggle = page.locator(f"nav button[aria-controls=nav-{name}-body], nav label[for=nav-{name}-toggle]")
        if toggle.is_visible() and toggle.get_attribute("aria-expanded") != "true":
            toggle.click()


# The two settings every journey is walked in: a phone in Malay, a desktop in English.
SETTINGS = [
    pytest.param((390, 844), "ms", id="phone-ms"),
    pytest.param((1280, 900), "en", id="desktop-en"),
]


def new_page(browser, size, locale):
    """A page at `size` (width, height) whose browser asks for `locale`; a phone's is touch."""
    width, height = size
    context = browser.new_context(
        viewport={"width": width, "height": height},
        locale={"ms": "ms-MY", "en": "en-GB"}[locale],
        has_touch=width < 600,
    )
    return context, context.new_page()


def wording(app, locale):
    """`say(msgid, **values)`: the text the app shows for `msgid` in `locale`, so one test
    reads a page in either language (a msgid missing from the catalogue stays English, and
    the page's English then fails the Malay case); `say.n(singular, plural, num, **values)`
    for a text with a count."""
    from flask_babel import force_locale, gettext, ngettext

    def say(msgid, **values):
        with app.test_request_context(), force_locale(locale):
            return gettext(msgid, **values)

    def say_n(singular, plural, num, **values):
        with app.test_request_context(), force_locale(locale):
            return ngettext(singular, plural, num, **values)

    say.n = say_n
    return say
