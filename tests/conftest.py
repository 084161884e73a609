"""Shared fixtures: an isolated cache for the default store, golden-file updating, a source file."""

from __future__ import annotations

from pathlib import Path

import pytest


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/* from the current output")


@pytest.fixture(autouse=True, scope="session")
def _isolated_cache(tmp_path_factory):
    """Build the default store in a fresh cache, never the user's."""
    mp = pytest.MonkeyPatch()
    mp.setenv("VERIFY_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    mp.delenv("NO_COLOR", raising=False)
    yield
    mp.undo()


@pytest.fixture
def update_golden(request) -> bool:
    return request.config.getoption("--update-golden")


@pytest.fixture
def source(tmp_path):
    """A copy of tests/data/riverton-water-2023.txt, as riverton.txt in a fresh folder."""
    p = tmp_path / "riverton.txt"
    p.write_text(
        (Path(__file__).parent / "data" / "riverton-water-2023.txt").read_text(encoding="utf-8"), encoding="utf-8"
    )
    return p
