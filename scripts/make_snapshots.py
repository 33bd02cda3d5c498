#!/usr/bin/env python
"""Regenerate the golden report snapshots of the seed corpus, and the README screenshot (`make snapshots`).

For each corpus in SEED_CORPORA this runs `claimcheck compare corpora/<corpus> --format json` in-process
(through the Typer app, or `checker.compare` when the CLI is not there), writes
tests/snapshots/<corpus>/report.json, then renders report.md, report.csv and report.html from that saved
JSON exactly as `claimcheck export` does. The tests re-render the saved JSON and compare (after
normalising the tool version and absolute paths), so review the diff of these files like code.

It also opens the seed report.html in headless Chromium (Debian chromium + chromium-driver, see
scripts/install-browser.sh) at 1400x1000, selects the most severe finding that spans two articles and
saves docs/img/seed-report.png. Without Chromium it prints a warning and skips the screenshot.

Usage: python scripts/make_snapshots.py [--no-screenshot] [CORPUS ...]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

SEED_CORPORA = ["amazon-rekognition-2020"]
SNAPSHOTS = REPO / "tests" / "snapshots"
SCREENSHOT = REPO / "docs" / "img" / "seed-report.png"
FORMATS = {"md": "markdown", "csv": "csv", "html": "html"}
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
CHROME_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               "--no-first-run", "--hide-scrollbars", "--window-size=1400,1000"]

# Select the most severe non-agreement finding whose claims lie in two or more articles (findings are
# listed most severe first), so the screenshot shows highlights side by side.
SELECT_JS = """
var data = JSON.parse(document.getElementById('cc-data').textContent);
var art = {};
document.querySelectorAll('[data-claim]').forEach(function (el) {
  art[el.getAttribute('data-claim')] = el.closest('.article').getAttribute('data-article');
});
var pick = data.findings.filter(function (f) {
  var seen = {};
  f.claims.forEach(function (c) { if (art[c]) { seen[art[c]] = 1; } });
  return f.kind !== 'agreement' && Object.keys(seen).length > 1;
})[0] || data.findings[0];
if (pick) { document.querySelector('#' + pick.dom + ' .finding-head').click(); }
return pick ? pick.id : null;
"""


def compare_json(corpus: str) -> str:
    """The JSON report of ``corpora/<corpus>``, from the CLI when it exists, else from the library."""
    rel = f"corpora/{corpus}"
    try:
        from checker.cli import app
    except ImportError:
        app = None
    if app is not None:
        from typer.testing import CliRunner

        result = CliRunner().invoke(app, ["compare", rel, "--format", "json"])
        # exit 1 only means findings were found (--fail-on); the payload is still complete
        if result.exit_code in (0, 1) and result.stdout.lstrip().startswith("{"):
            return result.stdout
        print(f"warning: claimcheck compare exited {result.exit_code}; using checker.compare instead\n"
              f"{result.output[-2000:]}", file=sys.stderr)
    from checker import compare
    from checker.reporters import render

    return render(compare([rel]), "json")


def write(path: Path, text: str) -> None:
    """Write ``text`` as UTF-8 bytes (keeps CSV's CRLF line ends) and say so."""
    path.parent.mkdir(parents=True, exist_ok=True)
    old = path.read_bytes() if path.exists() else None
    path.write_bytes(text.encode("utf-8"))
    state = "unchanged" if old == path.read_bytes() else ("updated" if old is not None else "created")
    print(f"{state:9} {path.relative_to(REPO)}")


def make_corpus(corpus: str) -> Path:
    """Write report.json/md/csv/html of one corpus; return the folder."""
    from checker.export import export_report

    folder = SNAPSHOTS / corpus
    payload = compare_json(corpus)
    json.loads(payload)  # fail loudly on a broken payload before writing anything
    write(folder / "report.json", payload)
    for ext, fmt in FORMATS.items():
        try:
            text = export_report(folder / "report.json", fmt)
        except ImportError as exc:  # a reporter that is not written yet
            print(f"warning: no {fmt} reporter yet ({exc}); {corpus}/report.{ext} not written",
                  file=sys.stderr)
            continue
        write(folder / f"report.{ext}", text)
    return folder


def screenshot(html_path: Path, png: Path) -> bool:
    """Save a 1400x1000 screenshot of ``html_path`` with one finding selected; False if no browser."""
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        print("warning: chromium not installed (run 'make install-browser' or apt-get install chromium "
              "chromium-driver); screenshot not taken", file=sys.stderr)
        return False
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        print("warning: selenium is not installed (pip install -e '.[dev]'); screenshot not taken",
              file=sys.stderr)
        return False
    with tempfile.TemporaryDirectory(prefix="claimcheck-chromium-") as profile:
        options = webdriver.ChromeOptions()
        options.binary_location = str(CHROMIUM)
        for arg in [*CHROME_ARGS, f"--user-data-dir={profile}"]:
            options.add_argument(arg)
        driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
        try:
            driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                   {"width": 1400, "height": 1000, "deviceScaleFactor": 1, "mobile": False})
            driver.execute_cdp_cmd("Emulation.setEmulatedMedia",
                                   {"features": [{"name": "prefers-reduced-motion", "value": "reduce"}]})
            driver.get(html_path.as_uri())
            picked = driver.execute_script(SELECT_JS)
            time.sleep(0.5)
            driver.execute_script("window.scrollTo(0, 0)")  # keep the summary in the picture
            time.sleep(0.2)
            png.parent.mkdir(parents=True, exist_ok=True)
            driver.save_screenshot(str(png))
        finally:
            driver.quit()
    print(f"{'written':9} {png.relative_to(REPO)} (finding {picked} selected)")
    return True


def main(argv: list[str] | None = None) -> int:
    """Regenerate the snapshots (and the screenshot) of the given or seed corpora."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpora", nargs="*", default=SEED_CORPORA)
    parser.add_argument("--no-screenshot", action="store_true", help="skip docs/img/seed-report.png")
    args = parser.parse_args(argv)
    os.chdir(REPO)  # relative input paths keep absolute paths out of the snapshots
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    folders = [make_corpus(corpus) for corpus in args.corpora]
    if not args.no_screenshot and SEED_CORPORA[0] in args.corpora:
        html = folders[args.corpora.index(SEED_CORPORA[0])] / "report.html"
        if html.exists():
            screenshot(html, SCREENSHOT)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
