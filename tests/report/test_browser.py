"""The HTML report in a real browser: it loads cleanly, shows its tables and diagrams,
fetches nothing from the network, and leaves a screenshot behind as an artefact.

Needs Chromium and ChromeDriver (Debian: chromium, chromium-driver; .ci/run installs
them). Skipped where they are missing, except in CI, where that is a failure.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cfgov import check, load_with_sources, readiness

ROOT = Path(__file__).resolve().parents[2]
ARTEFACTS = ROOT / "tests" / "report" / ".artefacts"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    if CHROMIUM is None or DRIVER is None:
        message = "Chromium and ChromeDriver are needed (apt-get install chromium chromium-driver)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    webdriver = pytest.importorskip("selenium.webdriver")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,2000",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium')}",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = webdriver.ChromeService(executable_path=DRIVER)
    driver = webdriver.Chrome(options=options, service=service)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="module")
def report_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from cfgov.report.document import render_html

    model, sources = load_with_sources(ROOT / "examples")
    html = render_html(model, result=check(model, sources), readiness=readiness(model))
    page = tmp_path_factory.mktemp("report") / "report.html"
    page.write_text(html, encoding="utf-8")
    return page


def test_the_html_report_in_a_headless_browser(browser: Any, report_page: Path) -> None:
    from selenium.webdriver.common.by import By

    browser.get(report_page.as_uri())
    errors = [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    assert errors == []
    # Every <details> open, as a reader expanding the sections would have it.
    browser.execute_script("document.querySelectorAll('details').forEach(d => d.open = true)")
    tables = browser.find_elements(By.TAG_NAME, "table")
    assert tables
    assert all(table.is_displayed() for table in tables)
    diagrams = browser.find_elements(By.TAG_NAME, "svg")
    assert diagrams
    assert any(d.is_displayed() and d.size["width"] > 100 for d in diagrams)
    body = browser.find_element(By.TAG_NAME, "body").text
    for figure in ("7.7m", "1.5m", "14.4m", "9.6m", "9.2m", "24m", "3.2m"):
        assert figure in body
    fetched = browser.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)"
    )
    assert [url for url in fetched if not url.startswith(("file:", "data:"))] == []
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTEFACTS / "report.png"
    assert browser.save_screenshot(str(shot))
    assert shot.stat().st_size > 10_000


def test_hostile_names_are_shown_as_text_and_run_nothing(
    browser: Any, tmp_path_factory: pytest.TempPathFactory
) -> None:
    from selenium.webdriver.common.by import By

    from cfgov import Model, Segment, Unit
    from cfgov.report.document import render_html

    nasty = "<script>document.title='owned'</script><img src=x onerror=alert(1)> & \"q\" | `t`"
    long = "Gwasanaeth Pensiynau Cymru ar gyfer pobl hŷn " * 3
    word = "Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch" * 4
    model = Model(
        units=[
            Unit(id="o<1>", name=f"Cyngor {nasty}", kind="local_authority"),
            Unit(id="w", name=word, parents=["o<1>"]),
            Unit(id="u 2", name=long, parents=["o<1>"]),
        ],
        segments=[
            Segment(id="s|1", name=nasty, category="target", unit="o<1>"),
            Segment(id="s 2", name=long, category="indirect", unit="u 2", parent="s|1"),
        ],
    )
    page = tmp_path_factory.mktemp("hostile") / "report.html"
    page.write_text(render_html(model), encoding="utf-8")
    browser.get(page.as_uri())
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []
    assert browser.title == f"Cyngor {nasty}"  # the page's title is the organisation, as text
    assert browser.execute_script("return document.scripts.length") == 0
    assert browser.execute_script("return document.images.length") == 0
    browser.execute_script("document.querySelectorAll('details').forEach(d => d.open = true)")
    body = browser.find_element(By.TAG_NAME, "body").text
    assert nasty in body
    assert "Names cut short in the diagram, in full:" in body
    tooltips = browser.execute_script(
        "return [...document.querySelectorAll('g.cfgov-node > title')].map(t => t.textContent)"
    )
    assert any(" ".join(long.split()) in tip for tip in tooltips)
    # A name of one very long word breaks across lines: nothing runs off the side of the page.
    assert word in body
    assert browser.execute_script(
        "return document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def test_the_dwp_report_shows_a_chart_per_measure_with_results(
    browser: Any, tmp_path_factory: pytest.TempPathFactory
) -> None:
    from selenium.webdriver.common.by import By

    from cfgov import load
    from cfgov.report.document import render_html

    model = load(ROOT / "examples" / "dwp")
    with_results = [
        m
        for _, m in model.measures()
        if any(
            not r.breakdown and isinstance(r.actual, int | float) for r in model.results_for(m.id)
        )
    ]
    page = tmp_path_factory.mktemp("evidence") / "report.html"
    page.write_text(render_html(model), encoding="utf-8")
    browser.get(page.as_uri())
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []
    browser.execute_script("document.querySelectorAll('details').forEach(d => d.open = true)")
    figures = browser.find_elements(By.CSS_SELECTOR, "figure.chart")
    assert len(figures) == len(with_results) == 6
    for measure, figure in zip(with_results, figures, strict=True):
        chart = figure.find_element(By.CSS_SELECTOR, "svg.cfgov-chart")
        browser.execute_script("arguments[0].scrollIntoView()", chart)
        assert chart.is_displayed()
        assert chart.size["width"] > 200
        assert chart.size["height"] > 100
        assert chart.get_attribute("role") == "img"
        # Its accessible name, as the browser computes it from aria-labelledby.
        assert measure.name in chart.accessible_name
        table = figure.find_element(By.TAG_NAME, "table")
        assert table.is_displayed()
        periods = [r.period for r in model.results_for(measure.id) if not r.breakdown]
        assert periods
        assert all(p in table.text for p in periods)
        assert measure.name in figure.find_element(By.TAG_NAME, "figcaption").text
    assert browser.execute_script(
        "return document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    browser.execute_script("arguments[0].scrollIntoView()", figures[0])
    assert browser.save_screenshot(str(ARTEFACTS / "evidence.png"))
