"""The code's shape, where a slip is easy and a reader pays for it.

A domain's modules import each other in one direction only. An import tucked inside a
function hides a cycle until the day someone moves it to the top of the file, and then
whichever module is imported first breaks. So every import counts here, at any depth; a
package's `__init__` (the blueprints, which import their views last) is left out, as the
Flask pattern needs it.
"""

import ast
import importlib
import inspect
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import pytest

import ascn
from ascn.extensions import db

ROOT = Path(ascn.__file__).parent
DOMAINS = sorted(p.parent.name for p in ROOT.glob("*/__init__.py"))


def _modules(domain: str) -> dict[str, Path]:
    return {
        f"ascn.{domain}.{path.stem}": path
        for path in (ROOT / domain).glob("*.py")
        if path.name != "__init__.py"
    }


def _imports(path: Path, package: str) -> set[str]:
    """Every module named by an import statement anywhere in the file."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: 1 - node.level] + ([base] if base else []))
            names |= {base} | {f"{base}.{alias.name}" for alias in node.names}
    return names


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of the graph as the list of its modules, or None."""
    state: dict[str, str] = {}
    path: list[str] = []

    def visit(name):
        state[name] = "open"
        path.append(name)
        for other in sorted(graph[name]):
            if state.get(other) == "open":
                return path[path.index(other) :] + [other]
            if other not in state and (found := visit(other)):
                return found
        state[name] = "closed"
        path.pop()
        return None

    for name in sorted(graph):
        if name not in state and (found := visit(name)):
            return found
    return None


@pytest.mark.parametrize("domain", DOMAINS)
def test_the_modules_of_a_domain_form_no_import_cycle(domain):
    modules = _modules(domain)
    graph = {
        name: {other for other in _imports(path, f"ascn.{domain}") if other in modules and other != name}
        for name, path in modules.items()
    }
    assert _cycle(graph) is None


def test_the_cycle_finder_finds_a_cycle():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


@pytest.mark.parametrize("first", ["ascn.programme.snapshot", "ascn.programme.sessions"])
def test_a_programme_module_imported_first_in_a_fresh_interpreter_loads(first):
    code = f"import {first}, ascn.programme.publishing; print('loaded')"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "loaded"


def test_no_class_outside_the_models_takes_a_models_name():
    """A released session read back from a release is not the draft's model: a class
    named like a model (or like SQLAlchemy's and Flask's `Session`) misleads every reader."""
    modules = [importlib.import_module(m.name) for m in pkgutil.walk_packages(ascn.__path__, "ascn.")]
    mapped = {mapper.class_ for mapper in db.Model.registry.mappers}
    taken = {model.__name__ for model in mapped} | {"Session"}
    clashes = [
        f"{module.__name__}.{name}"
        for module in modules
        for name, value in vars(module).items()
        if inspect.isclass(value) and value.__module__ == module.__name__
        if name in taken and value not in mapped
    ]
    assert clashes == []


def test_no_test_module_imports_another():
    """Shared helpers live in tests/support/ and fixtures in conftest.py files: a test module
    that imports another runs that module's tests' set-up too, and ties two suites together."""
    tests = Path(__file__).resolve().parents[1]
    found = []
    for path in tests.rglob("test_*.py"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.match(r"\s*(from|import)\s+tests\.(\w+\.)*(test_\w+|conftest)\b", line):
                found.append(f"{path.relative_to(tests)}:{number}: {line.strip()}")
    assert found == []
