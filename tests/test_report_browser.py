"""The HTML report in a real browser: headless Chromium opens it from disk, offline, without an error.

Needs ``chromium`` (Debian's package; CI installs it). Without it the test
skips, except where ``LEVERAGE_REQUIRE_EXTRAS=1`` (CI), where it fails. Only
the standard library drives the browser: a copy of the report gets a small
check script as the first child of ``<head>``, which records script errors,
failed loads and ``console.error`` calls, and on ``load`` writes a JSON
verdict into ``<pre id="verdict">``; ``--dump-dom`` prints the DOM, verdict
included. A second run takes a screenshot of the original report.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from leverage.report import write_report
from leverage.scenarios.analysis import Analysis
from leverage.scenarios.findings import Finding, NearestFlip
from leverage.scenarios.trajectories import default_parameters

CHECK_SCRIPT = """<script>
(function () {
  var errors = [];
  window.onerror = function (message, source, line) { errors.push("onerror: " + message + " at " + source + ":" + line); };
  window.addEventListener("error", function (event) {
    var t = event.target;
    if (t && t !== window && t.tagName) {
      errors.push("failed to load <" + t.tagName.toLowerCase() + "> " + String(t.src || t.href || "").slice(0, 80));
    }
  }, true);
  var consoleError = console.error;
  console.error = function () {
    errors.push("console.error: " + Array.prototype.join.call(arguments, " "));
    return consoleError.apply(console, arguments);
  };
  function shown(el) {
    if (!el) { return false; }
    var box = el.getBoundingClientRect(), style = getComputedStyle(el);
    return box.width > 0 && box.height > 0 && style.display !== "none" && style.visibility !== "hidden"
      && parseFloat(style.opacity) > 0;
  }
  window.addEventListener("load", function () {
    var images = Array.prototype.slice.call(document.images);
    var linked = Array.prototype.slice.call(document.querySelectorAll("[src], [href], [action], [srcset]"));
    var findings = document.getElementById("findings");
    var verdict = {
      errors: errors,
      findings: shown(findings),
      findingsText: findings ? findings.textContent.length : 0,
      images: images.map(function (img) {
        return {visible: shown(img), complete: img.complete, width: img.naturalWidth, height: img.naturalHeight,
                alt: img.alt};
      }),
      network: linked.map(function (el) {
        return el.getAttribute("src") || el.getAttribute("href") || el.getAttribute("action") || el.getAttribute("srcset");
      }).filter(function (url) { return /^\\s*(https?:|\\/\\/)/i.test(url); })
    };
    var pre = document.createElement("pre");
    pre.id = "verdict";
    pre.textContent = JSON.stringify(verdict);
    document.body.appendChild(pre);
  });
})();
</script>"""

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--virtual-time-budget=5000", "--enable-logging=stderr", "--v=0"]


def chromium() -> str:
    """The Chromium binary, or a skip (a failure where extras are required)."""
    found = "/usr/bin/chromium" if Path("/usr/bin/chromium").is_file() else shutil.which("chromium")
    if found is None:
        if os.environ.get("LEVERAGE_REQUIRE_EXTRAS") == "1":
            pytest.fail("chromium is required here: apt-get install chromium")
        pytest.skip("needs chromium (apt-get install chromium)")
    return found


def run_browser(binary: str, profile: Path, *arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run([binary, *FLAGS, f"--user-data-dir={profile}", *arguments],
                          capture_output=True, text=True, timeout=60, check=False)


def page_messages(stderr: str) -> list[str]:
    """Lines of Chromium's log that come from the page: uncaught errors and console messages of file:// pages."""
    return [line for line in stderr.splitlines()
            if "Uncaught" in line or ("CONSOLE" in line and "file://" in line)]


def small_analysis() -> Analysis:
    flip = NearestFlip("concession_multiplier", 3.0, 1.52, -0.37, "Open/Comply")
    finding = Finding("export", "China licenses exports and the US complies.", "License/Comply", 0.38, 0.008,
                      flip, 0.64, "low", ("concession_multiplier",), 512)
    return Analysis({"linkage": [{"issue": "licences", "critical discount": 0.5},
                                 {"issue": "chips", "critical discount": 1 / 7}]},
                    findings=(finding,), remarks={"linkage": ("Linking lowers the threshold.",)})


def test_the_report_opens_offline_in_chromium_without_errors(require_extra, tmp_path):
    binary = chromium()
    require_extra("matplotlib", extra="plot")
    from matplotlib.image import imread

    from leverage.figures import FIGURE_NAMES

    report = write_report(tmp_path / "report.html", small_analysis(), default_parameters(),
                          title="default calibration", quick=True)
    document = report.read_text(encoding="utf-8")
    head = document.index("<head>") + len("<head>")
    checked = tmp_path / "checked.html"
    checked.write_text(document[:head] + CHECK_SCRIPT + document[head:], encoding="utf-8")

    done = run_browser(binary, tmp_path / "profile-dom", "--dump-dom", checked.as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    match = re.search(r'<pre id="verdict">(.*?)</pre>', done.stdout, re.DOTALL)
    assert match, f"no verdict in the dumped DOM (the check script did not run):\n{done.stdout[-1500:]}"
    verdict = json.loads(html.unescape(match.group(1)))
    assert verdict["errors"] == []
    assert verdict["findings"] and verdict["findingsText"] > 200
    assert len(verdict["images"]) == len(FIGURE_NAMES) == 4
    for image in verdict["images"]:
        assert image["visible"] and image["complete"] and image["alt"]
        assert (image["width"], image["height"]) == (800, 500)  # decoded: the PNG's own size
    assert verdict["network"] == []
    assert page_messages(done.stderr) == []
    # and the DOM the browser built refers to nothing on the network
    assert not re.search(r'\s(?:src|href|action|srcset)\s*=\s*["\']?\s*(?:https?:|//)', done.stdout, re.IGNORECASE)

    shot = tmp_path / "shot.png"
    done = run_browser(binary, tmp_path / "profile-shot", f"--screenshot={shot}", "--window-size=1280,2000",
                       report.as_uri())
    assert done.returncode == 0 and shot.is_file(), done.stderr[-2000:]
    assert page_messages(done.stderr) == []
    pixels = imread(shot)
    assert pixels.shape[:2] == (2000, 1280)
    rgb = pixels[..., :3].reshape(-1, 3)
    assert float(rgb.std()) > 0.05  # not blank
    packed = (rgb * 255).round().astype(np.uint32) @ np.array([1 << 16, 1 << 8, 1], dtype=np.uint32)
    assert len(np.unique(packed)) > 50  # text, badges and a figure: many colours
