"""Caps that make hostile input fail fast instead of eating time or memory."""

from __future__ import annotations

import attrs


@attrs.frozen(kw_only=True)
class Limits:
    """How much the loader accepts before it stops with a clear error.

    The defaults are far above what a real model needs (a 10,000-segment model
    is about 7 MB of YAML and nests about 8 levels deep) and far below what
    would hurt a CI runner. Pass your own to :func:`cfgov.load` to change them.
    """

    #: Largest file read, in bytes. Split bigger models across several files.
    max_file_bytes: int = 8 * 1024 * 1024
    #: Deepest nesting of lists and mappings in one file.
    max_depth: int = 64
    #: Longest single value (a name, a statement), in characters.
    max_scalar_chars: int = 100_000
    #: Most values (scalars, lists, mappings) in one file.
    max_nodes: int = 500_000
    #: Most nodes that aliases (``*name``) may add to a file by repeating anchored parts.
    max_alias_nodes: int = 10_000
    #: Most files in one model.
    max_files: int = 100_000
    #: Most folders searched under one path for model files. A model spans a few
    #: folders; this stops `cfgov check ~` from searching a whole home folder or disk.
    max_folders: int = 20_000
    #: Most problems reported for one file; past this the file is not read further.
    max_problems_per_file: int = 200


DEFAULT_LIMITS = Limits()
