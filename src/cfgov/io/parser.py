"""Parse YAML text into :mod:`cfgov.io.nodes`, with the safety checks the format needs.

The parser sits behind :class:`Parser` so a faster one can be added without
touching the format or the model. The PyYAML parser here reads the event
stream (not PyYAML's own composer or constructor), so it never builds Python
objects from tags, and it enforces, as it goes:

* no tags beyond YAML's core ones (``!!python/object`` and friends fail);
* no duplicate keys in a mapping;
* a cap on nesting depth and on what aliases may add (alias bombs);
* no undefined or recursive aliases;
* one document per file;
* no escape codes in quoted text for characters a file may not hold as they are
  (see :mod:`cfgov.io.characters`, which checks the text itself before parsing).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, Protocol

import attrs
import yaml

from cfgov.io import characters
from cfgov.io.limits import Limits
from cfgov.io.nodes import AnyNode, MappingNode, ScalarNode, SequenceNode
from cfgov.model.findings import EXCERPT_CHARS, Finding, Location, Severity, excerpt, quoted

_CORE = "tag:yaml.org,2002:"
_PLAIN_TAGS = frozenset({_CORE + "int", _CORE + "float", _CORE + "bool", _CORE + "null"})
_ALLOWED_TAGS = _PLAIN_TAGS | {_CORE + "str", _CORE + "seq", _CORE + "map", "!"}


@attrs.frozen
class ParseResult:
    """The root node of a file (None for an empty file) and the problems met."""

    root: AnyNode | None
    problems: tuple[Finding, ...]


class Parser(Protocol):
    """Turns the text of one file into nodes; never raises for bad input."""

    name: str

    def parse(self, text: str, file: str, limits: Limits) -> ParseResult:
        """Parse ``text`` (the content of ``file``) within ``limits``."""
        ...


class _Stop(Exception):
    """Raised inside the event loop to give up on a file after a fatal problem."""


def _error(
    code: str,
    file: str,
    line: int | None,
    column: int | None,
    message: str,
    hint: str | None = None,
) -> Finding:
    return Finding(
        code=code,
        severity=Severity.ERROR,
        message=message,
        hint=hint,
        location=Location(file, line, column),
    )


_SYNTAX_HINTS = (
    (
        "`[` here is never closed",
        "Add the closing `]`, or put the value in quotes if the `[` is meant as text.",
    ),
    (
        "`{` here is never closed",
        "Add the closing `}`, or put the value in quotes if the `{` is meant as text.",
    ),
    (
        "quote here is never closed",
        "Add the closing quote; to write a quote inside quoted "
        "text, double it ('') or use the other kind of quote.",
    ),
    ("tab character", "YAML indents with spaces only: replace the tab with spaces."),
    (
        "where YAML cannot start a new key",
        "A value holds ': ' (a colon and a space): put the value "
        "in quotes, or check the indentation of this line.",
    ),
    ("could not find expected ':'", "A key is missing its colon, or a quote is left open above."),
    ("did not find expected ',' or ']'", "A `[` is not closed: add the `]`."),
    ("did not find expected ',' or '}'", "A `{` is not closed: add the `}`."),
    ("found unexpected end of stream", "A quote or bracket is left open: close it."),
    ("found undefined alias", "Define the anchor (`&name`) before the alias (`*name`)."),
    ("special characters are not allowed", "Remove control characters from the file."),
)


def _syntax_hint(problem: str) -> str:
    for needle, hint in _SYNTAX_HINTS:
        if needle in problem:
            return hint
    return "Check the indentation and quoting on this line and the one above."


class PyYamlParser:
    """The PyYAML event parser, using libyaml when PyYAML was built with it."""

    def __init__(self, *, use_libyaml: bool | None = None) -> None:
        available = bool(getattr(yaml, "__with_libyaml__", False))
        self.libyaml = available if use_libyaml is None else (use_libyaml and available)
        self.name = "pyyaml-libyaml" if self.libyaml else "pyyaml-python"
        self._loader: Any = yaml.CBaseLoader if self.libyaml else yaml.BaseLoader

    def parse(self, text: str, file: str, limits: Limits) -> ParseResult:
        builder = _TreeBuilder(file, limits, text)
        complete = False
        loader = None
        try:
            loader = self._loader(text)
            handlers = _HANDLERS
            next_event = loader.get_event
            while True:
                event = next_event()
                if event is None:
                    break
                handler = handlers.get(event.__class__)
                if handler is not None:
                    handler(builder, event)
            builder.finish()
            complete = True
        except _Stop:
            pass
        except yaml.MarkedYAMLError as exc:
            builder.problems.append(_syntax_problem(exc, text, file))
        except yaml.reader.ReaderError as exc:
            offset = exc.position
            if self.libyaml:  # libyaml counts bytes of UTF-8; Python counts characters
                offset = len(text.encode("utf-8")[:offset].decode("utf-8", errors="ignore"))
            line, column = _position(text, offset)
            builder.problems.append(
                _error(
                    "CFG001",
                    file,
                    line,
                    column,
                    f"invalid YAML: the character {_codepoint(exc.character)} is not allowed "
                    "in a YAML file",
                    "Remove it: YAML files may not hold control characters or other "
                    "invisible codes.",
                )
            )
        except yaml.YAMLError as exc:  # pragma: no cover - other PyYAML errors carry no mark
            builder.problems.append(_error("CFG001", file, None, None, f"invalid YAML: {exc}"))
        finally:
            if loader is not None:
                loader.dispose()
        # After recoverable problems (duplicate keys, unused anchors) the tree is still
        # worth checking; after anything that stopped the parse it is not.
        return ParseResult(builder.root if complete else None, tuple(builder.problems))


try:
    from cfgov.io import _reader
except ImportError:  # built without a C compiler or libyaml's headers: the Python reader only
    _reader = None  # type: ignore[assignment]
else:
    _reader.bind(ScalarNode, SequenceNode, MappingNode)

#: Whether cfgov's compiled reader (:class:`CompiledParser`) was built with this install.
COMPILED_READER = _reader is not None


class CompiledParser:
    """cfgov's reader in C over libyaml's events, with :class:`PyYamlParser` for the rest.

    It builds the same nodes as :class:`PyYamlParser`, about four times faster, for
    the files it can read alone: one document of plain mappings, lists and values. A
    file with anything else (a syntax error, tags, anchors, a repeated key, a limit
    passed, an escape code...) goes to ``fallback``, which reports every problem, so
    problems read the same whichever parser is used. Raises :class:`RuntimeError`
    when cfgov was installed without it (see :data:`COMPILED_READER`).
    """

    name = "cfgov-compiled"

    def __init__(self, fallback: Parser | None = None) -> None:
        if _reader is None:
            raise RuntimeError(
                "cfgov was installed without its compiled reader (it needs a C compiler "
                "and libyaml's headers when it is installed); use PyYamlParser"
            )
        self.fallback = fallback if fallback is not None else PyYamlParser()
        #: Why the last file given to :meth:`parse` went to ``fallback``, or None.
        self.fell_back: str | None = None

    def parse(self, text: str, file: str, limits: Limits) -> ParseResult:
        assert _reader is not None
        found = _reader.read(text, limits.max_nodes, limits.max_depth, limits.max_scalar_chars)
        if not isinstance(found, str):
            self.fell_back = None
            return ParseResult(found, ())
        self.fell_back = found
        return self.fallback.parse(text, file, limits)


def reader_name() -> str:
    """Which YAML reader :func:`cfgov.load` uses here, in words (for ``cfgov --version``)."""
    if _reader is not None:
        return f"cfgov's compiled reader, on libyaml {_reader.libyaml_version}"
    if PyYamlParser().libyaml:
        return "PyYAML with libyaml (cfgov's compiled reader was not built)"
    return "PyYAML in pure Python (neither libyaml nor cfgov's compiled reader was built)"


#: libyaml and PyYAML's Python reader word some problems differently; say them one way.
_PLAIN_PROBLEMS = (
    (
        "mapping values are not allowed",
        "a colon and a space (`: `) where YAML cannot start a new key",
    ),
    ("found character '\\t' that cannot start any token", "found a tab character"),
    ("found a tab character", "found a tab character"),
)

#: Openings that, left unclosed, make the parser fail far below them.
_UNCLOSED = {
    "while parsing a flow sequence": "the `[` here is never closed",
    "while parsing a flow mapping": "the `{` here is never closed",
    "while scanning a quoted scalar": "the quote here is never closed",
}


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str, file: str) -> Finding:
    """A located CFG001 for a PyYAML syntax error, pointing where the user can fix it.

    PyYAML reports where it gave up; for an unclosed bracket or quote that can
    be many lines below the real mistake, so such problems point at the opening.
    """
    problem = exc.problem or exc.context or "invalid YAML"
    mark = exc.problem_mark or exc.context_mark
    for needle, plain in _PLAIN_PROBLEMS:
        if needle in problem:
            problem = plain
            break
    if "maximum nesting depth" in problem and mark is not None:
        return _error(
            "CFG013",
            file,
            mark.line + 1,
            mark.column + 1,
            "the data nests deeper than YAML allows",
            "No cfgov file needs this depth; look for a runaway `[` or `{`.",
        )
    if exc.context == "while scanning a simple key" and exc.context_mark is not None:
        # A line YAML read as the start of a key with no colon after it: PyYAML gives up
        # where the next line starts, which may be several lines (blank, comments) below.
        key_line = exc.context_mark.line + 1
        special = _special_value(text, key_line, key_line) or _no_colon(text, key_line)
        if special is not None:
            return _error("CFG001", file, *special)
    if mark is not None:
        special = _special_value(text, mark.line + 1, mark.line)
        if special is not None:
            return _error("CFG001", file, *special)
    opening = _UNCLOSED.get(exc.context or "")
    if opening is not None and exc.context_mark is not None:
        mark = exc.context_mark
        stop = exc.problem_mark
        where = ""
        if stop is not None:
            at_end = stop.line + 1 > text.count("\n") or not text[stop.index :].strip()
            where = (
                " (YAML reached the end of the file looking for it)"
                if at_end
                else (f" (YAML gave up at line {stop.line + 1})")
            )
        problem = f"{opening}{where}"
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (None, None)
    if opening is None and _char_at(text, line, column) == "\t":
        problem = "a tab character where YAML allows only spaces"
    if "cannot start a new key" in problem and line is not None:
        over = _over_indented(text, line)
        if over is not None:
            return _error(
                "CFG001",
                file,
                line,
                over + 1,
                "invalid YAML: this line is indented further than the field above it, so "
                "YAML reads it as part of that field's value",
                "Line it up with the fields above it (the same number of spaces before it).",
            )
    if problem.startswith(_OUT_OF_PLACE) and line is not None:
        # libyaml and PyYAML's Python reader word these differently; both mean a line that
        # does not fit the list or mapping above it, most often for its indentation.
        start = _misaligned(text, line, column)
        if start is not None:
            return _error("CFG001", file, *start)
        return _error(
            "CFG001",
            file,
            line,
            column,
            "invalid YAML: this does not fit into the list or the fields above it",
            "Check the indentation of this line against the lines above it, and the quotes "
            "and brackets on the line above.",
        )
    return _error("CFG001", file, line, column, f"invalid YAML: {problem}", _syntax_hint(problem))


#: Problems PyYAML reports for a line out of place in a block list or mapping.
_OUT_OF_PLACE = (
    "did not find expected key",
    "did not find expected '-' indicator",
    "expected <block end>, but found",
)

#: The start of a line: its indentation and any list dashes before its content.
_LINE_START = re.compile(r"( *)((?:-(?: +|$))*)")
#: A key at the start of what follows the dashes.
_KEY_AT = re.compile(r"([^\s:#'\"\[{][^:#]*?):(?:[ \t]|$)")


def _misaligned(text: str, line: int, column: int | None) -> tuple[int, int, str, str] | None:
    """A plain report for a line that starts left of the fields (or list items) above it.

    The line is compared with the lines above it in its block (blank lines and
    comments aside): a field is lined up with the first of the fields above that
    starts right of it, a list item with the nearest list item above.
    """
    row = _line(text, line)
    if row is None:
        return None
    start = _LINE_START.match(row)
    assert start is not None  # the pattern matches any text
    indent = len(start.group(1))
    if column != indent + 1 or not row[indent:].strip():
        return None  # not a problem with where the line starts
    item = bool(start.group(2))
    own = _KEY_AT.match(row, indent)
    if not item and own is not None and own.group(1) == "id":
        # `id:` where the `- ` of each entry stands: a new entry without its dash.
        return (
            line,
            column,
            f"invalid YAML: line {line} looks like the start of a new entry but has no `- ` "
            "(a dash and a space) before it",
            "Write `- ` before `id:`, lined up with the `- ` of the entry above, and indent the "
            "entry's other fields to line up under `id:`.",
        )
    target: tuple[int, int, str] | None = None  # column, line and what starts there
    for number in range(line - 1, 0, -1):
        above = _line(text, number) or ""
        if not above.strip() or above.lstrip().startswith("#"):
            continue
        begins = _LINE_START.match(above)
        assert begins is not None
        above_indent = len(begins.group(1))
        if item:
            if begins.group(2):
                return (
                    line,
                    column,
                    "invalid YAML: this list item is not lined up with the item above it "
                    f"(line {number}), so YAML cannot tell which list it belongs to",
                    f"Start its `- ` in the same column as the `- ` on line {number} "
                    f"({above_indent} spaces before it).",
                )
            if above_indent < indent:
                return None
            continue
        key_column = begins.end(2)
        key = _KEY_AT.match(above, key_column)
        if key is not None and key_column > indent and (target is None or key_column < target[0]):
            target = (key_column, number, key.group(1))
        if above_indent <= indent:
            break
    if target is None:
        return None
    spaces, number, name = target
    return (
        line,
        column,
        "invalid YAML: this line is indented less than the fields of the entry above it, so "
        "YAML cannot tell which entry it belongs to",
        f"Line it up with `{excerpt(name)}:` on line {number} ({spaces} spaces before it).",
    )


def _over_indented(text: str, line: int) -> int | None:
    """The indentation of ``line``, when it is a ``key: value`` line indented further than
    the ``key: value`` line above it (whose value is complete, so nothing may nest under it)."""
    row, above = _line(text, line), _line(text, line - 1)
    if row is None or above is None:
        return None
    here, there = _KEY_VALUE.match(row), _KEY_VALUE.match(above)
    if here is None or there is None:
        return None
    # Compare where the keys start, so that `- id: x` above `  name: y` lines up.
    return here.start(2) if here.start(2) > there.start(2) else None


#: A comment glued to the end of a plain value: ``Staff #2`` is read as ``Staff``.
_GLUED_COMMENT = re.compile(r"[ \t]+(#\S[^\n]*)")

#: ``key: value`` where the value starts with a character YAML treats specially.
_KEY_VALUE = re.compile(r"^(\s*(?:-\s+)?)([^\s:#'\"\[{][^:#]*?):[ \t]+(\S.*?)\s*(?:#.*)?$")
_TRAILING_COMMENT = re.compile(r"\s+#.*$")
_NO_SPACE_AFTER_DASH = re.compile(r"^(\s*)-([^\s\-].*)$")
#: ``name:Jobseekers``: a field name glued to its value, which YAML reads as one word.
_GLUED_KEY = re.compile(r"^(\s*(?:-\s+)?)([A-Za-z_][A-Za-z0-9_]*):([^\s:].*?)\s*$")


def _line(text: str, number: int) -> str | None:
    if number < 1:
        return None
    rows = text.split("\n", number)
    return rows[number - 1] if len(rows) >= number else None


def _read_field(key: str, written: str) -> str | None:
    """The text YAML reads from the line ``key: written`` as the field ``key``, if it does."""
    try:
        # The pure-Python reader, so that hints are alike with and without libyaml.
        events = list(yaml.parse(f"{key}: {written}\n", Loader=yaml.BaseLoader))
    except yaml.YAMLError:
        return None
    scalars = [e.value for e in events if isinstance(e, yaml.ScalarEvent)]
    starts = [e for e in events if isinstance(e, yaml.CollectionStartEvent)]
    return scalars[1] if len(starts) == 1 and len(scalars) == 2 and scalars[0] == key else None


def _reads_back(key: str, written: str, value: str) -> bool:
    """Whether YAML reads the line ``key: written`` as the field ``key`` holding ``value``."""
    return _read_field(key, written) == value


def _yaml_text(key: str, value: str, *, plain: bool = True) -> str | None:
    """``value`` written as YAML reads it back exactly after ``key: ``, quoted if need be."""
    double = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    single = "'" + value.replace("'", "''") + "'"
    # Double quotes read best, unless the text itself holds them and no apostrophe.
    candidates = (single, double) if '"' in value and "'" not in value else (double, single)
    for written in (value, *candidates) if plain else candidates:
        if _reads_back(key, written, value):
            return written
    return None


def suggested_field(key: str, value: str, fallback: str, *, plain: bool = True) -> str:
    """The field as a hint writes it, ``key: value`` quoted so that it reads back as ``value``.

    A value too long to quote back in full (see :func:`cfgov.model.excerpt`) gives
    ``fallback`` instead: a hint never repeats a whole pasted page or secret.
    """
    written = _yaml_text(key, value, plain=plain) if len(value) <= EXCERPT_CHARS else None
    if written is None or not written.isprintable():
        return fallback + "."
    return f"`{excerpt(key)}: {written}`."


def _closes(value: str) -> bool:
    """Whether a value that opens a bracket or quote closes it at its end, and only there."""
    first, last = value[0], value[-1]
    if first == "[":
        return last == "]"
    if first == "{":
        return last == "}"
    if len(value) < 2 or last != first:
        return False
    inner = value[1:-1].replace("''", "") if first == "'" else value[1:-1].replace('\\"', "")
    return first not in inner


#: ``name Ministry``: a field name and a value with no colon between them.
_NO_COLON = re.compile(r"^(\s*(?:-\s+)?)([A-Za-z_][A-Za-z0-9_]*)[ \t]+([^\s:#].*?)\s*$")


def _no_colon(text: str, line: int) -> tuple[int, int, str, str] | None:
    """A report for a line that starts like a field but has no colon after the field name."""
    row = _line(text, line)
    match = _NO_COLON.match(row) if row is not None else None
    if match is None:
        return None
    key, value = match.group(2), match.group(3)
    return (
        line,
        match.start(2) + 1,
        f"invalid YAML: this line has no colon after `{excerpt(key)}`, so YAML does not read it "
        "as a field",
        "Put a colon and a space after the field name: "
        + suggested_field(key, value, f"`{excerpt(key)}: ...`"),
    )


def _special_value(text: str, *lines: int) -> tuple[int, int, str, str] | None:
    """A friendlier report for common text that YAML cannot read unquoted, on one of ``lines``."""
    for number in lines:
        row = _line(text, number)
        if row is None:
            continue
        dash = _NO_SPACE_AFTER_DASH.match(row)
        if dash and ":" in dash.group(2):
            return (
                number,
                len(dash.group(1)) + 1,
                "invalid YAML: a list item needs a space after the dash",
                f"Write `- {dash.group(2).strip()}`.",
            )
        glued = _GLUED_KEY.match(row)
        if glued and not glued.group(3).startswith("//"):  # not a web address
            key, value = glued.group(2), _TRAILING_COMMENT.sub("", glued.group(3))
            return (
                number,
                glued.start(2) + 1,
                f"invalid YAML: `{excerpt(f'{key}:{value}')}` has no space after the colon, "
                "so YAML does not read it as a field",
                "Put a space after the colon: "
                + (
                    f"`{excerpt(key)}: {value}`."  # as written, quotes and all, if YAML reads it
                    if len(value) <= EXCERPT_CHARS
                    and value.isprintable()
                    and _read_field(key, value) is not None
                    else suggested_field(key, value, f"`{excerpt(key)}: ...`")
                ),
            )
        match = _KEY_VALUE.match(row)
        if match is None:
            continue
        key, value = match.group(2), match.group(3)
        name = excerpt(key)
        first = value[0]
        troublesome = (
            first in "@`%"
            or (first in "*&!" and " " in value)
            or (first in "[{'\"" and not _closes(value))
        )
        if troublesome:
            if first in "'\"":
                # A quote inside quoted text ends it early: the rest of the line is the
                # value meant (a `#` inside quotes starts no comment), less its outer quotes.
                value = row[match.start(3) :].rstrip()
                if len(value) > 1 and value[-1] == first:
                    inner = value[1:-1]
                    return (
                        number,
                        match.start(3) + 1,
                        f"invalid YAML: the value of `{name}` starts with `{first}` and holds "
                        f"another `{first}` inside, which YAML reads as the end of the quoted "
                        "text",
                        "Put the whole value in quotes like this: "
                        + suggested_field(
                            key,
                            inner.replace("''", "'") if first == "'" else inner,
                            f'`{name}: "..."`, with `\\"` for each `"` inside',
                            plain=False,
                        ),
                    )
            return (
                number,
                match.start(3) + 1,
                f"invalid YAML: the value of `{name}` starts with `{first}`, which YAML reads "
                "as the start of special syntax",
                "Put the whole value in quotes: "
                + suggested_field(
                    key, value, f'`{name}: "..."`, with `\\"` for each `"` inside', plain=False
                ),
            )
    return None


def _codepoint(character: object) -> str:
    code = character if isinstance(character, int) else ord(str(character)[:1] or "\0")
    return f"U+{code:04X}"


def _char_at(text: str, line: int | None, column: int | None) -> str | None:
    if line is None or column is None:
        return None
    lines = text.split("\n", line)
    if len(lines) < line:
        return None
    row = lines[line - 1]
    return row[column - 1] if 0 < column <= len(row) else None


def _at(node: AnyNode, position: tuple[int, int]) -> AnyNode:
    """The node as used at an alias: the same content, placed where the alias stands."""
    line, column = position
    if isinstance(node, ScalarNode):
        return ScalarNode(node.value, node.plain, line, column)
    if isinstance(node, SequenceNode):
        return SequenceNode(node.items, line, column)
    return MappingNode(node.items, line, column)


def _start(event: Any) -> tuple[int, int]:
    """Where an event starts, counting from 1."""
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


class _Frame:
    __slots__ = ("anchor", "entry", "keys", "node", "pending_key", "size", "tail")

    def __init__(
        self, node: MappingNode | SequenceNode, anchor: str | None, entry: bool = False
    ) -> None:
        self.node = node
        self.anchor = anchor
        self.size = 1
        self.pending_key: ScalarNode | None = None
        self.keys: dict[str, ScalarNode] | None = {} if isinstance(node, MappingNode) else None
        #: For a block mapping that is an item of a block list (an entry): the pairs from
        #: its first repeated key on, which may be entries that lack their `- `.
        self.entry = entry
        self.tail: list[tuple[ScalarNode, AnyNode]] | None = None


class _TreeBuilder:
    """Builds nodes from PyYAML events, checking limits and keys as it goes."""

    def __init__(self, file: str, limits: Limits, text: str) -> None:
        self.file = file
        self.limits = limits
        self.text = text
        self.nodes = 0
        self.unused_anchors: dict[str, tuple[int, int]] = {}
        self.problems: list[Finding] = []
        self.root: AnyNode | None = None
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[AnyNode, int]] = {}
        self.open_anchors: set[str] = set()
        self.alias_nodes = 0
        self.documents = 0
        self.skip_depth = 0  # >0 while skipping the value of a duplicate key
        #: Only a file with a `#` in it can have a comment glued to a value.
        self.has_hash = "#" in text

    def finish(self) -> None:
        """Checks that need the whole file: anchors that no alias uses."""
        for anchor, (line, column) in self.unused_anchors.items():
            name = excerpt(anchor)
            self.problems.append(
                _error(
                    "CFG012",
                    self.file,
                    line,
                    column,
                    f"YAML reads `&{name}` as an anchor (a name for reuse) and leaves it out "
                    "of the value, and nothing uses it",
                    "If the & is part of the text, put the whole value in quotes; otherwise "
                    f"remove `&{name}`.",
                )
            )

    def _fail(self, code: str, event: Any, message: str, hint: str | None = None) -> None:
        line, column = _start(event)
        self.problems.append(_error(code, self.file, line, column, message, hint))

    def _check_tag(self, event: Any) -> None:
        tag = event.tag
        if tag is None or tag in _ALLOWED_TAGS:
            return
        shown = tag.replace(_CORE, "!!")
        self._fail(
            "CFG011",
            event,
            f"the tag {quoted(shown)} is not allowed: cfgov files hold plain data only",
            "If the ! is part of the text, put the whole value in quotes. Otherwise remove "
            "the tag: tags that build objects (such as !!python/object) are refused so that "
            "files from a pull request can never run code.",
        )
        raise _Stop

    def _count(self, event: Any) -> None:
        self.nodes += 1
        if self.nodes > self.limits.max_nodes:
            self._fail(
                "CFG014",
                event,
                f"the file holds more than {self.limits.max_nodes:,} values",
                "Split the model over several files; programs that load very large "
                "models can raise Limits.max_nodes.",
            )
            raise _Stop
        if event.anchor is not None:
            self.unused_anchors[event.anchor] = _start(event)

    def _document(self, event: Any) -> None:
        self.documents += 1
        if self.documents > 1:
            self._fail(
                "CFG001",
                event,
                "a file may hold only one YAML document",
                "Remove the `---` line, or move the second document to a file of its own.",
            )
            raise _Stop

    def _scalar(self, event: Any) -> None:
        self._count(event)
        tag = event.tag
        if tag is not None and tag not in _ALLOWED_TAGS:
            self._check_tag(event)
        value = event.value
        if len(value) > self.limits.max_scalar_chars:
            self._fail(
                "CFG014",
                event,
                f"a value here is {len(value):,} characters long, more than the "
                f"limit of {self.limits.max_scalar_chars:,}",
                "No name, statement or description needs this much; look for text "
                "pasted in by mistake, or an unclosed quote.",
            )
            raise _Stop
        mark = event.start_mark
        if event.style == '"' and self.text.find("\\", mark.index, event.end_mark.index) >= 0:
            self._check_escapes(event)
        plain = tag in _PLAIN_TAGS or (tag is None and bool(event.implicit[0]))
        glued = ""
        if plain and self.has_hash and event.end_mark is not None:
            match = _GLUED_COMMENT.match(self.text, event.end_mark.index)
            glued = match.group(1) if match else ""
        node = ScalarNode(value, plain, mark.line + 1, mark.column + 1, glued)
        self._add(node, 1, event)
        if event.anchor is not None:
            self.anchors[event.anchor] = (node, 1)

    def _check_escapes(self, event: Any) -> None:
        """Quoted text may not write, as an escape code, a character it may not hold typed."""
        source = self.text[event.start_mark.index : event.end_mark.index]
        char = characters.escaped(event.value, source)
        if char is not None:
            line, column = _start(event)
            self.problems.append(
                characters.escaped_problem(char, Location(self.file, line, column))
            )

    def _collection_start(self, event: Any) -> None:
        self._count(event)
        if event.tag is not None:
            self._check_tag(event)
        if len(self.stack) >= self.limits.max_depth:
            self._fail(
                "CFG013",
                event,
                f"the data nests more than {self.limits.max_depth} levels deep",
                "No cfgov file needs this depth; look for a runaway `[` or `{`, or an "
                "indentation mistake.",
            )
            raise _Stop
        line, column = _start(event)
        container: MappingNode | SequenceNode
        entry = False
        if event.__class__ is yaml.MappingStartEvent:
            container = MappingNode([], line, column)
            entry = (
                not event.flow_style
                and event.anchor is None
                and bool(self.stack)
                and isinstance(self.stack[-1].node, SequenceNode)
            )
        else:
            container = SequenceNode([], line, column)
        if event.anchor is not None:
            self.open_anchors.add(event.anchor)
        self.stack.append(_Frame(container, event.anchor, entry))

    def _collection_end(self, event: Any) -> None:
        frame = self.stack.pop()
        entries = self._entries_of(frame) if frame.tail is not None else ()
        if frame.anchor is not None:
            self.open_anchors.discard(frame.anchor)
            self.anchors[frame.anchor] = (frame.node, frame.size)
        self._add(frame.node, frame.size, event)
        for entry in entries:  # entries written without their `- `, after the one above
            self._add(entry, 0, event)

    def _alias(self, event: Any) -> None:
        name = event.anchor
        if name in self.open_anchors:
            self._fail(
                "CFG012",
                event,
                f"the alias *{excerpt(name)} refers to the anchor that contains it",
                "Recursive data cannot describe a model: remove the alias.",
            )
            raise _Stop
        found = self.anchors.get(name)
        if found is None:
            self._fail(
                "CFG012",
                event,
                f"the alias *{excerpt(name)} has no anchor &{excerpt(name)} before it",
                f"Define `&{excerpt(name)}` on the value to repeat, above this line, or remove "
                "the alias.",
            )
            raise _Stop
        self.unused_anchors.pop(name, None)
        node, size = found
        node = _at(node, _start(event))
        self.alias_nodes += size
        if self.alias_nodes > self.limits.max_alias_nodes:
            self._fail(
                "CFG012",
                event,
                f"aliases in this file expand to more than {self.limits.max_alias_nodes:,} values",
                "Aliases that repeat other aliases grow exponentially (an 'alias bomb'); "
                "write the data out instead.",
            )
            raise _Stop
        self._add(node, size, event)

    def _add(self, node: AnyNode, size: int, event: Any) -> None:
        if not self.stack:
            self.root = node
            return
        frame = self.stack[-1]
        frame.size += size
        parent = frame.node
        if isinstance(parent, SequenceNode):
            parent.items.append(node)
            return
        if frame.pending_key is None:
            if not isinstance(node, ScalarNode):
                self.problems.append(
                    _error(
                        "CFG004",
                        self.file,
                        node.line,
                        node.column,
                        "a mapping key must be a single value, not a list or mapping",
                        "Write keys as plain words such as `name:`.",
                    )
                )
                raise _Stop
            frame.pending_key = node
            return
        key = frame.pending_key
        frame.pending_key = None
        if frame.tail is not None:
            frame.tail.append((key, node))
            return
        assert frame.keys is not None
        first = frame.keys.get(key.value)
        if first is not None:
            if frame.entry:
                # Perhaps the start of an entry written without its `- `: decided at the end
                # of the mapping, once it is known whether an `id:` follows.
                frame.tail = [(key, node)]
                return
            self._duplicate(key, first)
            return
        frame.keys[key.value] = key
        parent.items.append((key, node))

    def _report(self, problem: Finding) -> None:
        """Record a problem, stopping the file once it has too many."""
        self.problems.append(problem)
        if len(self.problems) >= self.limits.max_problems_per_file:
            self.problems.append(
                _error(
                    "CFG020",
                    self.file,
                    problem.location.line if problem.location else None,
                    problem.location.column if problem.location else None,
                    f"more than {self.limits.max_problems_per_file} problems in this file; "
                    "cfgov stopped reading it here",
                    "Fix the problems above, then run cfgov again to see the rest.",
                )
            )
            raise _Stop

    def _duplicate(self, key: ScalarNode, first: ScalarNode) -> None:
        self._report(
            _error(
                "CFG002",
                self.file,
                key.line,
                key.column,
                f"the key {quoted(key.value)} appears twice in this mapping "
                f"(first at line {first.line})",
                "If this line starts another entry, begin it with `- ` (a dash and a "
                "space) lined up with the `- ` of the entry above."
                if key.value == "id"
                else "Keep one of them: other programs reading the file would quietly keep "
                "only the last and lose the first.",
            )
        )

    def _entries_of(self, frame: _Frame) -> list[MappingNode]:
        """The entries that follow an entry's first repeated key, when each has an `id:`.

        Then the repeated keys are the first lines of entries written without their
        `- `: reported as that, once each, and read as the entries meant, so that no
        duplicate key, dangling reference or cycle follows from the slip. Otherwise
        the keys are repeats, reported as such, and the other pairs are kept.
        """
        assert frame.tail is not None
        assert frame.keys is not None
        assert isinstance(frame.node, MappingNode)
        chunks: list[list[tuple[ScalarNode, AnyNode]]] = [[]]
        seen: set[str] = set()
        for pair in frame.tail:
            if pair[0].value in seen:
                chunks.append([])
                seen.clear()
            chunks[-1].append(pair)
            seen.add(pair[0].value)
        if not all(any(key.value == "id" for key, _ in chunk) for chunk in chunks):
            for key, value in frame.tail:
                first = frame.keys.get(key.value)
                if first is not None:
                    self._duplicate(key, first)
                else:
                    frame.keys[key.value] = key
                    frame.node.items.append((key, value))
            return []
        entries = []
        for chunk in chunks:
            start = chunk[0][0]
            self._report(_missing_dash(self.file, self.text, start, frame.node.line, self._dash()))
            entries.append(MappingNode(chunk, start.line, start.column))
        return entries

    def _dash(self) -> int | None:
        """The column of the `- ` of the list being read (its first), counting from 1."""
        return self.stack[-1].node.column if self.stack else None


def _missing_dash(file: str, text: str, key: ScalarNode, entry: int, dash: int | None) -> Finding:
    """The problem of a line that starts an entry of a list without the entry's `- `.

    ``entry`` is the line of the entry above (with its `- `); ``dash``, the column
    of the list's `- `, when known.
    """
    row = _line(text, key.line) or ""
    spaces = len(row) - len(row.lstrip(" "))
    if dash is not None and spaces == dash + 1:
        fix = (
            f"begin it with `- `: put it in place of the two spaces before "
            f"`{excerpt(key.value)}:`, so that it lines up with the `- ` on line {entry}"
        )
    elif dash is not None:
        fix = (
            f"begin it with `- ` in the same column as the `- ` on line {entry} "
            f"({dash - 1} spaces before it)"
        )
    else:
        fix = f"begin it with `- `, lined up with the `- ` on line {entry}"
    return _error(
        "CFG002",
        file,
        key.line,
        key.column,
        f"line {key.line} looks like the start of a new entry but has no `- ` (a dash and a "
        f"space) before it, so YAML reads its fields as more fields of the entry on line "
        f"{entry}",
        f"If it starts a new entry, {fix}. If it is all one entry, keep each field once.",
    )


#: The builder's method for each kind of event; a table of plain functions rather than
#: bound methods, so that a builder is not kept alive by a cycle through its own table
#: (the CLI pauses the cycle collector while loading, and the tree would stay in memory).
_HANDLERS: dict[type, Callable[[_TreeBuilder, Any], None]] = {
    yaml.ScalarEvent: _TreeBuilder._scalar,
    yaml.MappingStartEvent: _TreeBuilder._collection_start,
    yaml.SequenceStartEvent: _TreeBuilder._collection_start,
    yaml.MappingEndEvent: _TreeBuilder._collection_end,
    yaml.SequenceEndEvent: _TreeBuilder._collection_end,
    yaml.AliasEvent: _TreeBuilder._alias,
    yaml.DocumentStartEvent: _TreeBuilder._document,
}
