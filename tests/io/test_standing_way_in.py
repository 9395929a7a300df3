"""Assessments, initiatives and journeys written the way an analyst gets them wrong.

Each mistake must be a located problem with a hint that says what to write, and
what the model cannot hold (a component scored twice in one sitting, a step
recorded twice) must not load silently.
"""

from __future__ import annotations

import pytest

import cfgov
from cfgov import LoadError

HEAD = """\
organisations:
  - {id: org, name: Org}
units:
  - {id: u, name: U, parents: [org]}
  - {id: v, name: V, parents: [org]}
segments:
  - {id: s, name: People who claim, category: target, unit: u, priority: 1}
partners:
  - {id: p, name: Citizens Advice, role: intermediary}
objectives:
  - id: o
    statement: Get people the help they need
    segments: [s]
    measures:
      - {id: m, name: Days to a decision, experience: [speed]}
"""


def problems_of(text: str) -> list[cfgov.Finding]:
    with pytest.raises(LoadError) as caught:
        cfgov.loads(HEAD + text, name="m.yaml")
    return list(caught.value.problems)


def only(text: str) -> cfgov.Finding:
    found = problems_of(text)
    assert len(found) == 1, [str(p) for p in found]
    return found[0]


def line_of(text: str, needle: str) -> int:
    """The 1-based line of the model file on which ``needle`` first appears."""
    lines = (HEAD + text).splitlines()
    return next(n for n, line in enumerate(lines, start=1) if needle in line)


# -- repeated records: CFG040 ----------------------------------------------------

TWICE_IN_ONE_SITTING = """\
assessments:
  - id: a1
    unit: u
    date: 2026-03
    components:
      - {component: understand_the_customer, level: developing}
      - {component: stakeholder_relationships, level: emerging}
      - {component: understand_the_customer, level: established}
"""


def test_a_component_scored_twice_in_one_sitting_is_a_problem() -> None:
    problem = only(TWICE_IN_ONE_SITTING)
    assert problem.code == "CFG040"
    assert problem.location is not None
    assert problem.location.line == line_of(TWICE_IN_ONE_SITTING, "level: established")
    assert "'understand_the_customer'" in problem.message
    assert "developing" in problem.message
    assert "established" in problem.message
    assert problem.hint is not None
    assert "one entry for each component" in problem.hint


STEP_TWICE = """\
initiatives:
  - id: i1
    name: One door
    unit: u
    step: supply
    steps:
      - {step: identify, produced: A list of needs}
      - {step: scope, produced: A map}
      - {step: identify, produced: A second list}
"""


def test_a_step_recorded_twice_is_a_problem() -> None:
    problem = only(STEP_TWICE)
    assert problem.code == "CFG040"
    assert problem.location is not None
    assert problem.location.line == line_of(STEP_TWICE, "A second list")
    assert "step 1 (identify)" in problem.message
    assert problem.hint is not None
    assert "merge the two records" in problem.hint


def test_a_step_taken_again_later_loads() -> None:
    again = STEP_TWICE.replace(
        "{step: identify, produced: A list of needs}",
        "{step: identify, date: 2025-01, produced: A list of needs}",
    ).replace(
        "{step: identify, produced: A second list}",
        "{step: identify, date: 2025-06, produced: A second list}",
    )
    model = cfgov.loads(HEAD + again)
    record = model.initiatives[0].record_of("identify")
    assert record is not None
    assert record.produced == "A second list"


def test_a_step_taken_again_must_be_dated_after_the_first_time() -> None:
    text = STEP_TWICE.replace(
        "{step: identify, produced: A list of needs}",
        "{step: identify, date: 2025-06, produced: A list of needs}",
    ).replace(
        "{step: identify, produced: A second list}",
        "{step: identify, date: 2025-06-10, produced: A second list}",
    )
    problem = only(text)
    assert problem.code == "CFG040"
    assert problem.location is not None
    assert problem.location.line == line_of(text, "A second list")
    assert (
        problem.location.column
        == (HEAD + text).splitlines()[problem.location.line - 1].index("2025-06-10") + 1
    )


SAME_DATE = """\
assessments:
  - id: a1
    unit: u
    date: 2026-03
    components: [{component: understand_the_customer, level: developing}]
  - id: a2
    unit: u
    date: 2026-03
    components: [{component: understand_the_customer, level: established}]
  - id: a3
    unit: v
    date: 2026-03
    components: [{component: understand_the_customer, level: emerging}]
"""


def test_two_sittings_of_one_unit_on_one_date_is_a_problem() -> None:
    problem = only(SAME_DATE)
    assert problem.code == "CFG040"
    assert problem.entity == "a2"
    assert problem.location is not None
    assert problem.location.line == line_of(SAME_DATE, "id: a2") + 2
    assert "'a1'" in problem.message
    assert "latest" in problem.message
    other = line_of(SAME_DATE, "id: a1") + 2
    assert problem.message.endswith(f"(the other is at m.yaml:{other}:11)")
    assert problem.hint is not None
    assert "YYYY-MM-DD" in problem.hint


SECOND_SITTING = "  - id: a2\n    unit: u\n    date: 2026-03\n"


def test_sittings_of_one_unit_on_different_days_load() -> None:
    later = SAME_DATE.replace(SECOND_SITTING, SECOND_SITTING.replace("2026-03", "2026-03-20"))
    assert later != SAME_DATE
    assert len(cfgov.loads(HEAD + later).assessments) == 3


def test_sittings_of_one_body_under_two_ids_on_one_date_are_a_problem() -> None:
    head = HEAD.replace("parents: [org]}", "parents: [org], same_as: register-u}", 1)
    text = SAME_DATE.replace(SECOND_SITTING, SECOND_SITTING.replace("unit: u", "unit: register-u"))
    assert text != SAME_DATE
    with pytest.raises(LoadError) as caught:
        cfgov.loads(head + text, name="m.yaml")
    assert [p.code for p in caught.value.problems] == ["CFG040"]


# -- a record beyond the step reached: CFG018 --------------------------------------

BEYOND = """\
initiatives:
  - id: i1
    name: One door
    unit: u
    step: supply
    steps:
      - {step: identify, produced: A list of needs}
      - {step: pilot, produced: A pilot in two wards}
"""


def test_a_record_of_a_step_beyond_the_step_reached_is_a_contradiction() -> None:
    problem = only(BEYOND)
    assert problem.code == "CFG018"
    assert problem.location is not None
    assert problem.location.line == line_of(BEYOND, "A pilot in two wards")
    assert "supply" in problem.message
    assert "pilot" in problem.message
    assert problem.hint is not None
    assert "`step: pilot`" in problem.hint


def test_records_up_to_the_step_reached_load() -> None:
    model = cfgov.loads(HEAD + BEYOND.replace("step: supply", "step: pilot"))
    assert model.initiatives[0].record_of("pilot") is not None


# -- nothing recorded: CFG006 ------------------------------------------------------


def test_a_sitting_that_scores_no_component_is_a_problem() -> None:
    text = "assessments:\n  - {id: a1, unit: u, date: 2026-03, components: []}\n"
    problem = only(text)
    assert problem.code == "CFG006"
    assert problem.location is not None
    assert problem.location.line == line_of(text, "id: a1")
    assert "no component" in problem.message


def test_a_journey_without_a_stage_is_a_problem() -> None:
    text = "journeys:\n  - {id: j1, name: Claiming, segment: s, stages: []}\n"
    problem = only(text)
    assert problem.code == "CFG006"
    assert problem.location is not None
    assert problem.location.line == line_of(text, "id: j1")
    assert problem.message == "journey 'j1' has no stage"
    assert problem.hint is not None
    assert "steps:" in problem.hint


def test_a_journey_whose_stages_wait_for_their_steps_loads() -> None:
    text = "journeys:\n  - {id: j1, name: Claiming, segment: s, stages: [{name: Finding out}]}\n"
    assert cfgov.loads(HEAD + text).journeys[0].stages[0].steps == ()


# -- hints that say what to write ----------------------------------------------------

JOURNEY = """\
journeys:
  - id: j1
    name: Claiming
    segment: s
    stages:
      - name: Finding out
        steps:
          - name: Reads online
            channel: online
            unit: u
            feeling: neutral
"""


def test_an_unknown_field_of_a_nested_part_names_it_with_one_article() -> None:
    problem = only(JOURNEY.replace("            feeling: neutral\n", "            mood: bad\n"))
    assert problem.code == "CFG003"
    assert problem.hint is not None
    assert problem.hint.startswith("A step may have: name, channel")


def test_step_fields_written_on_a_stage_are_sent_under_steps() -> None:
    flat = JOURNEY.replace(
        "      - name: Finding out\n        steps:\n          - name: Reads online\n"
        "            channel: online\n            unit: u\n            feeling: neutral\n",
        "      - name: Reads online\n        channel: online\n        unit: u\n",
    )
    assert flat != JOURNEY
    found = problems_of(flat)
    assert [p.code for p in found] == ["CFG003", "CFG003"]
    for problem in found:
        assert problem.hint is not None
        assert "a field of a step" in problem.hint
        assert "`steps:`" in problem.hint


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        ("speed, choice", "Write the words as a list: `[speed, choice]`."),
        ("speed and value", "Write the words as a list: `[speed, value]`."),
    ],
)
def test_experience_areas_written_as_one_text_are_sent_to_a_list(written: str, hint: str) -> None:
    problem = only(
        "principles:\n  - id: pr\n    name: Trust\n    objective: o\n    standards:\n"
        f"      - id: st1\n        statement: Reply in time\n        experience: {written}\n"
    )
    assert problem.code == "CFG005"
    assert problem.hint is not None
    assert problem.hint.startswith(hint)


INITIATIVE = """\
initiatives:
  - id: i1
    name: One door
    unit: u
    step: {step}
"""


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        ("8", "Step 8 is `pilot` (Pilot with customers)."),
        ('"10"', "Step 10 is `review` (Review and evaluate)."),
        ("challenge", "`challenge` is a stage: its steps are `demand` and `supply`."),
        ("Implement", "`implement` is a stage: its steps are `pilot`, `roll_out` and `review`."),
        ("Pilot with customers", "Did you mean `pilot`?"),
        ("Identify the customers and their needs", "Did you mean `identify`?"),
    ],
)
def test_a_step_written_as_a_number_a_stage_or_a_title_gets_its_word(
    written: str, hint: str
) -> None:
    problem = only(INITIATIVE.format(step=written))
    assert problem.code == "CFG005"
    assert problem.hint is not None
    assert problem.hint.startswith(hint)


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        ("3", "Component 3 is `stakeholder_relationships` (Manage stakeholder relationships)."),
        (
            "Use customer understanding to deliver target outcomes",
            "Did you mean `deliver_target_outcomes`?",
        ),
    ],
)
def test_a_component_written_as_a_number_or_a_title_gets_its_word(written: str, hint: str) -> None:
    problem = only(
        "assessments:\n  - id: a1\n    unit: u\n    date: 2026-03\n    components:\n"
        f"      - {{component: {written}, level: emerging}}\n"
    )
    assert problem.code == "CFG005"
    assert problem.hint is not None
    assert problem.hint.startswith(hint)


def test_a_level_written_as_a_number_is_told_the_scale_is_words() -> None:
    problem = only(
        "assessments:\n  - id: a1\n    unit: u\n    date: 2026-03\n    components:\n"
        "      - {component: understand_the_customer, level: 3}\n"
    )
    assert problem.hint is not None
    assert problem.hint.startswith("cfgov's scale is five words, lowest first:")


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        ("March 2026", "Write the month as YYYY-MM: `2026-03`"),
        ("Mar-26", "Write the month as YYYY-MM: `2026-03`"),
        ("2026-3", "Write the month with two digits: `2026-03`"),
    ],
)
def test_a_date_written_in_words_gets_the_form_to_write(written: str, hint: str) -> None:
    problem = only(
        "assessments:\n  - id: a1\n    unit: u\n"
        f"    date: {written}\n"
        "    components: [{component: understand_the_customer, level: emerging}]\n"
    )
    assert problem.code == "CFG005"
    assert problem.hint is not None
    assert problem.hint.startswith(hint)


@pytest.mark.parametrize(
    ("text", "start"),
    [
        (
            JOURNEY.replace("feeling: neutral", "feeling: happy"),
            "`feeling` of step 1 of stage 1 of journey 'j1' is 'happy'",
        ),
        (
            INITIATIVE.format(step="pilot")
            + "    steps:\n      - {step: identify}\n      - {step: Pilot with customers}\n",
            "`step` of step record 2 of initiative 'i1' is 'Pilot with customers'",
        ),
        (
            "assessments:\n  - id: a1\n    unit: u\n    date: 2026-03\n    components:\n"
            "      - {component: understand_the_customer, level: emerging}\n"
            "      - {component: stakeholder_relationships, level: emergent}\n",
            "`level` of component 2 of assessment 'a1' is 'emergent'",
        ),
    ],
)
def test_a_part_of_a_list_is_named_by_its_place(text: str, start: str) -> None:
    problem = only(text)
    assert problem.message.startswith(start)


def test_a_step_records_field_on_the_initiative_is_sent_under_steps() -> None:
    problem = only(INITIATIVE.format(step="identify") + "    produced: A list of needs\n")
    assert problem.code == "CFG003"
    assert problem.hint is not None
    assert problem.hint.startswith(
        "`produced` is a field of a step record, not of an initiative: write each step record "
        "under `steps:` of the initiative"
    )


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        ("Step 8", "Step 8 is `pilot` (Pilot with customers)."),
        ("step 2", "Step 2 is `scope` (Scope current provision and capabilities)."),
    ],
)
def test_a_step_written_with_its_number_in_words_gets_its_word(written: str, hint: str) -> None:
    problem = only(INITIATIVE.format(step=written))
    assert problem.hint is not None
    assert problem.hint.startswith(hint)


def test_a_feeling_written_as_a_score_gets_its_word() -> None:
    problem = only(JOURNEY.replace("feeling: neutral", "feeling: 4"))
    assert problem.hint is not None
    assert problem.hint.startswith(
        "A feeling is a word: 4 of 5 is `good`, from `very_bad` (1) to `very_good` (5)."
    )


@pytest.mark.parametrize("written", ["2026/03", "03/2026", "2026.03", "3/2026"])
def test_a_month_written_with_a_slash_gets_the_form_to_write(written: str) -> None:
    problem = only(
        f"assessments:\n  - {{id: a1, unit: u, date: {written}, "
        "components: [{component: understand_the_customer, level: emerging}]}\n"
    )
    assert problem.hint == "Write the month as YYYY-MM: `2026-03`."
