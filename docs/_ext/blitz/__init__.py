"""The site's own Sphinx extensions, one job per module, each with a docstring saying why.

``conf.py`` lists them as ``blitz.<module>``; sphinx-gallery reaches the hooks it
runs around each tutorial by dotted name (``blitz.provenance.record_run``...),
which keeps the configuration picklable.  The languages are :mod:`blitz.i18n`;
every Sphinx or sphinx-gallery name that is not public API goes through :mod:`blitz._compat`.
"""
