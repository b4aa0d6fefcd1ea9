"""sphinxcontrib-katex's server, as blitz.math_assets starts and stops it; see blitz._compat.

Checked against sphinxcontrib-katex 0.9.11.
"""

from __future__ import annotations

from pathlib import Path

# -- KaTeX server ----------------------------------------------------------------------
# Used by blitz.math_assets.


def katex_server_started() -> bool:
    """Whether sphinxcontrib-katex's Node server runs in this process.

    sphinxcontrib-katex 0.9.11: ``KaTeXServer.get()`` starts
    ``katex-server.js`` on first use and keeps it in the class attribute
    ``katex_server`` for the rest of the build.
    """
    from sphinxcontrib.katex import KaTeXServer

    return KaTeXServer.katex_server is not None


def start_katex_server() -> None:
    """Start sphinxcontrib-katex's Node server (once; later calls reuse it).

    sphinxcontrib-katex 0.9.11: ``KaTeXServer.get()`` connects to the server's
    Unix socket as soon as the socket file exists.  On a loaded machine that
    can be before Node listens on it: ``ConnectionRefusedError``, and the Node
    process it started keeps running (``katex-server.js`` never exits on its
    own).  The caller retries and stops that process (see
    :func:`katex_server_processes`).
    """
    from sphinxcontrib.katex import KaTeXServer

    KaTeXServer.get()


def katex_server_processes(pids: list[int]) -> list[int]:
    """Those of ``pids`` that run sphinxcontrib-katex's server script.

    sphinxcontrib-katex 0.9.11 runs ``node .../sphinxcontrib/katex-server.js
    --socket ...``; read from Linux's /proc (nothing found elsewhere).
    """
    found = []
    for pid in pids:
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        if b"katex-server.js" in cmdline:
            found.append(pid)
    return found
