"""Exit codes: the same for every command.

* 0: success; the model loaded and nothing failed the run;
* 1: ``cfgov check`` found something at or above ``--fail-on``;
* 2: the model, its configuration or the command line could not be used;
* 3: cfgov itself failed (a bug: please report it);
* 130: interrupted (Ctrl-C); 143: stopped by SIGTERM.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2
EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130
EXIT_TERMINATED = 143
