"""The README's examples are true: its run is the real output, its commands are CI's."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from verify.adapters.cli import main

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


RUNS = re.findall(r"```console\n\$ verify (check [^\n]+)\n(.*?)```", README, re.S)


@pytest.mark.parametrize("command,output", RUNS, ids=[c for c, _ in RUNS])
def test_every_run_shown_is_real(capsys, monkeypatch, command, output):
    monkeypatch.chdir(ROOT)
    code = main(command.split())
    assert capsys.readouterr().out == output
    assert code == 1  # both examples have a contradicted claim, as the README says


def test_the_first_screen_shows_a_run():
    assert RUNS and README.index("```console") < README.index("## Using it")


def test_ci_runs_the_readme_test_command():
    commands = re.findall(r"```sh\n(.*?)\n```", README, re.S)
    setup, tests = commands[0], commands[1]
    assert "verify check claims/" in setup and "pip install" in setup
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert tests in ci.splitlines()


def test_non_editable_install_works_from_anywhere(tmp_path):
    """`pip install .` ships the seeds: the default store builds outside the checkout. (Its
    modules as they are, not compiled: HATCH_BUILD_NO_HOOKS, as pyproject.toml says.)"""
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "--target",
            str(target),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        timeout=300,
        env={**os.environ, "HATCH_BUILD_NO_HOOKS": "true"},
    )
    assert (target / "verify" / "_seeds" / "sources.toml").is_file()
    draft = tmp_path / "d.md"
    draft.write_text("---\ndate: 2024-05-22\n---\n\nJiangxi's foreign trade reached 596 billion yuan last year.\n")
    env = {"PYTHONPATH": str(target), "VERIFY_CACHE_DIR": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin"}
    proc = subprocess.run(
        [sys.executable, "-m", "verify", "check", str(draft)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1, proc.stderr
    assert "write 569 billion yuan" in proc.stdout


def _examples(section: str) -> tuple[list[str], list[str]]:
    read, _, not_read = section.partition("Not read as claims")
    not_read = not_read.partition("A vague amount")[0]
    return re.findall(r"`([^`]+)`", read), re.findall(r"`([^`]+)`", not_read)


def test_what_it_reads_is_true():
    from verify.reading.claims import is_claim
    from verify.reading.quantities import extract

    section = README.partition("### What it reads as a number")[2].partition("###")[0]
    read, not_read = _examples(section)
    read = [
        r
        for r in read
        if r
        not in ("verify extract", "$", "US$", "HK$", "¥", "RMB", "元", "美元", "超过", "以上", "more than", "nearly")
    ]
    assert len(read) > 20 and len(not_read) > 3
    for example in read:
        assert extract(example), f"README says verify reads {example!r}"
    for example in not_read:
        assert not [q for q in extract(example) if is_claim(q, example)], f"README says {example!r} is no claim"


def test_the_review_walkthrough_is_real(tmp_path, monkeypatch, capsys):
    """The Stores section's session, command by command, in a fresh folder."""
    section = README.partition("### Stores")[2].partition("###")[0]
    block = re.search(r"```console\n(.*?)```", section, re.S).group(1)
    (tmp_path / "seeds").symlink_to(ROOT / "seeds")
    monkeypatch.chdir(tmp_path)
    steps = re.split(r"^\$ ", block, flags=re.M)[1:]
    assert len(steps) >= 5
    import shlex

    for step in steps:
        command, _, expected = step.partition("\n")
        argv = shlex.split(command)
        assert argv[0] == "verify"
        code = main(argv[1:])
        out = capsys.readouterr().out
        assert (code, out) == (0, expected), command
