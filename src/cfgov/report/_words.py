"""Small pieces of English the reports share: counts with their noun, lists, shortened text.

Every count a report shows goes through :func:`plural`, so none reads
"1 findings" or "0 segment(s)".
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["joined", "plural", "shorten"]

ELLIPSIS = "\u2026"


def plural(count: int, one: str, many: str | None = None, *, none: str = "no") -> str:
    """A count with its noun: ``"1 finding"``, ``"2 findings"``, ``"no findings"``.

    ``many`` is the plural when it is not ``one`` with an ``s`` ("1 body",
    "2 bodies"). ``none`` is written for a count of zero ("no findings");
    give ``none="0"`` where a figure reads better ("0 warnings"). Counts of
    ten thousand and more have their thousands separated.
    """
    noun = one if count == 1 else (many if many is not None else one + "s")
    return f"{none if count == 0 else f'{count:,}'} {noun}"


def joined(names: Sequence[str], conjunction: str = "and") -> str:
    """Names as a list in prose: ``"A"``, ``"A and B"``, ``"A, B and C"``."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {conjunction} {names[-1]}"


def shorten(text: str, width: int) -> str:
    """Text of at most ``width`` characters, cut at a word boundary and ended with an ellipsis.

    Text that fits is returned unchanged (whitespace runs collapsed). A first
    word longer than the whole width is the one case cut inside a word, as
    there is no boundary to cut at; whoever shortens text keeps the full text
    somewhere the reader can find it.
    """
    flat = " ".join(text.split())
    if len(flat) <= width:
        return flat
    room = max(width - 1, 1)  # keep one character for the ellipsis
    cut = flat[: room + 1]
    boundary = cut.rfind(" ")
    kept = cut[:boundary] if boundary > 0 else flat[:room]
    # No dangling punctuation before the ellipsis: "Pensions, …" reads as "Pensions…".
    kept = kept.rstrip(" ,;:-\u2013\u2014(/")
    return (kept or flat[:room]) + ELLIPSIS
