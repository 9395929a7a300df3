"""The shared English of the reports: counts with their nouns, lists, shortened text."""

from __future__ import annotations

import pytest

from cfgov.report._words import joined, plural, shorten


@pytest.mark.parametrize(
    ("count", "written"),
    [(0, "no findings"), (1, "1 finding"), (2, "2 findings"), (12_345, "12,345 findings")],
)
def test_plural_says_one_finding_and_two_findings(count: int, written: str) -> None:
    assert plural(count, "finding") == written


def test_plural_takes_an_irregular_plural_and_a_word_for_none() -> None:
    assert plural(2, "body", "bodies") == "2 bodies"
    assert plural(1, "body", "bodies") == "1 body"
    assert plural(0, "row", none="0") == "0 rows"


def test_joined_lists_names_in_prose() -> None:
    assert joined([]) == ""
    assert joined(["A"]) == "A"
    assert joined(["A", "B"]) == "A and B"
    assert joined(["A", "B", "C"]) == "A, B and C"


@pytest.mark.parametrize(
    ("text", "width", "shortened"),
    [
        ("Future pensioners", 40, "Future pensioners"),
        ("Future pensioners not seeking work", 20, "Future pensioners…"),
        ("Future pensioners, carers", 20, "Future pensioners…"),  # no comma before the …
        ("Pensioners   as\nclaimants", 40, "Pensioners as claimants"),
        ("Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch", 10, "Llanfairp…"),
        ("Gwasanaeth Pensiynau Cymru", 21, "Gwasanaeth Pensiynau…"),
    ],
)
def test_shorten_cuts_at_a_word_boundary_with_an_ellipsis(
    text: str, width: int, shortened: str
) -> None:
    assert shorten(text, width) == shortened
    assert len(shorten(text, width)) <= width


def test_shorten_never_cuts_inside_a_word_that_has_a_boundary_before_it() -> None:
    text = "The public as taxpayers and guardians of the environment"
    for width in range(8, len(text)):
        kept = shorten(text, width).removesuffix("…")
        assert text.startswith(kept)
        assert text[len(kept)] == " " or text[len(kept) - 1] in ",", (width, kept)
