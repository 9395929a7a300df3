"""The installed version of cfgov."""

__version__ = "0.1.0.dev0"
