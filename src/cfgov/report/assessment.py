"""Where each assessed unit stands: the team's levels beside cfgov's view, and its initiatives.

``cfgov assess`` shows these; the functions are pure (model and findings in, text out)
so a report or a site can show the same view.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

import attrs

from cfgov.model import (
    Assessment,
    Component,
    Finding,
    Initiative,
    Model,
    ProgrammeStep,
    Unit,
    excerpt,
)
from cfgov.model.standing import (
    ComponentChange,
    ComponentView,
    Standing,
    change_between,
    standing_of,
)
from cfgov.report.diff import markdown_code, markdown_text

#: How much of a user's free text (what a step produced, a note) the text format shows.
TEXT_CHARS = 200


@attrs.frozen(kw_only=True)
class UnitAssessment:
    """One unit's latest sitting beside the model's view, with its findings and initiatives."""

    unit: Unit
    #: Every sitting of the unit, oldest first (empty when it has not assessed itself).
    history: tuple[Assessment, ...]
    standing: Standing
    #: Per component scored at the latest sitting: the change since the sittings before.
    changes: tuple[ComponentChange, ...]
    initiatives: tuple[Initiative, ...]
    #: Findings about the latest sitting and the unit's initiatives.
    findings: tuple[Finding, ...]

    @property
    def latest(self) -> Assessment | None:
        """The latest sitting, or None."""
        return self.history[-1] if self.history else None

    def change_of(self, component: Component) -> ComponentChange | None:
        """The change of one component at the latest sitting; None when it was not scored."""
        return next((c for c in self.changes if c.component is component), None)


def unit_assessments(
    model: Model, findings: Iterable[Finding] = (), *, unit: str | None = None
) -> tuple[UnitAssessment, ...]:
    """Each assessed unit (or only ``unit``, assessed or not), in the model's order of units.

    Raises :class:`KeyError` when ``unit`` is given and the model has no such unit.
    """
    if unit is not None:
        chosen = [model.unit(unit)]
    else:
        assessed = {a.unit for a in model.assessments}
        chosen = [u for u in model.units if u.id in assessed]
    found = list(findings)
    views = []
    for each in chosen:
        history = model.assessments_of(each.id)
        initiatives = model.initiatives_of(each.id)
        about = {i.id for i in initiatives}
        if history:
            about.add(history[-1].id)
        views.append(
            UnitAssessment(
                unit=each,
                history=history,
                standing=standing_of(model, each.id),
                changes=change_between(history[:-1], history[-1]) if history else (),
                initiatives=initiatives,
                findings=tuple(f for f in found if f.entity in about),
            )
        )
    return tuple(views)


def _level(level: object) -> str:
    return "-" if level is None else str(getattr(level, "words", level))


def _change_words(change: ComponentChange | None) -> str:
    if change is None:
        return "-"
    if change.previous is None:
        return "new"
    if change.change.value == "same":
        return "same"
    return f"{change.change} from {change.previous.words}"


def _step_words(step: ProgrammeStep) -> str:
    return f"{str(step.stage).capitalize()}, step {step.number} of 10 ({step.title})"


def _location(finding: Finding) -> str:
    where = finding.location if finding.location is not None else finding.entity
    return f"{where}: " if where is not None else ""


def render_assessment_text(found: Sequence[UnitAssessment]) -> str:
    """The view as plain text, unit by unit."""
    if not found:
        return (
            "No unit has assessed itself: add an entry under `assessments:` (see the "
            "assessment guide), or name a unit with --unit to see what the model says of it.\n"
        )
    lines: list[str] = []
    for view in found:
        lines += _unit_text(view)
    return "\n".join(lines).rstrip("\n") + "\n"


def _unit_text(view: UnitAssessment) -> list[str]:
    unit, latest = view.unit, view.latest
    head = f"{excerpt(unit.name)} ({excerpt(unit.id)})"
    if latest is None:
        lines = [head, "  No self-assessment yet; what the model says:"]
    else:
        by = f" by {excerpt(latest.assessed_by, TEXT_CHARS)}" if latest.assessed_by else ""
        count = len(view.history)
        lines = [
            f"{head}: assessment {excerpt(latest.id)} of {latest.date}{by} "
            f"(the latest of {count} sitting{'' if count == 1 else 's'})"
        ]
    lines.append("")
    for component_view in view.standing.views:
        lines += _component_text(view, component_view)
    if view.findings:
        lines.append("  Findings:")
        for finding in view.findings:
            lines.append(
                f"    {_location(finding)}{finding.code} {finding.severity}: {finding.message}"
            )
        lines.append("")
    if view.initiatives:
        lines.append("  Initiatives:")
        for initiative in view.initiatives:
            lines.append(
                f"    {excerpt(initiative.id)} ({excerpt(initiative.name)}): "
                f"{_step_words(initiative.step)}"
            )
            for record in initiative.steps:
                when = f" ({record.date})" if record.date else ""
                produced = excerpt(record.produced, TEXT_CHARS) if record.produced else "-"
                lines.append(f"      {record.step.number}. {record.step.title}{when}: {produced}")
        lines.append("")
    return lines


def _component_text(view: UnitAssessment, seen: ComponentView) -> list[str]:
    component = seen.component
    latest = view.latest
    part = latest.part_for(component) if latest is not None else None
    claimed = (
        f"{part.level.words} ({_change_words(view.change_of(component))})"
        if part is not None
        else "not scored"
    )
    lines = [
        f"  {component.number}. {component.title}",
        f"     team: {claimed}; cfgov: {_level(seen.level) if seen.level else 'cannot judge'}; "
        f"ceiling: {seen.ceiling.words}",
    ]
    if seen.contradiction is not None:
        lines.append(f"     above {seen.ceiling.words} is contradicted: {seen.contradiction}")
    lines += [f"     - {reason}" for reason in seen.reasons]
    if part is not None:
        if part.evidence or part.documents:
            cited = ", ".join(excerpt(e) for e in (*part.evidence, *part.documents))
            lines.append(f"     evidence: {cited}")
        if part.next_steps:
            lines.append(
                "     next steps: " + "; ".join(excerpt(s, TEXT_CHARS) for s in part.next_steps)
            )
    lines.append("")
    return lines


def render_assessment_markdown(
    found: Sequence[UnitAssessment], *, title: str = "Assessment"
) -> str:
    """The view as Markdown: a table of components per unit, then findings and initiatives."""
    lines = [f"## {markdown_text(title)}", ""]
    if not found:
        return "\n".join([*lines, "No unit has assessed itself."]) + "\n"
    for view in found:
        unit, latest = view.unit, view.latest
        lines.append(f"### {markdown_text(unit.name)} ({markdown_code(unit.id)})")
        lines.append("")
        if latest is None:
            lines.append("No self-assessment yet; what the model says:")
        else:
            by = f" by {markdown_text(latest.assessed_by)}" if latest.assessed_by else ""
            lines.append(
                f"Assessment {markdown_code(latest.id)} of {markdown_text(latest.date)}{by}, "
                f"the latest of {len(view.history)}."
            )
        lines += [
            "",
            "| component | team | change | cfgov | ceiling | why |",
            "|---|---|---|---|---|---|",
        ]
        for seen in view.standing.views:
            part = latest.part_for(seen.component) if latest is not None else None
            why = " ".join(seen.reasons)
            if seen.contradiction is not None:
                why = f"Above {seen.ceiling.words}: {seen.contradiction}. {why}"
            lines.append(
                f"| {seen.component.number}. {markdown_text(seen.component.title)} "
                f"| {_level(part.level if part else None)} "
                f"| {_change_words(view.change_of(seen.component))} "
                f"| {_level(seen.level)} | {seen.ceiling.words} | {markdown_text(why)} |"
            )
        lines.append("")
        if view.findings:
            lines += ["#### Findings", ""]
            lines += [
                f"- {markdown_text(_location(f))} **{f.code}** {f.severity}: "
                f"{markdown_text(f.message)}"
                for f in view.findings
            ]
            lines.append("")
        if view.initiatives:
            lines += ["#### Initiatives", "", "| initiative | stage | step | produced |"]
            lines.append("|---|---|---|---|")
            for initiative in view.initiatives:
                produced = "; ".join(
                    f"{r.step.number}. {r.step.title}: {r.produced}"
                    for r in initiative.steps
                    if r.produced
                )
                lines.append(
                    f"| {markdown_code(initiative.id, in_table=True)} "
                    f"{markdown_text(initiative.name)} "
                    f"| {str(initiative.stage).capitalize()} "
                    f"| {initiative.step.number}. {initiative.step.title} "
                    f"| {markdown_text(produced)} |"
                )
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def assessment_record(view: UnitAssessment) -> dict[str, object]:
    """One unit's view as plain data for JSON."""
    latest = view.latest
    components = []
    for seen in view.standing.views:
        part = latest.part_for(seen.component) if latest is not None else None
        change = view.change_of(seen.component)
        components.append(
            {
                "component": seen.component.value,
                "number": seen.component.number,
                "title": seen.component.title,
                "claimed": part.level.value if part else None,
                "previous": change.previous.value if change and change.previous else None,
                "change": change.change.value if change else None,
                "model": seen.level.value if seen.level is not None else None,
                "ceiling": seen.ceiling.value,
                "contradiction": seen.contradiction,
                "reasons": list(seen.reasons),
                "evidence": list(part.evidence) if part else [],
                "documents": list(part.documents) if part else [],
                "next_steps": list(part.next_steps) if part else [],
            }
        )
    return {
        "unit": view.unit.id,
        "name": view.unit.name,
        "assessment": None
        if latest is None
        else {"id": latest.id, "date": latest.date, "assessed_by": latest.assessed_by},
        "history": [
            {
                "id": sitting.id,
                "date": sitting.date,
                "levels": {p.component.value: p.level.value for p in sitting.components},
            }
            for sitting in view.history
        ],
        "components": components,
        "findings": [
            {
                "code": f.code,
                "severity": f.severity.value,
                "message": f.message,
                "entity": f.entity,
                "field": f.field,
                "location": None if f.location is None else str(f.location),
            }
            for f in view.findings
        ],
        "initiatives": [
            {
                "id": i.id,
                "name": i.name,
                "stage": i.stage.value,
                "step": i.step.value,
                "number": i.step.number,
                "title": i.step.title,
                "steps": [
                    {
                        "step": r.step.value,
                        "number": r.step.number,
                        "title": r.step.title,
                        "date": r.date,
                        "produced": r.produced,
                    }
                    for r in i.steps
                ],
            }
            for i in view.initiatives
        ],
    }


def render_assessment_json(found: Sequence[UnitAssessment]) -> str:
    """The view as JSON: ``{"units": [...]}``, one record per unit."""
    document = {"units": [assessment_record(view) for view in found]}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
