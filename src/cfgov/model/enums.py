"""The closed vocabularies of the model, spelled as the YAML format spells them."""

from __future__ import annotations

import enum


class _Vocabulary(enum.Enum):
    """An enum whose values are the words users write in YAML."""

    def __str__(self) -> str:
        return str(self.value)


class UnitKind(_Vocabulary):
    """What a node of the organisation graph is.

    The first group are bodies in their own right (an *organisation*, after the
    GOV.UK register's types); the rest are parts of a body.
    """

    ORGANISATION = "organisation"
    EXECUTIVE_OFFICE = "executive_office"
    MINISTERIAL_DEPARTMENT = "ministerial_department"
    NON_MINISTERIAL_DEPARTMENT = "non_ministerial_department"
    EXECUTIVE_AGENCY = "executive_agency"
    NON_DEPARTMENTAL_PUBLIC_BODY = "non_departmental_public_body"
    EXECUTIVE_NDPB = "executive_ndpb"
    ADVISORY_NDPB = "advisory_ndpb"
    TRIBUNAL_NDPB = "tribunal_ndpb"
    AD_HOC_ADVISORY_GROUP = "ad_hoc_advisory_group"
    INDEPENDENT_MONITORING_BODY = "independent_monitoring_body"
    COURT = "court"
    CIVIL_SERVICE = "civil_service"
    SUB_ORGANISATION = "sub_organisation"
    DEVOLVED_ADMINISTRATION = "devolved_administration"
    LOCAL_AUTHORITY = "local_authority"
    PUBLIC_CORPORATION = "public_corporation"
    UNIT = "unit"
    DIRECTORATE = "directorate"
    DIVISION = "division"
    SERVICE = "service"
    POLICY_AREA = "policy_area"
    INTERNAL_SERVICE = "internal_service"
    PRIVATE_OFFICE = "private_office"
    TEAM = "team"

    @property
    def is_organisation(self) -> bool:
        """True for bodies (departments, agencies, councils...), False for their parts."""
        return self in ORGANISATION_KINDS


ORGANISATION_KINDS = frozenset(
    {
        UnitKind.ORGANISATION,
        UnitKind.EXECUTIVE_OFFICE,
        UnitKind.MINISTERIAL_DEPARTMENT,
        UnitKind.NON_MINISTERIAL_DEPARTMENT,
        UnitKind.EXECUTIVE_AGENCY,
        UnitKind.NON_DEPARTMENTAL_PUBLIC_BODY,
        UnitKind.EXECUTIVE_NDPB,
        UnitKind.ADVISORY_NDPB,
        UnitKind.TRIBUNAL_NDPB,
        UnitKind.AD_HOC_ADVISORY_GROUP,
        UnitKind.INDEPENDENT_MONITORING_BODY,
        UnitKind.COURT,
        UnitKind.CIVIL_SERVICE,
        UnitKind.SUB_ORGANISATION,
        UnitKind.DEVOLVED_ADMINISTRATION,
        UnitKind.LOCAL_AUTHORITY,
        UnitKind.PUBLIC_CORPORATION,
    }
)


class UnitStatus(_Vocabulary):
    """Whether a body or unit is operating (GOV.UK register statuses)."""

    LIVE = "live"
    JOINING = "joining"
    CLOSED = "closed"
    TRANSITIONING = "transitioning"
    EXEMPT = "exempt"
    DEVOLVED = "devolved"


class AimKind(_Vocabulary):
    """Where an aim comes from."""

    PSA = "psa"
    SDA = "sda"
    BUSINESS_PLAN = "business_plan"
    STRATEGIC = "strategic"
    STATUTORY = "statutory"
    OTHER = "other"


class Voice(_Vocabulary):
    """How strongly a group can make itself heard (tips T9 and T10)."""

    STRONG = "strong"
    MODERATE = "moderate"
    WEAK = "weak"
    NONE = "none"


class Category(_Vocabulary):
    """A customer segment is a target customer or an indirect customer (Barker 2002, C1)."""

    TARGET = "target"
    INDIRECT = "indirect"


class TargetKind(_Vocabulary):
    """Target customers who do not look like customers (tip T11)."""

    RELUCTANT = "reluctant"
    UNAWARE = "unaware"
    UNFORMED = "unformed"


class SourceKind(_Vocabulary):
    """Where understanding of a segment's needs comes from."""

    RESEARCH = "research"
    FEEDBACK = "feedback"
    FRONT_LINE = "front_line"
    REPRESENTATIVE = "representative"
    STATISTICS = "statistics"
    CONSULTATION = "consultation"
    CORRESPONDENCE = "correspondence"
    OTHER = "other"


class Closeness(_Vocabulary):
    """How close a knowledge source is to the actual customer."""

    DIRECT = "direct"
    NEAR = "near"
    DISTANT = "distant"


class PartnerRole(_Vocabulary):
    """The three kinds of partners and advisers (Barker 2002, C1)."""

    REPRESENTATIVE = "representative"
    INTERMEDIARY = "intermediary"
    EXPERT = "expert"


class Direction(_Vocabulary):
    """Whether an objective maximises a benefit, limits a risk, or spans segments."""

    UP_SIDE = "up_side"
    DOWN_SIDE = "down_side"
    SCENARIO = "scenario"


class MeasureKind(_Vocabulary):
    """An outcome for customers, an output of the organisation, or a longer-term impact."""

    OUTCOME = "outcome"
    OUTPUT = "output"
    IMPACT = "impact"


class MeasureType(_Vocabulary):
    """What a measure's figures are, which fixes what values it may hold.

    A count is a whole number of 0 or more; a percentage runs from 0 to 100; a
    ratio, a duration and money (which may be negative) are numbers; a rating
    runs from 0 to 10; a qualitative measure holds text, not numbers.
    """

    COUNT = "count"
    PERCENTAGE = "percentage"
    RATIO = "ratio"
    MONEY = "money"
    DURATION = "duration"
    RATING = "rating"
    QUALITATIVE = "qualitative"


class ResultStatus(_Vocabulary):
    """Whether a result may still change (provisional) or is settled (final)."""

    PROVISIONAL = "provisional"
    FINAL = "final"


class FeedbackKind(_Vocabulary):
    """Where feedback comes from: a survey sent out, or feedback taken at the transaction."""

    SURVEY = "survey"
    TRANSACTION = "transaction"


class Better(_Vocabulary):
    """Which way a measure should move: up (take-up, accuracy) or down (waiting time)."""

    HIGHER = "higher"
    LOWER = "lower"


class Perspective(_Vocabulary):
    """Measured end to end as the customer sees it, or as internal activity (Seddon 2006)."""

    END_TO_END = "end_to_end"
    INTERNAL = "internal"


class ExperienceArea(_Vocabulary):
    """The areas of the customer's experience that a measure or standard watches.

    The seven areas of the essay on customer-centric delivery (seed 004):
    *speed* (right first time, in the shortest time), *engagement* (services
    delivered in a way customers trust and take part in), *responsiveness*
    (service levels watched and acted on), *value* (worth the cost, judged by
    outcomes), *integration* (joined up: no wrong door), *choice* (channels of
    the customer's choosing) and *experience* (personal, as good as the best
    the customer meets elsewhere).
    """

    SPEED = "speed"
    ENGAGEMENT = "engagement"
    RESPONSIVENESS = "responsiveness"
    VALUE = "value"
    INTEGRATION = "integration"
    CHOICE = "choice"
    EXPERIENCE = "experience"


class Component(_Vocabulary):
    """Barker's four components of customer-focused government (seed 002)."""

    UNDERSTAND = "understand_the_customer"
    OPERATIONS = "operations_around_the_customer"
    RELATIONSHIPS = "stakeholder_relationships"
    OUTCOMES = "deliver_target_outcomes"

    @property
    def number(self) -> int:
        """1 to 4, in the report's order."""
        return list(Component).index(self) + 1

    @property
    def title(self) -> str:
        """The component's name as the report gives it."""
        return _COMPONENT_TITLES[self]


_COMPONENT_TITLES = {
    Component.UNDERSTAND: "Understand the customer",
    Component.OPERATIONS: "Build operations around the customer",
    Component.RELATIONSHIPS: "Manage stakeholder relationships",
    Component.OUTCOMES: "Use customer understanding to deliver target outcomes",
}


class Level(_Vocabulary):
    """cfgov's own five-level scale for a self-assessment against one component.

    The report's Part II maturity tables are not in cfgov's copy of the report,
    so this scale is cfgov's, not Barker's; docs/assessment.md says what each
    level means for each component.
    """

    NOT_STARTED = "not_started"
    EMERGING = "emerging"
    DEVELOPING = "developing"
    ESTABLISHED = "established"
    LEADING = "leading"

    @property
    def rank(self) -> int:
        """0 (not started) to 4 (leading), for comparing levels."""
        return list(Level).index(self)

    @property
    def words(self) -> str:
        """The level as prose: "not started"."""
        return self.value.replace("_", " ")


class Stage(_Vocabulary):
    """The four stages of Higson and Sturgess's customer-driven services model (seed 001)."""

    ASSESS = "assess"
    CHALLENGE = "challenge"
    PRIORITISE = "prioritise"
    IMPLEMENT = "implement"


class ProgrammeStep(_Vocabulary):
    """The ten steps of the customer-driven services process model (Higson and Sturgess).

    Assess: 1 identify customers and their needs, 2 scope current provision and
    capabilities. Challenge: 3 demand, 4 supply. Prioritise: 5 the priorities
    that yield the most impact, 6 plan together, 7 share resources. Implement:
    8 pilot with customers, 9 roll out, 10 review and evaluate.
    """

    IDENTIFY = "identify"
    SCOPE = "scope"
    DEMAND = "demand"
    SUPPLY = "supply"
    PRIORITIES = "priorities"
    PLAN_TOGETHER = "plan_together"
    SHARE_RESOURCES = "share_resources"
    PILOT = "pilot"
    ROLL_OUT = "roll_out"
    REVIEW = "review"

    @property
    def number(self) -> int:
        """1 to 10, in the model's order."""
        return list(ProgrammeStep).index(self) + 1

    @property
    def stage(self) -> Stage:
        """The stage the step belongs to."""
        return _STEP_STAGES[self.number]

    @property
    def title(self) -> str:
        """The step in words, as docs and reports name it."""
        return _STEP_TITLES[self]


_STEP_STAGES = {
    1: Stage.ASSESS,
    2: Stage.ASSESS,
    3: Stage.CHALLENGE,
    4: Stage.CHALLENGE,
    5: Stage.PRIORITISE,
    6: Stage.PRIORITISE,
    7: Stage.PRIORITISE,
    8: Stage.IMPLEMENT,
    9: Stage.IMPLEMENT,
    10: Stage.IMPLEMENT,
}

_STEP_TITLES = {
    ProgrammeStep.IDENTIFY: "Identify the customers and their needs",
    ProgrammeStep.SCOPE: "Scope current provision and capabilities",
    ProgrammeStep.DEMAND: "Challenge demand",
    ProgrammeStep.SUPPLY: "Challenge supply",
    ProgrammeStep.PRIORITIES: "Agree the priorities with the most impact",
    ProgrammeStep.PLAN_TOGETHER: "Plan together",
    ProgrammeStep.SHARE_RESOURCES: "Share resources",
    ProgrammeStep.PILOT: "Pilot with customers",
    ProgrammeStep.ROLL_OUT: "Roll out",
    ProgrammeStep.REVIEW: "Review and evaluate",
}


class Feeling(_Vocabulary):
    """How a step of a journey feels to the customer, worst to best (a Mermaid score 1-5)."""

    VERY_BAD = "very_bad"
    BAD = "bad"
    NEUTRAL = "neutral"
    GOOD = "good"
    VERY_GOOD = "very_good"

    @property
    def score(self) -> int:
        """1 (very bad) to 5 (very good)."""
        return list(Feeling).index(self) + 1
