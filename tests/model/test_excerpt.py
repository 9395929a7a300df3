"""The one helper through which messages and hints quote a user's value."""

from __future__ import annotations

from cfgov.model import excerpt, quoted
from cfgov.model.findings import EXCERPT_CHARS


def test_a_short_printable_value_is_shown_as_written() -> None:
    assert excerpt("Northdale Landlords' Forum") == "Northdale Landlords' Forum"
    assert quoted("Staff") == "'Staff'"
    assert quoted("Landlords' Forum") == '"Landlords\' Forum"'


def test_a_long_value_is_cut_with_an_ellipsis() -> None:
    shown = excerpt("secret-" * 1000)
    assert len(shown) == EXCERPT_CHARS
    assert shown.endswith("\u2026")
    assert shown.startswith("secret-secret-")


def test_control_and_invisible_characters_are_escaped() -> None:
    shown = excerpt("\x1b[2J\x1b[31mred\nline\u202e\x85\ttab")
    assert shown == "\\x1b[2J\\x1b[31mred\\nline\\u202e\\x85\\ttab"
    assert shown.isprintable()


def test_escapes_count_towards_the_limit() -> None:
    shown = excerpt("\x1b" * 500)
    assert len(shown) <= EXCERPT_CHARS
    assert shown.isprintable()
    assert "\x1b" not in shown
