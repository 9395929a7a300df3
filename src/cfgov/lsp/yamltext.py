"""Reading the YAML an editor holds, line by line, as far as its features need.

The model says which field is written where; these helpers say what is written
there: the scalar under the cursor, the id of an entry, the keys above a line.
They read text as it is typed, so they never fail on a line that does not parse:
they find less. Columns count characters from 0.
"""

from __future__ import annotations

import re

import attrs

#: The line endings the protocol knows; ``str.splitlines`` knows more (U+2028...).
_LINE_END = re.compile(r"\r\n|\r|\n")


def lines_of(text: str) -> list[str]:
    """The lines of a text as the editor counts them, without their endings."""
    return _LINE_END.split(text)


@attrs.frozen
class Token:
    """One scalar of a line: where it starts and ends (quotes included), its value, and
    whether it is a key (``name:``), or the key it is the value of."""

    start: int
    end: int
    value: str
    quoted: bool = False
    is_key: bool = False
    key: str | None = None


def tokens(line: str, depth: int = 0) -> list[Token]:
    """The scalars of one line, keys and values, left to right; a comment ends the line.
    ``depth`` says how many flow lists or mappings (``[..``) the line starts inside."""
    found: list[Token] = []
    # inside [..] or {..}, a comma or a closing bracket ends a plain scalar
    key: str | None = None
    index, size = 0, len(line)
    while index < size:
        char = line[index]
        if char in " \t":
            index += 1
            continue
        if char == "#" and (index == 0 or line[index - 1] in " \t"):
            break
        if char in "[{":
            depth += 1
            index += 1
            continue
        if char in "]}":
            depth = max(depth - 1, 0)
            index += 1
            continue
        if char == ",":
            key = None
            index += 1
            continue
        if char == "-" and (index + 1 == size or line[index + 1] in " \t"):
            index += 1  # a list item's dash
            continue
        if char in "'\"":
            end, value = _quoted(line, index)
            token_end = end
        else:
            end = _plain_end(line, index, depth)
            value = line[index:end].rstrip()
            token_end = index + len(value)
        after = end
        while after < size and line[after] in " \t":
            after += 1
        is_key = (
            after < size
            and line[after] == ":"
            and (after + 1 == size or line[after + 1] in " \t,]}")
        )
        found.append(Token(index, token_end, value, char in "'\"", is_key, None if is_key else key))
        if is_key:
            key = value
            index = after + 1
        else:
            key = None
            index = max(end, index + 1)
    return found


def _quoted(line: str, start: int) -> tuple[int, str]:
    """The end (after the closing quote, or the end of the line) and value of quoted text."""
    quote = line[start]
    index, parts = start + 1, []
    while index < len(line):
        char = line[index]
        if quote == "'" and char == "'":
            if line[index + 1 : index + 2] == "'":
                parts.append("'")
                index += 2
                continue
            return index + 1, "".join(parts)
        if quote == '"' and char == "\\" and index + 1 < len(line):
            parts.append(line[index + 1])
            index += 2
            continue
        if quote == '"' and char == '"':
            return index + 1, "".join(parts)
        parts.append(char)
        index += 1
    return len(line), "".join(parts)


def _plain_end(line: str, start: int, depth: int) -> int:
    index = start
    size = len(line)
    while index < size:
        char = line[index]
        if char == ":" and (
            index + 1 == size or line[index + 1] in " \t" or (depth and line[index + 1] in ",]}")
        ):
            return index
        if char == "#" and line[index - 1] in " \t":
            return index
        if depth and char in ",]}":
            return index
        index += 1
    return size


def token_at(line: str, column: int) -> Token | None:
    """The scalar under (or just after) the cursor at ``column``."""
    for token in tokens(line):
        if token.start <= column <= token.end:
            return token
    return None


def token_starting(line: str, column: int, depth: int = 0) -> Token | None:
    """The scalar that starts at ``column`` (where the source map places a value)."""
    for token in tokens(line, depth):
        if token.start == column:
            return token
        if token.start > column:
            return None
    return None


#: ``  - key: value`` as far as its parts go: indentation, a dash, a key, the rest.
_LINE = re.compile(r"^(?P<indent> *)(?P<dash>-(?: +|$))?(?P<rest>.*)$")
_KEY = re.compile(r"^(?P<key>[^\s#'\"\[\]{},:][^#:]*?|'[^']*'|\"[^\"]*\") *:(?: +|$)(?P<value>.*)$")


@attrs.frozen
class Shape:
    """The shape of one line: its indentation, whether it starts a list item (and where
    the item's content starts), the key it writes (if any) and whether a value follows."""

    indent: int
    dash: bool
    column: int  # where the content after indentation and any dash starts
    key: str | None
    value: str
    blank: bool


def shape(line: str) -> Shape:
    """How one line is laid out (see :class:`Shape`)."""
    match = _LINE.match(line)
    assert match is not None  # the pattern matches any line
    indent = len(match["indent"])
    dash = match["dash"] is not None
    column = indent + (len(match["dash"]) if dash else 0)
    rest = match["rest"]
    stripped = rest.strip()
    if not stripped or stripped.startswith("#"):
        return Shape(indent, dash, column, None, "", blank=not dash)
    keyed = _KEY.match(rest)
    if keyed is None:
        return Shape(indent, dash, column, None, _strip_comment(rest), blank=False)
    key = keyed["key"].strip().strip("'\"")
    return Shape(indent, dash, column, key, _strip_comment(keyed["value"]), blank=False)


def _strip_comment(value: str) -> str:
    cut = re.search(r"(^|\s)#", value)
    if cut is not None and not value.lstrip().startswith(("'", '"')):
        value = value[: cut.start()]
    return value.strip()


def keys_above(lines: list[str], line: int, column: int) -> list[str] | None:
    """The keys whose values hold the mapping a key at ``column`` of ``line`` belongs to,
    outermost first (``["objectives", "measures"]``), read from the indentation of the
    lines above; the empty list at the top of a file; None where the lines above do not
    lead anywhere (a flow mapping, a line that is not YAML yet)."""
    keys: list[str] = []
    need = column
    current = shape(lines[line]) if 0 <= line < len(lines) else None
    in_list: int | None = None
    if current is not None and current.dash and current.column == column:
        in_list = current.indent  # this line starts a list item: its mapping starts here
    for number in range(min(line, len(lines)) - 1, -1, -1):
        above = shape(lines[number])
        if above.blank:
            continue
        if in_list is not None:
            # looking for the key that holds the list whose dashes are at in_list
            if above.column > in_list or (above.dash and above.indent == in_list):
                continue
            if above.key is None or above.value:
                return None
            keys.append(above.key)
            need = above.column
            in_list = above.indent if above.dash else None
            continue
        if above.column > need:
            continue
        if above.column == need:
            if above.dash:
                in_list = above.indent
            continue
        if above.key is None or above.value:
            return None  # text deeper than a key that holds a value: not a mapping
        keys.append(above.key)
        need = above.column
        in_list = above.indent if above.dash else None
    return keys[::-1] if need == 0 and in_list is None else None


def mapping_keys(lines: list[str], line: int, column: int) -> set[str]:
    """The keys written in the block mapping whose keys are at ``column`` and which holds
    ``line``, other than on ``line`` itself."""
    found: set[str] = set()
    here = shape(lines[line]) if 0 <= line < len(lines) else None
    if here is None:
        return found
    if not (here.dash and here.column == column):  # the mapping starts above
        for number in range(line - 1, -1, -1):
            above = shape(lines[number])
            if above.blank or above.column > column:
                continue
            if above.column < column:
                break
            if above.key is not None:
                found.add(above.key)
            if above.dash:
                break
    for number in range(line + 1, len(lines)):
        below = shape(lines[number])
        if below.blank or below.column > column:
            continue
        if below.column < column or below.dash:
            break
        if below.key is not None:
            found.add(below.key)
    return found


def mapping_end(lines: list[str], line: int, column: int) -> int:
    """The last line (from 0) of the block mapping whose keys are at ``column`` and which
    holds ``line``: the line after which a new key of that mapping goes."""
    last = line
    for number in range(line + 1, len(lines)):
        below = shape(lines[number])
        if below.blank:
            continue
        if below.indent < column:
            break
        last = number
    return last


def yaml_scalar(value: str) -> str:
    """``value`` as a plain YAML scalar when it reads back as itself, else in double quotes."""
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.\-/]*", value) and value.lower() not in (
        "true",
        "false",
        "yes",
        "no",
        "on",
        "off",
        "null",
        "y",
        "n",
    ):
        return value
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
