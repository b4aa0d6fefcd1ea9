"""Comments and docstrings in code cells are translated; the code never is (blitz.i18n.code_comments)."""

from __future__ import annotations

import ast
import textwrap

import pytest
from blitz.i18n import code_comments as cc
from blitz.i18n.cjk import NO_BREAK_AFTER, NO_BREAK_BEFORE, display_width, wrap

SOURCE = '''\
"""Train a tiny model.

Launch it with torchrun:

    torchrun --nproc-per-node=2 train.py

It also runs on a laptop.
"""

EPOCHS = 4


def train(rank):
    """Train on this rank's share; return the loss."""
    # Seed each rank differently.
    label = "rank"
    return f"{label} {rank}", EPOCHS
'''

CATALOG = {
    "Train a tiny model.": "训练一个很小的模型。",
    "Launch it with torchrun:": "用 torchrun 启动它：",
    "It also runs on a laptop.": "它在笔记本电脑上也能运行。",
    "Train on this rank's share; return the loss.": "在本进程分到的数据上训练，返回损失。",
    "Seed each rank differently.": "每个进程使用不同的种子。",
}


def test_docstrings_and_comments_translated_code_kept():
    assert cc.prose_messages(SOURCE) == list(CATALOG)  # each docstring paragraph is a message
    out = cc.translate_source(SOURCE, CATALOG.get)
    tree = ast.parse(out)
    module_doc = ast.get_docstring(tree)
    assert module_doc.startswith("训练一个很小的模型。\n\n用 torchrun 启动它：")
    assert "\n    torchrun --nproc-per-node=2 train.py\n" in module_doc  # commands stay verbatim
    assert ast.get_docstring(tree.body[2]) == "在本进程分到的数据上训练，返回损失。"
    assert "# 每个进程使用不同的种子。" in out
    assert cc.code_ast(out) == cc.code_ast(SOURCE)
    # Every line that is not docstring or comment is the original line.
    kept = [line for line in SOURCE.splitlines() if line.startswith(("EPOCHS", "def ", "    label", "    return"))]
    assert all(line in out.splitlines() for line in kept)
    quoted = cc.translate_source('def f():\n    """Say hi."""\n', {"Say hi.": '说 """你好""" 和 \\n。'}.get)
    assert ast.get_docstring(ast.parse(quoted).body[0]) == '说 """你好""" 和 \\n。'  # quotes and backslashes stay text


@pytest.mark.parametrize(
    "edit",
    [
        ("EPOCHS = 4", "EPOCHS = 5"),  # a number
        ('label = "rank"', 'label = "进程"'),  # a string that is not a docstring
        ('return f"{label} {rank}"', 'return f"{label}: {rank}"'),  # an f-string
        ('    """在本进程分到的数据上训练，返回损失。"""\n', ""),  # a docstring removed
        # a docstring moved below code: a string statement, no longer a docstring
        (
            '    """在本进程分到的数据上训练，返回损失。"""\n    # 每个进程使用不同的种子。\n    label = "rank"\n',
            '    label = "rank"\n    """在本进程分到的数据上训练，返回损失。"""\n',
        ),
        ("def train(rank):", "def train(rank, world):"),
    ],
)
def test_changing_code_in_a_translation_is_caught(edit):
    out = cc.translate_source(SOURCE, CATALOG.get)
    old, new = edit
    assert old in out
    assert cc.code_ast(out.replace(old, new, 1)) != cc.code_ast(SOURCE)


# -- One wrapping rule for comments, docstrings and text cells ------------------


def test_wrap_rule_for_cjk_and_latin_text():
    assert display_width("ab中文") == 6
    text = "张量（tensor）是多维数组，" * 6 + "见 https://pytorch.org/docs/stable/tensors.html。"
    lines = wrap(text, 30)
    assert all(display_width(line) <= 30 for line in lines if "https" not in line)
    assert any(line.endswith("https://pytorch.org/docs/stable/tensors.html。") for line in lines)
    assert not any(line[0] in NO_BREAK_BEFORE or line[-1] in NO_BREAK_AFTER for line in lines)
    assert "".join(lines) == text.replace(" ", "")
    markup = "中文" * 20 + " :math:`\\vec{y} = W\\vec{x}` " + "中文" * 20 + " ``a + b``"
    assert all(line.count("`") % 2 == 0 for line in wrap(markup, 30)), wrap(markup, 30)  # never inside markup
    latin = " ".join(["word"] * 30)
    assert wrap(latin, 40) == textwrap.wrap(latin, 40)
    assert wrap(latin, None) == [latin]


def test_a_one_line_translation_closes_on_its_line():
    english = "Train ``model`` for one epoch of ``batches``; return (progress, average loss) pairs."
    chinese = "用 ``batches`` 把 ``model`` 训练一轮，返回若干（进度，平均损失）数对。"
    out = cc.translate_source(f'def f():\n    """{english}"""\n', {english: chinese}.get)
    assert out == f'def f():\n    """{chinese}"""\n'
