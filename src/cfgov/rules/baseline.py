"""Fingerprints of findings, and a baseline: the findings a team has already accepted.

A model adopting cfgov may already have many findings. A baseline records
them so that, afterwards, only new findings are reported: the gate stops a
change that makes things worse without first asking the team to mend the
past. A fingerprint names a finding by what it says (model, rule, entity, field
and message), never by where it is, so it survives lines moving and files
being split. Entries that no longer match any finding are *stale* and are
reported, as unused suppressions are, so the baseline shrinks as findings are
fixed.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence

import attrs

from cfgov.model import Finding, Severity

# A place quoted in a message ("first defined at model/a.yaml:3:5", or at a workbook's
# cell, "book.xlsx!Segments!C12", whose sheet name may hold spaces) moves with the lines.
_PLACE = re.compile(
    r"[^\s'\"`()]+(?:\.(?:ya?ml|toml|json|csv)(?::\d+){1,2}"
    r"|\.xlsx![^!'\"`()\n]{1,31}!(?:[A-Z]{1,3}\d+|\d+:\d+))",
    re.IGNORECASE,
)


def _clean(message: str) -> str:
    return " ".join(_PLACE.sub("<place>", message).split())


def fingerprint(finding: Finding, model: str = "") -> str:
    """A short, stable name for what a finding says, independent of where it is.

    Made from the model it belongs to (its folder, for a repository holding
    several), the rule's code, the entity, the field and the message less any
    place it cites. Lines moving and files being split keep it; a finding that
    says something else (another cut's sizes, another figure) gets a new one,
    so a baseline never hides a new problem behind an old one.
    """
    return _digest(
        [model, finding.code, finding.entity or "", finding.field or "", _clean(finding.message)]
    )


def change_key(finding: Finding) -> str:
    """What a finding says, as :func:`fingerprint` names it: the same finding before and after."""
    return fingerprint(finding)


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
    #: The folder of the model the finding belongs to ("" for a model given as files).
    model: str = ""
    #: The line of the baseline file that holds the entry (not part of equality).
    line: int | None = attrs.field(default=None, eq=False)

    @classmethod
    def of(cls, finding: Finding, model: str = "") -> BaselineEntry:
        """The entry that records ``finding`` of the model in folder ``model``."""
        return cls(
            fingerprint(finding, model),
            finding.code,
            finding.entity,
            finding.field,
            finding.message,
            model,
        )

    @property
    def intact(self) -> bool:
        """Whether the fingerprint is that of what the entry says (not edited by hand)."""
        said = Finding(
            code=self.code,
            severity=Severity.INFO,
            message=self.message,
            entity=self.entity,
            field=self.field,
        )
        return fingerprint(said, self.model) == self.fingerprint


@attrs.frozen
class BaselineMatch:
    """Findings split by a baseline: ``new`` ones, ``known`` ones, and ``stale`` entries."""

    new: tuple[Finding, ...]
    known: tuple[Finding, ...]
    stale: tuple[BaselineEntry, ...]


def match_baseline(
    findings: Iterable[Finding],
    entries: Iterable[BaselineEntry],
    model_of: Callable[[Finding], str] = lambda finding: "",
) -> BaselineMatch:
    """Which findings the baseline accepts, which are new, and which entries match nothing.

    Entries count: a baseline holding one entry for a fingerprint accepts one
    finding with it, and a second such finding is new.
    """
    entries = list(entries)
    left = Counter(entry.fingerprint for entry in entries)
    new: list[Finding] = []
    known: list[Finding] = []
    for finding in findings:
        key = fingerprint(finding, model_of(finding))
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


def baseline_entries(
    findings: Iterable[Finding], model_of: Callable[[Finding], str] = lambda finding: ""
) -> tuple[BaselineEntry, ...]:
    """The entries that record ``findings``, in a stable order (model, code, entity, field)."""
    return tuple(
        sorted(
            (BaselineEntry.of(f, model_of(f)) for f in findings),
            key=lambda e: (
                e.model,
                e.code,
                e.entity or "",
                e.field or "",
                e.message,
                e.fingerprint,
            ),
        )
    )
