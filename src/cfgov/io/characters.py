"""Characters that make a file read differently from what cfgov reads.

Model files are reviewed by eye, in editors and in pull requests. Some
characters defeat that review ("Trojan Source", CVE-2021-42574): invisible
ones, controls that reorder how text is shown, line breaks that editors do
not show, and letters from other alphabets that look like Latin ones. What
cfgov refuses, where, and why:

* Anywhere in a file, comments included (CFG022): the bidirectional
  embedding, override and isolate controls (U+202A-U+202E, U+2066-U+2069),
  which change the order in which editors and code review show the text
  around them; and invisible characters that have no use in a model's text:
  U+200B ZERO WIDTH SPACE, U+2060 WORD JOINER and the invisible operators
  U+2061-U+2064, the deprecated format controls U+206A-U+206F, the
  interlinear annotation controls U+FFF9-U+FFFB, and the tag characters
  U+E0000-U+E007F (which can spell out hidden text) except within an emoji
  flag such as Scotland's or Wales's. Quoted text that writes any of these,
  or a control character other than tab and line feed, as an escape code
  (``"\\u202E"``) is refused too: reports would show the character itself.
* In ids, references to ids and mapping keys, also every other format
  character (category Cf) and control character (Cc), such as U+200D ZERO
  WIDTH JOINER or a tab: ids are compared exactly, so an invisible
  difference makes a different id (CFG022). Ids and references must also be
  in Unicode's composed form, NFC (CFG023), and two ids must not look alike,
  nor one id mix alphabets (CFG024).
* Left alone in names, descriptions and comments: U+200C ZERO WIDTH
  NON-JOINER and U+200D ZERO WIDTH JOINER, which Persian, the Indic scripts
  and emoji need; U+200E LEFT-TO-RIGHT MARK, U+200F RIGHT-TO-LEFT MARK and
  U+061C ARABIC LETTER MARK, which set the direction of neutral characters in
  right-to-left text and cannot reorder anything else; U+00AD SOFT HYPHEN, a
  harmless hyphenation hint that word processors leave in; and the other
  format characters that some scripts use (Arabic number signs, Mongolian
  separators...). No-break and other spaces are allowed inside text.
* The whole file is refused, unread, where YAML would see other lines than
  an editor shows: a carriage return that no line feed follows (CFG022), the
  line breaks U+0085, U+2028 and U+2029 (CFG015), a byte-order mark after
  the start of the file (CFG022; PyYAML's two readers even disagree about
  it), and indentation with a no-break or other non-ASCII space (CFG001).

Every check starts with :meth:`str.isascii`, so ordinary files pay for one
pass over their text at C speed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping

import attrs

from cfgov.model.findings import Finding, Location, Severity

#: How many hidden characters one file's problems list before saying how many more there are.
MAX_LISTED = 20

_BIDI = "\u202a-\u202e\u2066-\u2069"
_INVISIBLE = "\u200b\u2060-\u2064\u206a-\u206f\ufff9-\ufffb\U000e0000-\U000e007f"
_BREAKS = "\x85\u2028\u2029"
_ODD_SPACES = "\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
#: A line of text that starts with an odd space, which the file checks could take for
#: indentation: cfgov.io.dump writes text holding one in double quotes.
ODD_LINE_START = re.compile(f"\n[ \t]*[{_ODD_SPACES}]")
#: An emoji flag of a subdivision (Scotland, Wales): a black flag, tag letters, a cancel tag.
_FLAG = "\U0001f3f4[\U000e0020-\U000e007e]+\U000e007f"

_FLAG_RE = re.compile(_FLAG)
_LONE_CR = re.compile(r"\r(?!\n)")
#: The characters the file checks look for in a file that is not all ASCII: a character
#: class alone, which the regular expression engine scans for fast. (U+1F3F4 may start a flag.)
_SCAN = re.compile(f"[{_BIDI}{_INVISIBLE}\ufeff{_BREAKS}{_ODD_SPACES}\U0001f3f4]")
_ODD_SPACE_RE = re.compile(f"[{_ODD_SPACES}]")
#: What may stand before an odd space that indents a line, and what must follow it: a key
#: or a list item. An odd space at the start of a line of text that goes on from the line
#: above is text.
_INDENT = re.compile("[ \t-]*")
_STARTS_ENTRY = re.compile(
    f"[{_ODD_SPACES} \t]*(?:-[ \t]|[^\\s:#-][^:\n]*:(?:[ \t]|$))", re.MULTILINE
)
#: What quoted text may not write as an escape code: the characters refused anywhere, the
#: line breaks, and control characters other than tab and line feed. Typed or written as
#: escapes, these are reported by the file checks or the parser, whatever holds them.
_ESCAPED = re.compile(f"[{_BIDI}{_INVISIBLE}\ufeff\u2028\u2029\x00-\x08\x0b-\x1f\x7f-\x9f]")

_BIDI_RE = re.compile(f"[{_BIDI}]")

_INVISIBLE_BREAKS = {
    "\x85": "U+0085 NEXT LINE",
    "\u2028": "U+2028 LINE SEPARATOR",
    "\u2029": "U+2029 PARAGRAPH SEPARATOR",
}

#: Control characters, which Unicode does not name: their usual names.
_CONTROL_NAMES = {
    "\x00": "NULL",
    "\x07": "BELL",
    "\x08": "BACKSPACE",
    "\t": "CHARACTER TABULATION",
    "\n": "LINE FEED",
    "\x0b": "LINE TABULATION",
    "\x0c": "FORM FEED",
    "\r": "CARRIAGE RETURN",
    "\x1b": "ESCAPE",
    "\x7f": "DELETE",
    "\x85": "NEXT LINE",
}

#: How messages name the spaces that look like a space but are not one to YAML.
_SPACE_WORDS = {
    "\u00a0": "a no-break space",
    "\u202f": "a narrow no-break space",
    "\u3000": "a full-width (ideographic) space",
    "\u1680": "an Ogham space mark",
    "\u205f": "a mathematical space",
}


def describe(char: str) -> str:
    """A character as Unicode names it, for messages: ``U+200B ZERO WIDTH SPACE``."""
    code = f"U+{ord(char):04X}"
    name = unicodedata.name(char, "") or _CONTROL_NAMES.get(char, "")
    if name:
        return f"{code} {name}"
    category = unicodedata.category(char)
    kind = {"Cc": "a control character", "Co": "a private-use character"}.get(
        category, "a character with no name"
    )
    return f"{code} ({kind})"


def _hides(char: str) -> bool:
    """Whether a character is written out by number in messages rather than shown."""
    return not char.isprintable() or unicodedata.category(char) == "Cf"


def shown(text: str, limit: int = 40) -> str:
    """Text for a message: quoted, cut to ``limit`` characters, hidden characters by number.

    A message never prints a control character back into a terminal, so
    ``pension<U+200B>credit`` stands for the text with a zero width space.
    """
    cut = text[:limit]
    return f"'{_printable(cut)}{'...' if len(text) > limit else ''}'"


def _printable(text: str) -> str:
    return "".join(f"<U+{ord(c):04X}>" if _hides(c) else c for c in text)


def printable(problem: Finding) -> Finding:
    """The problem with any hidden character its message or hint echoes written by number.

    Messages quote what the user wrote (a key, a line of the file); whatever they
    quote, none prints a control or invisible character into a terminal.
    """
    message, hint = problem.message, problem.hint
    if message.isprintable() and (hint is None or hint.isprintable()):
        return problem
    return attrs.evolve(
        problem, message=_printable(message), hint=None if hint is None else _printable(hint)
    )


def _near(text: str, start: int, at: int, width: int = 16) -> str:
    """The text of a line around offset ``at`` (the line starting at ``start``), for a message."""
    end = text.find("\n", at)
    end = len(text) if end < 0 else end
    left = max(start, at - width)
    right = min(end, at + width + 1)
    piece = text[left:right].rstrip("\r")
    return (
        ("..." if left > start else "")
        + shown(piece, 3 * width)[1:-1]
        + ("..." if right < end else "")
    )


def _error(code: str, location: Location, message: str, hint: str) -> Finding:
    return Finding(
        code=code, severity=Severity.ERROR, message=message, hint=hint, location=location
    )


# -- the file as a whole ------------------------------------------------------------------


def scan(name: str, text: str) -> tuple[list[Finding], bool]:
    """Problems with the characters of a file's text, and whether it can be parsed.

    One pass over text that is not all ASCII. Characters that hide text are
    reported and the file is still read, so its other problems show in the
    same run; what makes YAML see other lines than an editor shows stops it.
    """
    found: list[tuple[int, str, str]] = []  # (offset, kind, character)
    if "\r" in text:
        crs = [(m.start(), "cr", "\r") for m in _LONE_CR.finditer(text)]
        if crs and "\n" not in text:
            crs = [(crs[0][0], "mac", "\r")]
        found.extend(crs)
    if not text.isascii():
        _scan_characters(text, found)
        if "\r" in text:
            found.sort()  # carriage returns first, then the rest: in order of place
    if not found:
        return [], True
    problems = []
    line, start, checked = 1, 0, 0
    for number, (at, kind, char) in enumerate(found):
        line += text.count("\n", checked, at)
        checked = at
        start = text.rfind("\n", 0, at) + 1
        where = Location(name, line, at - start + 1)
        if number == MAX_LISTED:
            problems.append(
                _error(
                    "CFG022",
                    where,
                    f"{len(found) - MAX_LISTED} more hidden or misplaced characters from "
                    f"line {line} to the end of the file (the first {MAX_LISTED} are listed)",
                    "Fix those listed first; they are often pasted in together, and a "
                    "search for one finds the rest.",
                )
            )
            break
        problems.append(_file_problem(kind, char, where, line, _near(text, start, at)))
    fatal = {"cr", "mac", "break", "bom", "space"}
    return problems, not any(kind in fatal for _, kind, _ in found)


_RUNS = ("bidi", "invisible")


def _named(chars: str) -> str:
    """``U+202E RIGHT-TO-LEFT OVERRIDE``, or several: ``U+202E ... and U+2066 ...``."""
    names = [describe(c) for c in chars[:3]] + (["more"] if len(chars) > 3 else [])
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _scan_characters(text: str, found: list[tuple[int, str, str]]) -> None:
    """Add to ``found`` the characters of ``text`` the file checks report, in order."""
    search = _SCAN.search
    match = search(text)
    while match is not None:
        at = match.start()
        char = text[at]
        after = at + 1
        kind = ""
        if char == "\U0001f3f4":
            flag = _FLAG_RE.match(text, at)
            after = flag.end() if flag else after  # an emoji flag's tags are allowed
        elif char == "\ufeff":
            kind = "bom" if at else ""  # a byte-order mark at the start is allowed
        elif char in _INVISIBLE_BREAKS:
            kind = "break"
        elif _ODD_SPACE_RE.match(char):
            start = text.rfind("\n", 0, at) + 1
            # Only the first odd space of a line can follow nothing but indentation.
            if _INDENT.fullmatch(text, start, at) and _STARTS_ENTRY.match(text, at):
                kind = "space"
        else:
            kind = "bidi" if _BIDI_RE.match(char) else "invisible"
            last = found[-1] if found else None
            if last and last[1] in _RUNS and last[0] + len(last[2]) == at:
                # Hidden characters side by side are one problem, named together.
                found[-1] = (last[0], "bidi" if "bidi" in (kind, last[1]) else kind, last[2] + char)
                kind = ""
        if kind:
            found.append((at, kind, char))
        match = search(text, after)


def _file_problem(kind: str, char: str, where: Location, line: int, near: str) -> Finding:
    """The problem for what the file checks found; ``char`` may be a run of characters."""
    several = len(char) > 1
    if kind == "cr":
        return _error(
            "CFG022",
            where,
            f"line {line} holds a carriage return (CR, U+000D) that no line feed follows: "
            "editors and code review show the text after it on the same line, or print it "
            "over the start of the line, but YAML reads it as a new line, so a field can "
            "hide there",
            "Delete the carriage return, or save the file with ordinary line endings (LF, or "
            "CR LF as Windows writes them).",
        )
    if kind == "mac":
        return _error(
            "CFG022",
            where,
            "the lines of this file end in a carriage return alone (CR, U+000D, as old Mac "
            "programs wrote them), which many editors, code review and git show as one long "
            "line",
            "Save the file with ordinary line endings (LF, or CR LF as Windows writes them).",
        )
    if kind == "break":
        return _error(
            "CFG015",
            where,
            f"the file holds an invisible line break ({_INVISIBLE_BREAKS[char]}), which YAML "
            "reads as the end of a line",
            "It usually comes from text pasted from a word processor: delete it and type a "
            "space or a normal line break instead.",
        )
    if kind == "bom":
        return _error(
            "CFG022",
            where,
            f"line {line} holds a byte-order mark ({describe(char)}) in the middle of the "
            "file: it is invisible, it belongs only at the very start of a file, and YAML "
            "readers disagree about what it means anywhere else",
            "Delete it: it is usually left where two files were joined into one, or where "
            "text was pasted from another file.",
        )
    if kind == "space":
        words = _SPACE_WORDS.get(char, "a typographic space")
        return _error(
            "CFG001",
            where,
            f"line {line} is indented with {words} ({describe(char)}), which looks like a "
            "space but is not one to YAML, so the line is not read as indented the way it "
            "looks",
            "Replace it with ordinary spaces. It usually comes from text pasted from a word "
            "processor, a web page or an email.",
        )
    if kind == "bidi":
        return _error(
            "CFG022",
            where,
            f"line {line} holds {_named(char)}, "
            + (
                "invisible control characters that change"
                if several
                else "an invisible control character that changes"
            )
            + " the order in which editors and code review show the text around them, so "
            "a reviewer may read something other than what cfgov reads ('Trojan Source'): "
            f"near '{near}'",
            f"Delete {'them' if several else 'it'}. Arabic and Hebrew text display correctly "
            "without such controls; where the direction of a word really needs setting, "
            "use U+200F RIGHT-TO-LEFT MARK or U+200E LEFT-TO-RIGHT MARK, which cannot "
            "reorder text.",
        )
    tag = " Tag characters can spell out hidden text." if ord(char[0]) >= 0xE0000 else ""
    return _error(
        "CFG022",
        where,
        f"line {line} holds {_named(char)}, "
        + ("invisible characters: they take" if several else "an invisible character: it takes")
        + " no space on screen, so text that looks the same to a reviewer is different to "
        f"cfgov, near '{near}'.{tag}",
        f"Delete {'them' if several else 'it'}. It usually comes from text copied from a "
        "web page, a chat or a word processor; between words, type an ordinary space.",
    )


# -- values -------------------------------------------------------------------------------


def escaped(value: str, source: str) -> str | None:
    """A character that quoted text writes as an escape code and that would be refused typed.

    ``source`` is the text of the quoted value as written: a character found there as
    it is was typed, not escaped, and the file checks report it.
    """
    if "\U0001f3f4" in value:
        value = _FLAG_RE.sub("", value)
    for match in _ESCAPED.finditer(value):
        char = match.group()
        if char not in source:
            return char
    return None


def escaped_problem(char: str, location: Location) -> Finding:
    """The problem with a quoted value that writes ``char`` as an escape code."""
    if _BIDI_RE.match(char):
        why = (
            "an invisible control character that changes the order in which reports and "
            "other programs show the text around it"
        )
    elif unicodedata.category(char) == "Cc":
        why = "a control character, which can change or hide what a terminal shows"
    elif char in "\u2028\u2029":
        why = "a line break that many programs do not show"
    else:
        why = "an invisible character"
    return _error(
        "CFG022",
        location,
        f"the quoted text here writes {describe(char)} as an escape code: it is {why}",
        "Remove the escape code (a backslash and the character's number or letter) from the text.",
    )


def hidden_in_id(value: str) -> int | None:
    """Where an id, reference or key holds an invisible or control character, if it does.

    Only characters the file checks have not reported already: the other
    format characters (such as U+200D ZERO WIDTH JOINER), tabs and line feeds,
    and the tags of an emoji flag.
    """
    flag = "\U0001f3f4" in value
    for index, char in enumerate(value):
        category = unicodedata.category(char)
        if category in ("Cf", "Cc") and (
            not _ESCAPED.match(char) or (flag and "\U000e0000" <= char <= "\U000e007f")
        ):
            return index
    return None


def reported(text: str) -> bool:
    """Whether text holds a character that the file checks or the parser report wherever it is."""
    return _ESCAPED.search(text) is not None


def visible(text: str) -> str:
    """The text without its format and control characters: what a reader sees of it."""
    return "".join(c for c in text if unicodedata.category(c) not in ("Cf", "Cc"))


def lead(subject: str, value: str) -> str:
    """How a message names an id or key (``the id 'a'``) or a reference to an id.

    A reference reads ``unit of segment 'b' names the id 'a', which``.
    """
    if subject.startswith("the "):
        return f"{subject} {shown(value)}"
    return f"{subject} {shown(value)}, which"


def hidden_id_problem(
    subject: str, noun: str, value: str, index: int, location: Location
) -> Finding:
    """The problem with an id or key holding a hidden character (see :func:`hidden_in_id`).

    ``subject`` starts the message (``"the id"``, ``"`unit` of segment 'a' names the id"``);
    ``noun`` is what it is: ``"id"`` or ``"key"``.
    """
    char = value[index]
    kind = "a control character" if unicodedata.category(char) == "Cc" else "an invisible character"
    return _error(
        "CFG022",
        location,
        f"{lead(subject, value)} holds {describe(char)}, {kind}: cfgov compares {noun}s "
        f"exactly, so it would differ from the {noun} it looks like",
        f"Retype the {noun} without it; "
        + (
            "ids are best made of letters, digits and hyphens, such as `pension-credit`."
            if noun == "id"
            else "the format's keys are plain words such as `name`."
        ),
    )


def unnormalised_problem(subject: str, value: str, location: Location) -> Finding | None:
    """The problem with an id not in NFC, or None; ``subject`` starts the message."""
    if unicodedata.is_normalized("NFC", value):
        return None
    composed = unicodedata.normalize("NFC", value)
    i = 0
    while i < min(len(value), len(composed)) and value[i] == composed[i]:
        i += 1
    i = min(i, len(value) - 1, len(composed) - 1)
    while i > 0 and unicodedata.combining(value[i]):
        i -= 1
    written, wanted = _cluster(value, i), _cluster(composed, i)
    return _error(
        "CFG023",
        location,
        f"{lead(subject, value)} is not in Unicode's composed form (NFC): it writes "
        f"{_spelled(written)} where the composed form has {_spelled(wanted)}. The two look "
        "the same, but cfgov compares ids exactly, so they would be different ids",
        f"Write it as {shown(composed)}: retype the accented letter (keyboards type the "
        "composed form), or use your editor's command to normalise text to NFC.",
    )


def _cluster(text: str, start: int) -> str:
    end = start + 1
    while end < len(text) and unicodedata.combining(text[end]):
        end += 1
    return text[start:end]


def _spelled(chars: str) -> str:
    return " then ".join(describe(c) for c in chars)


# -- ids that look alike ------------------------------------------------------------------

_TABLE: dict[int, str] = {}


def _table() -> dict[int, str]:
    """The confusables table, by code point, loaded on first use (only for non-ASCII ids)."""
    if not _TABLE:
        from cfgov.io._confusables import PROTOTYPES

        for target, chars in PROTOTYPES.items():
            for char in chars:
                _TABLE[ord(char)] = target
    return _TABLE


def skeleton(text: str) -> str:
    """What ``text`` looks like, as Unicode's TR39 skeleton, for look-alikes of ASCII.

    Each character of the decomposed text is replaced by the ASCII text it
    looks like: from Unicode's confusables table, or else from its
    compatibility decomposition (NFKD) when that is ASCII, which covers the
    mathematical and full-width letters the table leaves out. Two ids with
    the same skeleton look alike.
    """
    table = _table()
    if text.isascii():
        return text.translate(table)
    mapped = unicodedata.normalize("NFD", text).translate(table)
    if mapped.isascii():
        return mapped
    return _NON_ASCII.sub(_compatible, mapped)


_NON_ASCII = re.compile("[^\x00-\x7f]")
_ASCII_LETTER = re.compile("[A-Za-z]")


_COMPATIBLE: dict[str, str] = {}


def _compatible(match: re.Match[str]) -> str:
    """A character the table does not map: its compatibility form if that is ASCII."""
    char = match.group()
    found = _COMPATIBLE.get(char)
    if found is None:
        compat = unicodedata.normalize("NFKD", char)
        found = compat.translate(_table()) if compat != char and compat.isascii() else char
        _COMPATIBLE[char] = found
    return found


def _lookalikes(text: str) -> list[tuple[str, str]]:
    """The characters of ``text`` that are not ASCII but look like ASCII text, and that text."""
    found = []
    for char in unicodedata.normalize("NFD", text):
        if not char.isascii():
            looks = skeleton(char)
            if looks.isascii() and looks.strip():
                found.append((char, looks))
    return found


def _looks_like(pairs: list[tuple[str, str]]) -> str:
    return " and ".join(f"{describe(c)}, which looks like '{looks}'" for c, looks in pairs[:2])


#: Alphabets that are written together (TR39's "highly restrictive" level).
_TOGETHER = (
    frozenset({"Latin", "Han", "Hiragana", "Katakana"}),
    frozenset({"Latin", "Han", "Bopomofo"}),
    frozenset({"Latin", "Han", "Hangul"}),
)
_SCRIPT_WORDS = {"CJK": "Han", "KATAKANA-HIRAGANA": "", "MODIFIER": "", "COMBINING": ""}


_SCRIPTS: dict[str, str] = {}


def _script(char: str) -> str:
    """The alphabet of a letter, from the first word of its Unicode name ('' when unsure).

    Python's unicodedata has no script property, and the name is a close
    enough guide for the letters people put in ids.
    """
    found = _SCRIPTS.get(char)
    if found is None:
        words = unicodedata.name(char, "").split(" ")
        word = words[1] if words[0] in ("FULLWIDTH", "HALFWIDTH") and len(words) > 1 else words[0]
        found = _SCRIPTS[char] = _SCRIPT_WORDS.get(word, word.capitalize())
    return found


def mixed_scripts(text: str) -> tuple[str, str] | None:
    """For an id mixing alphabets: the alphabet of most of its letters, and a letter of another."""
    letters: dict[str, list[str]] = {}
    latin = _ASCII_LETTER.findall(text)
    if latin:
        letters["Latin"] = latin
    for char in _NON_ASCII.findall(text):
        if char.isalpha():
            script = _script(char)
            if script:
                letters.setdefault(script, []).append(char)
    if len(letters) < 2 or any(letters.keys() <= allowed for allowed in _TOGETHER):
        return None
    most = max(letters, key=lambda script: len(letters[script]))
    other = next(char for script, chars in letters.items() if script != most for char in chars)
    return most, other


def confusable_problems(
    sites: Mapping[str, int], locate: Callable[[int], Location]
) -> list[Finding]:
    """Ids that look alike but differ, at both places, and ids that mix alphabets (CFG024).

    ``sites`` gives where each id was defined (a packed position that ``locate``
    turns into a location). Linear in the number of ids, and nothing at all
    when every id is ASCII: two ASCII ids that look alike (``l`` and ``1``)
    are visible in review, and left alone.
    """
    if all(entity.isascii() for entity in sites):
        return []
    groups: dict[str, list[str]] = {}
    for entity in sites:
        groups.setdefault(skeleton(entity), []).append(entity)
    problems: list[Finding] = []
    flagged: set[str] = set()
    for members in groups.values():
        if len(members) < 2 or all(m.isascii() for m in members):
            continue
        flagged.update(members)
        first = members[0]
        for entity, other in [(first, members[1])] + [(m, first) for m in members[1:]]:
            problems.append(_confusable(entity, other, sites, locate))
    for entity in sites:
        if entity.isascii() or entity in flagged:
            continue
        mixed = mixed_scripts(entity)
        if mixed is not None:
            alphabet, letter = mixed
            problems.append(
                Finding(
                    code="CFG024",
                    severity=Severity.ERROR,
                    message=f"the id {shown(entity)} mixes alphabets: it has {describe(letter)} "
                    f"among {alphabet} letters. Ids that mix alphabets are how look-alike ids "
                    "are made (a Cyrillic letter o for a Latin o), so cfgov refuses them",
                    hint="Retype the id in one alphabet, with the letters of an ordinary "
                    "keyboard where you can.",
                    entity=entity,
                    field="id",
                    location=locate(sites[entity]),
                )
            )
    return problems


def _confusable(
    entity: str, other: str, sites: Mapping[str, int], locate: Callable[[int], Location]
) -> Finding:
    mine, theirs = _lookalikes(entity), _lookalikes(other)
    differs = f"this one has {_looks_like(mine)}" if mine else f"that one has {_looks_like(theirs)}"
    return Finding(
        code="CFG024",
        severity=Severity.ERROR,
        message=f"the id {shown(entity)} looks the same as the id {shown(other)} of the entry at "
        f"{locate(sites[other])}, but they are different ids: {differs}",
        hint="People would read the two as one id and cfgov as two. Type the letters on an "
        "ordinary keyboard (the Latin alphabet), or rename one so that they look different.",
        entity=entity,
        field="id",
        related=(other,),
        location=locate(sites[entity]),
    )
