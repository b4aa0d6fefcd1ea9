"""Search as learners type it, on the built site, in Chromium.

Each query is one a learner might type into the search box of either
language (abbreviations, other words than the pages use, words run
together, traditional characters, questions, Chinese on the English site),
with the page that teaches it; that page must be among the first three
results.  A query stays in the list when it fails with one part of the
search switched off (named after it: the thesaurus, the folding, the term
counts, the scorer, its page-title, section-title or typed-words weights, or
the one term splitQuery returns; docs/_ext/blitz/search.py), or to keep
every page of a language searched ("coverage").

`make html` builds the site first; like the other browser tests these
serve ``_build/html`` on 127.0.0.1 and drive Chromium.
"""

from __future__ import annotations

import pytest
from site_checks import search

TENSOR = "tutorials/tensor_tutorial.html"
AUTOGRAD = "tutorials/autograd_tutorial.html"
NN = "tutorials/neural_networks_tutorial.html"
CLASSIFIER = "tutorials/classifier_tutorial.html"
PARALLEL = "tutorials/data_parallel_tutorial.html"
SETUP = "setup.html"

CHINESE = [
    # Tensors
    ("創建張量", TENSOR),  # folding
    ("张量的形状", TENSOR),  # one term
    ("改变张量形状", TENSOR),  # one term
    ("张量和numpy互相转换", TENSOR),  # section title, one term
    ("什么是广播", TENSOR),  # one term
    ("广播机制", TENSOR),  # section title, one term
    ("张量索引", TENSOR),  # one term
    ("张量运算", TENSOR),  # one term
    ("torch.tensor", TENSOR),  # scorer
    ("数据类型", TENSOR),  # thesaurus, one term
    ("不同设备上的张量报错", TENSOR),  # one term
    # Autograd
    ("自动求导", AUTOGRAD),  # one term
    ("requires_grad是什么", AUTOGRAD),  # scorer
    ("梯度累加", AUTOGRAD),  # one term
    ("叶子节点", AUTOGRAD),  # one term
    ("关闭梯度跟踪", AUTOGRAD),  # one term
    ("detach的作用", AUTOGRAD),  # one term
    ("雅可比矩阵", AUTOGRAD),  # one term
    ("用微积分验证梯度", AUTOGRAD),  # one term
    # Neural networks
    ("類神經網路", NN),  # folding, one term
    ("怎么定义网络", NN),  # one term
    ("全连接层", NN),  # scorer
    ("手动更新权重", NN),  # scorer
    ("卷积神经网络", NN),  # one term
    ("CNN", NN),  # thesaurus, one term
    ("反传", NN),  # thesaurus, one term
    ("可学习的参数", NN),  # one term
    # Training a classifier
    ("保存模型", CLASSIFIER),  # scorer, one term
    ("数据加载器", CLASSIFIER),  # counts, scorer
    ("轮次", CLASSIFIER),  # thesaurus, one term
    ("Fashion-MNIST数据集", CLASSIFIER),  # scorer
    ("学习率", NN),  # scorer (taught where SGD is; the classifier only picks one)
    ("批大小", CLASSIFIER),  # thesaurus, counts, scorer
    ("评估模式", CLASSIFIER),  # scorer, typed words
    ("忘记调用eval", CLASSIFIER),  # scorer, one term
    # Data parallelism
    ("多卡训练", PARALLEL),  # thesaurus, scorer, one term
    ("分布式训练", PARALLEL),  # thesaurus, one term
    ("多GPU", PARALLEL),  # counts, scorer
    ("torchrun怎么用", PARALLEL),  # scorer
    ("多机训练", PARALLEL),  # one term
    ("梯度同步", PARALLEL),  # scorer, one term
    # Setting up
    ("安装pytorch", SETUP),  # coverage
    ("环境配置", SETUP),  # one term
]

ENGLISH = [
    # Tensors
    ("tensor dtype", TENSOR),  # scorer
    ("what is pytorch", TENSOR),  # page title
    # Autograd
    ("autograd", AUTOGRAD),  # coverage
    ("自动求导", AUTOGRAD),  # thesaurus, one term
    # Neural networks
    ("fully connected layer", NN),  # scorer
    ("update weights manually", NN),  # counts, scorer
    ("cnn", NN),  # thesaurus, one term
    ("backprop", NN),  # scorer
    ("learnable parameters", NN),  # scorer
    ("mse loss", NN),  # scorer
    # Training a classifier
    ("cross entropy", CLASSIFIER),  # thesaurus, one term
    ("save model", CLASSIFIER),  # scorer
    ("load a saved model", CLASSIFIER),  # scorer
    ("dataloader", CLASSIFIER),  # scorer
    ("image classification", CLASSIFIER),  # page title
    ("learning rate", NN),  # scorer (taught where SGD is)
    ("forgot model.eval", CLASSIFIER),  # one term
    ("checkpoint", CLASSIFIER),  # thesaurus, scorer, one term
    # Data parallelism
    ("multi gpu training", PARALLEL),  # scorer
    ("distributed training", PARALLEL),  # scorer
    ("ddp", PARALLEL),  # scorer
    ("torchrun", PARALLEL),  # scorer
    ("多卡训练", PARALLEL),  # thesaurus, scorer, one term
    # Setting up
    ("install pytorch", SETUP),  # coverage
    ("virtual environment", SETUP),  # coverage
]

QUERIES = [("zh_CN", q, e) for q, e in CHINESE] + [("en", q, e) for q, e in ENGLISH]


@pytest.mark.parametrize("lang, query, expected", QUERIES, ids=[f"{lang}:{q}" for lang, q, _ in QUERIES])
def test_the_teaching_page_is_among_the_first_three(base_url, page, lang, query, expected):
    found = search(page, base_url, lang, query)
    assert expected in found[:3], f"{lang} search {query!r}: {expected} not in the first three of {found}"
