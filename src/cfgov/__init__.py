"""cfgov: customer segmentation for public services, as data.

Load a model from YAML files, query it, and check it::

    from cfgov import load
    model = load("segments/")
    for segment in model.segments_at("pension-service"):
        print(segment.id, segment.name)
    for finding in check(model).findings:
        print(finding)

Everything importable from this module is the public API; the rest may change.
"""

from cfgov._version import __version__
from cfgov.io import (
    DEFAULT_LIMITS,
    BuildCache,
    Limits,
    LoadError,
    dump,
    json_schema,
    load,
    load_with_sources,
    loads,
    loads_with_sources,
)
from cfgov.model import (
    Aim,
    AimKind,
    Better,
    Category,
    CfgovError,
    Closeness,
    Direction,
    Finding,
    KnowledgeSource,
    Location,
    Measure,
    MeasureKind,
    Model,
    ModelError,
    OutcomeObjective,
    Partner,
    PartnerRole,
    Perspective,
    Principle,
    Segment,
    ServiceStandard,
    Severity,
    Size,
    SourceKind,
    SourceMap,
    Stakeholder,
    Suppression,
    TargetKind,
    Unit,
    UnitKind,
    UnitStatus,
    Voice,
)
from cfgov.report.frames import Frames, frames
from cfgov.rules import (
    CheckResult,
    Config,
    Option,
    Options,
    ReadinessAnswer,
    Rule,
    check,
    readiness,
)

__all__ = [
    "DEFAULT_LIMITS",
    "Aim",
    "AimKind",
    "Better",
    "BuildCache",
    "Category",
    "CfgovError",
    "CheckResult",
    "Closeness",
    "Config",
    "Direction",
    "Finding",
    "Frames",
    "KnowledgeSource",
    "Limits",
    "LoadError",
    "Location",
    "Measure",
    "MeasureKind",
    "Model",
    "ModelError",
    "Option",
    "Options",
    "OutcomeObjective",
    "Partner",
    "PartnerRole",
    "Perspective",
    "Principle",
    "ReadinessAnswer",
    "Rule",
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
    "__version__",
    "check",
    "dump",
    "frames",
    "json_schema",
    "load",
    "load_with_sources",
    "loads",
    "loads_with_sources",
    "readiness",
]
