"""Every use of Sphinx's and sphinx-gallery's non-public names and file shapes.

The site's extensions use documented Sphinx events and sphinx-gallery's
documented configuration wherever they can.  What they need beyond that
(private attributes, node classes, parser functions, the names and formats
of the files sphinx-gallery writes, the HTML it renders) is reached through
this package only, one module per upstream, so that an upgrade has one place
to look at: :mod:`.sphinx_private` (Sphinx and docutils), :mod:`.gallery_private`
and :mod:`.downloads_private` (sphinx-gallery), :mod:`.katex_private`
(sphinxcontrib-katex).  Each entry
names the version it was checked against; ``tests/test_compat.py`` has a test
per entry that fails, saying which entry and what changed, when the upstream
shape no longer matches.

Checked against Sphinx 8.2.3, sphinx-gallery 0.22.1 and Python 3.11
(``.venv/bin/pip show sphinx sphinx-gallery``).  Everything is also reachable
as ``blitz._compat.<name>``, which is how the extensions use it.
"""

from __future__ import annotations

# -- Tested versions ---------------------------------------------------------------
# The release series each entry below was checked against.  setup() says once,
# naming the package, when another is installed (a note, not a warning: a -W
# build must still show what actually breaks).

TESTED_SERIES = {
    "sphinx": "8.2",
    "sphinx-gallery": "0.22",
    "sphinxcontrib-katex": "0.9",
    "pydata-sphinx-theme": "0.24",
    "myst-parser": "4.0",
}


def untested_versions() -> list[str]:
    """``package version (tested: series.x)`` for each package outside TESTED_SERIES."""
    from importlib.metadata import PackageNotFoundError, version

    found = []
    for package, series in TESTED_SERIES.items():
        try:
            installed = version(package)
        except PackageNotFoundError:
            continue
        if installed != series and not installed.startswith(series + "."):
            found.append(f"{package} {installed} (tested: {series}.x)")
    return found


def setup(app):
    untested = untested_versions()
    if untested:
        import sys

        print("Note: outside the versions the site's extensions were checked against: " + ", ".join(untested)
              + ". If the build fails, see MAINTAINING.md (Upgrades) and docs/_ext/blitz/_compat.py.",
              file=sys.stderr)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}


from .downloads_private import *  # noqa: E402,F403
from .gallery_private import *  # noqa: E402,F403
from .katex_private import *  # noqa: E402,F403
from .sphinx_private import *  # noqa: E402,F403
