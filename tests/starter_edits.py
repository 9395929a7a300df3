"""Edits to `cfgov init`'s starter model that the gate tests make, as a team would make them."""

from __future__ import annotations

from pathlib import Path


def split_off_first_time_learners(model: Path) -> Path:
    """Move the sub-segment `adults-without-qualifications` into a file of its own."""
    segments = model / "segments.yaml"
    text = segments.read_text(encoding="utf-8")
    start = text.index("  - id: adults-without-qualifications")
    end = text.index("  # -- Human resources")
    own = model / "first-time-learners.yaml"
    own.write_text("segments:\n" + text[start:end], encoding="utf-8")
    segments.write_text(text[:start] + text[end:], encoding="utf-8")
    return own


def drop_objective(model: Path, objective: str) -> None:
    """Delete one objective, measures and all, from objectives.yaml."""
    path = model / "objectives.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index(f"  - id: {objective}\n")
    end = text.find("\n  - id: ", start) + 1 or len(text)
    path.write_text(text[:start] + text[end:], encoding="utf-8")
