"""Build cfgov's compiled YAML reader (src/cfgov/io/_reader.c) when this machine can.

The reader needs a C compiler, Python's headers and libyaml's (Debian: libyaml-dev;
Fedora: libyaml-devel; Homebrew: libyaml). Where any is missing, the build says so
and goes on without it: cfgov then reads YAML through PyYAML, which gives the same
results, only slower (`cfgov --version` says which reader is in use).

Two settings, for the build only (the installed library reads no environment):

* ``CFGOV_COMPILED_READER=no`` leaves the reader out even where it could be built;
* ``CFGOV_COMPILED_READER=yes`` makes a failure to build it an error (CI uses this,
  so that a missing header never turns into a quietly slower, untested install).

The compiling itself is setuptools' ``build_ext``, the tool PyYAML and most C
extensions build with, driven from this hatchling hook.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

SOURCE = "src/cfgov/io/_reader.c"
MODULE = "cfgov.io._reader"


class CompiledReaderHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel":
            return
        wanted = os.environ.get("CFGOV_COMPILED_READER", "").strip().lower()
        if wanted in {"no", "0", "false"}:
            self._say("CFGOV_COMPILED_READER=no: building without the compiled reader")
            return
        editable = version == "editable"
        try:
            built = self._compile(editable)
        except Exception as exc:  # any compiler or linker failure: build without it
            if wanted in {"yes", "1", "true"}:
                raise RuntimeError(
                    f"CFGOV_COMPILED_READER=yes, but the compiled reader did not build: {exc}"
                ) from exc
            self._say(
                f"cfgov's compiled reader was not built ({exc}); cfgov will read YAML "
                "through PyYAML instead. Install a C compiler and libyaml's headers "
                "(Debian: libyaml-dev) and reinstall to build it."
            )
            return
        build_data["pure_python"] = False
        build_data["infer_tag"] = True
        if not editable:
            build_data["force_include"][str(built)] = f"cfgov/io/{built.name}"

    def _compile(self, inplace: bool) -> Path:
        from setuptools import Distribution, Extension

        root = Path(self.root)
        extension = Extension(MODULE, [SOURCE], libraries=["yaml"])
        distribution = Distribution({"ext_modules": [extension], "package_dir": {"": "src"}})
        distribution.script_name = "hatch_build.py"
        command: Any = distribution.get_command_obj("build_ext")
        temporary = self._temporary = Path(tempfile.mkdtemp(prefix="cfgov-build-"))
        command.build_temp = str(temporary / "temp")
        command.build_lib = str(temporary / "lib")
        command.inplace = inplace
        command.ensure_finalized()
        here = Path.cwd()
        os.chdir(root)  # setuptools resolves the source and in-place paths from here
        try:
            command.run()
            built = Path(command.get_ext_fullpath(MODULE))
        finally:
            os.chdir(here)
        return built if built.is_absolute() else root / built

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        temporary = getattr(self, "_temporary", None)
        if temporary is not None:
            shutil.rmtree(temporary, ignore_errors=True)

    def _say(self, message: str) -> None:
        print(f"cfgov build: {message}", file=sys.stderr)
