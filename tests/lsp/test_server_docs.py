"""The editor set-up examples say what the docs say, and start the command that exists."""

from __future__ import annotations

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EDITORS = ROOT / "docs" / "editors.md"
EXAMPLES = ROOT / "examples" / "editor"


def blocks(language: str) -> list[str]:
    text = EDITORS.read_text(encoding="utf-8")
    section = text[text.index("## Live checking: the cfgov language server") :]
    return re.findall(rf"```{language}\n(.*?)```", section, flags=re.DOTALL)


def test_the_vscode_settings_in_the_docs_are_the_example_file() -> None:
    example = json.loads((EXAMPLES / "vscode-cfgov-lsp.json").read_text(encoding="utf-8"))
    (shown,) = blocks("json")
    assert json.loads(shown) == example
    assert [example["glspc.server.command"], *example["glspc.server.commandArguments"]] == [
        "cfgov",
        "lsp",
    ]
    assert example["glspc.server.languageId"] == ["yaml"]


def squeeze(text: str) -> str:
    """Lua without its comments, every run of blanks one space."""
    return re.sub(r"\s+", " ", re.sub(r"--[^\n]*", "", text)).strip()


def test_the_neovim_example_holds_what_the_docs_show() -> None:
    example = (EXAMPLES / "cfgov-lsp.lua").read_text(encoding="utf-8")
    (shown,) = blocks("lua")
    for line in shown.strip().splitlines():
        assert squeeze(line) in squeeze(example), line
    assert 'cmd = { "cfgov", "lsp" }' in example
    assert 'root_markers = { "cfgov.toml", ".git" }' in example
