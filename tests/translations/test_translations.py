"""The Malay catalogue is complete, and no template shows text that bypasses it."""

import re
from fnmatch import fnmatch
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from ascn.cli import IGNORE_DIRS

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "translations" / "ms" / "LC_MESSAGES" / "messages.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def _catalogue():
    with PO.open("rb") as f:
        return read_po(f)


def _extract() -> tuple[set, set]:
    """The message ids `flask translate extract` collects, and the files it read."""
    with (ROOT / "babel.cfg").open() as f:
        method_map, options_map = parse_mapping_cfg(f)
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None}
    read = set()

    def keep(dirname: str) -> bool:
        return not any(fnmatch(Path(dirname).name, pattern) for pattern in IGNORE_DIRS)

    ids = set()
    for _, _, message, _, _ in extract_from_dir(
        str(ROOT),
        method_map,
        options_map,
        keywords=keywords,
        callback=lambda filename, method, options: read.add(filename),
        directory_filter=keep,
    ):
        ids.add(message[0] if isinstance(message, (tuple, list)) else message)
    return ids, read


def _extracted() -> set:
    return _extract()[0]


def test_the_extraction_reads_every_template_and_module():
    modules = [p for p in (ROOT / "ascn").rglob("*.py") if "__pycache__" not in p.parts]
    templates = [p for p in (ROOT / "templates").rglob("*") if p.suffix in (".html", ".txt")]
    files = {p.relative_to(ROOT).as_posix() for p in modules + templates}
    read = {Path(f).as_posix() for f in _extract()[1]}
    assert files - read == set(), f"never extracted: {sorted(files - read)[:10]}"
    assert any(f.startswith("templates/_macros/") for f in read)


def test_every_string_in_the_code_is_in_the_catalogue():
    catalogue = _catalogue()
    missing = sorted(m for m in _extracted() if m not in catalogue)
    assert not missing, f"run `make update-translations` and translate: {missing[:10]}"


def test_catalogue_has_no_untranslated_or_fuzzy_entry():
    problems = []
    for message in _catalogue():
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(s and s.strip() for s in strings):
            problems.append(message.id)
    assert not problems, f"untranslated or fuzzy: {problems[:10]}"


def test_placeholders_survive_translation():
    for message in _catalogue():
        if message.id:
            source = message.id if isinstance(message.id, str) else message.id[0]
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            for string in strings:
                assert set(PLACEHOLDER.findall(source)) == set(PLACEHOLDER.findall(string)), message.id


JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
BLOCKS = re.compile(r"<(script|style)\b.*?</\1>|<!--.*?-->", re.S | re.I)
TAG = re.compile(r"<[^>]+>")
VISIBLE_ATTR = re.compile(r'\b(?:alt|title|placeholder|aria-label)="([^"]*)"')
ENTITY = re.compile(r"&\w+;|&#\d+;")
WORD = re.compile(r"[^\W\d_]{2,}")


def _untranslated(source: str) -> list[str]:
    found = []
    source = BLOCKS.sub(" ", source)
    for tag in TAG.findall(source):
        found += [v for v in VISIBLE_ATTR.findall(tag) if WORD.search(JINJA.sub("", v))]
    text = ENTITY.sub(" ", TAG.sub(" ", JINJA.sub(" ", source)))
    found += WORD.findall(text)
    return found


def test_templates_show_no_text_outside_gettext():
    problems = {}
    for path in sorted((ROOT / "templates").rglob("*")):
        if path.suffix in (".html", ".txt"):
            words = _untranslated(path.read_text(encoding="utf-8"))
            if words:
                problems[str(path.relative_to(ROOT))] = words[:5]
    assert not problems, f"wrap these in _(): {problems}"


def test_the_checker_catches_a_bare_string():
    assert _untranslated('<p>Hello delegates</p><img alt="A logo">') == ["A logo", "Hello", "delegates"]
    assert _untranslated('<p>{{ _("Hello") }} · 2025</p><img alt="">') == []
