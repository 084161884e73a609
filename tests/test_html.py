"""The HTML report in a real browser: Debian's headless chromium loads the file, and a
probe script (added by the test, not shipped) reads what the page actually shows.

CI installs chromium and sets VERIFY_REQUIRE_BROWSER=1, so there the test cannot skip."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from verify.cli import main

ROOT = Path(__file__).resolve().parent.parent
BROWSER = shutil.which("chromium") or shutil.which("chromium-browser")

PROBE = """
<script>
(function () {
  const out = [];
  for (const mark of document.querySelectorAll("mark.claim[id]")) {
    const ev = mark.querySelector(".evidence");
    const before = getComputedStyle(ev).display;
    mark.focus();
    const shown = getComputedStyle(ev).display;
    const box = ev.getBoundingClientRect();
    out.push({
      text: mark.firstChild.textContent,
      verdict: mark.dataset.verdict,
      colour: getComputedStyle(mark).backgroundColor,
      hidden_before: before === "none",
      shown_on_focus: shown === "block" && box.width > 100 && box.height > 20,
      evidence: ev.innerText,
    });
    mark.blur();
  }
  const pre = document.createElement("pre");
  pre.id = "probe";
  pre.textContent = JSON.stringify({claims: out, title: document.title,
                                    summary: document.getElementById("summary").innerText});
  document.body.appendChild(pre);
})();
</script>
"""


def _browse(page: Path, tmp_path: Path) -> dict:
    cmd = [BROWSER, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1200,900", "--dump-dom", page.as_uri()]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    m = re.search(r'<pre id="probe">(.*?)</pre>', proc.stdout, re.S)
    assert m, f"the page did not run the probe: {proc.stderr[-1500:]}"
    return json.loads(html.unescape(m.group(1)))


@pytest.fixture
def browser():
    if BROWSER is None:
        if os.environ.get("VERIFY_REQUIRE_BROWSER"):
            pytest.fail("VERIFY_REQUIRE_BROWSER is set but chromium is not installed (apt-get install chromium)")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    return BROWSER


def test_html_report_in_a_real_browser(browser, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    drafts = ["tests/data/formats/desk.md", "claims/jiangxi-economy.md"]
    report = tmp_path / "report.html"
    assert main(["check", *drafts, "--format", "html", "--output", str(report)]) == 1
    assert main(["check", *drafts, "--format", "json"]) == 1
    claims = json.loads(capsys.readouterr().out)["claims"]
    page = tmp_path / "probed.html"
    page.write_text(report.read_text(encoding="utf-8").replace("</body>", PROBE + "</body>"), encoding="utf-8")

    seen = _browse(page, tmp_path)

    assert seen["title"] == "verify: 2 drafts"
    assert seen["summary"].startswith("15 claims: 8 supported, 2 contradicted, 3 unknown, 2 suppressed")
    shown = [(c["text"], c["verdict"]) for c in seen["claims"]]
    expected = [(c["text"], "suppressed" if c["suppressed"] else c["verdict"]) for c in claims]
    assert shown == expected, "every claim is highlighted, in reading order, with its verdict"
    assert len({c["colour"] for c in seen["claims"]}) == 4, "each verdict has a colour of its own"
    for c in seen["claims"]:
        assert c["hidden_before"] and c["shown_on_focus"], c
    wrong = next(c for c in seen["claims"] if c["verdict"] == "contradicted")
    assert "source says 3.22 trillion yuan [2023]; write 3.2 trillion yuan" in wrong["evidence"]
    assert "Jiangxi's GDP increased from 1.28 trillion yuan in 2012 to 3.22 trillion yuan in 2023" in wrong["evidence"]
    assert "China Daily" in wrong["evidence"]
    quiet = next(c for c in seen["claims"] if c["verdict"] == "suppressed")
    assert "quoted from the governor's speech" in quiet["evidence"]
