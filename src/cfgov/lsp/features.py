"""What the editor asks of the model: navigation, completion, code actions and renaming.

Each feature reads the workspace's last :class:`~cfgov.lsp.workspace.Snapshot`;
none changes a file except through the edits it hands the editor.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cfgov.lsp.server import CfgovServer


def register(server: CfgovServer) -> None:
    """Register every feature on ``server``."""
