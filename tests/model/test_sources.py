"""The source map: positions kept beside the model, packed small, given back as Locations."""

from __future__ import annotations

import attrs
from hypothesis import given
from hypothesis import strategies as st

from cfgov import Finding, Location, Severity, SourceMap

files = st.sampled_from(["a.yaml", "org/b.yaml", "c d.yml"])
places = st.one_of(st.none(), st.integers(1, 2**31))
locations = st.builds(Location, files, places, places)
keys = st.tuples(st.sampled_from(["s1", "s2", "o1"]), st.sampled_from(["", "name", "size.value"]))


@given(st.dictionaries(keys, locations))
def test_every_location_put_in_comes_back_out(entries: dict[tuple[str, str], Location]) -> None:
    sources = SourceMap(entries, ("a.yaml",))
    assert len(sources) == len(entries)
    assert dict(sources.items()) == entries
    for (entity, field), location in entries.items():
        assert sources.locate(entity, field) == location


def test_a_field_not_written_falls_back_to_the_field_or_entity_that_holds_it() -> None:
    sources = SourceMap(
        {("s1", ""): Location("a.yaml", 3, 5), ("s1", "size"): Location("a.yaml", 9, 7)}
    )
    assert sources.locate("s1", "size.value") == Location("a.yaml", 9, 7)
    assert sources.locate("s1", "name") == Location("a.yaml", 3, 5)
    assert sources.locate("s1") == Location("a.yaml", 3, 5)
    assert sources.locate("nobody", "name") is None


def test_place_fills_in_a_finding_location_only_when_it_has_none() -> None:
    sources = SourceMap({("s1", "name"): Location("a.yaml", 4, 11)})
    bare = Finding(code="CFG101", severity=Severity.WARNING, message="m", entity="s1", field="name")
    assert sources.place(bare).location == Location("a.yaml", 4, 11)
    located = attrs.evolve(bare, location=Location("b.yaml", 1, 1))
    assert sources.place(located) is located
