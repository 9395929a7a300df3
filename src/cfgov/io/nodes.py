"""A minimal YAML node tree that keeps every scalar's text as written, with positions.

Parsers produce these nodes; the format builder reads them. Nothing here
decides what a scalar means: that is left to the field that holds it, so an
id such as ``NO`` or ``010`` stays the text the user typed.
"""

from __future__ import annotations

import re
from typing import TypeAlias

NULL_WORDS = frozenset({"", "~", "null", "Null", "NULL"})
TRUE_WORDS = frozenset({"true", "True", "TRUE"})
FALSE_WORDS = frozenset({"false", "False", "FALSE"})
INT_RE = re.compile(r"[-+]?[0-9](_?[0-9])*")
FLOAT_RE = re.compile(r"[-+]?(\.[0-9]+|[0-9](_?[0-9])*(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
SPECIAL_FLOAT_RE = re.compile(r"[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)")


class Node:
    """Base of the three node kinds; ``line`` and ``column`` count from 1."""

    __slots__ = ("column", "line")

    def __init__(self, line: int, column: int) -> None:
        self.line = line
        self.column = column

    @property
    def kind(self) -> str:
        """A word for messages: ``"text"``, ``"a list"`` or ``"a mapping"``."""
        raise NotImplementedError


class ScalarNode(Node):
    """A scalar: its text exactly as written, and whether it was plain (unquoted, untagged)."""

    __slots__ = ("comment_follows", "plain", "value")

    def __init__(
        self, value: str, plain: bool, line: int, column: int, comment_follows: str = ""
    ) -> None:
        self.line = line  # set here, not through Node.__init__: scalars are the most made
        self.column = column
        self.value = value
        self.plain = plain
        #: For a plain scalar followed on its line by ``#`` with no space after it
        #: (``Staff #2``): that text, which YAML drops as a comment.
        self.comment_follows = comment_follows

    @property
    def is_null(self) -> bool:
        """True for an empty value, ``~`` or ``null`` written without quotes."""
        return self.plain and self.value in NULL_WORDS

    @property
    def kind(self) -> str:
        return "empty" if self.is_null else "a single value"

    def __repr__(self) -> str:
        return f"ScalarNode({self.value!r}, plain={self.plain}, at {self.line}:{self.column})"


class SequenceNode(Node):
    """A list of nodes."""

    __slots__ = ("items",)

    def __init__(self, items: list[AnyNode], line: int, column: int) -> None:
        super().__init__(line, column)
        self.items = items

    @property
    def kind(self) -> str:
        return "a list"


class MappingNode(Node):
    """Key-value pairs in the order written; keys are scalars and unique (the parser sees to it)."""

    __slots__ = ("items",)

    def __init__(self, items: list[tuple[ScalarNode, AnyNode]], line: int, column: int) -> None:
        super().__init__(line, column)
        self.items = items

    @property
    def kind(self) -> str:
        return "a mapping"


AnyNode: TypeAlias = ScalarNode | SequenceNode | MappingNode

JsonValue: TypeAlias = "bool | int | float | str | list[JsonValue] | dict[str, JsonValue] | None"


def plain_scalar_value(node: ScalarNode) -> bool | int | float | str | None:
    """What a YAML 1.2 core-schema reader (such as an editor) takes a scalar to be.

    cfgov itself reads scalars by the field that holds them; this is for tools
    that need the editor's view, such as checking files against the JSON Schema.
    """
    if not node.plain:
        return node.value
    text = node.value
    if text in NULL_WORDS:
        return None
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    if re.fullmatch(r"[-+]?[0-9]+", text):
        return int(text)
    if re.fullmatch(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?", text):
        return float(text)
    return text


def to_json(node: AnyNode) -> JsonValue:
    """The node as plain JSON-like data, read as a YAML 1.2 core-schema tool would."""
    if isinstance(node, ScalarNode):
        return plain_scalar_value(node)
    if isinstance(node, SequenceNode):
        return [to_json(item) for item in node.items]
    return {key.value: to_json(value) for key, value in node.items}
