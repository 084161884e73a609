"""Shared fixtures: an isolated cache for the default store, golden-file updating."""

from __future__ import annotations

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
