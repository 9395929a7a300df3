"""The domain model: plain, frozen data with no I/O and no knowledge of YAML."""

from cfgov.model.enums import (
    ORGANISATION_KINDS,
    AimKind,
    Better,
    Category,
    Closeness,
    Direction,
    MeasureKind,
    PartnerRole,
    Perspective,
    SourceKind,
    TargetKind,
    UnitKind,
    UnitStatus,
    Voice,
)
from cfgov.model.findings import Finding, Location, Severity, Suppression, excerpt, quoted
from cfgov.model.model import KIND_NAMES, CfgovError, Entity, Model, ModelError
from cfgov.model.objectives import Measure, OutcomeObjective, Principle, ServiceStandard
from cfgov.model.organisation import Aim, Unit
from cfgov.model.problems import PROBLEM_CODES, ProblemCode
from cfgov.model.segments import KnowledgeSource, Segment, Size
from cfgov.model.sources import SourceMap
from cfgov.model.stakeholders import Partner, Stakeholder

__all__ = [
    "KIND_NAMES",
    "ORGANISATION_KINDS",
    "PROBLEM_CODES",
    "Aim",
    "AimKind",
    "Better",
    "Category",
    "CfgovError",
    "Closeness",
    "Direction",
    "Entity",
    "Finding",
    "KnowledgeSource",
    "Location",
    "Measure",
    "MeasureKind",
    "Model",
    "ModelError",
    "OutcomeObjective",
    "Partner",
    "PartnerRole",
    "Perspective",
    "Principle",
    "ProblemCode",
    "Segment",
    "ServiceStandard",
    "Severity",
    "Size",
    "SourceKind",
    "SourceMap",
    "Stakeholder",
    "Suppression",
    "TargetKind",
    "Unit",
    "UnitKind",
    "UnitStatus",
    "Voice",
    "excerpt",
    "quoted",
]
