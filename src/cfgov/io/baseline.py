"""Reading and writing a baseline file: the findings a team has already accepted.

The file is JSON, one entry a line, sorted, so that a change to it reads well
in review::

    {
      "cfgov-baseline": 1,
      "findings": [
        {"fingerprint": "3f0c...", "code": "CFG109", "entity": "children", ...},
        ...
      ]
    }

Only the fingerprint is used to match; the other fields are there for people.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from cfgov.io.config import ConfigError
from cfgov.model import Finding, Location, Severity
from cfgov.rules.baseline import BaselineEntry

FORMAT_VERSION = 1
_KEY = "cfgov-baseline"
#: A baseline larger than this is not a baseline cfgov wrote.
MAX_BYTES = 64 * 1024 * 1024


def _problem(path: Path, message: str, hint: str, line: int | None = None) -> ConfigError:
    return ConfigError(
        [
            Finding(
                code="CFG021",
                severity=Severity.ERROR,
                message=message,
                hint=hint,
                location=Location(str(path), line),
            )
        ]
    )


_REMAKE = "Make it afresh with `cfgov check --baseline FILE --update-baseline`."


def read_baseline(path: Path) -> tuple[BaselineEntry, ...]:
    """The entries of the baseline in ``path``.

    Raises :class:`cfgov.ConfigError` (code CFG021) when the file is missing,
    unreadable, too large or not a baseline cfgov wrote.
    """
    if not path.exists():
        raise _problem(
            path,
            "the baseline file does not exist",
            "To record the model's current findings in it, run "
            f"`cfgov check --baseline {path} --update-baseline` once and commit the file.",
        )
    if not path.is_file():
        raise _problem(path, "the baseline is not a regular file", "Give the path of a file.")
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_BYTES + 1)
    except OSError as exc:
        raise _problem(path, f"cannot read the baseline: {exc.strerror or exc}", _REMAKE) from None
    if len(data) > MAX_BYTES:
        raise _problem(path, "the baseline is larger than 64 MB", _REMAKE)
    try:
        text = data.decode("utf-8")
        document = json.loads(text)
    except UnicodeDecodeError:
        raise _problem(path, "the baseline is not UTF-8 text", _REMAKE) from None
    except json.JSONDecodeError as exc:
        raise _problem(
            path, f"the baseline is not valid JSON: {exc.msg}", _REMAKE, exc.lineno
        ) from None
    except RecursionError:
        raise _problem(
            path, "the baseline is nested too deeply to be a baseline", _REMAKE
        ) from None
    if not isinstance(document, dict) or document.get(_KEY) != FORMAT_VERSION:
        raise _problem(
            path,
            f"this is not a cfgov baseline (version {FORMAT_VERSION})",
            'A baseline starts with `{"cfgov-baseline": 1`. ' + _REMAKE,
        )
    found = document.get("findings")
    if not isinstance(found, list):
        raise _problem(path, "the baseline has no list of `findings`", _REMAKE)
    lines = _entry_lines(text)
    entries = []
    for index, item in enumerate(found):
        line = lines[index] if index < len(lines) else None
        if not (
            isinstance(item, dict)
            and isinstance(item.get("fingerprint"), str)
            and isinstance(item.get("code"), str)
            and all(isinstance(item.get(k), (str, type(None))) for k in ("entity", "field"))
            and isinstance(item.get("message", ""), str)
            and isinstance(item.get("model", ""), str)
        ):
            raise _problem(
                path,
                f"entry {index + 1} of the baseline is not a finding cfgov recorded",
                _REMAKE,
                line,
            )
        entry = BaselineEntry(
            item["fingerprint"],
            item["code"],
            item.get("entity"),
            item.get("field"),
            item.get("message", ""),
            item.get("model", ""),
            line=line,
        )
        if not entry.intact:
            raise _problem(
                path,
                f"entry {index + 1} of the baseline was changed by hand: its fingerprint is not "
                "that of the finding it describes",
                "A baseline is written by cfgov, so that what a reviewer reads in it is what it "
                "accepts. " + _REMAKE,
                line,
            )
        entries.append(entry)
    return tuple(entries)


def _entry_lines(text: str) -> list[int]:
    """The line of each entry in a file as :func:`baseline_text` writes it, one a line."""
    return [
        number
        for number, line in enumerate(text.splitlines(), start=1)
        if line.lstrip().startswith('{"fingerprint"')
    ]


def baseline_text(entries: Iterable[BaselineEntry]) -> str:
    """The baseline file for ``entries``: JSON with one entry a line."""
    rows = [
        json.dumps(
            {
                "fingerprint": e.fingerprint,
                "code": e.code,
                "entity": e.entity,
                "field": e.field,
                "message": e.message,
                "model": e.model,
            },
            ensure_ascii=True,
        )
        for e in entries
    ]
    body = ",\n".join(f"    {row}" for row in rows)
    inner = f"[\n{body}\n  ]" if rows else "[]"
    return f'{{\n  "{_KEY}": {FORMAT_VERSION},\n  "findings": {inner}\n}}\n'
