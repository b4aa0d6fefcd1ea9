"""A tutorial's reST text block as a docutils doctree, without Sphinx.

Plain docutils, with stand-ins for the Sphinx roles and directives the
tutorials use: ``dropdown`` becomes a container with its title a rubric,
as sphinx-design's, so that a block has the messages of its page.
"""

from __future__ import annotations

from collections.abc import Callable

from docutils import nodes
from docutils.core import publish_doctree
from docutils.parsers.rst import Directive, directives
from sphinx.util.docutils import register_directive, register_role
from sphinx.util.nodes import split_explicit_title

from .._compat import plain_docutils

#: ``resolve(label)`` -> (url, title) or None.
Resolver = Callable[[str], "tuple[str, str] | None"]

_QUIET = {"report_level": 5, "halt_level": 5, "warning_stream": False, "doctitle_xform": False}


class _Dropdown(Directive):
    """sphinx-design's ``dropdown`` as its doctree has it: a container, the title a rubric."""

    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec = dict.fromkeys(("open", "color", "icon", "class-container", "name"), directives.unchanged)

    def run(self):
        node = nodes.container(classes=["dropdown"])
        if self.arguments:
            title = nodes.rubric(self.arguments[0], self.arguments[0])
            title.source, title.line = self.state.document.current_source, self.lineno
            node += title
        self.state.nested_parse(self.content, self.content_offset, node)
        return [node]


class _CodeBlock(Directive):
    """Sphinx's ``code-block``: a literal block with its language."""

    has_content = True
    optional_arguments = 1
    option_spec = dict.fromkeys(("caption", "linenos", "emphasize-lines", "name"), directives.unchanged)

    def run(self):
        text = "\n".join(self.content)
        return [nodes.literal_block(text, text, language=self.arguments[0] if self.arguments else "")]


def _ref_role(resolve: Resolver | None):
    def role(name, rawtext, text, lineno, inliner, options=None, content=None):
        explicit, title, target = split_explicit_title(nodes.unescape(text))
        found = resolve(target) if resolve else None
        label = title if explicit or not found else found[1]
        if found:
            return [nodes.reference(rawtext, label, refuri=found[0])], []
        return [nodes.inline(rawtext, label)], []

    return role


def parse(text: str, resolve: Resolver | None = None) -> nodes.document:
    """The doctree of the reST ``text``, Sphinx's roles and directives stood in for."""
    with plain_docutils():
        register_role("ref", _ref_role(resolve))
        register_role("download", _ref_role(None))
        register_directive("dropdown", _Dropdown)
        for name in ("code-block", "code", "sourcecode"):
            register_directive(name, _CodeBlock)
        return publish_doctree(text, settings_overrides=_QUIET)
