"""Showing a checked model to people: pure functions from the model and findings to text.

Findings as text, JSON, SARIF, GitHub annotations or JUnit (:mod:`.findings`);
the report as Markdown or HTML (:mod:`.document`); diagrams as Mermaid or SVG
(:mod:`.diagrams`); charts of the evidence as SVG through matplotlib, an optional
extra, or Mermaid xycharts (:mod:`.charts`); the semantic diff of two versions
(:mod:`.diff`); pandas DataFrames for notebooks (:mod:`.frames`). The command line
chooses and writes.
"""

from cfgov.report.findings import FORMATS, JSON_FORMAT_VERSION, render

__all__ = ["FORMATS", "JSON_FORMAT_VERSION", "render"]
