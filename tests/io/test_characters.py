"""Text that deceives reviewers (issue 14, "Trojan Source"): refused, located, named.

Test texts write every special character as an escape, so that this file can be
reviewed by eye like the model files it protects.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

import cfgov
from cfgov import LoadError
from cfgov.io import PyYamlParser
from cfgov.io import characters as ch
from cfgov.model import Model, Stakeholder
from cfgov.testing.strategies import ID_ALPHABET, REFUSED_IN_TEXT

BASE = """\
organisations:
  - id: dwp
    name: Department for Work and Pensions
    kind: ministerial_department
"""
PARSERS = [PyYamlParser(use_libyaml=True), PyYamlParser(use_libyaml=False)]


def problems_of(text: str, parser: PyYamlParser | None = None) -> list[cfgov.Finding]:
    with pytest.raises(LoadError) as info:
        cfgov.loads(text, name="m.yaml", parser=parser)
    return list(info.value.problems)


def only(text: str, parser: PyYamlParser | None = None) -> cfgov.Finding:
    found = problems_of(text, parser)
    assert len(found) == 1, [str(p) for p in found]
    return found[0]


def stakeholder(id_: str = "pensioners", name: str = "Pensioners", extra: str = "") -> str:
    return f"stakeholders:\n  - id: {id_}\n    name: {name}\n{extra}"


def assert_escaped(problem: cfgov.Finding) -> None:
    """A message never prints a control or invisible character back into a terminal."""
    for text in (problem.message, problem.hint or ""):
        hidden = [c for c in text if not c.isprintable() or unicodedata.category(c) == "Cf"]
        assert hidden == [], text


# -- 1. invisible and bidirectional characters ------------------------------------------


@pytest.mark.parametrize("parser", PARSERS, ids=lambda p: p.name)
@pytest.mark.parametrize(
    ("char", "name"),
    [
        ("\u202e", "U+202E RIGHT-TO-LEFT OVERRIDE"),
        ("\u202a", "U+202A LEFT-TO-RIGHT EMBEDDING"),
        ("\u2066", "U+2066 LEFT-TO-RIGHT ISOLATE"),
        ("\u2069", "U+2069 POP DIRECTIONAL ISOLATE"),
        ("\u200b", "U+200B ZERO WIDTH SPACE"),
        ("\u2060", "U+2060 WORD JOINER"),
        ("\U000e0041", "U+E0041 TAG LATIN CAPITAL LETTER A"),
    ],
)
def test_hidden_characters_in_text_are_refused_where_they_are(
    char: str, name: str, parser: PyYamlParser
) -> None:
    # Non-ASCII text before the character on its line: columns count characters.
    problem = only(BASE + f"    description: Caf\u00e9s \u00e0 la {char}carte\n", parser)
    assert problem.code == "CFG022"
    assert str(problem.location) == "m.yaml:5:29"
    assert name in problem.message
    assert "<U+" in problem.message  # the excerpt shows where, by number
    assert problem.hint
    assert problem.hint.startswith("Delete it")
    assert_escaped(problem)


def test_a_bidirectional_control_in_a_comment_is_refused() -> None:
    problem = problems_of(BASE + "    # checked \u2067\u202eby the team\u2069\n")[0]
    assert problem.code == "CFG022"
    assert problem.location is not None
    assert problem.location.line == 5
    assert "Trojan Source" in problem.message


def test_hidden_characters_side_by_side_are_one_problem() -> None:
    problem = only(BASE + "    description: a\u202e\u2066b\n")
    assert "U+202E RIGHT-TO-LEFT OVERRIDE and U+2066 LEFT-TO-RIGHT ISOLATE" in problem.message
    assert str(problem.location) == "m.yaml:5:19"


@pytest.mark.parametrize(
    "text",
    [
        "Kaarbaar m\u200cy\u200cg\u200cyr\u00e4n",  # ZERO WIDTH NON-JOINER, as Persian uses it
        "Developers \U0001f469\u200d\U0001f4bb",  # ZERO WIDTH JOINER in an emoji
        "\u05e9\u05dc\u05d5\u05dd 2024\u200f",  # RIGHT-TO-LEFT MARK after Hebrew and digits
        "\u0627\u0644\u0639\u0631\u0628\u064a\u0629\u061c 5",  # ARABIC LETTER MARK
        "pen\u00adsioners",  # SOFT HYPHEN
        "Scotland \U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f",
        "\u00a3 5\u00a0million",  # a no-break space inside text
    ],
)
def test_format_characters_with_a_use_in_text_are_allowed_in_names(text: str) -> None:
    model = cfgov.loads(BASE + stakeholder(name=f'"{text}"'))
    assert model.stakeholder("pensioners").name == text


@pytest.mark.parametrize("parser", PARSERS, ids=lambda p: p.name)
@pytest.mark.parametrize(
    ("escape", "name"),
    [
        ("\\u202E", "U+202E RIGHT-TO-LEFT OVERRIDE"),
        ("\\u200B", "U+200B ZERO WIDTH SPACE"),
        ("\\e", "U+001B ESCAPE"),
        ("\\r", "U+000D CARRIAGE RETURN"),
        ("\\L", "U+2028 LINE SEPARATOR"),
    ],
)
def test_escape_codes_for_refused_characters_are_refused(
    escape: str, name: str, parser: PyYamlParser
) -> None:
    problem = only(BASE + f'    description: "Pensioners {escape}excluded"\n', parser)
    assert problem.code == "CFG022"
    assert str(problem.location) == "m.yaml:5:18"
    assert f"writes {name} as an escape code" in problem.message
    assert_escaped(problem)


def test_tab_and_line_feed_escapes_are_allowed_in_text() -> None:
    model = cfgov.loads(BASE + '    description: "one\\ttwo\\nthree"\n')
    assert model.unit("dwp").description == "one\ttwo\nthree"


@pytest.mark.parametrize("parser", PARSERS, ids=lambda p: p.name)
@pytest.mark.parametrize(
    ("char", "name"),
    [
        ("\u200d", "U+200D ZERO WIDTH JOINER"),
        ("\u200c", "U+200C ZERO WIDTH NON-JOINER"),
        ("\u200f", "U+200F RIGHT-TO-LEFT MARK"),
        ("\u00ad", "U+00AD SOFT HYPHEN"),
    ],
)
def test_any_format_character_in_an_id_is_refused(
    char: str, name: str, parser: PyYamlParser
) -> None:
    problem = only(BASE + stakeholder(id_=f"p\u00e9nsion{char}ers"), parser)
    assert problem.code == "CFG022"
    assert str(problem.location) == "m.yaml:6:16"  # at the character itself
    assert "the id 'p\u00e9nsion<U+" in problem.message
    assert name in problem.message
    assert problem.entity is not None
    assert problem.field == "id"
    assert_escaped(problem)


def test_a_zero_width_space_in_an_id_is_reported_once() -> None:
    problem = only(BASE + stakeholder(id_="pension\u200bers"))
    assert problem.code == "CFG022"
    assert "U+200B ZERO WIDTH SPACE" in problem.message


def test_a_tab_in_a_quoted_id_is_refused() -> None:
    problem = only(BASE + stakeholder(id_='"pension\\ters"'))
    assert problem.code == "CFG022"
    assert "U+0009 CHARACTER TABULATION, a control character" in problem.message


def test_a_format_character_in_a_reference_is_refused() -> None:
    text = BASE + "units:\n  - id: pensions\n    name: Pensions\n    kind: service\n"
    found = problems_of(text + "    parents: d\u200dwp\n")
    hidden = [p for p in found if p.code == "CFG022"]
    assert len(hidden) == 1
    assert "`parents` of unit 'pensions' names the id 'd<U+200D>wp', which holds" in (
        hidden[0].message
    )
    assert str(hidden[0].location) == "m.yaml:9:15"


def test_a_format_character_in_a_key_is_refused_as_such() -> None:
    problem = only(BASE + stakeholder(extra="    descr\u200diption: x\n"))
    assert problem.code == "CFG022"
    assert "the key 'descr<U+200D>iption' holds U+200D ZERO WIDTH JOINER" in problem.message
    assert str(problem.location) == "m.yaml:8:10"


def test_a_key_spelt_with_a_hidden_character_is_not_also_missing() -> None:
    problem = only(BASE + "stakeholders:\n  - id: pensioners\n    na\u200dme: Pensioners\n")
    assert problem.code == "CFG022"  # and no CFG006 for `name:`


def test_a_hidden_character_in_a_collection_name_is_reported_once() -> None:
    problem = only(BASE + "stake\u200bholders:\n  - id: a\n    name: A\n")
    assert problem.code == "CFG022"


def test_hidden_characters_do_not_hide_the_other_problems_of_a_file() -> None:
    text = BASE + "    description: a\u202eb\n" + stakeholder(extra="    voice: loud\n")
    found = problems_of(text)
    assert sorted(p.code for p in found) == ["CFG005", "CFG022"]


def test_excerpts_are_short() -> None:
    problem = only(BASE + "    description: " + "x" * 500 + "\u202e" + "y" * 500 + "\n")
    assert len(problem.message) < 400


def test_so_many_hidden_characters_are_listed_up_to_a_limit() -> None:
    lines = "".join(f"    # note {n}: a\u200bb\n" for n in range(ch.MAX_LISTED + 5))
    found = problems_of(BASE + lines)
    assert len(found) == ch.MAX_LISTED + 1
    assert found[-1].message.startswith("5 more hidden or misplaced characters")


# -- 2. ids in composed form ------------------------------------------------------------


@pytest.mark.parametrize("parser", PARSERS, ids=lambda p: p.name)
def test_an_id_not_in_nfc_is_refused_saying_which_form_to_use(parser: PyYamlParser) -> None:
    problem = only(BASE + stakeholder(id_="cafe\u0301-owners"), parser)
    assert problem.code == "CFG023"
    assert str(problem.location) == "m.yaml:6:9"
    assert (
        "U+0065 LATIN SMALL LETTER E then U+0301 COMBINING ACUTE ACCENT where the composed "
        "form has U+00E9 LATIN SMALL LETTER E WITH ACUTE"
    ) in problem.message
    assert problem.hint is not None
    assert "'caf\u00e9-owners'" in problem.hint


def test_a_reference_not_in_nfc_is_refused() -> None:
    text = BASE + "units:\n  - id: pensions\n    name: Pensions\n    kind: service\n"
    found = problems_of(text + "    parents: dwp-cafe\u0301\n")
    assert "CFG023" in [p.code for p in found]


def test_an_id_in_nfc_with_accents_loads() -> None:
    model = cfgov.loads(BASE + stakeholder(id_="caf\u00e9-owners"))
    assert model.stakeholder("caf\u00e9-owners").name == "Pensioners"


# -- 3. ids that look alike -------------------------------------------------------------


@pytest.mark.parametrize("parser", PARSERS, ids=lambda p: p.name)
def test_look_alike_ids_are_flagged_at_both_places(parser: PyYamlParser) -> None:
    text = BASE + stakeholder() + "  - id: pensi\u043eners\n    name: Pensioners again\n"
    found = problems_of(text, parser)
    assert [(p.code, str(p.location)) for p in found] == [
        ("CFG024", "m.yaml:6:5"),
        ("CFG024", "m.yaml:8:5"),
    ]
    first, second = found
    assert "the entry at m.yaml:8:5" in first.message
    assert "the entry at m.yaml:6:5" in second.message  # the second cites the first
    assert "U+043E CYRILLIC SMALL LETTER O, which looks like 'o'" in second.message
    assert second.related == ("pensioners",)


def test_look_alike_ids_across_files_cite_each_other(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(BASE + stakeholder(), encoding="utf-8")
    (tmp_path / "b.yaml").write_text(stakeholder(id_="pensi\u043eners"), encoding="utf-8")
    with pytest.raises(LoadError) as info:
        cfgov.load(tmp_path)
    found = {Path(p.location.file).name: p for p in info.value.problems if p.location}
    assert sorted(found) == ["a.yaml", "b.yaml"]
    assert "b.yaml:2:5" in found["a.yaml"].message
    assert "a.yaml:6:5" in found["b.yaml"].message


def test_look_alike_ids_from_the_cache_are_flagged_alike(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(BASE + stakeholder(), encoding="utf-8")
    (tmp_path / "b.yaml").write_text(stakeholder(id_="pensi\u043eners"), encoding="utf-8")
    cache = cfgov.BuildCache(tmp_path / ".cache", smallest=0)
    runs = []
    for _ in range(2):
        with pytest.raises(LoadError) as info:
            cfgov.load_with_sources(tmp_path, cache=cache)
        runs.append([str(p) for p in info.value.problems])
    assert runs[0] == runs[1]
    assert len(runs[0]) == 2


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("paypal", "\u0440\u0430\u0443\u0440\u0430l"),  # all Cyrillic but the l
        ("scotland", "sc\u03bftland"),  # Greek omicron
        ("scotland", "\uff53cotland"),  # a full-width s (from NFKD)
        ("pension credit", "pension\u00a0credit"),  # a no-break space
        ("item-1", "item-\U0001d7cf"),  # a mathematical digit
    ],
)
def test_skeletons_of_look_alikes_are_equal(one: str, other: str) -> None:
    assert ch.skeleton(one) == ch.skeleton(other)


def test_ascii_ids_that_look_alike_are_left_alone() -> None:
    model = cfgov.loads(BASE + stakeholder(id_="unit-1") + "  - id: unit-l\n    name: L\n")
    assert len(model.stakeholders) == 2


@pytest.mark.parametrize("parser", PARSERS, ids=lambda p: p.name)
def test_an_id_mixing_alphabets_is_flagged(parser: PyYamlParser) -> None:
    problem = only(BASE + stakeholder(id_="\u0440ensioners"), parser)
    assert problem.code == "CFG024"
    assert str(problem.location) == "m.yaml:6:5"
    assert "U+0440 CYRILLIC SMALL LETTER ER among Latin letters" in problem.message


@pytest.mark.parametrize(
    "id_",
    [
        "caf\u00e9-\u00e0-la-carte",  # Latin with accents
        "\u043f\u0435\u043d\u0441\u0438\u044f",  # Cyrillic alone
        "team-\u6771\u4eac-\u30c1\u30fc\u30e0",  # Latin, Han and Katakana, as Japanese mixes
        "\u0391\u03b8\u03ae\u03bd\u03b1-2024",  # Greek and digits
    ],
)
def test_ids_in_one_alphabet_or_a_usual_mix_load(id_: str) -> None:
    assert cfgov.loads(BASE + stakeholder(id_=id_)).stakeholder(id_).id == id_


# -- 4. a lone carriage return ----------------------------------------------------------


@pytest.mark.parametrize("parser", PARSERS, ids=lambda p: p.name)
def test_a_lone_carriage_return_is_refused_at_its_line(parser: PyYamlParser) -> None:
    problem = only(BASE + stakeholder(name="Pensioners\r    voice: strong"), parser)
    assert problem.code == "CFG022"
    assert str(problem.location) == "m.yaml:7:21"
    assert "editors and code review show the text after it on the same line" in problem.message
    assert "YAML reads it as a new line" in problem.message


def test_windows_line_endings_are_fine() -> None:
    model = cfgov.loads((BASE + stakeholder()).replace("\n", "\r\n"))
    assert model.stakeholder("pensioners").name == "Pensioners"


def test_a_file_with_old_mac_line_endings_is_one_problem() -> None:
    problem = only((BASE + stakeholder()).replace("\n", "\r"))
    assert problem.code == "CFG022"
    assert "end in a carriage return alone" in problem.message


# -- 5. byte-order marks and odd spaces in indentation ----------------------------------


def test_a_byte_order_mark_at_the_start_is_fine(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + BASE.encode())
    assert cfgov.load(path).unit("dwp").name.startswith("Department")


@pytest.mark.parametrize("parser", PARSERS, ids=lambda p: p.name)
def test_a_byte_order_mark_in_the_middle_is_named(parser: PyYamlParser) -> None:
    problem = only(BASE + "\ufeff" + stakeholder(), parser)
    assert problem.code == "CFG022"
    assert str(problem.location) == "m.yaml:5:1"
    assert "byte-order mark (U+FEFF ZERO WIDTH NO-BREAK SPACE)" in problem.message


@pytest.mark.parametrize("parser", PARSERS, ids=lambda p: p.name)
@pytest.mark.parametrize(
    ("space", "words"),
    [
        ("\u00a0", "a no-break space (U+00A0 NO-BREAK SPACE)"),
        ("\u3000", "a full-width (ideographic) space (U+3000 IDEOGRAPHIC SPACE)"),
        ("\u2003", "a typographic space (U+2003 EM SPACE)"),
    ],
)
def test_indentation_with_an_odd_space_is_named(
    space: str, words: str, parser: PyYamlParser
) -> None:
    problem = only(BASE + stakeholder() + f"  {space} voice: strong\n", parser)
    assert problem.code == "CFG001"
    assert str(problem.location) == "m.yaml:8:3"
    assert problem.message.startswith(f"line 8 is indented with {words}")


def test_a_list_item_indented_with_a_no_break_space_is_named() -> None:
    problem = only(BASE + "stakeholders:\n\u00a0 - id: a\n    name: A\n")
    assert problem.message.startswith("line 6 is indented with a no-break space")


def test_a_no_break_space_starting_a_line_of_text_is_text() -> None:
    model = cfgov.loads(BASE + "    description: one\n      \u00a0two\n")
    assert model.unit("dwp").description == "one \u00a0two"


def test_dumped_text_with_a_line_starting_with_an_odd_space_loads_again() -> None:
    model = Model(stakeholders=(Stakeholder(id="s", name="one\n\u00a0two: three"),))
    assert cfgov.loads(cfgov.dump(model)) == model


# -- the pieces -------------------------------------------------------------------------


def test_describe_names_characters_unicode_does_not_name() -> None:
    assert ch.describe("\u200b") == "U+200B ZERO WIDTH SPACE"
    assert ch.describe("\x1b") == "U+001B ESCAPE"
    assert ch.describe("\x01") == "U+0001 (a control character)"


def test_shown_writes_hidden_characters_by_number_and_cuts_long_text() -> None:
    assert ch.shown("a\u202eb") == "'a<U+202E>b'"
    assert ch.shown("x" * 100, limit=5) == "'xxxxx...'"


def test_an_ascii_file_costs_one_pass() -> None:
    assert ch.scan("m.yaml", BASE * 1000) == ([], True)


def test_the_test_strategies_draw_only_what_the_loader_takes() -> None:
    """cfgov.testing cannot import the loader; its alphabets are checked against it here."""
    for char in ID_ALPHABET:
        assert ch.hidden_in_id(char) is None, char
        assert unicodedata.is_normalized("NFC", char)
        assert ch.skeleton(char) == unicodedata.normalize("NFD", char), char
    for char in REFUSED_IN_TEXT:
        text = f"a: b{char}c\n"
        refused = ch.scan("m.yaml", text)[0] or ch.escaped(char, "")
        assert refused, ch.describe(char)


def test_no_message_prints_a_hidden_character_it_quotes() -> None:
    # A comment glued to text is quoted back; the joiner in it is allowed in text.
    problem = only(BASE + "    description: Staff #\u200d2\n")
    assert problem.code == "CFG005"
    # Written by number, whichever of the two escapes reached it first (excerpt's \u200d
    # or the loader's <U+200D>), never as itself.
    assert "\u200d" not in problem.message
    assert "#<U+200D>2" in problem.message or "#\\u200d2" in problem.message
    assert_escaped(problem)


@pytest.mark.parametrize("parser", PARSERS, ids=lambda p: p.name)
def test_columns_count_characters_after_emoji_and_accents(parser: PyYamlParser) -> None:
    # An emoji is one character (two in UTF-16, four bytes in UTF-8): it counts as one.
    text = BASE + stakeholder(id_="\U0001f474\u00e9-a\u200db")
    problem = only(text, parser)
    assert str(problem.location) == "m.yaml:6:13"


def test_an_odd_indentation_is_one_problem_and_hides_nothing_after_it() -> None:
    found = problems_of(BASE + "\u00a0\u00a0 description: a\u202eb\n")
    assert [(p.code, str(p.location)) for p in found] == [
        ("CFG001", "m.yaml:5:1"),
        ("CFG022", "m.yaml:5:18"),
    ]


def test_an_emoji_flag_is_allowed_in_text_but_not_in_an_id() -> None:
    flag = "\U0001f3f4\U000e0067\U000e0062\U000e0077\U000e006c\U000e0073\U000e007f"
    problem = only(BASE + stakeholder(id_=f"wales-{flag}"))
    assert problem.code == "CFG022"
    assert "U+E0067 TAG LATIN SMALL LETTER G" in problem.message
