"""Every PDF document reads only the project's static files and fonts: no other file,
however its URL is encoded, and nothing from the network."""

import io
import re
from pathlib import Path
from urllib.parse import quote

import pytest
from pypdf import PdfReader

from ascn import pdf_fetcher
from ascn.badges import pdf as badge_pdf
from ascn.pdf_fetcher import STATIC, Refused, static_file

SECRET = "LEAKEDSECRET"


def _escaping(target: Path, separator: str = "%2f") -> str:
    """A file: URL that starts in the static folder and climbs out of it to `target`."""
    climb = "..%2f" * (len(STATIC.parts) + 1)
    return f"file://{STATIC}/{climb}{quote(str(target).lstrip('/'), safe='').replace('%2F', separator)}"


@pytest.mark.parametrize(
    "url",
    [
        f"file://{STATIC}/..%2f..%2f..%2f..%2f..%2f..%2f..%2f..%2fetc/passwd",
        f"file://{STATIC}/..%2F..%2F..%2F..%2F..%2F..%2F..%2F..%2Fetc%2Fpasswd",
        f"file://{STATIC}/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        f"file://{STATIC}/css/..%2f..%2fpdf_fonts.py",  # the app's own code, beside the folder
        f"file://{STATIC}/css/../../pdf_fonts.py",
        f"file://{STATIC}%00/../../etc/passwd",
        f"file://{STATIC}/img",  # a folder
        "file:///etc/passwd",
        "file://attacker.example/" + str(STATIC) + "/img/logo.svg",
        "http://169.254.169.254/latest/meta-data/",
        "https://example.org/logo.png",
        "data:text/plain,hello",
        "ftp://example.org/x",
        "img/logo.svg",
    ],
)
def test_urls_outside_the_static_folder_are_refused(url):
    with pytest.raises(Refused):
        static_file(url)
    with pytest.raises(ValueError):
        pdf_fetcher.fetcher().fetch(url)


def test_static_files_and_fonts_are_served():
    logo = pdf_fetcher.fetcher().fetch(f"file://{STATIC}/img/logo%2Esvg")
    assert logo.content_type == "image/svg+xml" and b"<svg" in logo.read()
    font = next((STATIC / "fonts").rglob("*.woff2"))
    served = pdf_fetcher.fetcher().fetch(font.as_uri())
    assert served.content_type == "font/ttf" and served.read()[:4] in (b"\x00\x01\x00\x00", b"OTTO", b"true")


def _document(href: str) -> str:
    return f'<html><head><link rel="stylesheet" href="{href}"></head><body><p>Hello</p></body></html>'


def _text(data: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_a_badge_document_cannot_read_a_file_through_an_encoded_path(tmp_path):
    secret = tmp_path / "secret.css"
    secret.write_text(f'p::after {{ content: "{SECRET}"; }}')
    from weasyprint.urls import FatalURLFetchingError

    # A badge needs every resource it names: the batch stops rather than print without it.
    with pytest.raises(FatalURLFetchingError) as refused:
        data = badge_pdf.render(_document(_escaping(secret)), {}, str(STATIC))
        assert SECRET not in _text(data)
    assert isinstance(refused.value.__cause__, Refused)


def test_a_document_renders_without_what_it_may_not_fetch(tmp_path):
    from weasyprint import HTML

    secret = tmp_path / "secret.css"
    secret.write_text(f'p::after {{ content: "{SECRET}"; }}')
    for href in (_escaping(secret), secret.as_uri(), "http://127.0.0.1:9/x.css"):
        html = HTML(string=_document(href), base_url=f"{STATIC}/", url_fetcher=pdf_fetcher.fetcher())
        text = _text(html.write_pdf())
        assert "Hello" in text and SECRET not in text


def test_every_weasyprint_document_fetches_through_the_one_fetcher():
    """A later document is held to the same rule: any HTML(...) or CSS(...) in the app
    names its url_fetcher, and every url_fetcher comes from ascn.pdf_fetcher."""
    app = Path(pdf_fetcher.__file__).parent
    calls = 0
    for path in app.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        for call in re.finditer(r"\b(HTML|CSS)\((.*?)\)(?:\.write_pdf|\n|$)", source, re.S):
            calls += 1
            assert "url_fetcher=" in call.group(2), f"{path}: {call.group(0)[:80]}"
        for fetcher in re.finditer(r"url_fetcher=([\w.]+)", source):
            name = fetcher.group(1)
            assert name.startswith("pdf_fetcher.") or re.search(
                rf"{name} = (pdf_fetcher\.fetcher|_fetcher)\(", source
            ), f"{path}: url_fetcher={name}"
    assert calls >= 5
