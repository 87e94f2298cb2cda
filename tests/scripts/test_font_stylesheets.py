"""The font stylesheets: written by scripts/fonts.py from the font files, each range a
subset of its file's character map, and a page links only the scripts it shows."""

import importlib.util
import re
from pathlib import Path

from fontTools.ttLib import TTFont

from ascn.font_scripts import FONTS, SCRIPTS, STATIC, parse_ranges, scripts_in

_FACE = re.compile(r'url\("\.\./fonts/([^"]+)"\)[^}]*unicode-range:\s*([^;]+);', re.S)


def generator():
    path = Path(__file__).resolve().parents[2] / "scripts" / "fonts.py"
    spec = importlib.util.spec_from_file_location("fonts_script", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_unicode_range_claims_only_characters_its_file_has():
    claimed_by = {}
    for script in SCRIPTS:
        css = (STATIC / script.stylesheet).read_text(encoding="utf-8")
        faces = _FACE.findall(css)
        assert faces, script.key
        for file, spec in faces:
            cmap = set(TTFont(FONTS / file).getBestCmap())
            claimed = {c for lo, hi in parse_ranges(spec) for c in range(lo, hi + 1)}
            assert claimed <= cmap, (file, sorted(claimed - cmap)[:10])
            weight = re.search(r"-(\d00)-normal", file).group(1)
            for code in claimed:  # one face per character and weight
                assert claimed_by.setdefault((code, weight), file) == file, (hex(code), file)
    arabic = {c for (c, _), file in claimed_by.items() if 0x0600 <= c <= 0x06FF}
    assert {ord(c) for c in "حسن البلقية" if not c.isspace()} <= arabic
    assert all("naskh" in claimed_by[(c, "400")] for c in arabic)


def test_the_shipped_stylesheets_are_what_the_script_writes():
    for path, text in generator().stylesheets().items():
        assert path.read_text(encoding="utf-8") == text, f"run scripts/fonts.py: {path.name} is stale"
    assert not (STATIC / "css" / "fonts.css").exists()


def test_a_text_needs_the_scripts_it_is_written_in():
    assert [s.key for s in scripts_in("Opening plenary, Nguyễn Văn An")] == ["latin"]
    keys = [s.key for s in scripts_in("حسن البلقية · 李显龙 · ហ៊ុន ម៉ាណែត")]
    assert keys == ["latin", "khmer", "chinese", "arabic"]


def links(page: str) -> list[str]:
    return re.findall(r'href="/static/css/(fonts-[a-z]+)\.css', page)


def test_a_latin_page_links_only_the_latin_fonts(client):
    page = client.get("/").get_data(as_text=True)
    assert links(page) == ["fonts-latin"]
    assert "<!--script-fonts" not in page


def test_a_page_showing_jawi_and_thai_names_links_their_fonts_and_isolates_jawi(client, auth, make):
    event = make.event()
    category = make.category(event.id)
    country = make.country()
    staff = make.user(role="staff")
    jawi = make.registration(event.id, country.id, category.id, status="approved", badge_name="حسن البلقية")
    make.registration(event.id, country.id, category.id, status="approved", badge_name="ประยุทธ์ จันทร์โอชา")
    auth.login(staff.email)
    page = client.get(f"/ascn8/manage/badges/registrations/{jawi.id}").get_data(as_text=True)
    assert links(page) == ["fonts-latin", "fonts-arabic"]
    assert "\u2068حسن البلقية\u2069" in page  # isolated from the Latin beside it
    page = client.get("/ascn8/manage/badges/?q=" + "ประยุทธ์").get_data(as_text=True)
    assert "ประยุทธ์" in page and links(page) == ["fonts-latin", "fonts-thai"]
    # A search for the isolated name, as a search box echoes it, still finds the person.
    page = client.get("/ascn8/manage/badges/?q=\u2068حسن\u2069").get_data(as_text=True)
    assert f"badges/registrations/{jawi.id}" in page
