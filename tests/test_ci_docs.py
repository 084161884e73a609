"""docs/ci.md and .pre-commit-hooks.yaml, run as a CI system would run them."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
DOC = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
BIN = Path(sys.executable).parent


def _blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", DOC, re.S)


def _workspace(tmp_path: Path, *drafts: str) -> Path:
    (tmp_path / "drafts").mkdir()
    for name in drafts:
        shutil.copy(ROOT / name, tmp_path / "drafts" / Path(name).name)
    return tmp_path


def _env(tmp_path: Path) -> dict:
    return {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
        "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"),
        "NO_COLOR": "1",
    }


def _workflow_step(name: str) -> str:
    workflow = yaml.safe_load(_blocks("yaml")[0])
    steps = workflow["jobs"]["verify"]["steps"]
    return next(s["run"] for s in steps if s.get("name") == name)


def test_the_documented_workflow_fails_a_contradicted_draft(tmp_path):
    ws = _workspace(tmp_path, "claims/jiangxi-economy.md")
    proc = subprocess.run(
        ["bash", "-e", "-c", _workflow_step("Check the drafts")],
        cwd=ws,
        env=_env(tmp_path),
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1, proc.stderr
    assert "::error file=drafts/jiangxi-economy.md,line=12,col=31" in proc.stdout
    assert "::warning file=drafts/jiangxi-economy.md,line=18" in proc.stdout
    summary = (tmp_path / "summary.md").read_text(encoding="utf-8")
    assert summary.startswith("### verify: 1 contradicted, 1 unknown, 7 supported")


def test_the_documented_workflow_passes_a_sound_draft(tmp_path):
    ws = _workspace(tmp_path)
    (ws / "drafts" / "ok.md").write_text(
        "---\ndate: 2024-05-28\n---\n\nJiangxi's foreign trade reached 569 billion yuan last year.\n"
    )
    proc = subprocess.run(
        ["bash", "-e", "-c", _workflow_step("Check the drafts")],
        cwd=ws,
        env=_env(tmp_path),
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("::notice title=verify::verify: 1 claim: 1 supported")


def test_the_documented_sarif_command(tmp_path):
    ws = _workspace(tmp_path, "claims/jiangxi-economy.md")
    (command,) = [b.strip() for b in _blocks("sh") if "sarif" in b]
    proc = subprocess.run(["bash", "-e", "-c", command], cwd=ws, env=_env(tmp_path), capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    log = json.loads((ws / "verify.sarif").read_text(encoding="utf-8"))
    assert [r["ruleId"] for r in log["runs"][0]["results"]] == ["contradicted", "unknown"]


def test_pre_commit_hook_runs_on_the_files_it_is_given(tmp_path):
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "verify" and hook["language"] == "python"
    assert set(hook["types_or"]) <= {"markdown", "plain-text"}
    ws = _workspace(tmp_path, "claims/jiangxi-economy.md")
    (ws / "drafts" / "ok.md").write_text("No numbers here.\n")
    files = ["drafts/jiangxi-economy.md", "drafts/ok.md"]  # pre-commit appends the staged files
    proc = subprocess.run(
        [*shlex.split(hook["entry"]), *files], cwd=ws, env=_env(tmp_path), capture_output=True, text=True
    )
    assert proc.returncode == 1 and "contradicted" in proc.stdout
    ok = subprocess.run(
        [*shlex.split(hook["entry"]), "drafts/ok.md"], cwd=ws, env=_env(tmp_path), capture_output=True, text=True
    )
    assert ok.returncode == 0, ok.stdout + ok.stderr


def test_readme_shows_the_same_gate():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    snippet = re.search(r"```yaml\n(.*?)```", readme, re.S).group(1)
    steps = yaml.safe_load(snippet)
    assert steps[0]["run"] == _workflow_step("Check the drafts")
