"""CFG100: a suppression that no longer suppresses anything.

The engine itself raises this finding (a rule cannot see the other rules'
findings), and so does ``cfgov check --baseline`` for a baseline entry that
no longer matches a finding; the declaration here gives it a code, a page and
a severity a team can change.
"""

from __future__ import annotations

from collections.abc import Iterator

from cfgov.model import Finding, Model, Severity
from cfgov.rules.base import Options, Rule


def check(model: Model, options: Options) -> Iterator[Finding]:
    """Nothing: the engine reports unused suppressions after the other rules have run."""
    return iter(())


RULE = Rule(
    code="CFG100",
    name="unused-suppression",
    severity=Severity.WARNING,
    summary="An `ignore:` entry, or an entry of the baseline, stands for a finding that no "
    "longer occurs, or names no rule.",
    rationale="A suppression records a decision to depart from the report's advice for one "
    "entry. When the entry changes so that the advice is followed, or the rule is "
    "renamed, the suppression becomes a stale note that hides nothing and misleads the next "
    "reader. Keeping suppressions honest keeps the record of departures honest.",
    fix="Remove the suppression, or correct its rule code. For a baseline entry, run "
    "`cfgov check --baseline FILE --update-baseline` and commit the file.",
    source="cfgov (suppressions, tip T15)",
    cost="Linear in the number of entities.",
    check=check,
    example="""\
segments:
  - id: pensioners
    name: Pensioners as claimants
    category: target
    unit: dwp
    priority: 1
    ignore:
      CFG113: "Priorities are still being agreed"   # but pensioners now has a priority
""",
    fixed="""\
segments:
  - id: pensioners
    name: Pensioners as claimants
    category: target
    unit: dwp
    priority: 1
""",
)
