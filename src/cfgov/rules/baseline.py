"""Fingerprints of findings, and a baseline: the findings a team has already accepted.

A model adopting cfgov may already have many findings. A baseline records
them so that, afterwards, only new findings are reported: the gate stops a
change that makes things worse without first asking the team to mend the
past. A fingerprint names a finding by what it is about (rule, entity, field
and message), never by where it is, so it survives lines moving and files
being split. Entries that no longer match any finding are *stale* and are
reported, as unused suppressions are, so the baseline shrinks as findings are
fixed.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Sequence

import attrs

from cfgov.model import Finding

# A place quoted in a message ("first defined at model/a.yaml:3:5") moves with the lines.
_PLACE = re.compile(r"[^\s'\"`()]+\.(?:ya?ml|toml|json)(?::\d+){1,2}", re.IGNORECASE)


def _clean(message: str) -> str:
    return " ".join(_PLACE.sub("<place>", message).split())


def fingerprint(finding: Finding) -> str:
    """A short, stable name for what a finding is about, independent of where it is.

    Made from the rule's code, the entity, the field and, for a finding about
    no entity, the message. A finding whose message changes but that stays on
    the same entity and field keeps its fingerprint.
    """
    parts = [finding.code, finding.entity or "", finding.field or ""]
    if finding.entity is None:
        parts.append(_clean(finding.message))
    return _digest(parts)


def change_key(finding: Finding) -> str:
    """Like :func:`fingerprint` but including the message, so any change shows as new."""
    return _digest(
        [finding.code, finding.entity or "", finding.field or "", _clean(finding.message)]
    )


def _digest(parts: Sequence[str]) -> str:
    text = "\x1f".join(parts).encode("utf-8", errors="surrogatepass")
    return hashlib.sha256(text).hexdigest()[:20]


@attrs.frozen
class BaselineEntry:
    """One accepted finding: its fingerprint, and what it was, for people reading the file."""

    fingerprint: str
    code: str
    entity: str | None = None
    field: str | None = None
    message: str = ""
    #: The line of the baseline file that holds the entry (not part of equality).
    line: int | None = attrs.field(default=None, eq=False)

    @classmethod
    def of(cls, finding: Finding) -> BaselineEntry:
        """The entry that records ``finding``."""
        return cls(
            fingerprint(finding), finding.code, finding.entity, finding.field, finding.message
        )


@attrs.frozen
class BaselineMatch:
    """Findings split by a baseline: ``new`` ones, ``known`` ones, and ``stale`` entries."""

    new: tuple[Finding, ...]
    known: tuple[Finding, ...]
    stale: tuple[BaselineEntry, ...]


def match_baseline(findings: Iterable[Finding], entries: Iterable[BaselineEntry]) -> BaselineMatch:
    """Which findings the baseline accepts, which are new, and which entries match nothing.

    Entries count: a baseline holding one entry for a fingerprint accepts one
    finding with it, and a second such finding is new.
    """
    entries = list(entries)
    left = Counter(entry.fingerprint for entry in entries)
    new: list[Finding] = []
    known: list[Finding] = []
    for finding in findings:
        key = fingerprint(finding)
        if left[key] > 0:
            left[key] -= 1
            known.append(finding)
        else:
            new.append(finding)
    stale: list[BaselineEntry] = []
    for entry in reversed(entries):  # the last entries of a fingerprint are the unmatched ones
        if left[entry.fingerprint] > 0:
            left[entry.fingerprint] -= 1
            stale.append(entry)
    stale.reverse()
    return BaselineMatch(tuple(new), tuple(known), tuple(stale))


def baseline_entries(findings: Iterable[Finding]) -> tuple[BaselineEntry, ...]:
    """The entries that record ``findings``, in a stable order (code, entity, field)."""
    return tuple(
        sorted(
            (BaselineEntry.of(f) for f in findings),
            key=lambda e: (e.code, e.entity or "", e.field or "", e.message, e.fingerprint),
        )
    )
