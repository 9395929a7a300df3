"""The YAML format, declared once.

Each entity type is an :class:`EntitySpec`: its fields, their types and what
they mean. The builder (YAML nodes to model), the dumper (model to YAML), the
JSON Schema and the format reference are all derived from these declarations,
so they cannot drift apart.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator

import attrs

from cfgov.io.series import DemandPeriod, DemandSeries, ResultPeriod, ResultSeries
from cfgov.model import (
    ORGANISATION_KINDS,
    Aim,
    AimKind,
    Better,
    Category,
    Closeness,
    Component,
    Direction,
    ExperienceArea,
    Feedback,
    FeedbackKind,
    Feeling,
    KnowledgeSource,
    Level,
    Measure,
    MeasureKind,
    MeasureType,
    OutcomeObjective,
    Partner,
    PartnerRole,
    Perspective,
    Principle,
    ProgrammeStep,
    ResultStatus,
    Segment,
    ServiceStandard,
    Size,
    SourceKind,
    Stakeholder,
    TargetKind,
    Unit,
    UnitKind,
    UnitStatus,
    Voice,
)
from cfgov.model.assessment import Assessment, ComponentAssessment
from cfgov.model.journeys import Journey, JourneyStage, JourneyStep
from cfgov.model.programme import Initiative, StepRecord


class FieldType(enum.Enum):
    """How a field's YAML value is read."""

    ID = "id"  # the entity's own id: text, never a number
    TEXT = "text"  # free text, kept exactly as written
    REF = "ref"  # the id of another entity
    REFS = "refs"  # a list of ids (one id alone is accepted too)
    TEXTS = "texts"  # a list of text items (one item alone is accepted too)
    CHOICE = "choice"  # one word from a fixed list
    BOOL = "bool"  # true or false
    PRIORITY = "priority"  # a whole number, 1 or more
    NUMBER = "number"  # a finite number
    DATE = "date"  # YYYY, YYYY-MM or YYYY-MM-DD, kept as text
    NESTED = "nested"  # one nested mapping
    NESTED_LIST = "nested_list"  # a list of nested mappings
    SUPPRESSIONS = "suppressions"  # a mapping of rule code to the reason it does not apply
    COUNT = "count"  # a whole number, 0 or more
    PERIOD = "period"  # a reporting period (2025, 2025-26, 2025-Q1, 2025-04...), kept as text
    VALUE = "value"  # a number, or text for a qualitative measure
    LABELS = "labels"  # a mapping of names to text (a breakdown: `{channel: phone}`)
    COUNTS = "counts"  # a mapping of names to whole numbers (`{chasing progress: 40}`)
    SCORES = "scores"  # a mapping of the scores 0 to 10 to how many gave each
    CHOICES = "choices"  # a list of words from a fixed list (one word alone is accepted too)


@attrs.frozen(kw_only=True)
class FieldSpec:
    """One field of an entity in the YAML format."""

    name: str
    type: FieldType
    description: str
    required: bool = False
    #: For CHOICE and CHOICES: the words allowed, in the order documented.
    choices: tuple[str, ...] = ()
    #: The value used when the field is absent, as the user would write it.
    default: str | None = None
    #: For REF and REFS: the kind of entity referred to.
    ref: str | None = None
    #: For NESTED and NESTED_LIST: the spec of the nested mapping.
    nested: EntitySpec | None = None
    #: For NESTED: the nested field that a lone number fills (``size: 7700000``).
    shorthand: str | None = None
    #: For NUMBER: whether negative numbers are refused.
    non_negative: bool = False
    #: A short example value for the docs.
    example: str | None = None


@attrs.frozen(kw_only=True)
class EntitySpec:
    """One kind of mapping in the format: an entity, or a nested part of one."""

    name: str
    cls: type
    description: str
    fields: tuple[FieldSpec, ...]
    #: How messages name an entry, when not by ``name``: "" for a period of a series,
    #: whose fields are named as the series' own ("`actual` of results of measure 'm'").
    words: str | None = None
    #: How a hint names one such entry ("A period may have: ..."), when not by ``name``.
    one: str | None = None
    #: The fields by name, and whether one is the id: worked out once, as every entry asks.
    _by_name: dict[str, FieldSpec] = attrs.field(init=False, repr=False, eq=False)
    _has_id: bool = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        by_name: dict[str, FieldSpec] = {}
        for spec in self.fields:
            by_name.setdefault(spec.name, spec)  # the first of a name, as field() has it
        object.__setattr__(self, "_by_name", by_name)
        object.__setattr__(self, "_has_id", any(f.type is FieldType.ID for f in self.fields))

    @property
    def has_id(self) -> bool:
        """Whether entries carry their own id (and so their own place in the source map)."""
        return self._has_id

    def field(self, name: str) -> FieldSpec | None:
        """The field with this name, or None."""
        return self._by_name.get(name)


def _words(
    vocabulary: type[enum.Enum], only: frozenset[enum.Enum] | None = None
) -> tuple[str, ...]:
    return tuple(str(m.value) for m in vocabulary if only is None or m in only)


_F = FieldSpec
T = FieldType

ID = _F(
    name="id",
    type=T.ID,
    required=True,
    example="fp-employed",
    description="A stable id, unique across the whole model. Other entries and other "
    "systems refer to the entry by it, so change it only with care. Always read as text: "
    "`010` stays `010`.",
)

IGNORE = _F(
    name="ignore",
    type=T.SUPPRESSIONS,
    example='{CFG106: "Ranked in the annual plan, not here"}',
    description="Advice from cfgov's rules that the team has decided does not apply to this "
    'entry, each with the reason: `{CFG106: "why"}`. A reason is required, and cfgov '
    "reports a suppression that no longer suppresses anything.",
)

_PART_KINDS = frozenset(UnitKind) - ORGANISATION_KINDS


def _unit_fields(
    kinds: frozenset[UnitKind], default: UnitKind, parent_help: str
) -> tuple[FieldSpec, ...]:
    return (
        ID,
        _F(
            name="name",
            type=T.TEXT,
            required=True,
            description="The name people use.",
            example="Department for Work and Pensions",
        ),
        _F(
            name="kind",
            type=T.CHOICE,
            choices=_words(UnitKind, kinds),
            default=str(default.value),
            description="What sort of body or unit this is.",
        ),
        _F(name="parents", type=T.REFS, ref="unit", description=parent_help, example="[dwp]"),
        _F(name="description", type=T.TEXT, description="What it does, in a sentence or two."),
        _F(
            name="status",
            type=T.CHOICE,
            choices=_words(UnitStatus),
            description="Whether it is operating, as in the GOV.UK register.",
        ),
        _F(name="abbreviation", type=T.TEXT, description='The short name people use ("DWP").'),
        _F(name="url", type=T.TEXT, description="Its web address."),
        _F(
            name="register_type",
            type=T.TEXT,
            description="Its type as the register it came from names it (the GOV.UK register's "
            '"Advisory non-departmental public body"), kept beside `kind` so that nothing the '
            "register says is lost.",
        ),
        _F(name="start_date", type=T.DATE, description="When it began."),
        _F(name="end_date", type=T.DATE, description="When it closed, if it has."),
        _F(
            name="identifiers",
            type=T.LABELS,
            description="Its ids in other systems, each scheme with its value: "
            "`{govuk_slug: department-for-work-pensions, gss: E07000223}`. No two units may "
            "share one (CFG030): they would be the same body twice.",
        ),
        _F(
            name="same_as",
            type=T.REF,
            ref="unit",
            description="Another id of this same body, such as the GOV.UK register's id for "
            "a body you call by a short id: the entry with that id is merged into this one, "
            "and references to either id mean this entry. This entry's name and description "
            "are kept; other fields the two entries both give must agree (CFG042).",
            example="department-for-work-pensions",
        ),
        IGNORE,
    )


ORGANISATION = EntitySpec(
    name="organisation",
    cls=Unit,
    description="A body in its own right: a department, agency, council or public body. "
    "Organisations are the top of the organisation graph; a body sponsored by others "
    "(a joint body) lists them all under `parents`.",
    fields=_unit_fields(
        ORGANISATION_KINDS,
        UnitKind.ORGANISATION,
        "The bodies that sponsor this one, if any. Several are allowed.",
    ),
)

UNIT = EntitySpec(
    name="unit",
    cls=Unit,
    description="A part of an organisation: a directorate, division, service, policy area, "
    "internal service (HR, finance) or private office (`private_office` is for any unit that "
    "serves Ministers directly: private office, briefing, speech writing). Broad segments "
    "cascade down to it "
    "from every unit above.",
    fields=_unit_fields(
        _PART_KINDS,
        UnitKind.UNIT,
        "The organisation or units it sits under. At least one is needed; several are allowed.",
    ),
)

AIM = EntitySpec(
    name="aim",
    cls=Aim,
    description="A high-level aim a unit holds: a PSA target, a business-plan objective. "
    "Segments should trace to an aim (Barker 2002, tip T1).",
    fields=(
        ID,
        _F(
            name="unit",
            type=T.REF,
            ref="unit",
            required=True,
            description="The organisation or unit that holds the aim.",
        ),
        _F(name="statement", type=T.TEXT, required=True, description="The aim, in full."),
        _F(
            name="kind",
            type=T.CHOICE,
            choices=_words(AimKind),
            description="Where the aim comes from.",
        ),
        _F(
            name="reference",
            type=T.TEXT,
            description='Its reference in the source document ("PSA 6").',
        ),
        IGNORE,
    ),
)

STAKEHOLDER = EntitySpec(
    name="stakeholder",
    cls=Stakeholder,
    description="A broad group with an interest in the work: the public, teachers, staff. "
    "The segments and partner roles that name it are the hats it wears (tip T7).",
    fields=(
        ID,
        _F(
            name="name",
            type=T.TEXT,
            required=True,
            description="The group's name.",
            example="Teachers",
        ),
        _F(name="description", type=T.TEXT, description="Who is in the group."),
        _F(
            name="internal_staff",
            type=T.BOOL,
            default="false",
            description="True for the organisation's own staff: target customers of HR, not of "
            "the whole organisation (tip T5).",
        ),
        _F(
            name="ministers",
            type=T.BOOL,
            description="True for Ministers: target customers only of services made for them, "
            "such as a private office. False for a group that is not Ministers although its "
            "name suggests it. Left out, CFG114 guesses from the names of the group and its "
            "segments, and says so.",
        ),
        _F(
            name="voice",
            type=T.CHOICE,
            choices=_words(Voice),
            description="How strongly the group can make itself heard. Groups with a weak "
            "voice or none (children, future generations) need someone to speak for them "
            "(tip T9).",
        ),
        IGNORE,
    ),
)

SIZE = EntitySpec(
    name="size",
    cls=Size,
    description="How many people a segment holds. A number alone (`size: 7700000`) is "
    "short for `size: {value: 7700000}`.",
    fields=(
        _F(
            name="value",
            type=T.NUMBER,
            required=True,
            non_negative=True,
            description="The number of people.",
            example="7700000",
        ),
        _F(name="source", type=T.TEXT, description="Where the figure comes from."),
        _F(name="as_of", type=T.DATE, description="When the figure was true."),
    ),
)

KNOWLEDGE_SOURCE = EntitySpec(
    name="knowledge_source",
    cls=KnowledgeSource,
    description="Where understanding of a segment's needs comes from, and how close it is to "
    "the people themselves.",
    fields=(
        _F(
            name="source",
            type=T.TEXT,
            required=True,
            description='What the source is ("Pension Service customer survey").',
        ),
        _F(
            name="kind",
            type=T.CHOICE,
            choices=_words(SourceKind),
            description="What sort of source it is.",
        ),
        _F(
            name="closeness",
            type=T.CHOICE,
            choices=_words(Closeness),
            description="How close it is to the customer: `direct` (the people themselves), "
            "`near` (front-line staff, representatives), `distant` (national statistics).",
        ),
        _F(
            name="partner",
            type=T.REF,
            ref="partner",
            description="The partner it comes through, if any (a union's survey of members).",
        ),
    ),
)

SEGMENT = EntitySpec(
    name="segment",
    cls=Segment,
    description="A group of customers distinguished by a need, interest or behaviour, named "
    'as "group as role" ("the public as taxpayers"). Owned by one unit; a sub-segment '
    "names the broader segment it refines under `parent`.",
    fields=(
        ID,
        _F(
            name="name",
            type=T.TEXT,
            required=True,
            description='"Group as role".',
            example="Future pensioners working for an employer",
        ),
        _F(
            name="category",
            type=T.CHOICE,
            required=True,
            choices=_words(Category),
            description="`target` for the people the unit's objectives aim at; `indirect` for "
            "people affected though not targeted.",
        ),
        _F(
            name="unit",
            type=T.REF,
            ref="unit",
            required=True,
            description="The organisation or unit that owns the segment.",
        ),
        _F(
            name="stakeholder",
            type=T.REF,
            ref="stakeholder",
            description="The broad group this segment is a role of.",
        ),
        _F(
            name="target_kind",
            type=T.CHOICE,
            choices=_words(TargetKind),
            description="For target customers who do not look like customers: `reluctant` "
            "(prisoners as recipients of rehabilitation), `unaware` (children as future "
            "earners), `unformed` (the public as supporters of human rights).",
        ),
        _F(
            name="parent",
            type=T.REF,
            ref="segment",
            description="The broader segment this one refines, if any (the cascade).",
        ),
        _F(
            name="cut",
            type=T.TEXT,
            description="The criterion that splits this segment from its parent "
            '("employment status").',
        ),
        _F(name="need", type=T.TEXT, description="The need that sets the group apart."),
        _F(name="interest", type=T.TEXT, description="The interest that sets the group apart."),
        _F(name="behaviour", type=T.TEXT, description="The behaviour that sets the group apart."),
        _F(name="description", type=T.TEXT, description="Anything else worth saying."),
        _F(
            name="size",
            type=T.NESTED,
            nested=SIZE,
            shorthand="value",
            description="How many people, with source and date.",
        ),
        _F(
            name="priority",
            type=T.PRIORITY,
            description="How this segment ranks against the other segments of the same "
            "category owned by the same unit: 1 is the highest. Ties are allowed "
            "(tips T6, T14).",
        ),
        _F(
            name="voice",
            type=T.CHOICE,
            choices=_words(Voice),
            description="How strongly this segment can make itself heard, where it differs "
            "from its stakeholder.",
        ),
        _F(
            name="knowledge_sources",
            type=T.NESTED_LIST,
            nested=KNOWLEDGE_SOURCE,
            description="Where understanding of the segment's needs comes from.",
        ),
        _F(name="aims", type=T.REFS, ref="aim", description="The aims the segment serves."),
        _F(
            name="channels",
            type=T.TEXTS,
            description='How the segment deals with the organisation ("phone", "online").',
        ),
        _F(
            name="same_as",
            type=T.REFS,
            ref="segment",
            description="Segments of other units or organisations that describe the same "
            "people: the explicit link for segments shared across government.",
        ),
        _F(
            name="government_advocate",
            type=T.TEXT,
            description="Who in government speaks for this group when it has no "
            "representative of its own (tip T9).",
        ),
        IGNORE,
    ),
)

PARTNER = EntitySpec(
    name="partner",
    cls=Partner,
    description="A partner or adviser: someone with a stake in the process rather than the "
    "outcome. A customer representative speaks for segments; an intermediary delivers to "
    "them; an independent expert advises on them.",
    fields=(
        ID,
        _F(
            name="name",
            type=T.TEXT,
            required=True,
            description="Who they are.",
            example="National Union of Teachers",
        ),
        _F(
            name="role",
            type=T.CHOICE,
            required=True,
            choices=_words(PartnerRole),
            description="`representative`, `intermediary` (including delivery partners) or "
            "`expert`.",
        ),
        _F(
            name="stakeholder",
            type=T.REF,
            ref="stakeholder",
            description="The broad group this role belongs to, if any (teachers acting "
            "through a union).",
        ),
        _F(
            name="represents",
            type=T.REFS,
            ref="segment",
            description="Segments whose views this partner reflects.",
        ),
        _F(
            name="advises_on",
            type=T.REFS,
            ref="segment",
            description="Segments this partner gives expert advice on.",
        ),
        _F(
            name="delivers_to",
            type=T.REFS,
            ref="segment",
            description="Segments this partner delivers services to.",
        ),
        _F(name="description", type=T.TEXT, description="Anything else worth saying."),
        IGNORE,
    ),
)

MEASURE = EntitySpec(
    name="measure",
    cls=Measure,
    description="How progress is measured: for an objective, or as a target of a service standard.",
    fields=(
        ID,
        _F(
            name="name",
            type=T.TEXT,
            required=True,
            description="What is measured.",
            example="Claims processed within 5 days",
        ),
        _F(
            name="kind",
            type=T.CHOICE,
            choices=_words(MeasureKind),
            description="`outcome` (a result for customers), `output` (what the "
            "organisation produces) or `impact` (the longer-term change an outcome feeds).",
        ),
        _F(
            name="perspective",
            type=T.CHOICE,
            choices=_words(Perspective),
            description="`end_to_end` (as the customer experiences it) or `internal` "
            "(activity inside the organisation).",
        ),
        _F(
            name="type",
            type=T.CHOICE,
            choices=_words(MeasureType),
            description="What the figures are, which fixes the values its baseline, target and "
            "results may take: `count` (whole numbers, 0 or more), `percentage` (0 to 100), "
            "`ratio`, `money`, `duration` (0 or more), `rating` (0 to 10) or `qualitative` "
            "(text, not numbers).",
        ),
        _F(name="unit", type=T.TEXT, description='The unit of the figures ("%", "days").'),
        _F(
            name="better",
            type=T.CHOICE,
            choices=_words(Better),
            description="Which way is progress: `higher` (take-up, accuracy) or `lower` "
            "(waiting time, complaints).",
        ),
        _F(name="baseline", type=T.NUMBER, description="Where things stand now."),
        _F(name="baseline_date", type=T.DATE, description="When the baseline was measured."),
        _F(name="target", type=T.NUMBER, description="Where things should get to."),
        _F(name="deadline", type=T.DATE, description="When the target should be met."),
        _F(
            name="tolerance",
            type=T.NUMBER,
            non_negative=True,
            description="How far short of the level expected a result may fall and count as "
            "at risk rather than off track, in the measure's unit. Left out, it is a tenth of "
            "the distance from baseline to target (a twentieth of the target without a "
            "baseline).",
        ),
        _F(
            name="method",
            type=T.TEXT,
            description='How it is measured ("mystery shopping", "customer survey").',
        ),
        _F(name="description", type=T.TEXT, description="Anything else worth saying."),
        _F(
            name="experience",
            type=T.CHOICES,
            choices=_words(ExperienceArea),
            example="[speed, integration]",
            description="The areas of the customer's experience this watches (seed 004): "
            "`speed` (right first time, quickly), `engagement` (delivered in a way customers "
            "trust and take part in), `responsiveness` (service levels watched and acted on), "
            "`value` (worth its cost, judged by outcomes), `integration` (joined up: no wrong "
            "door), `choice` (channels of the customer's choosing) and `experience` (personal "
            "and as good as the best elsewhere). The coverage matrix and CFG144 read them.",
        ),
        IGNORE,
    ),
)

OBJECTIVE = EntitySpec(
    name="objective",
    cls=OutcomeObjective,
    description="An outcome objective: what the organisation is trying to achieve for one or "
    "more segments, stated as an outcome for them rather than an output.",
    fields=(
        ID,
        _F(
            name="statement",
            type=T.TEXT,
            required=True,
            description="The objective.",
            example="Get employees without a second pension saving for retirement",
        ),
        _F(
            name="segments",
            type=T.REFS,
            ref="segment",
            required=True,
            description="The segment or segments it is for.",
        ),
        _F(
            name="direction",
            type=T.CHOICE,
            choices=_words(Direction),
            description="`up_side` (maximise a benefit), `down_side` (limit a risk) or "
            "`scenario` (an outcome across several segments).",
        ),
        _F(
            name="desired_behaviour",
            type=T.TEXT,
            description="A behaviour the objective hopes to bring about.",
        ),
        _F(name="aims", type=T.REFS, ref="aim", description="The aims it serves."),
        _F(
            name="unit",
            type=T.REF,
            ref="unit",
            description="The unit that holds the objective, if not the owner of its segments.",
        ),
        _F(
            name="measures",
            type=T.NESTED_LIST,
            nested=MEASURE,
            description="How progress is measured.",
        ),
        IGNORE,
    ),
)

STANDARD = EntitySpec(
    name="service_standard",
    cls=ServiceStandard,
    description="A service standard that puts a principle into practice.",
    fields=(
        ID,
        _F(
            name="statement",
            type=T.TEXT,
            required=True,
            description="The standard.",
            example="Deliver service to the customer within the projected timeframe",
        ),
        _F(
            name="targets",
            type=T.NESTED_LIST,
            nested=MEASURE,
            description="Its aspirational targets, each a measure.",
        ),
        _F(
            name="experience",
            type=T.CHOICES,
            choices=_words(ExperienceArea),
            example="[speed, integration]",
            description="The areas of the customer's experience this watches (seed 004): "
            "`speed` (right first time, quickly), `engagement` (delivered in a way customers "
            "trust and take part in), `responsiveness` (service levels watched and acted on), "
            "`value` (worth its cost, judged by outcomes), `integration` (joined up: no wrong "
            "door), `choice` (channels of the customer's choosing) and `experience` (personal "
            "and as good as the best elsewhere). The coverage matrix and CFG144 read them.",
        ),
        IGNORE,
    ),
)

PRINCIPLE = EntitySpec(
    name="principle",
    cls=Principle,
    description="A principle of the customer's experience (dignity, trust, accessibility, "
    "transparency, clarity), translated into service standards with targets.",
    fields=(
        ID,
        _F(name="name", type=T.TEXT, required=True, description="The principle.", example="Trust"),
        _F(name="statement", type=T.TEXT, description="What it means in practice."),
        _F(
            name="objective",
            type=T.REF,
            ref="objective",
            description="The outcome objective the principle serves.",
        ),
        _F(
            name="standards",
            type=T.NESTED_LIST,
            nested=STANDARD,
            description="The service standards under the principle.",
        ),
        IGNORE,
    ),
)

PERIOD_HELP = (
    "The period: a year (`2025`), a financial year (`2025-26` or `2025/26`), a quarter "
    "(`2025-Q1`, or `2025-26 Q1` of a financial year), a month (`2025-04`), a day, or two "
    "dates with a slash between them (`2025-04-01/2025-06-30`). Kept as written."
)

RESULT_PERIOD = EntitySpec(
    name="result_period",
    words="",
    one="period",
    cls=ResultPeriod,
    description="The target and actual of a measure for one period.",
    fields=(
        _F(name="period", type=T.PERIOD, required=True, description=PERIOD_HELP, example="2025-26"),
        _F(
            name="target",
            type=T.VALUE,
            description="The level to reach in this period, if it has one of its own.",
        ),
        _F(
            name="actual",
            type=T.VALUE,
            description="What was achieved: a number, or text for a qualitative measure.",
        ),
        _F(
            name="status",
            type=T.CHOICE,
            choices=_words(ResultStatus),
            description="`provisional` (may still change) or `final`.",
        ),
        _F(name="source", type=T.TEXT, description="Where the figure comes from."),
        _F(
            name="comment",
            type=T.TEXT,
            description="What explains the figure: why it moved, what is being done.",
        ),
    ),
)

RESULTS = EntitySpec(
    name="results",
    cls=ResultSeries,
    description="The results of one measure, period by period: what actually happened. "
    "May sit in a file of its own, apart from the measure's definition.",
    fields=(
        _F(
            name="measure",
            type=T.REF,
            ref="measure",
            required=True,
            description="The measure the results are for.",
            example="pc-accuracy",
        ),
        _F(
            name="breakdown",
            type=T.LABELS,
            description="For results about part of what the measure covers: each dimension "
            "and its value (`{channel: phone}`, `{area: north}`). Left out, the results are "
            "for the whole.",
        ),
        _F(
            name="source", type=T.TEXT, description="Where the figures come from, for every period."
        ),
        _F(
            name="status",
            type=T.CHOICE,
            choices=_words(ResultStatus),
            description="`provisional` or `final`, for every period that does not say.",
        ),
        _F(
            name="periods",
            type=T.NESTED_LIST,
            nested=RESULT_PERIOD,
            required=True,
            description="The periods, each with its actual and any target.",
        ),
    ),
)

FEEDBACK = EntitySpec(
    name="feedback",
    cls=Feedback,
    description="What customers of one segment said in one period: how many were asked and "
    "answered, how many gave each score from 0 to 10, and what would have made it a 10 "
    "(Seddon 2006).",
    fields=(
        _F(
            name="segment",
            type=T.REF,
            ref="segment",
            required=True,
            description="The segment the feedback is from.",
        ),
        _F(name="period", type=T.PERIOD, required=True, description=PERIOD_HELP),
        _F(
            name="source",
            type=T.TEXT,
            required=True,
            description='The survey or feedback source ("Repairs text survey").',
        ),
        _F(
            name="kind",
            type=T.CHOICE,
            choices=_words(FeedbackKind),
            description="`survey` (sent out afterwards) or `transaction` (asked at the end of "
            "the contact itself).",
        ),
        _F(name="channel", type=T.TEXT, description='The channel asked about ("phone").'),
        _F(name="service", type=T.TEXT, description='The service asked about ("repairs").'),
        _F(name="asked", type=T.COUNT, description="How many people were asked."),
        _F(name="answered", type=T.COUNT, description="How many answered."),
        _F(
            name="scores",
            type=T.SCORES,
            description="How many gave each score on one 0 to 10 rating: `{10: 88, 9: 40, "
            "0: 12}`. Scores not given had no one.",
        ),
        _F(
            name="themes",
            type=T.COUNTS,
            description='The answers to "what would have made it a 10?", grouped, with how '
            'many gave each: `{"Fixed first time": 57}`.',
        ),
        _F(name="comment", type=T.TEXT, description="Anything else worth saying."),
    ),
)

DEMAND_PERIOD = EntitySpec(
    name="demand_period",
    words="",
    one="period",
    cls=DemandPeriod,
    description="The contacts of one period, split into value and failure demand.",
    fields=(
        _F(name="period", type=T.PERIOD, required=True, description=PERIOD_HELP, example="2025-04"),
        _F(
            name="value",
            type=T.COUNT,
            description="Value demand: contacts asking for what the service is there to do.",
        ),
        _F(
            name="failure",
            type=T.COUNT,
            description="Failure demand: contacts caused by a failure to do something, or to "
            "do it right. Left out, it is the sum of `failure_types`.",
        ),
        _F(
            name="failure_types",
            type=T.COUNTS,
            description="Failure demand by type, with the count of each: `{chasing progress: "
            "420, correcting errors: 130}`.",
        ),
        _F(name="source", type=T.TEXT, description="Where the counts come from."),
        _F(name="comment", type=T.TEXT, description="Anything else worth saying."),
    ),
)

DEMAND = EntitySpec(
    name="demand",
    cls=DemandSeries,
    description="The demand one segment puts on a service, period by period: value demand and "
    "failure demand (Seddon 2006), through one channel if given.",
    fields=(
        _F(
            name="segment",
            type=T.REF,
            ref="segment",
            required=True,
            description="The segment whose contacts are counted.",
        ),
        _F(name="channel", type=T.TEXT, description='The channel counted ("phone").'),
        _F(name="service", type=T.TEXT, description='The service counted ("repairs").'),
        _F(name="source", type=T.TEXT, description="Where the counts come from, for every period."),
        _F(
            name="periods",
            type=T.NESTED_LIST,
            nested=DEMAND_PERIOD,
            required=True,
            description="The periods, each with its counts.",
        ),
    ),
)


def _linked(what: str) -> tuple[FieldSpec, ...]:
    """The fields that link an assessment or a step of an initiative to the model."""
    return (
        _F(
            name="segments",
            type=T.REFS,
            ref="segment",
            description=f"Segments {what}.",
        ),
        _F(
            name="objectives",
            type=T.REFS,
            ref="objective",
            description=f"Outcome objectives {what}.",
        ),
        _F(
            name="measures",
            type=T.REFS,
            ref="measure",
            description=f"Measures {what}; their results are evidence too.",
        ),
        _F(
            name="partners",
            type=T.REFS,
            ref="partner",
            description=f"Partners and advisers {what}.",
        ),
        _F(
            name="documents",
            type=T.TEXTS,
            description="Documents that show it: titles, file names or web addresses.",
        ),
    )


COMPONENT_ASSESSMENT = EntitySpec(
    name="component_assessment",
    cls=ComponentAssessment,
    words="component",
    one="component",
    description="The level a unit places itself at on one of Barker's four components, and "
    "the evidence it points to.",
    fields=(
        _F(
            name="component",
            type=T.CHOICE,
            required=True,
            choices=_words(Component),
            description="Which of the four components (Barker 2002): "
            "`understand_the_customer`, `operations_around_the_customer`, "
            "`stakeholder_relationships` or `deliver_target_outcomes`.",
        ),
        _F(
            name="level",
            type=T.CHOICE,
            required=True,
            choices=_words(Level),
            description="Where the unit stands, on cfgov's own scale (the report's maturity "
            "tables are not in cfgov's copy): `not_started`, `emerging`, `developing`, "
            "`established` or `leading`. docs/assessment.md says what each means.",
        ),
        *_linked("that show the level"),
        _F(name="note", type=T.TEXT, description="Why the team chose this level."),
        _F(
            name="next_steps",
            type=T.TEXTS,
            description="What the team will do to move up a level.",
        ),
    ),
)

ASSESSMENT = EntitySpec(
    name="assessment",
    cls=Assessment,
    description="A self-assessment: where a unit or organisation places itself on the four "
    "components of customer-focused government (Barker 2002, Part II), on one date. Keep "
    "each sitting as its own entry: cfgov shows the history and the change since the last.",
    fields=(
        ID,
        _F(
            name="unit",
            type=T.REF,
            ref="unit",
            required=True,
            description="The organisation or unit assessed.",
        ),
        _F(name="date", type=T.DATE, required=True, description="When the assessment was made."),
        _F(
            name="assessed_by",
            type=T.TEXT,
            description='Who made it ("the service management team, with two customer '
            'representatives").',
        ),
        _F(
            name="components",
            type=T.NESTED_LIST,
            nested=COMPONENT_ASSESSMENT,
            required=True,
            description="The level for each component assessed, with its evidence.",
        ),
        _F(name="description", type=T.TEXT, description="Anything else worth saying."),
        IGNORE,
    ),
)

STEP_RECORD = EntitySpec(
    name="step_record",
    cls=StepRecord,
    words="step record",
    description="What one step of an initiative produced, and whom it involved.",
    fields=(
        _F(
            name="step",
            type=T.CHOICE,
            required=True,
            choices=_words(ProgrammeStep),
            description="The step (Higson and Sturgess): `identify`, `scope` (Assess); "
            "`demand`, `supply` (Challenge); `priorities`, `plan_together`, `share_resources` "
            "(Prioritise); `pilot`, `roll_out`, `review` (Implement).",
        ),
        _F(name="date", type=T.DATE, description="When the step was done or finished."),
        _F(name="produced", type=T.TEXT, description="What the step produced."),
        _F(
            name="customers",
            type=T.REFS,
            ref="segment",
            description="The customer segments who took part. A pilot should name them (CFG139).",
        ),
        *_linked("the step concerned"),
        _F(name="note", type=T.TEXT, description="Anything else worth saying."),
    ),
)

INITIATIVE = EntitySpec(
    name="initiative",
    cls=Initiative,
    description="A piece of change a unit is making for some of its segments, tracked through "
    "the ten steps of the customer-driven services process model (Higson and Sturgess): "
    "Assess, Challenge, Prioritise, Implement.",
    fields=(
        ID,
        _F(
            name="name",
            type=T.TEXT,
            required=True,
            description="What the change is.",
            example="One front door for new claimants",
        ),
        _F(
            name="unit",
            type=T.REF,
            ref="unit",
            required=True,
            description="The organisation or unit that leads it.",
        ),
        _F(
            name="step",
            type=T.CHOICE,
            required=True,
            choices=_words(ProgrammeStep),
            description="The step it has reached: the steps before it count as done.",
        ),
        _F(
            name="segments",
            type=T.REFS,
            ref="segment",
            description="The segments the change is for.",
        ),
        _F(
            name="objectives",
            type=T.REFS,
            ref="objective",
            description="The outcome objectives it serves.",
        ),
        _F(
            name="partners",
            type=T.REFS,
            ref="partner",
            description="The partners working on it (step 6, plan together).",
        ),
        _F(
            name="steps",
            type=T.NESTED_LIST,
            nested=STEP_RECORD,
            description="What each step produced, in order.",
        ),
        _F(name="description", type=T.TEXT, description="Anything else worth saying."),
        IGNORE,
    ),
)

JOURNEY_STEP = EntitySpec(
    name="journey_step",
    cls=JourneyStep,
    words="step",
    one="step",
    description="One thing the customer does or goes through on a journey.",
    fields=(
        _F(
            name="name",
            type=T.TEXT,
            required=True,
            description="What happens, from the customer's side.",
            example="Phones to ask which benefit applies",
        ),
        _F(name="channel", type=T.TEXT, description='The channel used ("phone", "online").'),
        _F(
            name="unit",
            type=T.REF,
            ref="unit",
            description="The unit responsible for the step.",
        ),
        _F(
            name="partner",
            type=T.REF,
            ref="partner",
            description="The partner responsible, where a partner delivers the step.",
        ),
        _F(
            name="feeling",
            type=T.CHOICE,
            choices=_words(Feeling),
            description="How the step feels to the customer: `very_bad`, `bad`, `neutral`, "
            "`good` or `very_good`.",
        ),
        _F(name="pain", type=T.TEXT, description="What the customer finds hard here."),
        _F(
            name="measures",
            type=T.REFS,
            ref="measure",
            description="The measures that watch this step.",
        ),
        _F(
            name="hand_off",
            type=T.TEXT,
            description="Where the step passes from one unit or partner to another: who owns "
            "the hand-over, so that the customer meets no wrong door (CFG142).",
        ),
    ),
)

JOURNEY_STAGE = EntitySpec(
    name="journey_stage",
    cls=JourneyStage,
    words="stage",
    one="stage",
    description="A stage of a journey (finding out, applying, waiting) and its steps.",
    fields=(
        _F(
            name="name",
            type=T.TEXT,
            required=True,
            description="The stage.",
            example="Finding out",
        ),
        _F(
            name="steps",
            type=T.NESTED_LIST,
            nested=JOURNEY_STEP,
            description="The steps of the stage, in order.",
        ),
    ),
)

JOURNEY = EntitySpec(
    name="journey",
    cls=Journey,
    description="A customer journey: what one segment goes through, stage by stage, across "
    "the units and partners that serve it, seen from the customer's side.",
    fields=(
        ID,
        _F(
            name="name",
            type=T.TEXT,
            required=True,
            description="The journey.",
            example="Making a new claim",
        ),
        _F(
            name="segment",
            type=T.REF,
            ref="segment",
            required=True,
            description="The segment whose journey it is.",
        ),
        _F(
            name="stages",
            type=T.NESTED_LIST,
            nested=JOURNEY_STAGE,
            required=True,
            description="The stages, in order.",
        ),
        _F(name="description", type=T.TEXT, description="Anything else worth saying."),
        IGNORE,
    ),
)


#: The top-level collections a file may hold, in the order a dump writes them.
COLLECTIONS: dict[str, EntitySpec] = {
    "organisations": ORGANISATION,
    "units": UNIT,
    "aims": AIM,
    "stakeholders": STAKEHOLDER,
    "segments": SEGMENT,
    "partners": PARTNER,
    "objectives": OBJECTIVE,
    "principles": PRINCIPLE,
    "results": RESULTS,
    "feedback": FEEDBACK,
    "demand": DEMAND,
    "assessments": ASSESSMENT,
    "initiatives": INITIATIVE,
    "journeys": JOURNEY,
}

#: The collections of evidence: entries without ids, that the builder turns into records.
EVIDENCE_COLLECTIONS = frozenset({"results", "feedback", "demand"})

#: The model attribute each collection fills.
COLLECTION_ATTRIBUTES: dict[str, str] = {
    "organisations": "units",
    "units": "units",
    "aims": "aims",
    "stakeholders": "stakeholders",
    "segments": "segments",
    "partners": "partners",
    "objectives": "objectives",
    "principles": "principles",
    "results": "results",
    "feedback": "feedback",
    "demand": "demand",
    "assessments": "assessments",
    "initiatives": "initiatives",
    "journeys": "journeys",
}


def all_specs() -> Iterator[EntitySpec]:
    """Every entity spec, top-level and nested, each once."""
    seen: set[str] = set()
    pending = list(COLLECTIONS.values())
    while pending:
        spec = pending.pop(0)
        if spec.name in seen:
            continue
        seen.add(spec.name)
        yield spec
        pending.extend(f.nested for f in spec.fields if f.nested is not None)
