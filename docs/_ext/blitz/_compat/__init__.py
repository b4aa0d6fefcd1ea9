"""Every use of a non-public name or file shape of Sphinx or sphinx-gallery.

One module per upstream (:mod:`.sphinx_private`, :mod:`.gallery_private`),
so that an upgrade has one place to look at.  Each entry names the version
it was checked against; a test fails naming the entry when the upstream
shape changes (tests/test_compat.py, or the extension's own test where that
already runs it).  The extensions use ``blitz._compat.<name>``.
"""

from __future__ import annotations

import contextlib
import sys

# The release series the entries were checked against.  setup() says once,
# naming the package, when another is installed (a note, not a warning: a -W
# build must still show what actually breaks).
TESTED_SERIES = {
    "sphinx": "8.2",
    "sphinx-gallery": "0.22",
    "pydata-sphinx-theme": "0.24",
    "myst-parser": "4.0",
}


def setup(app):
    from importlib.metadata import PackageNotFoundError, version

    untested = []
    for package, series in TESTED_SERIES.items():
        with contextlib.suppress(PackageNotFoundError):
            installed = version(package)
            if not f"{installed}.".startswith(f"{series}."):
                untested.append(f"{package} {installed} (tested: {series}.x)")
    if untested:
        print(
            f"Note: outside the versions the site's extensions were checked against: {', '.join(untested)}. "
            "If the build fails, see MAINTAINING.md (Upgrades) and docs/_ext/blitz/_compat/.",
            file=sys.stderr,
        )
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}


from .gallery_private import *  # noqa: E402,F403
from .sphinx_private import *  # noqa: E402,F403
