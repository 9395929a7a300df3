"""CFG108: a segment split too many ways, or into too many pieces (tip T8)."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator

from cfgov.model import Finding, Model, Segment, Severity, excerpt, quoted
from cfgov.rules.base import Option, Options, Rule, text_key
from cfgov.rules.scope import Scope, asked


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def check(model: Model, options: Options, only: Collection[str] | None = None) -> Iterator[Finding]:
    """Each segment's direct sub-segments use no more than ``max_cuts`` distinct cuts and
    number no more than ``max_sub_segments``.

    Cost: each segment is visited once as a parent and once as a child: linear in segments.
    For ``only``, the segments asked about are looked up.
    """
    max_cuts = int(options["max_cuts"])
    max_sub_segments = int(options["max_sub_segments"])
    parents: Iterable[Segment] = model.segments
    if only is not None:
        parents = asked(model, only, Segment)
    for parent in parents:
        children = model.sub_segments_of(parent.id)
        if not children:
            continue
        cuts: dict[str, str] = {}
        for child in children:
            if text_key(child.cut):
                cuts.setdefault(text_key(child.cut), " ".join((child.cut or "").split()))
        problems: list[str] = []
        if len(cuts) > max_cuts:
            shown = ", ".join(quoted(c) for c in cuts.values())
            problems.append(
                f"its sub-segments cut it {_plural(len(cuts), 'way')} ({shown}), more than "
                f"the limit of {max_cuts} (`max_cuts`)"
            )
        if len(children) > max_sub_segments:
            problems.append(
                f"it has {_plural(len(children), 'direct sub-segment')}, more than the "
                f"limit of {max_sub_segments} (`max_sub_segments`)"
            )
        if not problems:
            continue
        yield RULE.finding(
            parent.id,
            f"segment {quoted(parent.id)} ({excerpt(parent.name)}) is split in too many "
            "directions: " + "; and ".join(problems),
            hint="Keep the cuts that matter most for the unit's objectives now and drop or "
            "defer the rest; split a sub-segment further where one cut only matters "
            "inside another, rather than listing every combination side by side.",
            related=[c.id for c in children],
        )


RULE = Rule(
    code="CFG108",
    name="cut-sprawl",
    severity=Severity.WARNING,
    summary="A segment cut in more ways, or into more sub-segments, than the team has "
    "chosen to handle.",
    rationale="Any group can be sliced along many lines to bring out different needs: the "
    "report's example is teachers by years of experience, by location or by whether their "
    "employer is public or private. Followed through, the slicing never ends, so the report "
    "advises choosing the few cuts that matter for the objectives and staying ready to "
    "change them, rather than spelling out every combination. DWP, for instance, split "
    "future pensioners by employment status and then by pension position (Barker 2002, "
    "Component 1, tip T8).",
    fix="Choose the cuts that matter most now and drop the others, or nest them: cut the "
    "segment one way, then cut only the sub-segments where a second criterion makes a "
    "difference. Raise `max_cuts` or `max_sub_segments` if the team has deliberately "
    "chosen a finer split.",
    source="Barker 2002, Component 1, tip T8 (cuts)",
    cost="Linear in segments.",
    scope=Scope.SEGMENT,
    check=check,
    options=(
        Option(
            name="max_cuts",
            minimum=1,
            default=3,
            description="The most distinct `cut:` values a segment's direct sub-segments may use.",
        ),
        Option(
            name="max_sub_segments",
            minimum=1,
            default=12,
            description="The most direct sub-segments a segment may have.",
        ),
    ),
    example="""\
segments:
  - {id: teachers, name: Teachers as professionals, category: target, unit: dfes}
  - {id: t-new, name: New teachers, category: target, unit: dfes, parent: teachers,
     cut: years of experience}
  - {id: t-north, name: Teachers in the North, category: target, unit: dfes,
     parent: teachers, cut: location}
  - {id: t-private, name: Teachers in private schools, category: target, unit: dfes,
     parent: teachers, cut: employer}
  - {id: t-maths, name: Maths teachers, category: target, unit: dfes, parent: teachers,
     cut: subject}
""",
    fixed="""\
segments:
  - {id: teachers, name: Teachers as professionals, category: target, unit: dfes}
  - {id: t-new, name: New teachers, category: target, unit: dfes, parent: teachers,
     cut: years of experience}
  - {id: t-north, name: Teachers in the North, category: target, unit: dfes,
     parent: teachers, cut: location}
  - {id: t-new-maths, name: New maths teachers, category: target, unit: dfes,
     parent: t-new, cut: subject}
""",
)
