"""CFG119: sub-segments that add up to more people than the segment they split."""

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
    """For each segment with a size, the sizes of its sub-segments made by one cut add up
    to no more than its own (with a relative tolerance for rounding).

    Cost: each segment is visited once as a parent and once as a child: linear.
    """
    tolerance = float(options["tolerance"])
    for parent, cut, parts in sized_cuts(model, only):
        assert parent.size is not None
        children = [c for c in parts if c.size is not None]
        total = total_size(children)
        if not children or total <= parent.size.value * (1 + max(tolerance, ROUNDING)):
            continue
        yield RULE.finding(
            parent.id,
            f"{parts_of(parent, cut, children)} add up to {figure(total)}, more than its own "
            f"size of {figure(parent.size.value)}",
            field="size",
            related=[c.id for c in children],
        )


#: The model file the rule page shows; the fix is the same file with the mistake put right.
_EXAMPLE = """\
segments:
  - id: fp-employed
    name: Future pensioners working for an employer
    category: target
    unit: dwp
    size: 24000000
  - id: fp-employed-with-pension
    name: Employees with a private second pension
    category: target
    unit: dwp
    parent: fp-employed
    cut: pension position
    size: 14400000
  - id: fp-employed-without-pension
    name: Employees without a private second pension
    category: target
    unit: dwp
    parent: fp-employed
    cut: pension position
    size: 19600000        # should be 9,600,000
"""


RULE = Rule(
    code="CFG119",
    name="sizes-exceed-parent",
    severity=Severity.ERROR,
    summary="Sub-segments made by one cut that add up to more people than the segment they split.",
    rationale="A sub-segment refines a broader segment: it holds some of the same people, "
    "never more. When the parts made by one cut add up to more than the whole, a figure is "
    "wrong or the parts overlap, and every plan that relies on the sizes inherits the "
    "mistake. The report's DWP example shows sizes that roll up exactly: 7.7m and 1.5m "
    "make 9.2m (Barker 2002, Component 1).",
    fix="Check the figures and their dates. If sub-segments deliberately overlap because they "
    "split the segment in different ways, give each way its own `cut:` so they are added up "
    "separately.",
    source="Barker 2002, Component 1 (the DWP segmentation)",
    cost="Linear in segments.",
    scope=Scope.SEGMENT,
    check=check,
    options=(
        Option(
            name="tolerance",
            minimum=0.0,
            maximum=1.0,
            default=0.0,
            description="How far, as a fraction of the parent's size, the sum may exceed it "
            "before this fires; 0.01 allows for rounding of 1%.",
        ),
    ),
    example=_EXAMPLE,
    fixed=_EXAMPLE.replace(
        "    size: 19600000        # should be 9,600,000\n", "    size: 9600000\n"
    ),
)
