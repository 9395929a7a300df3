"""The coverage matrix and customer journeys in reports, frames and Mermaid journey diagrams."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path

import attrs
import pytest
from test_hostile import NASTY, assert_valid_html, assert_valid_markdown, mermaid_blocks

import cfgov
from cfgov import (
    Journey,
    JourneyStage,
    JourneyStep,
    Measure,
    Model,
    OutcomeObjective,
    Partner,
    Segment,
    Unit,
    load,
)
from cfgov.report.diagrams import journey_diagram
from cfgov.report.document import render_html, render_markdown
from cfgov.report.experience import area_mark, experience_views

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "rules" / "fixtures"

Parse = Callable[[Sequence[str]], list[str | None]]

#: Names that mean something to Mermaid's journey grammar, each as a step, stage or actor.
TRICKY = [
    "Journey home",
    "title deeds checked",
    "Section 8 notice",
    "accTitle: hello",
    "accDescr { x }",
    "Pays 50% up front; then waits",
    "Ring #2: the helpline",
    "%% a comment?",
    "%%{init: {'theme': 'dark'}}%%",
    "a, b, c",
    "#",
    ":",
    NASTY,
]


def _model(step_names: Sequence[str] = ("Reads the letter",), partner: str = "Fixit, Ltd") -> Model:
    return Model(
        units=[
            Unit(id="council", name="Riverside Council", kind="local_authority"),
            Unit(id="repairs", name="Repairs: North", parents=["council"]),
            Unit(id="other", name="Other council", kind="local_authority"),
        ],
        partners=[Partner(id="fixit", name=partner, role="intermediary")],
        segments=[
            Segment(
                id="tenants",
                name="Tenants as users of repairs",
                category="target",
                unit="repairs",
                priority=1,
                channels=["phone", "Online"],
            ),
            Segment(id="others", name="Others", category="target", unit="other"),
        ],
        objectives=[
            OutcomeObjective(
                id="obj",
                statement="Repairs right first time",
                segments=["tenants"],
                measures=[
                    Measure(id="m-days", name="Days to repair", experience=["speed", "value"]),
                    Measure(id="m-visits", name="Visits per repair", experience=["speed"]),
                ],
            )
        ],
        journeys=[
            Journey(
                id="j-repair",
                name="Getting a repair: start to finish",
                segment="tenants",
                stages=[
                    JourneyStage(
                        name="Reporting",
                        steps=[
                            JourneyStep(
                                name="Phones in the leak",
                                channel="phone",
                                unit="repairs",
                                feeling="very_bad",
                                pain="Held in a queue",
                                measures=["m-days"],
                            ),
                            *(
                                JourneyStep(name=name, channel="online", partner="fixit")
                                for name in step_names
                            ),
                        ],
                    ),
                    JourneyStage(name="Waiting"),
                    JourneyStage(
                        name="Visit",
                        steps=[
                            JourneyStep(
                                name="The fitter calls",
                                unit="repairs",
                                feeling="good",
                                hand_off="The contractor books the visit in the council's diary",
                            )
                        ],
                    ),
                ],
            ),
            Journey(
                id="j-other",
                name="Elsewhere",
                segment="others",
                stages=[JourneyStage(name="One", steps=[JourneyStep(name="Only step")])],
            ),
        ],
    )


def test_a_journey_diagram_has_a_section_per_stage_and_a_task_per_step() -> None:
    source = journey_diagram(_model(), "j-repair")
    lines = source.splitlines()
    assert lines[0] == "journey"
    # The colon of the name cannot end the title's text badly; it is swapped for a look-alike.
    assert lines[1].startswith("  title Getting a repair\ua789 start to finish")
    assert [line for line in lines if line.startswith("  section ")] == [
        "  section Reporting",
        "  section Waiting",
        "  section Visit",
    ]
    tasks = [line.strip() for line in lines if line.startswith("    ")]
    assert tasks == [
        # very bad is 1; the unit's name has its colon swapped; the channel is an actor.
        "Phones in the leak: 1: Repairs\ua789 North, phone",
        # No feeling recorded: 3. The partner's comma would split it into two actors.
        "Reads the letter: 3: Fixit\u201a Ltd, online",
        "The fitter calls: 4: Repairs\ua789 North",
    ]
    assert journey_diagram(_model(), _model().journey("j-repair")) == source
    with pytest.raises(KeyError):
        journey_diagram(_model(), "nope")


def test_journey_diagrams_pass_the_real_mermaid_parser(mermaid_parse: Parse) -> None:
    hostile = _model(step_names=TRICKY, partner=NASTY)
    named = Model(
        units=hostile.units,
        partners=hostile.partners,
        segments=hostile.segments,
        objectives=hostile.objectives,
        journeys=[
            Journey(
                id=f"j{n}",
                name=text,
                segment="tenants",
                stages=[JourneyStage(name=text, steps=[JourneyStep(name="x", channel=text)])],
            )
            for n, text in enumerate(TRICKY)
        ]
        + [
            Journey(
                id="empty",
                name="No steps yet",
                segment="tenants",
                stages=[JourneyStage(name="Not mapped yet")],
            )
        ],
    )
    fixtures = [load(FIXTURES / "CFG142" / "fires.yaml"), load(FIXTURES / "CFG143" / "passes.yaml")]
    sources = [journey_diagram(hostile, j) for j in hostile.journeys]
    sources += [journey_diagram(named, j) for j in named.journeys]
    sources += [journey_diagram(m, j) for m in fixtures for j in m.journeys]
    # The real parser must be able to say no, or passing proves nothing.
    broken = "journey\n  title T\n  section S\n    Task: 5\n    : 3\n"
    results = mermaid_parse([*sources, broken])
    assert results[:-1] == [None] * len(sources), [
        (s, r) for s, r in zip(sources, results, strict=False) if r
    ]
    assert results[-1] is not None


def test_the_keyword_guard_only_touches_names_that_start_with_a_keyword() -> None:
    source = journey_diagram(_model(step_names=["Journey home", "My journey"]), "j-repair")
    assert "    \u2060Journey home: 3" in source
    assert "    My journey: 3" in source


def test_area_marks() -> None:
    assert [area_mark(n) for n in (0, 1, 2, 12)] == ["", "\u2713", "\u2713 2", "\u2713 12"]


def test_the_markdown_report_has_the_coverage_matrix_and_the_journeys(mermaid_parse: Parse) -> None:
    text = render_markdown(_model())
    page = assert_valid_markdown(text)
    assert "## Customer experience" in text
    assert "## Customer journeys" in text
    assert "### Coverage in Riverside Council" in text
    assert (
        "| Segment | Priority | Speed | Engagement | Responsiveness | Value | Integration" in text
    )
    # Speed is watched by two measures, value by one.
    assert "| Tenants as users of repairs | 1 | ✓ 2 |  |  | ✓ |  |  |  |  |" in text
    # Channels: declared on the segment, used in the journey, or both.
    assert "| Segment | phone | Online | online |" not in text  # one column per channel
    assert "| Segment | phone | Online |" in text
    assert "| Tenants as users of repairs | declared; in a journey | declared; in a journey |" in (
        text
    )
    # The step after the partner's goes back to the unit, with a named hand-over; the partner's
    # own step takes over from the unit with no one named.
    assert "changes hands; no one named" in text
    assert text.count("changes hands; no one named") == 1
    assert "The contractor books the visit" in text
    assert "Held in a queue" in text
    assert "very bad (1)" in text
    assert "<td>Days to repair (m-days)</td>" in page
    blocks = [b for b in mermaid_blocks(text) if b.startswith("journey")]
    assert len(blocks) == 2  # one per journey of the whole model
    assert mermaid_parse(blocks) == [None, None]


def test_a_unit_report_shows_only_the_journeys_and_segments_in_view() -> None:
    text = render_markdown(_model(), unit="repairs")
    assert "Getting a repair" in text
    assert "Elsewhere" not in text
    assert "Coverage in Riverside Council" in text
    assert "Coverage in Other council" not in text
    other = render_markdown(_model(), unit="other")
    assert "Coverage in Other council" in other
    assert "Getting a repair" not in other


def test_the_html_report_carries_the_same_tables_and_the_diagram_source_escaped() -> None:
    page = render_html(_model(step_names=[NASTY]))
    checker = assert_valid_html(page)
    assert '<section id="experience">' in page
    assert '<section id="journeys">' in page
    assert '<a href="#journeys">' in page  # in the contents
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    text = "".join(checker.text)
    assert "The diagram's Mermaid source" in text
    assert "journey\n  title Getting a repair" in text
    # The stage names its rows; a stage with no steps says so.
    assert '<th scope="row">Waiting</th><td>no steps recorded</td>' in page
    # The journey is drawn (no script runs in the report): a point and a box per step.
    model = _model(step_names=[NASTY])
    steps = sum(len(stage.steps) for journey in model.journeys for stage in journey.stages)
    assert page.count('<g class="cfgov-step">') == steps > 0


def test_models_without_experience_get_neither_section() -> None:
    plain = Model(
        units=[Unit(id="c", name="Council", kind="local_authority")],
        segments=[Segment(id="s", name="Tenants", category="target", unit="c")],
        objectives=[
            OutcomeObjective(
                id="o", statement="Better", segments=["s"], measures=[Measure(id="m", name="M")]
            )
        ],
    )
    assert experience_views(plain, plain.segments) == []
    text = render_markdown(plain)
    assert "Customer experience" not in text
    assert "Customer journeys" not in text


def test_channels_without_tags_show_the_channels_and_no_empty_matrix() -> None:
    tagged = load(ROOT / "examples")
    model = attrs.evolve(
        tagged,
        objectives=[
            attrs.evolve(o, measures=[attrs.evolve(m, experience=()) for m in o.measures])
            for o in tagged.objectives
        ],
    )
    assert any(m.experience for _, m in tagged.measures())
    assert not any(m.experience for _, m in model.measures())
    assert any(s.channels for s in model.segments)
    text = render_markdown(model)
    assert "## Customer experience" in text
    assert "names an experience area yet" in text
    assert "against the experience areas*" not in text
    assert "as each declares and as its journeys show*" in text


def test_the_experience_frames_follow_their_schema() -> None:
    pd = pytest.importorskip("pandas")
    from cfgov.report.frames import Frames, frames

    tables = frames(_model())
    for name in ("coverage", "channels", "journeys"):
        table = getattr(tables, name)
        assert {c: str(t) for c, t in table.dtypes.items()} == Frames.SCHEMA[name], name
    coverage = tables.coverage
    assert len(coverage) == 2 * 7
    speed = coverage[(coverage["segment"] == "tenants") & (coverage["area"] == "speed")].iloc[0]
    assert speed["measures"] == 2
    assert speed["measure_ids"] == ("m-days", "m-visits")
    assert speed["organisations"] == ("council",)
    journeys = tables.journeys
    assert list(journeys["journey"]) == ["j-repair"] * 3 + ["j-other"]
    assert list(journeys["stage"]) == [1, 1, 3, 1]
    assert list(journeys["changes_hands"]) == [False, True, True, False]
    assert journeys["score"].iloc[1] is pd.NA
    assert journeys["feeling"].iloc[0] == "very_bad"
    channels = tables.channels
    assert list(channels[channels["segment"] == "tenants"]["channel"]) == ["phone", "Online"]
    assert re.fullmatch(r"\(j-repair,?\)", str(channels["journeys"].iloc[0]).replace("'", ""))


def test_no_channels_is_said_after_the_coverage_matrix_it_does_not_describe() -> None:
    # The human resources unit of the example tags its measures but declares no channel:
    # the sentence about channels must come where the channels table would, after the
    # matrix, not above it where it reads as a caption of the matrix.
    text = render_markdown(cfgov.load(ROOT / "examples"), unit="council-hr")
    section = text[text.index("## Customer experience") : text.index("## Evidence")]
    matrix = section.index("*Target segments of Ashcombe Borough Council (fictional) against")
    assert matrix < section.index("No channels are recorded for these segments.")
