"""The model as a static website: a page per entity, links both ways, search that works offline.

:func:`build_site` turns a model (and, when given, its check result and source
map) into a mapping of relative path to file content, the way dbt's docs site
serves a dbt project. Nothing is read or written here: the command line
(``cfgov site``) writes the files.

The site is one folder that opens from a file share (``file://``) or any
static host:

* ``index.html``: the organisations, the counts, the organisation diagram(s);
* a page per organisation and unit, segment, objective, measure, partner,
  stakeholder, assessment, initiative and journey, each linking to the
  entities it names and listing the entities that name it;
* ``rule/CODE.html`` for every rule that ran, from the rule's declaration;
* paged lists (:data:`PAGE_SIZE` rows a page) of every kind and of the findings;
* ``search.html`` with ``search-index.js``, an index loaded as a script (not
  fetched), so the search box works from ``file://`` too.

The diagrams are the report's own inline SVG (:mod:`cfgov.report.diagrams`),
drawn per unit (a large organisation graph per department, a large cascade by
its top levels), and the progress charts those of :mod:`cfgov.report.charts`
when matplotlib is installed, a table otherwise. Pages need no script except
the search page. Every piece of text from the model is escaped; file names are
made from ids (lower-case letters, digits and hyphens, with a hash of the id),
so no id can reach outside the folder. The same model gives the same bytes.
"""

from __future__ import annotations

import datetime
import hashlib
import html
import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence

import attrs

from cfgov._version import __version__
from cfgov.model import (
    Finding,
    Measure,
    Model,
    OutcomeObjective,
    Partner,
    Progress,
    Segment,
    ServiceStandard,
    Stakeholder,
    Unit,
    progress_of,
)
from cfgov.model.assessment import Assessment
from cfgov.model.enums import Component, ProgrammeStep
from cfgov.model.findings import Location, printable
from cfgov.model.journeys import Journey
from cfgov.model.periods import PeriodError, parse_period
from cfgov.model.programme import Initiative, StepRecord
from cfgov.model.sources import SourceMap
from cfgov.model.standing import Standing, standing_of
from cfgov.report import charts
from cfgov.report._words import plural, shorten
from cfgov.rules import CheckResult, Rule

__all__ = ["MAX_CHARTS", "PAGE_SIZE", "build_site", "page_of"]

#: The most rows one page of a list shows; longer lists go on over several pages.
PAGE_SIZE = 200

#: The most progress charts a site draws unless told otherwise (each takes matplotlib a
#: tenth of a second or more).
MAX_CHARTS = 100

#: The folder of each kind's pages, and the kind's name in the lists.
_FOLDERS = {
    "unit": ("unit", "Organisations and units"),
    "segment": ("segment", "Segments"),
    "objective": ("objective", "Outcome objectives"),
    "measure": ("measure", "Measures"),
    "partner": ("partner", "Partners and advisers"),
    "stakeholder": ("stakeholder", "Stakeholders"),
    "assessment": ("assessment", "Assessments"),
    "initiative": ("initiative", "Initiatives"),
    "journey": ("journey", "Journeys"),
}

_CURRENT = ' aria-current="page"'

_CONTROLS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]"
)
_UNSAFE = re.compile(r"[^a-z0-9]+")
_CODE_SPAN = re.compile(r"`([^`]+)`")


def _e(text: object) -> str:
    """Text escaped for HTML content or a quoted attribute."""
    return html.escape(_CONTROLS.sub("\ufffd", str(text)), quote=True)


def _isolated(name: str) -> str:
    """A name set inside other words, isolated from them for the bidirectional algorithm.

    A right-to-left name (Arabic, Hebrew) followed by ", 2025-09" would otherwise take the
    date into its own run and draw it "09-2025"; the first-strong isolate and its pop
    (U+2068, U+2069) keep the words around the name in their own order, in a page's
    text, its title and the search results alike.
    """
    return f"\u2068{name}\u2069"


def _prose(text: str) -> str:
    """Rule text escaped, with its `code spans` shown as code."""
    return _CODE_SPAN.sub(lambda m: f"<code>{m.group(1)}</code>", _e(text))


def _slug(entity_id: str) -> str:
    """A file name for an id: safe on every file system, distinct for distinct ids.

    Only lower-case letters, digits and hyphens, at most 40 of them from the id,
    then a hash of the id itself, so ``A`` and ``a`` (which a case-insensitive
    file system would confuse) and ``../x`` and ``x`` get different names.
    """
    readable = _UNSAFE.sub("-", entity_id.lower()).strip("-")[:40].strip("-") or "entry"
    digest = hashlib.sha256(entity_id.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    return f"{readable}-{digest}"


def page_of(kind: str, entity_id: str) -> str:
    """The path, inside the site, of the page of an entity of this kind (``"segment"``...)."""
    return f"{_FOLDERS[kind][0]}/{_slug(entity_id)}.html"


def _list_page(kind: str, number: int = 1) -> str:
    folder = _FOLDERS[kind][0] if kind in _FOLDERS else kind
    return f"{folder}/index.html" if number == 1 else f"{folder}/page-{number}.html"


def _rule_page(code: str) -> str:
    return f"rule/{code}.html"


_CSS = """\
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
  color: #1b1b1b; background: #fff; line-height: 1.5; margin: 0; }
.skip { position: absolute; left: -10000px; top: 0; background: #fd0; color: #1b1b1b;
  padding: 0.5rem 1rem; }
.skip:focus { left: 0; }
header, nav.site, main, footer { max-width: 75rem; margin: 0 auto; padding: 0 1.5rem; }
header { display: flex; flex-wrap: wrap; gap: 1rem; align-items: center;
  justify-content: space-between; padding-top: 0.75rem; padding-bottom: 0.5rem;
  border-bottom: 4px solid #1d4f91; }
header .name { font-weight: 700; font-size: 1.15rem; }
header form { display: flex; gap: 0.4rem; align-items: center; }
input[type=search] { font: inherit; padding: 0.25rem 0.4rem; border: 2px solid #1b1b1b;
  min-width: 14rem; }
button { font: inherit; padding: 0.25rem 0.75rem; border: 2px solid #1d4f91;
  background: #1d4f91; color: #fff; cursor: pointer; }
nav.site ul { list-style: none; display: flex; flex-wrap: wrap; gap: 0.25rem 1rem;
  padding: 0.5rem 0; margin: 0; }
main { padding-bottom: 3rem; }
h1 { font-size: 1.9rem; margin: 1rem 0 0.25rem; }
h2 { font-size: 1.4rem; margin: 1.75rem 0 0.5rem; border-top: 1px solid #d8dadb;
  padding-top: 0.75rem; }
h3 { font-size: 1.15rem; margin: 1.25rem 0 0.4rem; }
.kind { color: #454a4e; margin: 0 0 1rem; }
a { color: #1d4f91; }
a:focus, button:focus, input:focus, summary:focus { outline: 3px solid #fd0;
  outline-offset: 1px; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1.25rem; }
caption { text-align: left; font-weight: 600; padding: 0.25rem 0 0.4rem; }
th, td { border: 1px solid #b1b4b6; padding: 0.3rem 0.5rem; text-align: left;
  vertical-align: top; }
thead th { background: #f3f2f1; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
td ul, dd ul { margin: 0; padding-left: 1.1rem; }
code, pre { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace;
  font-size: 0.92em; }
pre { background: #f3f2f1; padding: 0.75rem; overflow-x: auto; }
figure { margin: 0.5rem 0 1.5rem; }
figure svg { max-width: 100%; height: auto; }
figcaption { color: #454a4e; }
.pages ul { list-style: none; display: flex; flex-wrap: wrap; gap: 0.25rem 0.75rem;
  padding: 0; }
.pages [aria-current] { font-weight: 700; }
footer { color: #454a4e; border-top: 1px solid #d8dadb; padding-top: 0.5rem;
  padding-bottom: 2rem; }
"""

_SEARCH_JS = """\
(function () {
  "use strict";
  var index = window.CFGOV_SEARCH || [];
  var form = document.getElementById("site-search-form");
  var box = document.getElementById("site-search");
  var out = document.getElementById("results");
  var said = document.getElementById("results-count");
  // Accents and case aside, so that "ynys mon" finds "Ynys Môn"; each entry made plain once.
  function plain(text) {
    return text.normalize("NFD").replace(/[\\u0300-\\u036f]/g, "").toLowerCase();
  }
  var hays = index.map(function (entry) { return plain(entry[0] + " " + entry[2]); });
  function words(text) { return plain(text).split(/\\s+/).filter(Boolean); }
  function show(query) {
    var wanted = words(query);
    while (out.firstChild) { out.removeChild(out.firstChild); }
    if (!wanted.length) { said.textContent = "Type a word to search."; return; }
    var found = [];
    for (var i = 0; i < index.length && found.length < 100; i++) {
      var hay = hays[i];
      if (wanted.every(function (w) { return hay.indexOf(w) !== -1; })) { found.push(index[i]); }
    }
    said.textContent = found.length === 0 ? "Nothing matches." :
      (found.length === 100 ? "The first 100 matches:" :
       found.length + (found.length === 1 ? " match:" : " matches:"));
    found.forEach(function (entry) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = entry[3];
      link.textContent = entry[0];
      item.appendChild(link);
      item.appendChild(document.createTextNode(" (" + entry[1] + ", " + entry[2] + ")"));
      out.appendChild(item);
    });
  }
  var query = new URLSearchParams(window.location.search).get("q") || "";
  box.value = query;
  show(query);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    show(box.value);
  });
  box.addEventListener("input", function () { show(box.value); });
})();
"""


class _Html:
    """The pieces of HTML every page is made of, with links relative to one page."""

    def __init__(self, site: _Site, path: str) -> None:
        self.site = site
        self.path = path

    def href(self, target: str) -> str:
        # Every page is at the top or one folder down, so the way there is short to work out.
        here = self.path.rpartition("/")[0]
        if not here:
            return _e(target)
        there, _, name = target.rpartition("/")
        return _e(name if there == here else "../" + target)

    def a(self, target: str, text: str) -> str:
        return f'<a href="{self.href(target)}">{_e(text)}</a>'

    def ref(self, entity_id: str | None, text: str | None = None) -> str:
        """A link to an entity's page, or its id as text when it has none."""
        if entity_id is None:
            return ""
        target = self.site.page_for(entity_id)
        shown = text if text is not None else self.site.name_of(entity_id)
        return _e(shown) if target is None else self.a(target, shown)

    def refs(self, ids: Iterable[str]) -> str:
        found = list(dict.fromkeys(ids))
        if not found:
            return "—"
        if len(found) == 1:
            return self.ref(found[0])
        return "<ul>" + "".join(f"<li>{self.ref(i)}</li>" for i in found) + "</ul>"


def _opt_refs(h: _Html, ids: Sequence[str]) -> str | None:
    return h.refs(ids) if ids else None


def _facts(rows: Iterable[tuple[str, str | None]]) -> str:
    """A description list of the facts that are known (``None`` values are left out)."""
    items = [f"<dt>{_e(k)}</dt><dd>{v}</dd>" for k, v in rows if v not in (None, "")]
    return '<dl class="facts">' + "".join(items) + "</dl>" if items else ""


def _table(caption: str, columns: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A table of HTML cells (already escaped); the first cell of a row heads it."""
    body = []
    for row in rows:
        cells = [f'<th scope="row">{row[0]}</th>', *(f"<td>{c}</td>" for c in row[1:])]
        body.append("<tr>" + "".join(cells) + "</tr>")
    if not body:
        return ""
    head = "".join(f'<th scope="col">{_e(c)}</th>' for c in columns)
    return (
        f"<table><caption>{_e(caption)}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def _section(title: str, body: str, empty: str | None = None) -> str:
    """A titled part of a page; left out when it has nothing to say and no ``empty`` text."""
    if not body:
        if empty is None:
            return ""
        body = f"<p>{_e(empty)}</p>"
    return f"<h2>{_e(title)}</h2>{body}"


def _words(value: object) -> str | None:
    if value is None:
        return None
    return _e(str(value).replace("_", " "))


def _number(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return _e(f"{value:,}" if isinstance(value, int) and not isinstance(value, bool) else value)


class _Site:
    """Everything one build needs: the model, the findings by page, the pages made so far."""

    def __init__(
        self,
        model: Model,
        result: CheckResult | None,
        sources: SourceMap | None,
        title: str,
        page_size: int,
        max_charts: int | None,
    ) -> None:
        self.model = model
        self._standings: dict[str, Standing] = {}
        #: How many more progress charts may be drawn (None: no limit).
        self.charts_left = max_charts if charts.available() else 0
        self.result = result
        self.sources = sources
        self.title = title
        self.page_size = max(1, page_size)
        self.files: dict[str, str] = {}
        self.paths: dict[str, str] = {}
        self.names: dict[str, str] = {}
        self.kinds: dict[str, str] = {}
        self._register()
        self.owners: dict[str, OutcomeObjective | ServiceStandard] = {}
        self.standard_principle: dict[str, str] = {}
        for principle in model.principles:
            for standard in principle.standards:
                self.standard_principle[standard.id] = principle.id
        for owner, measure in model.measures():
            self.owners[measure.id] = owner
        # Entities that name an entity, for the "named by" links back.
        self.named_by: dict[str, list[str]] = defaultdict(list)
        self._index_mentions()
        self.findings: dict[str, list[Finding]] = defaultdict(list)
        if result is not None:
            for finding in result.findings:
                target = self.page_for(finding.entity) if finding.entity else None
                if target is not None:
                    self.findings[target].append(finding)
        self.rules: dict[str, Rule] = {r.code: r for r in (result.rules if result else ())}
        self.root = _common_folder(sources)

    def where(self, location: Location | None) -> str:
        """A place in the model's files, as text; an absolute path is shown from the folder
        the model's files share, so a published site does not show the machine's folders."""
        if location is None:
            return ""
        if self.root and location.file.startswith(self.root + "/"):
            location = attrs.evolve(location, file=location.file[len(self.root) + 1 :])
        return str(location)

    # -- names and pages ----------------------------------------------------------------

    def _register(self) -> None:
        model = self.model
        entries: list[tuple[str, str, str]] = []
        entries += [("unit", u.id, u.name) for u in model.units]
        entries += [("segment", s.id, s.name) for s in model.segments]
        entries += [("objective", o.id, shorten(o.statement, 90)) for o in model.objectives]
        entries += [("measure", m.id, m.name) for _, m in model.measures()]
        entries += [("partner", p.id, p.name) for p in model.partners]
        entries += [("stakeholder", s.id, s.name) for s in model.stakeholders]
        units = {u.id: u.name for u in model.units}
        entries += [
            ("assessment", a.id, f"Assessment of {_isolated(units.get(a.unit, a.unit))}, {a.date}")
            for a in model.assessments
        ]
        entries += [("initiative", i.id, i.name) for i in model.initiatives]
        entries += [("journey", j.id, j.name) for j in model.journeys]
        used: set[str] = set()
        for kind, entity_id, name in entries:
            path = page_of(kind, entity_id)
            while path.lower() in used:  # a clash of hashes: vanishingly rare, still handled
                path = path[: -len(".html")] + "-x.html"
            used.add(path.lower())
            self.paths[entity_id] = path
            self.names[entity_id] = name
            self.kinds[entity_id] = kind
        for aim in model.aims:
            self.names.setdefault(aim.id, shorten(aim.statement, 90))

    def page_for(self, entity_id: str | None) -> str | None:
        """The page that shows an entity: its own, or its owner's (an aim's unit...)."""
        if entity_id is None:
            return None
        entity_id = self.model.canonical_id(entity_id)
        found = self.paths.get(entity_id)
        if found is not None:
            return found
        entity = self.model.get(entity_id)
        kind = self.model.kind_of(entity_id)
        if kind == "aim":
            return self.paths.get(getattr(entity, "unit", ""))
        if kind == "principle":
            return self.paths.get(getattr(entity, "objective", None) or "")
        if kind == "service standard":
            principle = self.model.get(self.standard_principle.get(entity_id, ""))
            return self.paths.get(getattr(principle, "objective", None) or "")
        return None

    def standing_of(self, unit_id: str) -> Standing:
        """The model's view of a unit's components, worked out once per unit."""
        found = self._standings.get(unit_id)
        if found is None:
            found = self._standings[unit_id] = standing_of(self.model, unit_id)
        return found

    def name_of(self, entity_id: str) -> str:
        return self.names.get(self.model.canonical_id(entity_id), entity_id)

    def _index_mentions(self) -> None:
        """Who names whom, beyond the model's own indexes: so every link has one back."""
        model = self.model

        def add(source: str, targets: Iterable[str | None]) -> None:
            for target in dict.fromkeys(t for t in targets if t):
                if target != source and source not in self.named_by[target]:
                    self.named_by[target].append(source)

        for assessment in model.assessments:
            add(assessment.id, (e for part in assessment.components for e in part.evidence))
        for initiative in model.initiatives:
            add(
                initiative.id,
                [
                    *initiative.segments,
                    *initiative.objectives,
                    *initiative.partners,
                    *(
                        e
                        for record in initiative.steps
                        for e in (
                            *record.customers,
                            *record.segments,
                            *record.objectives,
                            *record.measures,
                            *record.partners,
                        )
                    ),
                ],
            )
        for journey in model.journeys:
            add(
                journey.id,
                (
                    e
                    for _, _, step in journey.all_steps()
                    for e in (step.unit, step.partner, *step.measures)
                ),
            )
        for segment in model.segments:
            add(segment.id, (k.partner for k in segment.knowledge_sources))

    # -- pages ----------------------------------------------------------------------------

    def page(self, path: str, title: str, kind: str, body: str, *, script: str = "") -> None:
        """Add one page: the header with the search box, the site's links, the content."""
        h = _Html(self, path)
        links = [
            ("index.html", "Home"),
            *((_list_page(k), label) for k, (_, label) in _FOLDERS.items()),
            (_list_page("findings"), "Findings"),
            (_list_page("rule"), "Rules"),
            ("search.html", "Search"),
        ]
        nav = "".join(
            f'<li><a href="{h.href(t)}"{_CURRENT if t == path else ""}>{_e(label)}</a></li>'
            for t, label in links
        )
        found = self.findings.get(path, [])
        if found and kind not in ("Findings", "Rule"):
            body += _section(
                f"Findings ({len(found)})",
                self.findings_table(h, found, "Findings about this page's entries"),
            )
        where = ""
        scripts = script
        out = [
            "<!DOCTYPE html>",
            '<html lang="en-GB">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f'<meta name="generator" content="cfgov {_e(__version__)}">',
            # (the index page is titled by the site itself: its name once, not twice)
            f"<title>{_e(title) if title == self.title else f'{_e(title)} · {_e(self.title)}'}"
            "</title>",
            f'<link rel="stylesheet" href="{h.href("style.css")}">',
            "</head>",
            "<body>",
            '<a class="skip" href="#main">Skip to the content</a>',
            "<header>",
            f'<p class="name">{h.a("index.html", self.title)}</p>',
            f'<form role="search" id="site-search-form" action="{h.href("search.html")}" '
            'method="get">',
            '<label for="site-search">Search the model</label>',
            '<input type="search" id="site-search" name="q">',
            '<button type="submit">Search</button>',
            "</form>",
            "</header>",
            f'<nav class="site" aria-label="Site"><ul>{nav}</ul></nav>',
            '<main id="main" tabindex="-1">',
            f"<h1>{_e(title)}</h1>",
            f'<p class="kind">{_e(kind)}{where}</p>',
            body,
            "</main>",
            f"<footer><p>Built by cfgov {_e(__version__)} from the model's files.</p></footer>",
            scripts,
            "</body>",
            "</html>",
        ]
        self.files[path] = printable("\n".join(line for line in out if line) + "\n")

    def source_line(self, entity_id: str) -> str | None:
        """Where an entity is written (``segments.yaml:14:5``), when the sources say."""
        if self.sources is None:
            return None
        location = self.sources.locate(entity_id)
        return None if location is None else f"<code>{_e(self.where(location))}</code>"

    def findings_table(self, h: _Html, found: Sequence[Finding], caption: str) -> str:
        rows = []
        for finding in found:
            code = finding.code
            rule = h.a(_rule_page(code), code) if code in self.rules else _e(code)
            where = _e(self.where(finding.location) or finding.entity or "")
            what = _e(finding.message) + (
                f"<br><em>How to fix:</em> {_e(finding.hint)}" if finding.hint else ""
            )
            entity = h.ref(finding.entity) if finding.entity else "—"
            rows.append((f"<code>{where}</code>", rule, _e(finding.severity), entity, what))
        return _table(caption, ("Where", "Rule", "Severity", "About", "What"), rows)

    def paged(
        self,
        kind: str,
        title: str,
        columns: Sequence[str],
        rows: Sequence[Callable[[_Html], Sequence[str]]],
        intro: str = "",
    ) -> None:
        """A list over as many pages as it needs, :attr:`page_size` rows on each."""
        pages = max(1, -(-len(rows) // self.page_size))
        for number in range(1, pages + 1):
            path = _list_page(kind, number)
            h = _Html(self, path)
            chunk = rows[(number - 1) * self.page_size : number * self.page_size]
            shown = f"{title} (page {number} of {pages})" if pages > 1 else title
            body = intro
            if pages > 1:
                first = (number - 1) * self.page_size + 1
                body += f"<p>Rows {first} to {first + len(chunk) - 1} of {len(rows)}.</p>"
            body += (
                _table(title, columns, [row(h) for row in chunk]) or "<p>None in this model.</p>"
            )
            if pages > 1:
                items = "".join(
                    f'<li><a href="{h.href(_list_page(kind, n))}"'
                    f"{_CURRENT if n == number else ''}>{n}</a></li>"
                    for n in range(1, pages + 1)
                )
                body += f'<nav class="pages" aria-label="Pages of this list"><ul>{items}</ul></nav>'
            self.page(path, shown, "List", body)


# -- what each page says ------------------------------------------------------------------------


def _unit_page(site: _Site, unit: Unit, cascades: Mapping[str, bool]) -> None:
    from cfgov.report import diagrams

    model = site.model
    path = site.paths[unit.id]
    h = _Html(site, path)
    owned = model.segments_owned_by(unit.id)
    organisations = [o.id for o in model.organisations_of(unit.id) if o.id != unit.id]
    facts = _facts(
        [
            ("Id", f"<code>{_e(unit.id)}</code>"),
            ("Kind", _words(unit.kind)),
            ("Status", _words(unit.status)),
            ("Abbreviation", _e(unit.abbreviation) if unit.abbreviation else None),
            (
                "Belongs to",
                h.refs(p.id for p in model.parents_of(unit.id)) if unit.parents else None,
            ),
            ("Organisation", h.refs(organisations) if organisations else None),
            ("Web address", _e(unit.url) if unit.url else None),
            ("Description", _e(unit.description) if unit.description else None),
            ("Written in", site.source_line(unit.id)),
        ]
    )
    body = facts
    aims = model.aims_of(unit.id)
    if aims:
        body += _section(
            "Aims",
            "<ul>"
            + "".join(f"<li><code>{_e(a.id)}</code>: {_e(a.statement)}</li>" for a in aims)
            + "</ul>",
        )
    children = model.children_of(unit.id)
    body += _section(
        "Units below",
        _table(
            f"Units directly below {_isolated(unit.name)}",
            ("Unit", "Kind", "Segments"),
            [
                (h.ref(c.id), _words(c.kind) or "", str(len(model.segments_owned_by(c.id))))
                for c in children
            ],
        ),
    )
    body += _section(
        "Segments",
        _table(
            f"Segments owned by {_isolated(unit.name)}",
            ("Segment", "Category", "Priority", "Refines"),
            [
                (
                    h.ref(s.id),
                    _words(s.category) or "",
                    _number(s.priority) or "—",
                    h.ref(s.parent) if s.parent else "—",
                )
                for s in owned
            ],
        ),
        empty="This unit owns no segments.",
    )
    objectives = list(
        dict.fromkeys(
            [o.id for s in owned for o in model.objectives_for(s.id)]
            + [o.id for o in model.objectives if o.unit == unit.id]
        )
    )
    body += _section(
        "Outcome objectives",
        _table(
            f"Outcome objectives for the segments of {_isolated(unit.name)}",
            ("Objective", "Segments", "Measures"),
            [
                (
                    h.ref(o),
                    h.refs(model.objective(o).segments),
                    str(len(model.measures_for(o))),
                )
                for o in objectives
            ],
        ),
    )
    body += _assessment_history(site, h, unit)
    initiatives = model.initiatives_of(unit.id)
    body += _section(
        "Initiatives",
        _table(
            f"Initiatives {_isolated(unit.name)} leads",
            ("Initiative", "Stage", "Step reached"),
            [(h.ref(i.id), _words(i.stage) or "", _e(_step_words(i.step))) for i in initiatives],
        ),
    )
    body += _named_by(site, h, unit.id, ("journey", "assessment", "initiative"))
    # The diagrams: the units below (one per department when there are many) and the cascade.
    drawn = []
    if children:
        plan = diagrams.organisation_diagrams(model, unit.id)
        if plan.whole:
            drawn.append(_figure(diagrams.svg_organisation(model, unit.id), "Organisation"))
        else:
            drawn += [_figure(d.svg(), d.title) for d in plan.diagrams]
    if cascades.get(unit.id):
        drawn.append(_figure(diagrams.svg_cascade(model, unit.id), "Segment cascade"))
    if drawn:
        body += _section(
            "Diagrams",
            "<p>Each diagram is described for screen readers; the tables above hold the same "
            "facts.</p>" + "".join(drawn),
        )
    kind = "Organisation" if unit.is_organisation else "Unit"
    site.page(path, unit.name, kind, body)


def _figure(svg: str, caption: str) -> str:
    return f"<figure>{svg.strip()}<figcaption>{_e(caption)}</figcaption></figure>"


def _step_words(step: ProgrammeStep) -> str:
    return f"step {step.number} of 10: {step.title}"


def _assessment_history(site: _Site, h: _Html, unit: Unit) -> str:
    """A unit's sittings, oldest first, with each component's level and how it moved."""
    history = site.model.assessments_of(unit.id)
    if not history:
        return ""
    rows = []
    before: Assessment | None = None
    for sitting in history:
        cells = [h.ref(sitting.id, f"{sitting.date}")]
        for component in Component:
            level = sitting.level_of(component)
            if level is None:
                cells.append("—")
                continue
            move = ""
            earlier = None if before is None else before.level_of(component)
            if before is not None:
                if earlier is None:
                    move = " (new)"
                elif level.rank > earlier.rank:
                    move = " (up)"
                elif level.rank < earlier.rank:
                    move = " (down)"
                else:
                    move = " (same)"
            cells.append(_e(level.words + move))
        rows.append(cells)
        before = sitting
    return _section(
        "Self-assessments",
        _table(
            f"The self-assessments of {_isolated(unit.name)}, oldest first, with the change "
            "since the sitting before",
            ("Date", *(f"{c.number}. {c.title}" for c in Component)),
            rows,
        ),
    )


def _named_by(site: _Site, h: _Html, entity_id: str, kinds: Sequence[str]) -> str:
    """The assessments, initiatives and journeys (and others) that name an entity."""
    named = [n for n in site.named_by.get(entity_id, ()) if site.kinds.get(n) in kinds]
    if not named:
        return ""
    rows = [(h.ref(n), _e(site.kinds[n])) for n in named]
    return _section(
        "Named by",
        _table(
            f"Entries that name {_isolated(site.name_of(entity_id))}",
            ("Entry", "Kind"),
            rows,
        ),
    )


def _segment_page(site: _Site, segment: Segment) -> None:
    model = site.model
    path = site.paths[segment.id]
    h = _Html(site, path)
    lineage = model.lineage_of(segment.id)[:-1]
    size = segment.size
    body = _facts(
        [
            ("Id", f"<code>{_e(segment.id)}</code>"),
            ("Category", _words(segment.category)),
            ("Kind of target", _words(segment.target_kind)),
            ("Unit", h.ref(segment.unit)),
            ("Stakeholder", h.ref(segment.stakeholder) if segment.stakeholder else None),
            ("Refines", " &rsaquo; ".join(h.ref(s.id) for s in lineage) if lineage else None),
            ("Cut by", _e(segment.cut) if segment.cut else None),
            ("Need", _e(segment.need) if segment.need else None),
            ("Interest", _e(segment.interest) if segment.interest else None),
            ("Behaviour", _e(segment.behaviour) if segment.behaviour else None),
            ("Description", _e(segment.description) if segment.description else None),
            (
                "Size",
                None
                if size is None
                else (_number(size.value) or "")
                + (f" ({_e(size.source)})" if size.source else "")
                + (f", as of {_e(size.as_of)}" if size.as_of else ""),
            ),
            ("Priority", _number(segment.priority)),
            ("Voice", _words(model.voice_of(segment.id))),
            ("Channels", _e(", ".join(segment.channels)) if segment.channels else None),
            ("Same as", h.refs(sorted(segment.same_as)) if segment.same_as else None),
            (
                "Government advocate",
                _e(segment.government_advocate) if segment.government_advocate else None,
            ),
            ("Written in", site.source_line(segment.id)),
        ]
    )
    subs = model.sub_segments_of(segment.id)
    body += _section(
        "Sub-segments",
        _table(
            f"Segments that refine {_isolated(segment.name)}",
            ("Segment", "Cut by", "Size"),
            [
                (h.ref(s.id), _e(s.cut or "—"), (_number(s.size.value) if s.size else None) or "—")
                for s in subs
            ],
        ),
    )
    objectives = model.objectives_for(segment.id)
    body += _section(
        "Outcome objectives",
        _table(
            f"Outcome objectives for {_isolated(segment.name)}",
            ("Objective", "Direction", "Measures"),
            [
                (h.ref(o.id), _words(o.direction) or "—", h.refs(m.id for m in o.measures))
                for o in objectives
            ],
        ),
        empty="No outcome objective names this segment.",
    )
    measures = list(dict.fromkeys(m.id for o in objectives for m in model.measures_for(o.id)))
    body += _section(
        "Measures",
        _table(
            f"The measures of the objectives for {_isolated(segment.name)}",
            ("Measure", "Status", "Why"),
            [_status_cells(site, h, model.measure(m)) for m in measures],
        ),
    )
    partners = model.partners_of(segment.id)
    body += _section(
        "Partners and advisers",
        _table(
            f"Partners and advisers of {_isolated(segment.name)}",
            ("Partner", "Role", "Tie"),
            [(h.ref(p.id), _words(p.role) or "", _e(_tie(p, segment.id))) for p in partners],
        ),
    )
    knowledge = segment.knowledge_sources
    body += _section(
        "What is known, and from where",
        _table(
            f"Knowledge sources for {_isolated(segment.name)}",
            ("Source", "Kind", "Closeness", "Partner"),
            [
                (
                    _e(k.source),
                    _words(k.kind) or "—",
                    _words(k.closeness) or "—",
                    h.ref(k.partner) if k.partner else "—",
                )
                for k in knowledge
            ],
        ),
    )
    body += _section(
        "Journeys",
        _table(
            f"Customer journeys of {_isolated(segment.name)}",
            ("Journey", "Stages", "Steps"),
            [
                (h.ref(j.id), str(len(j.stages)), str(sum(1 for _ in j.all_steps())))
                for j in model.journeys_for(segment.id)
            ],
        ),
    )
    initiatives = list(
        dict.fromkeys(
            [i.id for i in model.initiatives_for(segment.id)]
            + [n for n in site.named_by.get(segment.id, ()) if site.kinds.get(n) == "initiative"]
        )
    )
    body += _section(
        "Initiatives",
        _table(
            f"Initiatives for {_isolated(segment.name)}",
            ("Initiative", "Step reached"),
            [(h.ref(i), _e(_step_words(model.initiative(i).step))) for i in initiatives],
        ),
    )
    body += _named_by(site, h, segment.id, ("assessment",))
    body += _evidence_tables(site, segment)
    site.page(path, segment.name, "Segment", body)


def _tie(partner: Partner, segment_id: str) -> str:
    ties = [
        word
        for word, ids in (
            ("represents", partner.represents),
            ("advises on", partner.advises_on),
            ("delivers to", partner.delivers_to),
        )
        if segment_id in ids
    ]
    return ", ".join(ties) or "—"


def _evidence_tables(site: _Site, segment: Segment) -> str:
    model = site.model
    feedback = model.feedback_for(segment.id)
    demand = model.demand_for(segment.id)
    body = ""
    if feedback:
        rows = []
        for record in feedback:
            counted = sum(n for _, n in record.scores)
            mean = f"{sum(s * n for s, n in record.scores) / counted:.1f}" if counted else "—"
            rows.append(
                (
                    _e(record.period),
                    _e(record.source),
                    _words(record.kind) or "—",
                    _number(record.answered) or "—",
                    _e(mean),
                    _e(record.comment or ""),
                )
            )
        body += _table(
            f"Feedback from {_isolated(segment.name)}",
            ("Period", "Source", "Kind", "Answered", "Mean score (0-10)", "Comment"),
            rows,
        )
    if demand:
        body += _table(
            f"Demand from {_isolated(segment.name)}",
            ("Period", "Channel", "Service", "Contacts", "Failure demand"),
            [
                (
                    _e(d.period),
                    _e(d.channel or "—"),
                    _e(d.service or "—"),
                    _number(d.value) or "—",
                    _number(d.failure) or "—",
                )
                for d in demand
            ],
        )
    return _section("Feedback and demand", body)


def _status_cells(site: _Site, h: _Html, measure: Measure) -> tuple[str, str, str]:
    progress = progress_of(site.model, measure)
    return (h.ref(measure.id), _e(progress.status.words), _e(progress.reason))


def _objective_page(site: _Site, objective: OutcomeObjective) -> None:
    model = site.model
    path = site.paths[objective.id]
    h = _Html(site, path)
    owners = [
        u
        for u in dict.fromkeys(model.segment(s).unit for s in objective.segments)
        if u != objective.unit
    ]
    body = _facts(
        [
            ("Id", f"<code>{_e(objective.id)}</code>"),
            ("Statement", _e(objective.statement)),
            ("Direction", _words(objective.direction)),
            (
                "Desired behaviour",
                _e(objective.desired_behaviour) if objective.desired_behaviour else None,
            ),
            ("Unit", h.ref(objective.unit) if objective.unit else None),
            ("Segments", h.refs(objective.segments)),
            ("Units of those segments", _opt_refs(h, owners)),
            ("Aims", _e(", ".join(objective.aims)) if objective.aims else None),
            ("Written in", site.source_line(objective.id)),
        ]
    )
    body += _section(
        "Measures",
        _table(
            f"Measures of {_isolated(site.name_of(objective.id))}",
            ("Measure", "Status", "Why"),
            [_status_cells(site, h, m) for m in objective.measures],
        ),
        empty="This objective has no measures.",
    )
    principles = model.principles_for(objective.id)
    if principles:
        rows = []
        for principle in principles:
            for standard in principle.standards:
                rows.append(
                    (
                        _e(principle.name),
                        _e(standard.statement),
                        h.refs(t.id for t in standard.targets),
                    )
                )
        body += _section(
            "Principles and service standards",
            _table(
                "Service standards under the principles that serve this objective",
                ("Principle", "Standard", "Targets"),
                rows,
            )
            or "<p>The principles serving this objective set no standards.</p>",
        )
    body += _named_by(site, h, objective.id, ("assessment", "initiative"))
    site.page(path, site.name_of(objective.id), "Outcome objective", body)


def _measure_page(site: _Site, measure: Measure) -> None:
    model = site.model
    path = site.paths[measure.id]
    h = _Html(site, path)
    owner = site.owners[measure.id]
    if isinstance(owner, OutcomeObjective):
        owned = h.ref(owner.id)
        segments: Sequence[str] = owner.segments
    else:
        principle = model.get(site.standard_principle.get(owner.id, ""))
        objective = getattr(principle, "objective", None)
        owned = f"the service standard “{_e(owner.statement)}”" + (
            f" under {_e(getattr(principle, 'name', ''))}, serving {h.ref(objective)}"
            if objective
            else ""
        )
        segments = model.objective(objective).segments if objective else ()
    experience = getattr(measure, "experience", ()) or getattr(owner, "experience", ())
    body = _facts(
        [
            ("Id", f"<code>{_e(measure.id)}</code>"),
            ("Measures", owned),
            ("Segments", h.refs(segments) if segments else None),
            ("Kind", _words(measure.kind)),
            ("Perspective", _words(measure.perspective)),
            ("Type", _words(measure.type)),
            ("Unit of measure", _e(measure.unit) if measure.unit else None),
            ("Better", _words(measure.better)),
            (
                "Baseline",
                None
                if measure.baseline is None
                else (_number(measure.baseline) or "")
                + (f" ({_e(measure.baseline_date)})" if measure.baseline_date else ""),
            ),
            ("Target", _number(measure.target)),
            ("Deadline", _e(measure.deadline) if measure.deadline else None),
            ("Tolerance", _number(measure.tolerance)),
            ("Method", _e(measure.method) if measure.method else None),
            ("Experience areas", _e(", ".join(_words(a) or "" for a in experience)) or None),
            ("Description", _e(measure.description) if measure.description else None),
            ("Written in", site.source_line(measure.id)),
        ]
    )
    progress = progress_of(model, measure)
    body += _section(
        "Progress",
        f"<p><strong>{_e(progress.status.words.capitalize())}</strong>: {_e(progress.reason)}.</p>"
        + _chart(site, measure, progress),
    )
    results = model.results_for(measure.id)
    body += _section(
        "Results",
        _table(
            f"Results of {_isolated(measure.name)}",
            ("Period", "Actual", "Target", "Breakdown", "Status", "Source", "Comment"),
            [
                (
                    _e(r.period),
                    _e("—" if r.actual is None else r.actual),
                    _e("—" if r.target is None else r.target),
                    _e(", ".join(f"{k}: {v}" for k, v in r.breakdown) or "—"),
                    _words(r.status) or "—",
                    _e(r.source or ""),
                    _e(r.comment or ""),
                )
                for r in results
            ],
        ),
        empty="No results are recorded for this measure.",
    )
    body += _named_by(site, h, measure.id, ("journey", "assessment", "initiative"))
    site.page(path, measure.name, "Measure", body)


def _day(date: str | None) -> datetime.date | None:
    if not date:
        return None
    try:
        return parse_period(date).end
    except PeriodError:
        return None


def _figure_of(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _chart(site: _Site, measure: Measure, progress: Progress) -> str:
    """The progress chart of a measure with two or more results, when matplotlib is there."""
    history = progress.history
    if len(history) < 2:
        return ""
    if site.charts_left is not None:
        if site.charts_left <= 0:
            why = (
                "matplotlib is not installed"
                if not charts.available()
                else "the site draws a limited number of charts (cfgov site --charts)"
            )
            return f"<p>No chart is drawn here: {_e(why)}. The figures are in the table below.</p>"
        site.charts_left -= 1
    chart = charts.ProgressChart(
        title=measure.name,
        periods=tuple(r.period for r in history),
        ends=tuple(r.span.end for r in history),
        actual=tuple(_figure_of(r.actual) or 0.0 for r in history),
        targets=tuple(_figure_of(r.target) for r in history),
        target=_figure_of(progress.target),
        baseline=_figure_of(progress.baseline),
        baseline_day=_day(progress.baseline_date),
        deadline=progress.deadline,
        deadline_day=_day(progress.deadline),
        unit=measure.unit,
    )
    label = (
        f"Progress of {_isolated(measure.name)}: the actual in each period from "
        f"{history[0].period} to {history[-1].period}; the figures are in the results table "
        "below."
    )
    svg = charts.svg_progress(chart, chart_id="progress", label=label)
    return _figure(svg, label)


def _partner_page(site: _Site, partner: Partner) -> None:
    partner_id = partner.id
    path = site.paths[partner_id]
    h = _Html(site, path)
    body = _facts(
        [
            ("Id", f"<code>{_e(partner_id)}</code>"),
            ("Role", _words(partner.role)),
            ("Stakeholder", h.ref(partner.stakeholder)),
            ("Represents", _opt_refs(h, partner.represents)),
            ("Advises on", _opt_refs(h, partner.advises_on)),
            ("Delivers to", _opt_refs(h, partner.delivers_to)),
            ("Description", _e(partner.description) if partner.description else None),
            ("Written in", site.source_line(partner_id)),
        ]
    )
    body += _named_by(site, h, partner_id, ("segment", "assessment", "initiative", "journey"))
    site.page(path, site.name_of(partner_id), "Partner or adviser", body)


def _stakeholder_page(site: _Site, stakeholder: Stakeholder) -> None:
    model = site.model
    stakeholder_id = stakeholder.id
    path = site.paths[stakeholder_id]
    h = _Html(site, path)
    body = _facts(
        [
            ("Id", f"<code>{_e(stakeholder_id)}</code>"),
            ("Description", _e(stakeholder.description) if stakeholder.description else None),
            ("Internal staff", "yes" if stakeholder.internal_staff else None),
            ("Ministers", _words(stakeholder.ministers)),
            ("Voice", _words(stakeholder.voice)),
            ("Written in", site.source_line(stakeholder_id)),
        ]
    )
    roles = model.roles_of(stakeholder_id)
    body += _section(
        "Every hat it wears",
        _table(
            f"The segments and partner roles of {_isolated(site.name_of(stakeholder_id))}",
            ("As", "Kind"),
            [(h.ref(r.id), _e(site.kinds.get(r.id, ""))) for r in roles],
        ),
        empty="This stakeholder is named by no segment and no partner.",
    )
    site.page(path, site.name_of(stakeholder_id), "Stakeholder", body)


def _assessment_page(site: _Site, assessment: Assessment) -> None:
    path = site.paths[assessment.id]
    h = _Html(site, path)
    body = _facts(
        [
            ("Id", f"<code>{_e(assessment.id)}</code>"),
            ("Unit", h.ref(assessment.unit)),
            ("Date", _e(assessment.date)),
            ("Assessed by", _e(assessment.assessed_by) if assessment.assessed_by else None),
            ("Description", _e(assessment.description) if assessment.description else None),
            ("Written in", site.source_line(assessment.id)),
        ]
    )
    rows = []
    for part in assessment.components:
        rows.append(
            (
                _e(f"{part.component.number}. {part.component.title}"),
                _e(part.level.words),
                h.refs(part.evidence),
                _e("; ".join(part.documents)) or "—",
                _e(part.note or ""),
                _e("; ".join(part.next_steps)) or "—",
            )
        )
    body += _section(
        "Levels claimed",
        _table(
            "The level the team claims on each component, on cfgov's five-level scale, and its "
            "evidence",
            ("Component", "Level claimed", "Evidence", "Documents", "Note", "Next steps"),
            rows,
        ),
    )
    body += _standing_section(site, assessment)
    site.page(path, site.name_of(assessment.id), "Self-assessment", body)


def _standing_section(site: _Site, assessment: Assessment) -> str:
    """cfgov's own view of each component beside the team's claim (cfgov.model.standing)."""
    standing = site.standing_of(assessment.unit)
    latest = site.model.assessments_of(assessment.unit)[-1].id == assessment.id
    rows = []
    for view in standing.views:
        claimed = assessment.level_of(view.component)
        if claimed is None:
            verdict = "not assessed in this sitting"
        elif view.contradicts(claimed):
            verdict = f"contradicted: {view.contradiction}" if view.contradiction else "too high"
        else:
            verdict = "consistent with the model"
        rows.append(
            (
                _e(f"{view.component.number}. {view.component.title}"),
                _e(claimed.words if claimed is not None else "—"),
                _e(view.level.words if view.level is not None else "cannot judge"),
                _e(view.ceiling.words),
                _e(verdict),
                _e(" ".join(view.reasons)),
            )
        )
    when = (
        "the latest sitting, so findings about its levels (CFG138) apply to it"
        if latest
        else "an earlier sitting: the model has moved on since, so read this as today's view"
    )
    return _section(
        "What the model shows",
        f"<p>cfgov's own view of each component from what the model holds now, for the unit "
        f"and every unit below it. This is {_e(when)}. The levels are cfgov's own scale, not "
        "the report's Part II tables.</p>"
        + _table(
            "The team's level beside the level the model's evidence supports, and the highest "
            "claim it does not contradict",
            ("Component", "Team", "cfgov", "Ceiling", "Verdict", "Why"),
            rows,
        ),
    )


def _record_cells(h: _Html, record: StepRecord | None) -> tuple[str, str, str]:
    if record is None:
        return ("—", "—", "—")
    links = [
        *record.customers,
        *record.segments,
        *record.objectives,
        *record.measures,
        *record.partners,
    ]
    produced = _e(record.produced or "")
    if record.documents:
        produced += ("<br>" if produced else "") + _e("Documents: " + "; ".join(record.documents))
    if record.note:
        produced += ("<br>" if produced else "") + _e(record.note)
    customers = h.refs(record.customers) if record.customers else "—"
    return (produced or "—", customers, h.refs(links) if links else "—")


def _initiative_page(site: _Site, initiative: Initiative) -> None:
    path = site.paths[initiative.id]
    h = _Html(site, path)
    body = _facts(
        [
            ("Id", f"<code>{_e(initiative.id)}</code>"),
            ("Led by", h.ref(initiative.unit)),
            ("Stage", _words(initiative.stage)),
            ("Step reached", _e(_step_words(initiative.step))),
            ("Segments", h.refs(initiative.segments) if initiative.segments else None),
            ("Objectives", h.refs(initiative.objectives) if initiative.objectives else None),
            ("Partners", h.refs(initiative.partners) if initiative.partners else None),
            ("Description", _e(initiative.description) if initiative.description else None),
            ("Written in", site.source_line(initiative.id)),
        ]
    )
    rows = []
    for step in ProgrammeStep:
        record = initiative.record_of(step)
        reached = "reached" if initiative.reached(step) else "not yet"
        date = _e(record.date) if record is not None and record.date else "—"
        rows.append(
            (
                _e(f"{step.number}. {step.title}"),
                _words(step.stage) or "",
                _e(reached),
                date,
                *_record_cells(h, record),
            )
        )
    body += _section(
        "The ten steps",
        _table(
            "The change programme's ten steps (Higson and Sturgess): how far this initiative "
            "has come and what each step produced",
            ("Step", "Stage", "Reached", "Date", "Produced", "Customers involved", "Linked to"),
            rows,
        ),
    )
    site.page(path, initiative.name, "Initiative", body)


def _journey_page(site: _Site, journey: Journey) -> None:
    from cfgov.report import diagrams

    model = site.model
    journey_id = journey.id
    path = site.paths[journey_id]
    h = _Html(site, path)
    body = _facts(
        [
            ("Id", f"<code>{_e(journey_id)}</code>"),
            ("Segment", h.ref(journey.segment)),
            ("Description", _e(journey.description) if journey.description else None),
            ("Written in", site.source_line(journey_id)),
        ]
    )
    rows = []
    for s, _t, step in journey.all_steps():
        stage = journey.stages[s].name
        rows.append(
            (
                _e(step.name),
                _e(stage),
                _e(step.channel or "—"),
                h.ref(step.responsible) if step.responsible else "—",
                _words(step.feeling) or "—",
                _e(step.pain or "—"),
                h.refs(step.measures),
                _e(step.hand_off or "—"),
            )
        )
    body += _section(
        "Steps",
        _table(
            f"The steps of {_isolated(site.name_of(journey_id))}, in order",
            (
                "Step",
                "Stage",
                "Channel",
                "Responsible",
                "Feeling",
                "Pain",
                "Watched by",
                "Hand-off",
            ),
            rows,
        ),
    )
    body += _section(
        "Journey diagram",
        diagrams.svg_journey(model, journey)
        + "<details><summary>The journey as Mermaid source, which GitHub and most Markdown "
        "viewers draw</summary>"
        f"<pre><code>{_e(diagrams.journey_diagram(model, journey))}</code></pre></details>",
    )
    site.page(path, site.name_of(journey_id), "Customer journey", body)


def _rule_pages(site: _Site) -> None:
    counts: dict[str, int] = defaultdict(int)
    for finding in site.result.findings if site.result else ():
        counts[finding.code] += 1
    for code, rule in sorted(site.rules.items()):
        path = _rule_page(code)
        h = _Html(site, path)
        body = _facts(
            [
                ("Default severity", _e(rule.severity)),
                ("From", _e(rule.source)),
                ("Findings in this model", str(counts.get(code, 0))),
            ]
        )
        body += _section("What it checks", f"<p>{_prose(rule.summary)}</p>")
        body += _section("Why it matters", f"<p>{_prose(rule.rationale)}</p>")
        if rule.example:
            body += _section(
                "Example that fires", f"<pre><code>{_e(rule.example.rstrip())}</code></pre>"
            )
        fixed = f"<pre><code>{_e(rule.fixed.rstrip())}</code></pre>" if rule.fixed else ""
        body += _section("How to fix", f"<p>{_prose(rule.fix)}</p>{fixed}")
        found = [f for f in site.result.findings if f.code == code] if site.result else []
        more = ""
        if len(found) > site.page_size:
            more = (
                f"<p>The first {site.page_size} of {len(found)} are shown; "
                f"{h.a(_list_page('findings'), 'the findings list')} has every one.</p>"
            )
        body += _section(
            "In this model",
            site.findings_table(h, found[: site.page_size], f"Findings of {code} in this model")
            + more,
            empty="Nothing in this model gives this finding.",
        )
        site.page(path, f"{code}: {rule.name}", "Rule", body)

    def rule_row(rule: Rule) -> Callable[[_Html], Sequence[str]]:
        return lambda h: (
            h.a(_rule_page(rule.code), rule.code),
            _e(rule.name),
            _e(rule.severity),
            str(counts.get(rule.code, 0)),
        )

    rows = [rule_row(rule) for _, rule in sorted(site.rules.items())]
    site.paged("rule", "Rules", ("Rule", "Name", "Severity", "Findings"), rows)


def _lists(site: _Site) -> None:
    model = site.model

    def entity_rows(
        ids: Iterable[str], cells: Callable[[_Html, str], Sequence[str]]
    ) -> list[Callable[[_Html], Sequence[str]]]:
        def row(entity_id: str) -> Callable[[_Html], Sequence[str]]:
            return lambda h: (h.ref(entity_id), *cells(h, entity_id))

        return [row(i) for i in ids]

    site.paged(
        "unit",
        "Organisations and units",
        ("Name", "Kind", "Belongs to"),
        entity_rows(
            (u.id for u in model.units),
            lambda h, i: (_words(model.unit(i).kind) or "", h.refs(model.unit(i).parents)),
        ),
    )
    site.paged(
        "segment",
        "Segments",
        ("Segment", "Category", "Unit", "Priority"),
        entity_rows(
            (s.id for s in model.segments),
            lambda h, i: (
                _words(model.segment(i).category) or "",
                h.ref(model.segment(i).unit),
                _number(model.segment(i).priority) or "—",
            ),
        ),
    )
    site.paged(
        "objective",
        "Outcome objectives",
        ("Objective", "Segments"),
        entity_rows(
            (o.id for o in model.objectives), lambda h, i: (h.refs(model.objective(i).segments),)
        ),
    )
    site.paged(
        "measure",
        "Measures",
        ("Measure", "Measures"),
        entity_rows(
            (m.id for _, m in model.measures()),
            lambda h, i: (
                h.ref(site.owners[i].id)
                if isinstance(site.owners[i], OutcomeObjective)
                else _e(site.owners[i].statement),
            ),
        ),
    )
    site.paged(
        "partner",
        "Partners and advisers",
        ("Partner", "Role"),
        entity_rows(
            (p.id for p in model.partners), lambda h, i: (_words(model.partner(i).role) or "",)
        ),
    )
    site.paged(
        "stakeholder",
        "Stakeholders",
        ("Stakeholder", "Hats"),
        entity_rows(
            (s.id for s in model.stakeholders), lambda h, i: (str(len(model.roles_of(i))),)
        ),
    )
    site.paged(
        "assessment",
        "Assessments",
        ("Assessment", "Unit", "Date"),
        entity_rows(
            (a.id for a in model.assessments),
            lambda h, i: (h.ref(model.assessment(i).unit), _e(model.assessment(i).date)),
        ),
    )
    site.paged(
        "initiative",
        "Initiatives",
        ("Initiative", "Led by", "Step reached"),
        entity_rows(
            (i.id for i in model.initiatives),
            lambda h, i: (
                h.ref(model.initiative(i).unit),
                _e(_step_words(model.initiative(i).step)),
            ),
        ),
    )
    site.paged(
        "journey",
        "Journeys",
        ("Journey", "Segment"),
        entity_rows(
            (j.id for j in model.journeys), lambda h, i: (h.ref(model.journey(i).segment),)
        ),
    )
    found = list(site.result.findings) if site.result else []

    def finding_row(f: Finding) -> Callable[[_Html], Sequence[str]]:
        return lambda h: (
            f"<code>{_e(site.where(f.location) or f.entity or '')}</code>",
            h.a(_rule_page(f.code), f.code) if f.code in site.rules else _e(f.code),
            _e(f.severity),
            h.ref(f.entity) if f.entity else "—",
            _e(f.message),
        )

    finding_rows = [finding_row(f) for f in found]
    intro = (
        "<p>The model was built without a check, so no findings are shown.</p>"
        if site.result is None
        else ""
    )
    site.paged(
        "findings", "Findings", ("Where", "Rule", "Severity", "About", "What"), finding_rows, intro
    )


def _index_page(site: _Site) -> None:
    from cfgov.report import diagrams

    model = site.model
    h = _Html(site, "index.html")
    counts = [(kind, len([i for i, k in site.kinds.items() if k == kind])) for kind in _FOLDERS]
    body = "<p>" + _e(model.summary) + "</p>"
    body += _section(
        "What the model holds",
        "<ul>"
        + "".join(
            f"<li>{h.a(_list_page(kind), _FOLDERS[kind][1])}: {count}</li>"
            for kind, count in counts
        )
        + "</ul>",
    )
    if site.result is not None:
        tally = site.result.counts
        said = ", ".join(f"{n} {level}" for level, n in tally.items())
        body += _section(
            "Findings",
            f"<p>{h.a(_list_page('findings'), plural(len(site.result.findings), 'finding'))}"
            f" ({_e(said)}), from {h.a(_list_page('rule'), plural(len(site.rules), 'rule'))}.</p>",
        )
    body += _section(
        "Organisations",
        _table(
            "The organisations in the model",
            ("Organisation", "Kind", "Units below", "Segments"),
            [
                (
                    h.ref(o.id),
                    _words(o.kind) or "",
                    str(len(model.descendants_of(o.id))),
                    str(len(model.segments_at(o.id))),
                )
                for o in model.organisations
            ],
        ),
        empty="The model holds no organisation.",
    )
    if model.units:
        plan = diagrams.organisation_diagrams(model)
        drawn = (
            [_figure(diagrams.svg_organisation(model), "The organisation graph")]
            if plan.whole
            else [_figure(d.svg(), d.title) for d in plan.diagrams]
        )
        body += _section(
            "Organisation diagram",
            "<p>Each unit's page draws the units below it and its segment cascade.</p>"
            + "".join(drawn),
        )
    site.page("index.html", site.title, "The model's site", body)


def _search(site: _Site) -> None:
    entries = [
        [site.names[i], site.kinds[i], i, site.paths[i]]
        for i in site.paths  # the model's order: units, segments, objectives...
    ]
    entries += [
        [f"{code}: {r.name}", "rule", code, _rule_page(code)]
        for code, r in sorted(site.rules.items())
    ]
    site.files["search-index.js"] = "window.CFGOV_SEARCH = " + _script_json(entries) + ";\n"
    site.files["search.js"] = _SEARCH_JS
    body = (
        "<p>Search the names and ids of every entry and rule: type in the box above.</p>"
        '<p id="results-count" role="status">Searching needs JavaScript; every entry is also '
        "in the lists linked above.</p>"
        '<ul id="results"></ul>'
    )
    script = '<script src="search-index.js"></script><script src="search.js"></script>'
    site.page("search.html", "Search", "Search", body, script=script)


def _script_json(value: object) -> str:
    """JSON to put in a script: ASCII only, and no ``<``, ``>`` or ``&`` a parser could act on."""
    text = json.dumps(value, ensure_ascii=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def build_site(
    model: Model,
    result: CheckResult | None = None,
    sources: SourceMap | None = None,
    *,
    title: str | None = None,
    page_size: int = PAGE_SIZE,
    max_charts: int | None = MAX_CHARTS,
) -> dict[str, str]:
    """The model as a static website: relative path to file text, paths in sorted order.

    ``result`` (from :func:`cfgov.check`) adds the findings to each page and the
    rule pages; ``sources`` says where each entity is written. ``title`` names the
    site (by default the organisations'), ``page_size`` the rows of a list page.
    Progress charts (matplotlib, when it is installed) take a tenth of a second or
    more each, so at most ``max_charts`` are drawn, for the first measures in the
    model's order (None: every one); every measure shows its figures as a table.
    """
    from cfgov.report.document import report_title

    site = _Site(model, result, sources, title or report_title(model), page_size, max_charts)
    cascades = _units_with_segments(model)
    for unit in model.units:
        _unit_page(site, unit, cascades)
    for segment in model.segments:
        _segment_page(site, segment)
    for objective in model.objectives:
        _objective_page(site, objective)
    for _, measure in model.measures():
        _measure_page(site, measure)
    for partner in model.partners:
        _partner_page(site, partner)
    for stakeholder in model.stakeholders:
        _stakeholder_page(site, stakeholder)
    for assessment in model.assessments:
        _assessment_page(site, assessment)
    for initiative in model.initiatives:
        _initiative_page(site, initiative)
    for journey in model.journeys:
        _journey_page(site, journey)
    _rule_pages(site)
    _lists(site)
    _index_page(site)
    _search(site)
    site.files["style.css"] = _CSS
    return {path: site.files[path] for path in sorted(site.files)}


def _common_folder(sources: SourceMap | None) -> str | None:
    """The folder every file of the model is in, when they are named by absolute paths."""
    files = [f for f in (sources.files if sources is not None else ()) if f]
    if not files or not all(f.startswith("/") for f in files):
        return None
    folders = {f.rpartition("/")[0] for f in files}
    common = folders.pop()
    for folder in folders:
        while common and not (folder == common or folder.startswith(common + "/")):
            common = common.rpartition("/")[0]
    return common or None


def _units_with_segments(model: Model) -> dict[str, bool]:
    """Whether each unit has segments at it or below it (so a cascade to draw)."""
    owning = {s.unit for s in model.segments}
    found: dict[str, bool] = {}
    for unit in model.units:
        found[unit.id] = unit.id in owning or any(
            d in owning for d in model.descendants_of(unit.id)
        )
    return found
