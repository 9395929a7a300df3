"""The static site in a real browser, opened from ``file://``: following links, searching,
fetching nothing, logging no error, and axe-core's accessibility rules on every kind of page.

Needs Chromium and ChromeDriver (as tests/report/test_browser.py does) and npm, to fetch
axe-core once into the test cache. Skipped where they are missing, except in CI.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tarfile
from pathlib import Path
from typing import Any

import pytest
from tests.report.conftest import CACHE
from tests.report.test_browser import ARTEFACTS, browser

from cfgov.cli.app import run
from cfgov.report.site import page_of

__all__ = ["browser"]  # the fixture, shared with the HTML report's browser test

DATA = Path(__file__).resolve().parent / "data" / "site"
AXE_PACKAGE = "axe-core@4"
AXE_MEMBER = "package/axe.min.js"
#: The impacts a page may not have any violation of.
FORBIDDEN = ("serious", "critical")


def _no_axe(reason: str) -> None:
    message = f"axe-core from npm is not available: {reason}"
    if os.environ.get("CI"):
        pytest.fail(f"{message}. CI must check the site's accessibility; install Node.js with npm.")
    pytest.skip(message)


@pytest.fixture(scope="module")
def axe() -> str:
    """axe-core's browser script, fetched with `npm pack` once and then cached."""
    target = CACHE / "axe-core" / "axe.min.js"
    if not target.exists():
        npm = shutil.which("npm")
        if npm is None:
            _no_axe("npm is not installed")
        assert npm is not None
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            packed = subprocess.run(
                [npm, "pack", AXE_PACKAGE, "--silent"],
                cwd=target.parent,
                capture_output=True,
                text=True,
                timeout=180,
                check=True,
            )
        except subprocess.CalledProcessError as exc:
            _no_axe(f"`npm pack {AXE_PACKAGE}` failed: {exc.stderr.strip()[-500:]}")
        except (OSError, subprocess.TimeoutExpired) as exc:
            _no_axe(f"`npm pack {AXE_PACKAGE}` could not run: {exc}")
        tarball = target.parent / packed.stdout.strip().splitlines()[-1]
        with tarfile.open(tarball) as archive:
            member = archive.extractfile(AXE_MEMBER)
            assert member is not None, f"{tarball.name} holds no {AXE_MEMBER}"
            data = member.read()
        partial = target.with_suffix(".partial")
        partial.write_bytes(data)
        partial.replace(target)  # whole or not at all
        tarball.unlink()
    return target.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("site") / "site"
    assert run(["site", str(DATA), "-o", str(folder), "--no-cache"], out=io.StringIO()) == 0
    return folder


def _errors(driver: Any) -> list[Any]:
    return [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]


def _fetched_outside(driver: Any) -> list[str]:
    names = driver.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)"
    )
    return [n for n in names if not n.startswith(("file:", "data:"))]


def _h1(driver: Any) -> str:
    from selenium.webdriver.common.by import By

    text: str = driver.find_element(By.TAG_NAME, "h1").text
    return text


def test_navigate_by_links_and_by_search(browser: Any, built: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get((built / "index.html").as_uri())
    assert _h1(browser) == "Borough Council"
    browser.find_element(By.CSS_SELECTOR, "nav.site").find_element(By.LINK_TEXT, "Segments").click()
    assert _h1(browser) == "Segments"
    browser.find_element(By.TAG_NAME, "main").find_element(
        By.LINK_TEXT, "People claiming help"
    ).click()
    assert _h1(browser) == "People claiming help"
    assert browser.current_url.endswith(page_of("segment", "claimants"))
    facts = browser.find_element(By.CSS_SELECTOR, "dl.facts")
    facts.find_element(By.LINK_TEXT, "Benefits service").click()
    assert _h1(browser) == "Benefits service"
    # ... and back down from the unit to the segment again.
    browser.find_element(By.TAG_NAME, "main").find_element(
        By.LINK_TEXT, "People claiming help"
    ).click()
    assert _h1(browser) == "People claiming help"

    box = browser.find_element(By.ID, "site-search")
    box.send_keys("tenants")
    box.submit()
    WebDriverWait(browser, 10).until(
        expected_conditions.presence_of_element_located((By.CSS_SELECTOR, "#results a"))
    )
    assert _h1(browser) == "Search"
    results = browser.find_elements(By.CSS_SELECTOR, "#results a")
    assert [r.text for r in results] == ["Tenants '<img src=x onerror=alert(2)>'"]
    results[0].click()
    assert _h1(browser) == "Tenants '<img src=x onerror=alert(2)>'"
    assert "owned" not in browser.title
    # Typing on the search page filters as you type.
    browser.get((built / "search.html").as_uri())
    box = browser.find_element(By.ID, "site-search")
    box.send_keys("claim")
    WebDriverWait(browser, 10).until(
        lambda d: len(d.find_elements(By.CSS_SELECTOR, "#results a")) >= 2
    )
    shown = {r.text for r in browser.find_elements(By.CSS_SELECTOR, "#results a")}
    assert {"People claiming help", "First-time claimants", "Claiming help"} <= shown
    assert _fetched_outside(browser) == []
    assert _errors(browser) == []


#: One page of each kind, by path inside the site.
PAGES = (
    "index.html",
    "search.html",
    "segment/index.html",
    "findings/index.html",
    "rule/index.html",
    "rule/CFG104.html",
    page_of("unit", "org"),
    page_of("unit", "benefits"),
    page_of("unit", "../<script>alert(1)</script>"),
    page_of("segment", "claimants"),
    page_of("objective", "help"),
    page_of("measure", "days"),
    page_of("partner", "advice"),
    page_of("stakeholder", "residents"),
    page_of("assessment", "a2"),
    page_of("initiative", "one-door"),
    page_of("journey", "claiming"),
)


def _axe_run(browser: Any, axe: str) -> list[dict[str, Any]]:
    browser.execute_script(axe)
    browser.set_script_timeout(60)
    found = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations'], preload: false})"
        ".then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact,"
        " help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))))"
        ".catch(e => done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}]));"
    )
    # axe reads the stylesheet itself unless told not to, which file:// forbids; with
    # preload off it uses what the page has loaded, and its own log lines are dropped here.
    browser.get_log("browser")
    violations: list[dict[str, Any]] = found
    return violations


def test_axe_is_run_for_real(browser: Any, axe: str, tmp_path: Path) -> None:
    """The check itself works: a page with faults known to axe gives them."""
    bad = tmp_path / "bad.html"
    bad.write_text(
        '<!DOCTYPE html><html lang="en"><head><title>Bad</title></head><body><main>'
        '<img src="x.png"><p style="color:#bbb;background:#fff">faint</p>'
        "<input type=text></main></body></html>",
        encoding="utf-8",
    )
    browser.get(bad.as_uri())
    found = {v["id"]: v["impact"] for v in _axe_run(browser, axe)}
    assert found.get("image-alt") == "critical"
    assert found.get("color-contrast") == "serious"
    assert found.get("label") == "critical"


@pytest.mark.parametrize("page", PAGES)
def test_axe_finds_nothing_serious(browser: Any, built: Path, axe: str, page: str) -> None:
    browser.get((built / page).as_uri())
    assert _errors(browser) == []
    found = _axe_run(browser, axe)
    assert [v for v in found if v["impact"] in FORBIDDEN] == []
    assert _fetched_outside(browser) == []
    if page == page_of("segment", "claimants"):
        ARTEFACTS.mkdir(parents=True, exist_ok=True)
        assert browser.save_screenshot(str(ARTEFACTS / "site-segment.png"))


def test_the_examples_site_is_browsable(
    browser: Any, axe: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """The bundled examples (whatever they hold as they grow) build a site that opens cleanly."""
    from selenium.webdriver.common.by import By

    folder = tmp_path_factory.mktemp("examples") / "site"
    examples = Path(__file__).resolve().parents[2] / "examples"
    assert run(["site", str(examples), "-o", str(folder), "--no-cache"], out=io.StringIO()) == 0
    browser.get((folder / "index.html").as_uri())
    table = browser.find_element(By.CSS_SELECTOR, "main table")
    first = table.find_element(By.CSS_SELECTOR, "tbody a")
    name = first.text
    first.click()
    assert _h1(browser) == name
    assert _errors(browser) == []
    assert [v for v in _axe_run(browser, axe) if v["impact"] in FORBIDDEN] == []
    assert _fetched_outside(browser) == []


RIGHT_TO_LEFT = """\
organisations:
  - {id: org, name: Borough Council}
units:
  - {id: arabic, name: مكتب الخدمات, parents: [org]}
assessments:
  - id: a1
    unit: arabic
    date: 2025-09
    components:
      - {component: understand_the_customer, level: developing}
"""

#: The characters of an element's first text in the order they are drawn, left to right.
_DRAWN = """
const text = arguments[0].firstChild, drawn = [];
for (let i = 0; i < text.length; i++) {
  const range = document.createRange(); range.setStart(text, i); range.setEnd(text, i + 1);
  const box = range.getBoundingClientRect();
  if (box.width > 0) drawn.push([box.left, text.data[i]]);
}
return drawn.sort((a, b) => a[0] - b[0]).map(d => d[1]).join('');
"""


def test_a_right_to_left_name_does_not_reorder_the_words_around_it(
    browser: Any, tmp_path: Path
) -> None:
    # "Assessment of <Arabic name>, 2025-09": without isolating the name, the browser's
    # bidirectional algorithm draws the date after it as part of the Arabic, "09-2025".
    from selenium.webdriver.common.by import By

    model = tmp_path / "model"
    model.mkdir()
    (model / "model.yaml").write_text(RIGHT_TO_LEFT, encoding="utf-8")
    folder = tmp_path / "site"
    assert run(["site", str(model), "-o", str(folder), "--no-cache"], out=io.StringIO()) == 0
    browser.get((folder / page_of("assessment", "a1")).as_uri())
    drawn = browser.execute_script(_DRAWN, browser.find_element(By.TAG_NAME, "h1"))
    assert drawn.startswith("Assessment of ")
    assert drawn.endswith(", 2025-09")


WELSH = """\
organisations:
  - {id: anglesey, name: Cyngor Sir Ynys Môn}
units:
  - {id: llyn, name: Gwasanaeth Llŷn, parents: [anglesey]}
"""


def test_search_finds_a_name_typed_without_its_accents(browser: Any, tmp_path: Path) -> None:
    # Few keyboards in an office type ô or ŷ: "ynys mon" must find "Cyngor Sir Ynys Môn",
    # and typing the accent must still find it too.
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    model = tmp_path / "model"
    model.mkdir()
    (model / "model.yaml").write_text(WELSH, encoding="utf-8")
    folder = tmp_path / "site"
    assert run(["site", str(model), "-o", str(folder), "--no-cache"], out=io.StringIO()) == 0
    for query, found in (("ynys mon", "Cyngor Sir Ynys Môn"), ("LLŶN", "Gwasanaeth Llŷn")):
        browser.get((folder / "search.html").as_uri())
        browser.find_element(By.ID, "site-search").send_keys(query)
        WebDriverWait(browser, 10).until(
            lambda d: d.find_element(By.ID, "results-count").text != "Type a word to search."
        )
        shown = [r.text for r in browser.find_elements(By.CSS_SELECTOR, "#results a")]
        assert shown == [found], query
