"""Where each measure stands, as text, Markdown or JSON: what ``cfgov progress`` shows.

The figures and statuses are :func:`cfgov.progress_of`'s; this module only lays
them out, grouped by the objective or service standard each measure belongs to,
worst status first within each group.
"""

from __future__ import annotations

import datetime
import json
from collections import Counter
from collections.abc import Iterable, Sequence

import attrs

from cfgov.model import Model, OutcomeObjective, Progress, Status, excerpt, progress_of
from cfgov.report._words import joined, plural, shorten
from cfgov.report.diff import markdown_code, markdown_text

#: The order statuses are counted in, worst first.
ORDER = sorted(Status, key=lambda status: status.rank)


@attrs.frozen(kw_only=True)
class Standing:
    """One measure's progress with what it belongs to, as the views list it."""

    owner: str
    owner_kind: str
    owner_label: str
    name: str
    progress: Progress


def standings(
    model: Model,
    *,
    as_of: datetime.date | str | None = None,
    statuses: Iterable[Status] | None = None,
    segment: str | None = None,
) -> list[Standing]:
    """Every measure's progress, in the model's order of objectives and standards.

    ``statuses`` keeps only measures at those statuses; ``segment`` only the
    measures of objectives for that segment (and the standards under them).
    """
    wanted = None if statuses is None else frozenset(statuses)
    serving = (
        None
        if segment is None
        else {m.id for o in model.objectives_for(segment) for m in model.measures_for(o.id)}
    )
    found = []
    for owner, measure in model.measures():
        if serving is not None and measure.id not in serving:
            continue
        progress = progress_of(model, measure, as_of=as_of)
        if wanted is not None and progress.status not in wanted:
            continue
        is_objective = isinstance(owner, OutcomeObjective)
        found.append(
            Standing(
                owner=owner.id,
                owner_kind="objective" if is_objective else "service standard",
                owner_label=owner.statement,
                name=measure.name,
                progress=progress,
            )
        )
    return found


def counts_line(found: Sequence[Standing]) -> str:
    """``"1 off track, 2 at risk, 3 met"``: the statuses counted, worst first."""
    counted = Counter(s.progress.status for s in found)
    parts = [f"{counted[status]:,} {status.words}" for status in ORDER if counted[status]]
    return joined(parts) if parts else "no measures"


def _groups(found: Sequence[Standing]) -> list[list[Standing]]:
    groups: dict[str, list[Standing]] = {}
    for standing in found:
        groups.setdefault(standing.owner, []).append(standing)
    return [sorted(members, key=lambda s: s.progress.status.rank) for members in groups.values()]


def _figure(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.3f}".rstrip("0").rstrip(".")
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def render_progress_text(found: Sequence[Standing]) -> str:
    """The standings for a terminal: a block per objective or standard, then the counts."""
    if not found:
        return "No measures to show.\n"
    lines: list[str] = []
    width = max(len(s.progress.status.words) for s in found)
    for members in _groups(found):
        first = members[0]
        label = excerpt(shorten(first.owner_label, 70), 80)
        lines.append(f"{first.owner_kind} {excerpt(first.owner)}: {label}")
        for standing in members:
            progress = standing.progress
            lines.append(
                f"  {progress.status.words:<{width}}  {excerpt(progress.measure)}  "
                f"{excerpt(shorten(standing.name, 60), 70)}"
            )
            lines.append(f"  {'':<{width}}  {excerpt(progress.reason, 300)}")
        lines.append("")
    lines.append(f"{plural(len(found), 'measure')}: {counts_line(found)}.")
    return "\n".join(lines) + "\n"


def render_progress_markdown(found: Sequence[Standing], *, title: str = "Progress") -> str:
    """The standings as a Markdown table per objective or standard."""
    lines = [f"## {markdown_text(title)}", ""]
    if not found:
        return "\n".join([*lines, "No measures to show."]) + "\n"
    lines += [f"**{plural(len(found), 'measure')}: {markdown_text(counts_line(found))}**", ""]
    for members in _groups(found):
        first = members[0]
        lines += [
            f"### {markdown_text(first.owner_kind.capitalize())} "
            f"{markdown_code(first.owner)} {markdown_text(shorten(first.owner_label, 90))}",
            "",
            "| status | measure | latest | actual | expected | target | why |",
            "|---|---|---|---|---|---|---|",
        ]
        for standing in members:
            progress = standing.progress
            latest = progress.latest.period if progress.latest is not None else ""
            lines.append(
                f"| {progress.status.words} "
                f"| {markdown_code(progress.measure, in_table=True)} "
                f"{markdown_text(shorten(standing.name, 60))} "
                f"| {markdown_text(latest)} | {_figure(progress.actual)} "
                f"| {_figure(progress.expected)} | {markdown_text(_figure(progress.target))} "
                f"| {markdown_text(progress.reason)} |"
            )
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def progress_record(standing: Standing) -> dict[str, object]:
    """One standing as plain data: the same keys, with the same types, for every measure."""
    progress = standing.progress
    latest = progress.latest
    return {
        "measure": progress.measure,
        "name": standing.name,
        "owner": standing.owner,
        "owner_kind": standing.owner_kind,
        "status": progress.status.value,
        "reason": progress.reason,
        "better": None if progress.better is None else progress.better.value,
        "baseline": progress.baseline,
        "baseline_date": progress.baseline_date,
        "target": progress.target,
        "deadline": progress.deadline,
        "latest_period": None if latest is None else latest.period,
        "actual": progress.actual,
        "expected": progress.expected,
        "tolerance": progress.tolerance,
        "change": progress.change,
        "periods_judged": len(progress.history),
    }


def render_progress_json(found: Sequence[Standing]) -> str:
    """The standings as JSON: ``{"counts": {...}, "measures": [...]}``."""
    counted = Counter(s.progress.status for s in found)
    document = {
        "counts": {status.value: counted[status] for status in ORDER},
        "measures": [progress_record(s) for s in found],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
