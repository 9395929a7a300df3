"""The source map: positions kept beside the model, packed small, given back as Locations."""

from __future__ import annotations

import pickle

import attrs
from hypothesis import given
from hypothesis import strategies as st

from cfgov import Finding, Location, Severity, SourceMap
from cfgov.model.sources import Spots, pack_spots

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


# -- how positions are kept: Spots ------------------------------------------------------

LINE = 1 << 32  # a position in a file is line << 32 | column


def test_a_record_is_kept_under_its_path_and_its_fields_under_theirs() -> None:
    spots = Spots.pack(
        0,
        {"": 2 * LINE + 3, "kind": 3 * LINE + 9},
        {
            "results.2025": {"": 10 * LINE + 5, "actual": 10 * LINE + 30},
            "results.2025[channel=phone]": {"": 11 * LINE + 5, "actual": 11 * LINE + 40},
        },
    )
    assert spots.get("kind") == 3 * LINE + 9
    assert spots.get("results.2025") == 10 * LINE + 5
    assert spots.get("results.2025.actual") == 10 * LINE + 30
    # A record whose path begins as another's does is not mistaken for it.
    assert spots.get("results.2025[channel=phone].actual") == 11 * LINE + 40
    assert spots.get("results.2025.target") is None
    assert spots.get("results.2026") is None
    assert dict(spots.items()) == {
        "": 2 * LINE + 3,
        "kind": 3 * LINE + 9,
        "results.2025": 10 * LINE + 5,
        "results.2025.actual": 10 * LINE + 30,
        "results.2025[channel=phone]": 11 * LINE + 5,
        "results.2025[channel=phone].actual": 11 * LINE + 40,
    }


def test_entities_of_one_shape_share_their_paths_also_when_read_back() -> None:
    first = Spots.pack(0, {"": LINE, "name": LINE + 9}, {"feedback.Q1": {"": LINE, "asked": 5}})
    second = Spots.pack(3, {"": 7 * LINE, "name": 7 * LINE + 9})
    assert first.shape is second.shape
    again = pickle.loads(pickle.dumps(first))
    assert again.shape is first.shape
    assert again.shapes[0] is first.shapes[0]
    assert (again.file, dict(again.items())) == (first.file, dict(first.items()))


def test_positions_past_the_file_go_to_the_files_after_it() -> None:
    # A folder of CSV tables is read as one file whose lines carry which table.
    beyond = 1 << 64
    found = pack_spots({"": LINE + 1, "name": beyond + 2 * LINE + 4}, {}, 5)
    assert [(spots.file, dict(spots.items())) for spots in found] == [
        (5, {"": LINE + 1}),
        (6, {"name": 2 * LINE + 4}),
    ]


def test_a_later_file_wins_and_a_missing_field_falls_back_across_files() -> None:
    first = Spots.pack(0, {"": LINE + 1, "size": 4 * LINE + 3})
    later = Spots.pack(1, {"": 9 * LINE + 1})
    sources = SourceMap._from_packed({"m": (first, later)}, ("a.yaml", "b.yaml"), ())
    assert sources.locate("m") == Location("b.yaml", 9, 1)
    assert sources.locate("m", "size.value") == Location("a.yaml", 4, 3)
    assert dict(sources.items()) == {
        ("m", ""): Location("b.yaml", 9, 1),
        ("m", "size"): Location("a.yaml", 4, 3),
    }
    assert len(sources) == 2


_SMALL_OR_LARGE = st.one_of(st.integers(0, 0xFF), st.integers(0, 0xFFFF), st.integers(0, 2**31 - 1))


@given(
    st.integers(0, 2**31),
    st.dictionaries(st.sampled_from(["", "name", "size.value"]), _SMALL_OR_LARGE, min_size=1),
    st.dictionaries(st.sampled_from(["", "actual", "target"]), _SMALL_OR_LARGE),
)
def test_positions_are_kept_in_the_fewest_bytes_that_hold_them_and_come_back_the_same(
    first: int, lines: dict[str, int], columns: dict[str, int]
) -> None:
    """Each line is kept less the entity's smallest, and each column as it is, in one,
    two or four bytes: the fewest that hold the largest of them."""
    own = {path: (first + line) << 32 | (line % 97) for path, line in lines.items()}
    records = {"results.2025-04": {path: column << 32 | column for path, column in columns.items()}}
    spots = Spots.pack(0, own, records)
    wanted = [*own.values(), *records["results.2025-04"].values()]
    smallest = min(value >> 32 for value in wanted)
    top = max(n for value in wanted for n in ((value >> 32) - smallest, value & 0xFFFFFFFF))
    width = 1 if top <= 0xFF else 2 if top <= 0xFFFF else 4
    assert len(spots.at) == 5 + 2 * width * len(wanted)  # the width and smallest line first
    assert len(spots) == len(wanted)
    assert [at for _, at in spots.items()] == wanted
    for path, at in own.items():
        assert spots.get(path) == at
    back = pickle.loads(pickle.dumps(spots))
    assert list(back.items()) == list(spots.items())


def test_entities_with_the_same_records_share_their_paths_also_when_read_back() -> None:
    """Most measures have results for the same periods: the paths of their records, and
    the shapes of the records' fields, are kept once for all of them."""
    periods = {f"results.2025-{m:02}": {"": m * LINE + 3, "actual": m * LINE + 5} for m in (1, 2)}
    one = Spots.pack(0, {"": LINE + 1}, periods)
    other = Spots.pack(3, {"": 40 * LINE + 1}, {k: dict(v) for k, v in periods.items()})
    assert one.records is other.records
    assert one.shapes is other.shapes
    back = pickle.loads(pickle.dumps(other))
    assert back.records is one.records
    assert back.shapes is one.shapes
    assert back.get("results.2025-02.actual") == 2 * LINE + 5
    lone = Spots.pack(0, {"": LINE + 1}, {"results.2025-01": {"": LINE + 3}})
    assert lone.records == ("results.2025-01",)
    assert lone.records is not one.records
