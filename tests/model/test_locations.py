"""Findings and locations as text: always writable, whatever a file is called."""

from __future__ import annotations

from cfgov.model import Finding, Location, Severity
from cfgov.model.findings import printable

#: ``caf\xe9.yaml`` from a Latin-1 system, as Python holds the name on Linux.
LATIN1_NAME = "caf\udce9.yaml"


def test_a_location_in_a_file_whose_name_is_not_utf8_shows_the_byte() -> None:
    location = Location(LATIN1_NAME, 3, 5)
    assert str(location) == "caf\\xe9.yaml:3:5"
    assert location.file == LATIN1_NAME  # the name itself is kept, to open the file by
    finding = Finding(code="CFG001", severity=Severity.ERROR, message="m", location=location)
    str(finding).encode("utf-8")


def test_printable_escapes_bytes_and_replaces_other_lone_surrogates() -> None:
    assert printable("a\udcff\ud800b") == "a\\xff\ufffdb"
    assert printable("a\udce9", backslash="\\\\") == "a\\\\xe9"
    assert printable("plain café") == "plain café"
