"""The builder makes entities without the model's converters and validators.

It checks every value itself (with better messages) and gives each its final form,
so running the model's checks again would only cost time. These tests hold the
builder to that: whatever it makes the fast way is exactly what the model's own
constructor makes from the same values, and it never takes the fast way with a
value that the model would refuse.
"""

from __future__ import annotations

import contextlib
import enum
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import cfgov
from cfgov import LoadError, Model, dump
from cfgov.io import build
from cfgov.io.format import FieldType, all_specs
from cfgov.testing import models

ROOT = Path(__file__).resolve().parents[2]
CORPUS = sorted(ROOT.glob("examples/**/*.y*ml")) + sorted(ROOT.glob("tests/data/bad/**/*.yaml"))

#: Awkward values to put in place of a field's value.
AWKWARD = [
    '" "',
    "'\t'",
    "[a, ' ']",
    '[" "]',
    "[]",
    "~",
    "''",
    "0",
    "-1",
    "2.0",
    "2.5",
    "1e3",
    "1_000",
    "99999999999999999999",
    ".inf",
    '"7"',
    "true",
    "no",
    "2004-02-29",
    "2003-02-29",
    "2002-13",
    "target",
    "indirect",
    "direct",
    "division",
    "{value: 3}",
    "{CFG106: reason}",
    "{CFG106: ' '}",
    "[{source: x, partner: ' '}]",
    "x #y",
]


def exact(value: Any) -> Any:
    """A form of a value that compares equal only for the same types and contents."""
    if attrs.has(type(value)):
        fields = attrs.fields(type(value))
        return (type(value), tuple((f.name, exact(getattr(value, f.name))) for f in fields))
    if isinstance(value, tuple):
        return (tuple, tuple(exact(item) for item in value))
    if isinstance(value, enum.Enum):
        return (type(value), value.value)
    return (type(value), value)


def _both_ways(cls: type, fast: Callable[..., Any], made: list[type]) -> Callable[..., Any]:
    def make(**values: Any) -> Any:
        checked = cls(**values)  # raises if the builder vouched for a value the model refuses
        quick = fast(**values)
        assert exact(quick) == exact(checked)
        assert quick == checked
        assert hash(quick) == hash(checked)
        made.append(cls)
        return quick

    return make


@pytest.fixture
def made(monkeypatch: pytest.MonkeyPatch) -> list[type]:
    """Every entity the builder makes the fast way is made the checked way too, and compared."""
    classes: list[type] = []
    for spec in all_specs():
        part = build._part(spec)
        assert part.make is not None, f"{spec.name} is not made the fast way"
        monkeypatch.setattr(part, "make", _both_ways(spec.cls, part.make, classes))
    return classes


def _load(text: str) -> None:
    with contextlib.suppress(LoadError):
        cfgov.loads(text)


def test_every_kind_of_entity_is_made_the_fast_way() -> None:
    for spec in all_specs():
        assert build._part(spec).make is not None, spec.name


def test_the_examples_and_the_bad_corpus_are_made_as_the_model_makes_them(
    made: list[type],
) -> None:
    for path in CORPUS:
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        _load(text)
    assert {spec.cls for spec in all_specs()} <= set(made)


@given(models())
def test_any_model_is_made_as_the_model_makes_it(model: Model) -> None:
    classes: list[type] = []
    with pytest.MonkeyPatch.context() as patch:
        for spec in all_specs():
            part = build._part(spec)
            assert part.make is not None
            patch.setattr(part, "make", _both_ways(spec.cls, part.make, classes))
        assert cfgov.loads(dump(model)) == model


def _lines_with_values(text: str) -> list[int]:
    return [i for i, line in enumerate(text.splitlines()) if ": " in line.lstrip("- ")]


@given(models(), st.data())
def test_awkward_values_are_made_or_refused_as_the_model_would(
    model: Model, data: st.DataObject
) -> None:
    lines = dump(model).splitlines()
    candidates = _lines_with_values("\n".join(lines))
    if not candidates:
        return
    for _ in range(data.draw(st.integers(1, 3))):
        at = data.draw(st.sampled_from(candidates))
        key = lines[at].partition(": ")[0]
        lines[at] = f"{key}: {data.draw(st.sampled_from(AWKWARD))}"
    classes: list[type] = []
    with pytest.MonkeyPatch.context() as patch:
        for spec in all_specs():
            part = build._part(spec)
            assert part.make is not None
            patch.setattr(part, "make", _both_ways(spec.cls, part.make, classes))
        _load("\n".join(lines) + "\n")


BASE = (
    "organisations:\n  - {id: o, name: O, kind: ministerial_department}\n"
    "segments:\n  - id: s\n    name: S\n    category: target\n    unit: o\n"
)


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            '    stakeholder: " "\n',
            "segment 's': stakeholder must hold at least one visible character",
        ),
        (
            '    aims: [a, " "]\n',
            "segment 's': aims[1] must be an id (text with a visible character), not ' '",
        ),
        (
            '    aims: " "\n',
            "segment 's': aims[0] must be an id (text with a visible character), not ' '",
        ),
        (
            '    knowledge_sources:\n      - {source: x, partner: "  "}\n',
            "knowledge source 1 of segment 's': partner must hold at least one visible character",
        ),
    ],
)
def test_a_reference_of_white_space_is_refused_by_the_model_itself(
    extra: str, message: str
) -> None:
    with pytest.raises(LoadError) as info:
        cfgov.loads(BASE + extra)
    assert [(p.code, p.message) for p in info.value.problems] == [("CFG005", message)]


def _describe(validator: Any) -> str:
    """A validator as a short name: `_check_id`, `optional(instance_of(str))`..."""
    if validator is None:
        return "-"
    kind = type(validator).__name__  # attrs' validator classes are private
    if kind == "_OptionalValidator":
        return f"optional({_describe(validator.validator)})"
    if kind == "_InstanceOfValidator":
        return f"instance_of({validator.type.__name__})"
    if kind == "_DeepIterable":
        return f"each({_describe(validator.member_validator)})"
    return str(getattr(validator, "__name__", repr(validator)))


#: For each way the builder reads a value, the model validators that its checks imply,
#: given whether the field is required. A blank reference is the one value the builder
#: leaves to the model (it then makes the entity the checked way).
#: If this test fails, a validator was added or changed: make the builder check the
#: same (in cfgov.io.build) before adding it here.
IMPLIED: dict[tuple[FieldType, bool], set[str]] = {
    (FieldType.ID, True): {"_check_id"},
    (FieldType.TEXT, True): {"_check_text"},
    (FieldType.TEXT, False): {"optional(instance_of(str))"},
    (FieldType.REF, True): {"_check_id"},
    (FieldType.REF, False): {"optional(_check_id)"},
    (FieldType.REFS, True): {"check_ids"},
    (FieldType.REFS, False): {"check_ids"},
    (FieldType.TEXTS, False): {"check_texts"},
    (FieldType.CHOICE, True): {"-"},
    (FieldType.CHOICE, False): {"-"},
    (FieldType.BOOL, False): {"instance_of(bool)", "optional(instance_of(bool))"},
    (FieldType.NUMBER, True): {"_non_negative_finite"},  # with non_negative in the format
    (FieldType.NUMBER, False): {"_optional_number", "_optional_tolerance"},
    (FieldType.PRIORITY, False): {"_priority"},
    (FieldType.DATE, False): {"_check_date"},
    (FieldType.DATE, True): {"_check_required_date"},
    (FieldType.CHOICES, False): {"-"},
    (FieldType.NESTED, False): {"optional(instance_of(Size))"},
    (FieldType.NESTED_LIST, False): {
        "each(instance_of(KnowledgeSource))",
        "each(instance_of(Measure))",
        "each(instance_of(ServiceStandard))",
        "each(instance_of(StepRecord))",
        "each(instance_of(JourneyStep))",
    },
    (FieldType.NESTED_LIST, True): {
        "each(instance_of(ComponentAssessment))",
        "each(instance_of(JourneyStage))",
    },
    (FieldType.SUPPRESSIONS, False): {"-"},
    (FieldType.PERIOD, True): {"_check_period"},
    (FieldType.COUNT, False): {"_optional_count"},
    (FieldType.SCORES, False): {"_check_scores"},
    (FieldType.COUNTS, False): {"_check_counts"},
    (FieldType.LABELS, False): {"_check_labels"},
}


def test_the_builder_checks_what_every_model_validator_checks() -> None:
    for spec in all_specs():
        attributes = attrs.fields_dict(spec.cls)
        for field in spec.fields:
            validator = _describe(attributes[field.name].validator)
            if validator == "-":
                continue  # nothing to imply: the series of evidence check nothing themselves
            assert validator in IMPLIED.get((field.type, field.required), set()), (
                f"{spec.name}.{field.name}: the builder does not know that {validator} is implied"
            )
            if validator in ("_non_negative_finite", "_optional_tolerance"):
                assert field.non_negative, f"{spec.name}.{field.name}: the builder allows < 0"


def test_evidence_records_made_the_fast_way_equal_those_the_model_checks() -> None:
    """Series expand into records without the model's checks (cfgov.io.series): each
    record must be what the checked constructor makes of the same values."""
    model = cfgov.load(ROOT / "examples")
    records = [*model.results, *model.demand, *model.feedback]
    assert records
    for record in records:
        values = {a.name: getattr(record, a.name) for a in attrs.fields(type(record))}
        assert type(record)(**values) == record
        for name, value in values.items():
            checked = getattr(type(record)(**values), name)
            assert type(value) is type(checked), (type(record).__name__, name)
