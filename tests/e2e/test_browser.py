"""The HTML report in a real browser: selected claims light up and scroll into view; hostile input is inert.

Drives headless Chromium (Debian ``chromium`` + ``chromium-driver``) with Selenium. Selenium Manager is
never used: the driver path is given, so nothing is downloaded. Skipped when Chromium is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.reporters.html_report import render
from checker.schema import Report

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "reports"
SEED_JSON = REPO / "tests" / "snapshots" / "amazon-rekognition-2020" / "report.json"
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")

if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
    pytest.skip("chromium not installed: run 'make install-browser' or apt-get install chromium "
                "chromium-driver", allow_module_level=True)
webdriver = pytest.importorskip("selenium.webdriver",
                                reason="selenium not installed: pip install -e '.[dev]'")

from selenium.common.exceptions import NoAlertPresentException  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--window-size=1400,1000"]

# For the selected finding: per article, whether its claims carry the highlight class and whether the
# first one is inside both its scrolling box and the window.
STATE_JS = """
var li = document.querySelector('.finding.is-selected');
if (!li) { return null; }
var data = JSON.parse(document.getElementById('cc-data').textContent);
var f = data.findings.filter(function (x) { return x.dom === li.id; })[0];
var out = {};
f.claims.forEach(function (cid) {
  document.querySelectorAll('[data-claim]').forEach(function (el) {
    if (el.getAttribute('data-claim') !== cid) { return; }
    var art = el.closest('.article').getAttribute('data-article');
    var box = el.closest('.article-text').getBoundingClientRect(), r = el.getBoundingClientRect();
    var inBox = r.top >= box.top - 1 && r.top < box.bottom - 4;
    var inWindow = r.top >= 0 && r.top < window.innerHeight - 4;
    var prev = out[art] || {active: true, visible: false};
    out[art] = {active: prev.active && el.classList.contains('cc-active'),
                visible: prev.visible || (inBox && inWindow)};
  });
});
return {id: f.id, expanded: li.querySelector('.finding-head').getAttribute('aria-expanded'), articles: out};
"""

# The first finding (most severe first) whose claims lie in two or more articles.
PICK_JS = """
var data = JSON.parse(document.getElementById('cc-data').textContent);
var art = {};
document.querySelectorAll('[data-claim]').forEach(function (el) {
  art[el.getAttribute('data-claim')] = el.closest('.article').getAttribute('data-article');
});
return data.findings.filter(function (f) {
  var seen = {};
  f.claims.forEach(function (c) { if (art[c]) { seen[art[c]] = 1; } });
  return Object.keys(seen).length > 1;
}).map(function (f) { return f.dom; });
"""


@pytest.fixture(scope="module")
def driver(tmp_path_factory):
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in [*ARGS, f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"]:
        options.add_argument(arg)
    drv = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    drv.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                        {"width": 1400, "height": 1000, "deviceScaleFactor": 1, "mobile": False})
    yield drv
    drv.quit()


def _page(tmp_path: Path, source: str | Path) -> Path:
    """Render a saved report (a fixture name or a path) with the current reporter into ``tmp_path``."""
    source = FIXTURES / f"{source}.json" if isinstance(source, str) else source
    report = Report.model_validate_json(source.read_text(encoding="utf-8"))
    path = tmp_path / f"{source.stem}.html"
    path.write_text(render(report), encoding="utf-8")
    return path


@pytest.fixture
def seed_page(tmp_path) -> Path:
    """The seed report (its saved JSON snapshot, rendered now), or the fixture sample until it exists."""
    return _page(tmp_path, SEED_JSON if SEED_JSON.exists() else "sample")


def _settled(drv) -> dict | None:
    """Wait until every article of the selected finding shows its claims highlighted and in view."""
    def ready(d):
        state = d.execute_script(STATE_JS)
        if state and len(state["articles"]) >= 2 and all(
                a["active"] and a["visible"] for a in state["articles"].values()):
            return state
        return False

    return WebDriverWait(drv, 5, poll_frequency=0.1).until(ready)


def _no_severe_console_errors(drv):
    errors = [e for e in drv.get_log("browser") if e.get("level") == "SEVERE"]
    assert not errors, errors


def test_clicking_a_finding_highlights_its_claims_in_both_articles(driver, seed_page, tmp_path):
    driver.get(seed_page.as_uri())
    candidates = driver.execute_script(PICK_JS)
    assert candidates, "the report has no finding spanning two articles"
    # start scrolled away from the articles, so revealing them is part of what is tested
    driver.execute_script("window.scrollTo(0, document.body.scrollHeight)")
    driver.find_element(By.CSS_SELECTOR, f"#{candidates[-1]} .finding-head").click()
    state = _settled(driver)
    assert state["expanded"] == "true"
    assert driver.execute_script("return document.querySelectorAll('.article.has-active').length") >= 2
    driver.save_screenshot(str(tmp_path / "selected.png"))
    assert (tmp_path / "selected.png").stat().st_size > 10_000
    _no_severe_console_errors(driver)


def test_enter_selects_and_escape_clears(driver, seed_page):
    driver.get(seed_page.as_uri())
    first = driver.execute_script(PICK_JS)[0]
    button = driver.find_element(By.CSS_SELECTOR, f"#{first} .finding-head")
    driver.execute_script("arguments[0].focus()", button)
    button.send_keys(Keys.ENTER)
    state = _settled(driver)
    assert driver.execute_script("return document.querySelector('.finding.is-selected').id") == first
    assert state["expanded"] == "true"
    button.send_keys(Keys.ESCAPE)
    assert driver.execute_script("return document.querySelectorAll('.cc-active').length") == 0


def test_kind_filter_hides_findings(driver, seed_page):
    driver.get(seed_page.as_uri())
    total = driver.execute_script("return document.querySelectorAll('.finding').length")
    unique = driver.execute_script("return document.querySelectorAll('.finding[data-kind=unique]').length")
    box = driver.find_element(By.CSS_SELECTOR, ".filters input[name=kind][value=unique]")
    box.click()
    hidden = driver.execute_script("return document.querySelectorAll('.finding[hidden]').length")
    assert hidden == unique
    count = driver.find_element(By.ID, "finding-count").text
    assert count == (f"{total - unique} of {total}" if unique else str(total))
    # claims whose only findings are hidden lose their kind colour
    assert driver.execute_script("return document.querySelectorAll('mark.claim.k-unique').length") == 0
    box.click()
    assert driver.execute_script("return document.querySelectorAll('.finding[hidden]').length") == 0


def test_clicking_a_claim_selects_its_finding(driver, seed_page):
    driver.get(seed_page.as_uri())
    mark = driver.find_element(By.CSS_SELECTOR, "mark.claim")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", mark)
    mark.click()
    assert "cc-active" in mark.get_attribute("class")
    assert driver.execute_script("return document.activeElement.classList.contains('finding-head')")


def test_hostile_report_executes_nothing(driver, tmp_path):
    driver.get(_page(tmp_path, "hostile").as_uri())
    # interact with everything a reader could: every finding and every highlighted claim
    for button in driver.find_elements(By.CSS_SELECTOR, ".finding-head"):
        driver.execute_script("arguments[0].click()", button)
    for mark in driver.find_elements(By.CSS_SELECTOR, "mark.claim"):
        driver.execute_script("arguments[0].click()", mark)
    for link in driver.find_elements(By.CSS_SELECTOR, "a"):
        href = link.get_attribute("href")
        assert href.startswith(("http://", "https://", "file:")), href
    assert driver.execute_script("return typeof window.__pwned") == "undefined"
    with pytest.raises(NoAlertPresentException):
        driver.switch_to.alert.text  # noqa: B018
    assert driver.execute_script("return document.querySelectorAll('img, iframe, object, embed').length") == 0
    assert driver.execute_script("return document.scripts.length") == 2
    text = driver.find_element(By.TAG_NAME, "body").text
    assert "<script>window.__pwned=1;alert(1)</script>Evil Times" in text
    assert '<img src=x onerror="window.__pwned=1">' in text
    assert "javascript:window.__pwned=1" in text
    assert "</script><script>window.__pwned=1</script>" in text


def test_print_media_expands_everything(driver, seed_page):
    driver.get(seed_page.as_uri())
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        state = driver.execute_script("""
            var body = document.querySelector('.finding:not(.is-selected) .finding-body');
            var text = document.querySelector('.article-text');
            return {body: getComputedStyle(body).display,
                    filters: getComputedStyle(document.querySelector('.filters')).display,
                    maxHeight: getComputedStyle(text).maxHeight, overflow: getComputedStyle(text).overflowY};
        """)
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    assert state == {"body": "block", "filters": "none", "maxHeight": "none", "overflow": "visible"}


def test_no_network_requests(driver, seed_page):
    driver.get(seed_page.as_uri())
    urls = driver.execute_script(
        "return performance.getEntriesByType('resource').map(function (e) { return e.name; })")
    assert urls == []

