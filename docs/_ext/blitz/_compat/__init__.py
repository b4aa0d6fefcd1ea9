"""Every use of a non-public name or file shape of Sphinx, sphinx-gallery or sphinxcontrib-katex.

One module per upstream (:mod:`.sphinx_private`, :mod:`.gallery_private`,
:mod:`.katex_private`), so that an upgrade has one place to look at.  Each
entry names the version it was checked against; a test fails naming the entry
when the upstream shape changes (tests/test_compat.py, or the extension's own
test where that already runs it).  The extensions use ``blitz._compat.<name>``.
"""

from .gallery_private import *  # noqa: F403
from .katex_private import *  # noqa: F403
from .sphinx_private import *  # noqa: F403
