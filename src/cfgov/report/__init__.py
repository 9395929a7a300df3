"""Reports on a checked model: findings as text, JSON, SARIF, GitHub annotations or JUnit.

Pure functions from findings to strings; the command line chooses the format
and writes the result.
"""

from cfgov.report.findings import FORMATS, JSON_FORMAT_VERSION, render

__all__ = ["FORMATS", "JSON_FORMAT_VERSION", "render"]
