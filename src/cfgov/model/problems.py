"""The catalogue of problems that stop a model loading (codes CFG001-CFG099).

Each is an error: the model cannot be trusted until it is fixed, except CFG034, a
warning of ``cfgov import govuk`` saying what it changed in the register's data and
why. Advice from the report (CFG1xx) lives in the rules, not here.
"""

from __future__ import annotations

import attrs


@attrs.frozen
class ProblemCode:
    """A load-problem code, its short name and what it means for the user."""

    code: str
    name: str
    summary: str


_CODES = [
    ProblemCode("CFG001", "yaml-syntax", "The file is not valid YAML."),
    ProblemCode("CFG002", "duplicate-key", "A key appears twice in the same mapping."),
    ProblemCode("CFG003", "unknown-field", "A field or collection that the format does not have."),
    ProblemCode("CFG004", "wrong-type", "A value of the wrong type (text, number, list...)."),
    ProblemCode("CFG005", "invalid-value", "A value of the right type that is not allowed."),
    ProblemCode("CFG006", "missing-field", "A required field is missing."),
    ProblemCode("CFG007", "duplicate-id", "Two entities share one id."),
    ProblemCode("CFG008", "dangling-reference", "An id that names no entity of the right kind."),
    ProblemCode("CFG009", "cycle", "Units or segments that are their own ancestors."),
    ProblemCode("CFG010", "root-not-mapping", "A file whose top level is not a mapping."),
    ProblemCode("CFG011", "forbidden-tag", "A YAML tag that could construct objects."),
    ProblemCode("CFG012", "alias-limit", "An alias that is undefined, recursive or too costly."),
    ProblemCode("CFG013", "too-deep", "Nesting deeper than the format ever needs."),
    ProblemCode("CFG014", "too-large", "A file larger than the configured limit."),
    ProblemCode("CFG015", "encoding", "A file that is not UTF-8 text."),
    ProblemCode("CFG016", "binary-file", "A file that holds binary data or NUL bytes."),
    ProblemCode("CFG017", "unreadable", "A path that cannot be read, or holds no YAML files."),
    ProblemCode("CFG018", "contradiction", "Fields that contradict each other."),
    ProblemCode("CFG019", "empty-model", "The files hold no entries at all."),
    ProblemCode("CFG020", "problem-limit", "So many problems in one file that cfgov stopped."),
    ProblemCode("CFG021", "bad-config", "A configuration file cfgov cannot use."),
    ProblemCode(
        "CFG022",
        "hidden-text",
        "Invisible or text-reordering characters, or a line break editors do not show.",
    ),
    ProblemCode("CFG023", "unnormalised-id", "An id not written in Unicode's composed form (NFC)."),
    ProblemCode(
        "CFG024", "confusable-id", "Ids that look alike but differ, or an id mixing alphabets."
    ),
    ProblemCode("CFG025", "link-outside", "A symbolic link that leads outside the model's folder."),
    ProblemCode(
        "CFG026",
        "not-in-commit",
        "A model file git does not track, or a model root that lost its cfgov.toml (--changed).",
    ),
    ProblemCode(
        "CFG027",
        "not-an-evidence-table",
        "A CSV file whose header fits none of the evidence tables (results, feedback, demand).",
    ),
    ProblemCode(
        "CFG028", "csv-syntax", "A CSV file that cannot be read: a quote not closed, or misplaced."
    ),
    ProblemCode("CFG029", "ragged-row", "A CSV row with more cells than its header has columns."),
    ProblemCode(
        "CFG030", "duplicate-identifier", "Two units that carry the same id of another system."
    ),
    ProblemCode("CFG031", "not-json", "A register file that is not JSON, or holds no records."),
    ProblemCode(
        "CFG032",
        "bad-register-record",
        "A register record without a slug or title, or with a field of the wrong type.",
    ),
    ProblemCode(
        "CFG033",
        "duplicate-register-record",
        "One slug twice in a register, with different content.",
    ),
    ProblemCode(
        "CFG034",
        "register-adjusted",
        "A warning of the register import: something it could not keep as the register has "
        "it (a parent not in the input, a loop of parents, an id two bodies share, a status "
        "cfgov does not know), and what it did instead.",
    ),
    ProblemCode(
        "CFG035",
        "spreadsheet-date",
        "A cell a spreadsheet turned into a date where cfgov needs text (a period, a month).",
    ),
    ProblemCode("CFG036", "merged-cells", "Merged cells in a workbook's sheet."),
    ProblemCode(
        "CFG037", "formula-without-value", "A formula with no value saved, or showing an error."
    ),
    ProblemCode(
        "CFG038", "unknown-sheet", "A sheet or CSV file that is none of the model's tables."
    ),
    ProblemCode(
        "CFG039",
        "unreadable-workbook",
        "A workbook cfgov cannot read: not an XLSX file, damaged, or openpyxl not installed.",
    ),
    ProblemCode(
        "CFG040",
        "repeated-record",
        "One record written twice: a component scored twice in one self-assessment, a step "
        "recorded twice in one initiative, or two self-assessments of one unit on one date.",
    ),
    ProblemCode(
        "CFG042",
        "same-as-conflict",
        "Two entries of one body, linked by same_as, that disagree on a field.",
    ),
    ProblemCode(
        "CFG043",
        "same-as-unresolved",
        "A same_as that cannot be resolved: two entries claim one body, a chain of them, "
        "or it names something that is not a unit.",
    ),
]

PROBLEM_CODES: dict[str, ProblemCode] = {p.code: p for p in _CODES}
