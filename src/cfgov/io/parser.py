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
from cfgov.model.findings import Finding, Location, Severity

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
    ("did not find expected key", "Check the indentation: each field of an entry must line up."),
    ("did not find expected '-'", "Check the indentation of the list items."),
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
    if mark is not None:
        special = _special_value(text, mark.line + 1)
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
    return _error("CFG001", file, line, column, f"invalid YAML: {problem}", _syntax_hint(problem))


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
_NO_SPACE_AFTER_DASH = re.compile(r"^(\s*)-([^\s\-].*)$")
#: ``name:Jobseekers``: a field name glued to its value, which YAML reads as one word.
_GLUED_KEY = re.compile(r"^(\s*(?:-\s+)?)([A-Za-z_][A-Za-z0-9_]*):([^\s:].*?)\s*$")


def _line(text: str, number: int) -> str | None:
    if number < 1:
        return None
    rows = text.split("\n", number)
    return rows[number - 1] if len(rows) >= number else None


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


def _special_value(text: str, line: int) -> tuple[int, int, str, str] | None:
    """A friendlier report for common text that YAML cannot read unquoted, near ``line``."""
    for number in (line, line - 1):
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
            key, value = glued.group(2), glued.group(3)
            return (
                number,
                glued.start(2) + 1,
                f"invalid YAML: `{key}:{value}` has no space after the colon, so YAML does "
                "not read it as a field",
                f"Put a space after the colon: `{key}: {value}`.",
            )
        match = _KEY_VALUE.match(row)
        if match is None:
            continue
        key, value = match.group(2), match.group(3)
        first = value[0]
        troublesome = (
            first in "@`%"
            or (first in "*&!" and " " in value)
            or (first in "[{'\"" and not _closes(value))
        )
        if troublesome:
            quoted = value.replace("\\", "\\\\").replace('"', '\\"')
            return (
                number,
                match.start(3) + 1,
                f"invalid YAML: the value of `{key}` starts with `{first}`, which YAML reads "
                "as the start of special syntax",
                f'Put the whole value in quotes: `{key}: "{quoted}"`.',
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
    __slots__ = ("anchor", "keys", "node", "pending_key", "size")

    def __init__(self, node: MappingNode | SequenceNode, anchor: str | None) -> None:
        self.node = node
        self.anchor = anchor
        self.size = 1
        self.pending_key: ScalarNode | None = None
        self.keys: dict[str, ScalarNode] | None = {} if isinstance(node, MappingNode) else None


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
        for name, (line, column) in self.unused_anchors.items():
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
            f"the tag {shown!r} is not allowed: cfgov files hold plain data only",
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
        if event.__class__ is yaml.MappingStartEvent:
            container = MappingNode([], line, column)
        else:
            container = SequenceNode([], line, column)
        if event.anchor is not None:
            self.open_anchors.add(event.anchor)
        self.stack.append(_Frame(container, event.anchor))

    def _collection_end(self, event: Any) -> None:
        frame = self.stack.pop()
        if frame.anchor is not None:
            self.open_anchors.discard(frame.anchor)
            self.anchors[frame.anchor] = (frame.node, frame.size)
        self._add(frame.node, frame.size, event)

    def _alias(self, event: Any) -> None:
        name = event.anchor
        if name in self.open_anchors:
            self._fail(
                "CFG012",
                event,
                f"the alias *{name} refers to the anchor that contains it",
                "Recursive data cannot describe a model: remove the alias.",
            )
            raise _Stop
        found = self.anchors.get(name)
        if found is None:
            self._fail(
                "CFG012",
                event,
                f"the alias *{name} has no anchor &{name} before it",
                f"Define `&{name}` on the value to repeat, above this line, or remove the alias.",
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
        assert frame.keys is not None
        first = frame.keys.get(key.value)
        if first is not None:
            self.problems.append(
                _error(
                    "CFG002",
                    self.file,
                    key.line,
                    key.column,
                    f"the key {key.value!r} appears twice in this mapping "
                    f"(first at line {first.line})",
                    "If this line starts another entry, begin it with `- ` (a dash and a "
                    "space) lined up with the `- ` of the entry above."
                    if key.value == "id"
                    else "Keep one of them: other programs reading the file would quietly keep "
                    "only the last and lose the first.",
                )
            )
            if len(self.problems) >= self.limits.max_problems_per_file:
                self.problems.append(
                    _error(
                        "CFG020",
                        self.file,
                        key.line,
                        key.column,
                        f"more than {self.limits.max_problems_per_file} problems in this file; "
                        "cfgov stopped reading it here",
                        "Fix the problems above, then run cfgov again to see the rest.",
                    )
                )
                raise _Stop
            return
        frame.keys[key.value] = key
        parent.items.append((key, node))


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
