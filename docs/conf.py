"""Sphinx configuration for the cfgov manual (built with warnings as errors in CI)."""

from __future__ import annotations

import cfgov

project = "cfgov"
author = "cfgov maintainers"
copyright = "2026, cfgov maintainers"  # noqa: A001 - Sphinx's name
release = cfgov.__version__
version = release

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.viewcode",
]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build"]
html_theme = "furo"
html_title = f"cfgov {release}"
html_static_path = ["_static"]

autodoc_default_options = {"members": True, "undoc-members": False, "show-inheritance": False}
autodoc_typehints = "description"
autodoc_member_order = "bysource"
# The API pages document cfgov's public names; the types they mention from
# networkx and attrs are not cross-referenced.
nitpicky = False
