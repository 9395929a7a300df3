"""The static site (cfgov.report.site): its pages, their links both ways, escaping and order."""

from __future__ import annotations

import html
import json
import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path

import attrs
import pytest

from cfgov import Model, Segment, Unit, check, load_with_sources
from cfgov.report import diagrams
from cfgov.report.site import build_site, page_of

DATA = Path(__file__).resolve().parent / "data" / "site"
ROOT = Path(__file__).resolve().parents[2]


class _Page(HTMLParser):
    """What the tests read from a page: links, headings, landmarks, ids, scripts, text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.headings: list[int] = []
        self.tags: list[str] = []
        self.ids: list[str] = []
        self.scripts: list[str | None] = []
        self.labels: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.tags.append(tag)
        if tag == "a" and found.get("href"):
            self.links.append(str(found["href"]))
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if found.get("id"):
            self.ids.append(str(found["id"]))
        if tag == "script":
            self.scripts.append(found.get("src"))
        if tag == "label":
            self.labels.append(str(found.get("for")))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _read(text: str) -> _Page:
    page = _Page()
    page.feed(text)
    page.close()
    return page


@pytest.fixture(scope="module")
def site() -> dict[str, str]:
    model, sources = load_with_sources(DATA)
    return build_site(model, check(model, sources), sources)


@pytest.fixture(scope="module")
def model() -> Model:
    return load_with_sources(DATA)[0]


def _target(page: str, href: str) -> str:
    return posixpath.normpath(
        posixpath.join(posixpath.dirname(page), href.split("#", maxsplit=1)[0])
    )


def _entity_links(site: dict[str, str]) -> dict[str, set[str]]:
    """Each entity page and the other entity pages it links to."""
    kinds = ("unit/", "segment/", "objective/", "measure/", "partner/", "stakeholder/")
    kinds += ("assessment/", "initiative/", "journey/")

    def entity(path: str) -> bool:
        return path.startswith(kinds) and not path.endswith(("index.html",)) and "page-" not in path

    found: dict[str, set[str]] = {}
    for path, text in site.items():
        if path.endswith(".html") and entity(path):
            targets = {_target(path, href) for href in _read(text).links}
            found[path] = {t for t in targets if entity(t) and t != path}
    return found


def test_every_kind_of_entity_has_a_page(site: dict[str, str], model: Model) -> None:
    for kind, ids in (
        ("unit", [u.id for u in model.units]),
        ("segment", [s.id for s in model.segments]),
        ("objective", [o.id for o in model.objectives]),
        ("measure", [m.id for _, m in model.measures()]),
        ("partner", [p.id for p in model.partners]),
        ("stakeholder", [s.id for s in model.stakeholders]),
        ("assessment", [a.id for a in model.assessments]),
        ("initiative", [i.id for i in model.initiatives]),
        ("journey", [j.id for j in model.journeys]),
    ):
        assert ids, kind
        for entity_id in ids:
            assert page_of(kind, entity_id) in site, (kind, entity_id)
    for path in ("index.html", "search.html", "search-index.js", "search.js", "style.css"):
        assert path in site


def test_every_link_leads_to_a_file_of_the_site(site: dict[str, str]) -> None:
    for path, text in site.items():
        if not path.endswith(".html"):
            continue
        page = _read(text)
        for href in page.links:
            assert not re.match(r"[a-z]+:", href), (path, href)  # nothing outside the folder
            if href.startswith("#"):
                assert href[1:] in page.ids, (path, href)
                continue
            assert _target(path, href) in site, (path, href)
        for script in page.scripts:
            assert script is not None  # no inline script
            assert _target(path, script) in site


def test_file_names_are_safe_and_stay_inside_the_folder(site: dict[str, str]) -> None:
    for path in site:
        assert re.fullmatch(r"([a-z]+/)?[A-Za-z0-9.-]+", path), path
        assert ".." not in path
    # Two ids that differ only in case get two files, even on a case-insensitive disk.
    assert page_of("segment", "A").lower() != page_of("segment", "a").lower()
    assert page_of("unit", "../x") != page_of("unit", "x")


def test_links_go_both_ways(site: dict[str, str], model: Model) -> None:
    links = _entity_links(site)
    missing = [(a, b) for a, targets in links.items() for b in targets if a not in links[b]]
    assert missing == []
    segment = links[page_of("segment", "claimants")]
    for kind, entity_id in (
        ("unit", "benefits"),
        ("segment", "new-claimants"),
        ("objective", "help"),
        ("measure", "days"),
        ("partner", "advice"),
        ("stakeholder", "residents"),
        ("journey", "claiming"),
        ("initiative", "one-door"),
        ("assessment", "a2"),
    ):
        assert page_of(kind, entity_id) in segment, kind
    sub = links[page_of("segment", "new-claimants")]
    assert page_of("segment", "claimants") in sub  # its parent
    assert page_of("initiative", "one-door") in sub  # the pilot's customers


def test_each_page_is_one_accessible_document(site: dict[str, str]) -> None:
    for path, text in site.items():
        if not path.endswith(".html"):
            continue
        page = _read(text)
        assert page.headings.count(1) == 1, path
        assert page.headings[0] == 1, path
        for before, after in zip(page.headings, page.headings[1:], strict=False):
            assert after <= before + 1, (path, page.headings)  # no level skipped
        for landmark in ("header", "nav", "main", "footer"):
            assert landmark in page.tags, (path, landmark)
        assert "main" in page.ids  # the skip link's target
        assert "site-search" in page.labels  # the search box has a label
        assert '<html lang="en-GB">' in text
        for svg in re.findall(r"<svg\b[^>]*>", text):
            assert 'role="img"' in svg
            assert "aria-labelledby" in svg or "aria-label" in svg


def test_hostile_ids_and_names_are_text_and_run_nothing(site: dict[str, str]) -> None:
    for path, text in site.items():
        if not path.endswith(".html"):
            continue
        assert "<script>alert" not in text, path
        assert "<script>document" not in text, path
        assert "<img src=x" not in text, path
        assert re.findall(r"<script\b[^>]*>", text) == (
            ['<script src="search-index.js">', '<script src="search.js">']
            if path == "search.html"
            else []
        )
    housing = site[page_of("unit", "../<script>alert(1)</script>")]
    assert "Housing &lt;script&gt;document.title=&#x27;owned&#x27;&lt;/script&gt;" in housing
    assert "&amp; &quot;quotes&quot;" in housing
    # The search index carries the names as they are, as JSON data, not markup.
    index = site["search-index.js"]
    prefix = "window.CFGOV_SEARCH = "
    assert index.startswith(prefix)
    entries = json.loads(index[len(prefix) :].rstrip().rstrip(";"))
    names = {entry[0] for entry in entries}
    assert "Tenants '<img src=x onerror=alert(2)>'" in names
    assert "</" not in index  # and holds nothing an HTML parser could take for a tag's end
    for _, kind, _, href in entries:
        assert href in site, (kind, href)


def test_the_same_model_gives_the_same_bytes(site: dict[str, str]) -> None:
    again_model, again_sources = load_with_sources(DATA)
    again = build_site(again_model, check(again_model, again_sources), again_sources)
    assert again == site
    assert list(again) == sorted(again)


def test_pages_name_their_entities_and_what_the_model_holds(site: dict[str, str]) -> None:
    initiative = site[page_of("initiative", "one-door")]
    assert "step 8 of 10: Pilot with customers" in initiative
    assert "A list of who claims and why" in initiative
    assert initiative.count("not yet") == 2  # roll out and review
    unit = site[page_of("unit", "benefits")]
    assert "established (up)" in unit  # component 1 moved from emerging
    assert "emerging (new)" in unit  # component 3 first scored in the second sitting
    journey = site[page_of("journey", "claiming")]
    assert "The bureau books a call back" in journey
    measure = site[page_of("measure", "days")]
    assert "speed, integration" in measure
    assert "2026-Q1" in measure
    segment = site[page_of("segment", "claimants")]
    assert "Exit survey" in segment
    assert "<code>model.yaml:21:5</code>" in segment  # where it is written
    # ... from the model's own folder, not the machine's, though it was loaded by absolute path
    assert str(DATA) in str(load_with_sources(DATA)[1].locate("claimants"))
    assert not any(str(ROOT) in text for text in site.values())


def test_findings_sit_on_their_entity_pages_with_links_to_the_rules(
    site: dict[str, str],
) -> None:
    segment = site[page_of("segment", "new-claimants")]
    assert "CFG104" in segment
    assert 'href="../rule/CFG104.html"' in segment
    rule = site["rule/CFG104.html"]
    assert "What it checks" in rule
    assert "new-claimants" in rule  # the rule page lists its findings in this model
    assert "CFG104" in site["findings/index.html"]


def test_long_lists_are_paged() -> None:
    site = build_site(load_with_sources(DATA)[0], page_size=1)
    assert {"segment/index.html", "segment/page-2.html", "segment/page-4.html"} <= set(site)
    assert "segment/page-5.html" not in site
    second = _read(site["segment/page-2.html"])
    assert "page-3.html" in second.links
    assert "index.html" in second.links
    assert "(page 2 of 4)" in site["segment/page-2.html"]
    assert 'aria-current="page">2<' in site["segment/page-2.html"]


def test_without_a_check_there_are_no_findings_and_no_rule_pages() -> None:
    model = Model(
        units=[Unit(id="o", name="Org", kind="local_authority")],
        segments=[Segment(id="s", name="Residents", category="target", unit="o")],
    )
    site = build_site(model)
    assert not any(p.startswith("rule/") and p != "rule/index.html" for p in site)
    assert "built without a check" in site["findings/index.html"]
    assert "Residents" in site[page_of("segment", "s")]


def test_charts_are_tables_when_matplotlib_is_missing(
    monkeypatch: pytest.MonkeyPatch, site: dict[str, str]
) -> None:
    from cfgov.report import charts

    drawn = site[page_of("measure", "days")]
    if charts.available():
        assert "<svg" in drawn
    monkeypatch.setattr(charts, "available", lambda: False)
    model, sources = load_with_sources(DATA)
    plain = build_site(model, check(model, sources), sources)[page_of("measure", "days")]
    assert "<svg" not in plain
    assert "Results of \u2068Days to a decision\u2069" in plain


def test_a_journey_page_draws_the_journey_and_gives_its_mermaid_source(model: Model) -> None:
    journey = model.journeys[0]
    page = build_site(model)[page_of("journey", journey.id)]
    drawn = page[page.index("<h2>Journey diagram</h2>") :]
    svg = drawn[drawn.index("<svg") : drawn.index("</svg>")]
    steps = [step for _, _, step in journey.all_steps()]
    # one point and one box per step, each titled with the step's name and its feeling
    assert svg.count('<g class="cfgov-step">') == len(steps)
    assert 'role="img"' in svg
    assert "<title id=" in svg
    source = diagrams.journey_diagram(model, journey)
    assert html.escape(source.splitlines()[1].strip(), quote=False) in drawn


def test_the_examples_build(tmp_path: Path) -> None:
    model, sources = load_with_sources(ROOT / "examples")
    site = build_site(model, check(model, sources), sources)
    assert len([p for p in site if p.startswith("segment/")]) > len(model.segments)
    assert all(page_of("unit", u.id) in site for u in model.units)


def test_assessment_pages_set_the_models_view_beside_each_claim() -> None:
    from cfgov import Level, standing_of

    model, _ = load_with_sources(ROOT / "examples")
    sitting = model.assessments_of("council-waste")[-1]
    # The same claims made for a unit whose evidence rules out the top level on component 3,
    # with that one raised to the top: each row's verdict follows cfgov.standing_of.
    unit = model.unit("dwp-pension-service")
    claims = attrs.evolve(
        sitting,
        id="hr-sitting",
        unit=unit.id,
        components=[
            attrs.evolve(p, level=Level.LEADING) if p.component.number == 3 else p
            for p in sitting.components
        ],
    )
    model = attrs.evolve(model, assessments=[*model.assessments, claims])
    standing = standing_of(model, unit.id)
    page = build_site(model)[page_of("assessment", "hr-sitting")]
    shown = page[page.index("What the model shows") :]
    for view in standing.views:
        claimed = claims.level_of(view.component)
        assert claimed is not None
        verdict = "contradicted" if view.contradicts(claimed) else "consistent with the model"
        row = shown[shown.index(html.escape(view.component.title)) :]
        row = row[: row.index("</tr>")]
        assert verdict in row, view.component
    assert any(
        v.contradicts(claims.level_of(v.component) or Level.NOT_STARTED) for v in standing.views
    )


def test_each_page_is_titled_once_by_itself_and_once_by_the_site() -> None:
    model, sources = load_with_sources(ROOT / "examples")
    site = build_site(model, check(model, sources), sources)
    titles = {
        path: re.search(r"<title>([^<]*)</title>", str(text)).group(1)  # type: ignore[union-attr]
        for path, text in site.items()
        if path.endswith(".html")
    }
    name = html.unescape(titles["index.html"])
    assert " · " not in name
    segment = model.segments[0]
    assert html.unescape(titles[page_of("segment", segment.id)]) == f"{segment.name} · {name}"
