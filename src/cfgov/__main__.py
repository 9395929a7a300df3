"""Allow ``python -m cfgov``."""

from cfgov.cli import main

main()
