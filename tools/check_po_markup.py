"""Check that translations change words only, never markup: `make check-po` runs

    python tools/check_po_markup.py locale            # exit 1 on any problem

before every build.  docs/_ext/blitz/i18n/markup_check.py compares each msgstr
with its msgid (the rules are there); each problem is printed as ``file:line:
"msgid start...": what differs``.  A compiled ``.mo`` that cannot be read (a
build interrupted while writing it) is removed, so that Sphinx compiles it again.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "docs" / "_ext"))

from blitz.i18n.markup_check import catalog_files, check_all, remove_unreadable_mo  # noqa: E402


def main(paths: list[Path]) -> int:
    for mo in remove_unreadable_mo(catalog_files(paths)):
        print(f"Removed {mo}: unreadable (a build interrupted while writing it?); "
              f"Sphinx compiles it again from {mo.with_suffix('.po').name}.")
    catalogs, messages, problems = check_all(paths)
    if problems:
        print(f"{len(problems)} translation(s) change more than words:", file=sys.stderr)
        print("\n".join("  " + problem for problem in problems), file=sys.stderr)
        print(
            "Keep the markup of the English message (links, roles, targets, HTML, $math$, placeholders) "
            "and translate only the words; then run `make html` again.",
            file=sys.stderr,
        )
        return 1
    print(f"{catalogs} catalog(s), {messages} translation(s): markup matches the English.")
    return 0


if __name__ == "__main__":
    sys.exit(main([Path(arg) for arg in sys.argv[1:]]))
