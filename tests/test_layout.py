"""The package's layout is its pipeline: each stage imports only the stages before it.

    knowledge -> reading -> judging -> store -> reporting -> api, archive -> adapters

with the records, errors and cache beneath them all (`verify.models`, `verify.errors`,
`verify.cache`). Every import counts, those inside functions too; the package's facade
(`verify/__init__.py`, whose names import on first use) and `python -m verify` are
entrances, not stages. The same check by hand:

    .venv/bin/python -m pytest tests/test_layout.py -q
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "verify"

# the order of the stages: a module may import its own stage and those above it in this list
STAGES = [
    ("base", ["verify.models", "verify.errors", "verify.cache"]),
    ("knowledge", ["verify.knowledge"]),
    ("reading", ["verify.reading"]),
    ("judging", ["verify.judging"]),
    ("store", ["verify.store"]),
    ("reporting", ["verify.reporting"]),
    ("top", ["verify.api", "verify.archive", "verify.cluster", "verify.workers"]),
    ("adapters", ["verify.adapters"]),
]
ENTRANCES = {"verify", "verify.__main__"}


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


MODULES = _modules()


def _stage(module: str) -> int:
    for i, (_, prefixes) in enumerate(STAGES):
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return i
    raise AssertionError(f"{module} belongs to no stage: add it to STAGES in tests/test_layout.py")


def _imports(module: str) -> set[str]:
    """The verify modules `module` imports (`from .x import y`: x, or x.y when y is a module)."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for alias in node.names:
                if f"{target}.{alias.name}" in MODULES:
                    found.add(f"{target}.{alias.name}")
                elif target in MODULES:
                    found.add(target)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name in MODULES}
    return found - {module}


GRAPH = {m: _imports(m) for m in MODULES}


@pytest.mark.parametrize("module", sorted(set(MODULES) - ENTRANCES))
def test_a_module_imports_no_later_stage(module):
    later = sorted(t for t in GRAPH[module] if t not in ENTRANCES and _stage(t) > _stage(module))
    assert not later, f"{module} ({STAGES[_stage(module)][0]}) imports a later stage: {later}"


def test_no_import_cycle():
    done: set[str] = set()

    def visit(m: str, path: list[str]) -> None:
        if m in path:
            raise AssertionError("import cycle: " + " -> ".join(path[path.index(m) :] + [m]))
        if m in done:
            return
        for t in sorted(GRAPH[m] - ENTRANCES):
            visit(t, path + [m])
        done.add(m)

    for m in sorted(set(MODULES) - ENTRANCES):
        visit(m, [])


def test_the_check_finds_a_backward_import():
    """The rule's own check: a reading module that imported the store would be caught."""
    GRAPH["verify.reading.claims"].add("verify.store.db")
    try:
        with pytest.raises(AssertionError, match="imports a later stage"):
            test_a_module_imports_no_later_stage("verify.reading.claims")
    finally:
        GRAPH["verify.reading.claims"].discard("verify.store.db")
