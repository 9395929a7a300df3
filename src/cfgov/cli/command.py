"""What every command module declares: its name, its help, its options and what it does."""

from __future__ import annotations

import argparse
from collections.abc import Callable

import attrs

from cfgov.cli.output import Outcome


@attrs.frozen
class Command:
    """One ``cfgov`` command; each module of :mod:`cfgov.cli` declares one as ``COMMAND``."""

    name: str
    help: str
    description: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], Outcome]
