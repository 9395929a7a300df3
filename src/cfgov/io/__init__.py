"""Reading and writing the YAML format: the shell around the pure model."""

from cfgov.io.cache import BuildCache
from cfgov.io.config import ConfigError, config_for
from cfgov.io.dump import dump
from cfgov.io.errors import LoadError
from cfgov.io.limits import DEFAULT_LIMITS, Limits
from cfgov.io.loader import load, load_with_sources, loads, loads_with_sources
from cfgov.io.parser import (
    COMPILED_READER,
    CompiledParser,
    Parser,
    ParseResult,
    PyYamlParser,
    reader_name,
)
from cfgov.io.schema import json_schema

__all__ = [
    "COMPILED_READER",
    "DEFAULT_LIMITS",
    "BuildCache",
    "CompiledParser",
    "ConfigError",
    "Limits",
    "LoadError",
    "ParseResult",
    "Parser",
    "PyYamlParser",
    "config_for",
    "dump",
    "json_schema",
    "load",
    "load_with_sources",
    "loads",
    "loads_with_sources",
    "reader_name",
]
