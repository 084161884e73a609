"""The compiled modules (pyproject.toml's mypyc hook): a module whose source changed since
the install runs from its source, never from its old build."""

from __future__ import annotations

import importlib.machinery
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _package(tmp_path: Path) -> Path:
    """A copy of the package's sources, without any build of them."""
    shutil.copytree(ROOT / "verify", tmp_path / "verify", ignore=shutil.ignore_patterns("*.so", "*.pyd", "__pycache__"))
    return tmp_path


def _import(root: Path, module: str) -> subprocess.CompletedProcess:
    code = f"import {module} as m; print(m.__file__)"
    env = {**os.environ, "PYTHONPATH": str(root), "VERIFY_CACHE_DIR": str(root / "cache")}
    return subprocess.run([sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize(
    "built, changed",
    [
        pytest.param("reading/frames", "reading/frames", id="the-changed-module-itself"),
        pytest.param("reading/frames", "judging/align", id="another-module-of-the-build"),
    ],
)
def test_a_changed_source_runs_instead_of_its_old_build(tmp_path, built, changed):
    root = _package(tmp_path)
    build = root / "verify" / (built + importlib.machinery.EXTENSION_SUFFIXES[0])
    build.write_bytes(b"")  # no extension Python could load: importing it would fail
    os.utime(build, (1_000_000_000, 1_000_000_000))
    os.utime(root / "verify" / (changed + ".py"), (1_000_000_100, 1_000_000_100))
    if changed != built:  # the built module's own source is older than its build
        os.utime(root / "verify" / (built + ".py"), (999_999_000, 999_999_000))
        (root / "verify" / (changed + importlib.machinery.EXTENSION_SUFFIXES[0])).write_bytes(b"")
        os.utime(root / "verify" / (changed + importlib.machinery.EXTENSION_SUFFIXES[0]), (1_000_000_000,) * 2)
    done = _import(root, "verify." + built.replace("/", "."))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith(built + ".py")
    assert f"{changed}.py changed since verify was installed" in done.stderr


def test_a_current_build_is_what_runs(tmp_path):
    root = _package(tmp_path)
    build = root / "verify" / ("reading/frames" + importlib.machinery.EXTENSION_SUFFIXES[0])
    build.write_bytes(b"")
    os.utime(root / "verify" / "reading" / "frames.py", (999_999_000, 999_999_000))
    os.utime(build, (1_000_000_000, 1_000_000_000))
    done = _import(root, "verify.reading.frames")
    assert done.returncode != 0 and "frames" in done.stderr  # the (empty) build was loaded, not the source
    assert "changed since verify was installed" not in done.stderr
