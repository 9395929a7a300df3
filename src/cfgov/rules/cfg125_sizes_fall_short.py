"""CFG125: sub-segments that, all sized, leave part of the segment they split uncounted."""

from __future__ import annotations

from collections.abc import Collection, Iterator

from cfgov.model import Finding, Model, Severity
from cfgov.rules.base import (
    ROUNDING,
    Option,
    Options,
    Rule,
    figure,
    parts_of,
    sized_cuts,
    total_size,
)
from cfgov.rules.scope import Scope


def check(model: Model, options: Options, only: Collection[str] | None = None) -> Iterator[Finding]:
    """For each segment with a size cut one way into two or more sub-segments that all have
    sizes, those sizes add up to the segment's own, within the tolerance.

    Cost: each segment is visited once as a parent and once as a child: linear.
    """
    tolerance = float(options["tolerance"])
    for parent, cut, children in sized_cuts(model, only):
        assert parent.size is not None
        if parent.size.value == 0:
            continue
        if len(children) < 2 or not all(c.size is not None for c in children):
            # One sub-segment picks out a group rather than dividing the whole, and an
            # unsized sub-segment may hold the rest.
            continue
        total = total_size(children)
        if total >= parent.size.value * (1 - max(tolerance, ROUNDING)):
            continue
        missing = parent.size.value - total
        yield RULE.finding(
            parent.id,
            f"{parts_of(parent, cut, children)} add up to {figure(total)} of its "
            f"{figure(parent.size.value)}: {figure(missing)} people are in none of them",
            field="size",
            related=[c.id for c in children],
        )


#: The model file the rule page shows; the fix is the same file with the mistake put right.
_EXAMPLE = """\
segments:
  - id: fp-not-employed
    name: Future pensioners not in paid employment
    category: target
    unit: dwp
    size: 9200000
  - id: fp-not-seeking-work
    name: Carers and disabled people not seeking work
    category: target
    unit: dwp
    parent: fp-not-employed
    cut: pension position
    size: 7700000
  - id: fp-jobseekers
    name: Jobseekers as future savers
    category: target
    unit: dwp
    parent: fp-not-employed
    cut: pension position
    size: 1000000        # 200,000 people are in neither
"""


RULE = Rule(
    code="CFG125",
    name="sizes-fall-short",
    severity=Severity.INFO,
    summary="Two or more sub-segments made by one cut, all with sizes, that add up to fewer "
    "people than the segment they split.",
    rationale="When a segment is cut one way and every part has a size, the parts should "
    "account for everyone in it, as DWP's future pensioners do (7.7m and 1.5m make 9.2m; "
    "Barker 2002, Component 1). A shortfall means a figure is out of date, or a group of "
    "people has been left out of the cut, and a group nobody has named is a group nobody "
    "plans for. It is information, not a fault: a team may cut out only the parts it works with.",
    fix="Check the figures and their dates, or add the missing sub-segment (even one "
    "without an objective) so the cut accounts for everyone.",
    source="Barker 2002, Component 1 (the DWP segmentation)",
    cost="Linear in segments.",
    scope=Scope.SEGMENT,
    check=check,
    options=(
        Option(
            name="tolerance",
            minimum=0.0,
            maximum=1.0,
            default=0.02,
            description="How far, as a fraction of the parent's size, the sum may fall short "
            "before this fires; the default allows for rounding of 2%.",
        ),
    ),
    example=_EXAMPLE,
    fixed=_EXAMPLE.replace(
        "    size: 1000000        # 200,000 people are in neither\n", "    size: 1500000\n"
    ),
)
