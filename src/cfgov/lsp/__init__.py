"""cfgov in the editor: a Language Server Protocol server (``cfgov lsp``).

:mod:`cfgov.lsp.workspace` keeps the model an editor is working on and checks it
as ``cfgov check`` does; :mod:`cfgov.lsp.server` speaks the protocol, through
pygls (install ``cfgov[lsp]``).
"""
