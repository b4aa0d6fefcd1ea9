"""sphinxcontrib-katex's Node server, as blitz.math_assets starts and stops it; see blitz._compat.

Checked against sphinxcontrib-katex 0.9.11.
"""

from __future__ import annotations

import contextlib
from pathlib import Path


def katex_server_started() -> bool:
    """sphinxcontrib-katex 0.9.11: ``KaTeXServer.get()`` keeps the server it
    started in the class attribute ``katex_server`` for the rest of the build."""
    from sphinxcontrib.katex import KaTeXServer

    return KaTeXServer.katex_server is not None


def start_katex_server() -> None:
    """Start the server.  sphinxcontrib-katex 0.9.11: ``KaTeXServer.get()`` connects as
    soon as the socket file exists, on a loaded machine before Node listens:
    ``ConnectionRefusedError``, the Node process left running (the caller stops it)."""
    from sphinxcontrib.katex import KaTeXServer

    KaTeXServer.get()


def katex_server_processes(pids: list[int]) -> list[int]:
    """Those of ``pids`` that run the server: ``node .../sphinxcontrib/katex-server.js``
    in sphinxcontrib-katex 0.9.11 (read from Linux's /proc)."""
    found = []
    for pid in pids:
        with contextlib.suppress(OSError):  # the process ended
            if b"katex-server.js" in Path(f"/proc/{pid}/cmdline").read_bytes():
                found.append(pid)
    return found
