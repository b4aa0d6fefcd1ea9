"""Starting KaTeX's server (docs/_ext/blitz/math_assets.py): a refused start is
retried and the build stops with a clear message when it never comes up."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from blitz import math_assets
from sphinx.errors import ExtensionError


def fake_app(prerender: bool = True):
    return SimpleNamespace(builder=SimpleNamespace(format="html"), config=SimpleNamespace(katex_prerender=prerender))


@pytest.fixture
def server(monkeypatch):
    state = SimpleNamespace(calls=0, refusals=0, started=False)

    def start():
        state.calls += 1
        if state.calls <= state.refusals:
            raise ConnectionRefusedError(111, "Connection refused")
        state.started = True

    monkeypatch.setattr(math_assets._compat, "start_katex_server", start)
    monkeypatch.setattr(math_assets._compat, "katex_server_started", lambda: state.started)
    monkeypatch.setattr(math_assets.time, "sleep", lambda seconds: None)
    return state


@pytest.mark.parametrize(("prerender", "calls"), [(True, 3), (False, 0)])
def test_a_refused_start_is_tried_again_and_a_started_server_kept(server, prerender, calls):
    server.refusals = 2
    for page in ("index", "setup"):  # the second page finds the server running
        math_assets.start_katex(fake_app(prerender), None, page)
    assert server.calls == calls and server.started is prerender


def test_a_server_that_never_listens_stops_the_build_saying_what_to_do(server):
    server.refusals = 99
    with pytest.raises(ExtensionError, match=r"did not accept connections after 5 tries.*node --version"):
        math_assets.start_katex(fake_app(), None, "index")
    assert server.calls == math_assets.KATEX_START_TRIES


def test_node_missing_from_path_stops_the_build_saying_what_to_do(tmp_path, monkeypatch):
    from conftest import ROOT
    from sphinx.errors import ConfigError

    app = fake_app()
    app.config.katex_dist = str(ROOT / ".cache" / "npm" / "katex" / "node_modules" / "katex" / "dist")
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty folder: no node
    with pytest.raises(ConfigError, match=r"`node` is not on PATH.*sudo apt-get install nodejs"):
        math_assets.check_katex(app)
