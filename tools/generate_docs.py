"""Write the generated parts of the docs: the JSON Schema, the format and CLI references.

Run after changing the format or the command line:

    python tools/generate_docs.py

The test suite fails when a generated file differs from what this would write.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from cfgov import json_schema
from cfgov.cli import cli_reference
from cfgov.io.reference import format_reference
from cfgov.io.sql import sql_reference
from cfgov.rules import builtin_rules
from cfgov.rules.docs import rule_page, rules_index

DOCS = Path(__file__).resolve().parent.parent / "docs"

GENERATED = {
    DOCS / "_static" / "cfgov.schema.json": lambda: json.dumps(json_schema(), indent=2) + "\n",
    DOCS / "reference" / "format.md": format_reference,
    DOCS / "reference" / "cli.md": cli_reference,
    DOCS / "reference" / "sql.md": sql_reference,
    DOCS / "rules" / "index.md": lambda: rules_index(builtin_rules()),
    **{
        DOCS / "rules" / f"{rule.code}.md": (lambda rule=rule: rule_page(rule))
        for rule in builtin_rules()
    },
}


def main() -> int:
    for path, make in GENERATED.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(make(), encoding="utf-8")
        print(f"wrote {path.relative_to(DOCS.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
