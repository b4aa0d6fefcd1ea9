"""Search as learners type it, on the built site, in Chromium.

Each query is one a learner might type into the search box of either
language (abbreviations, other words than the pages use, words run
together, traditional characters, questions, Chinese on the English site),
with the page that teaches it; that page must be among the first three
results.  A query stays in the list when it fails with one part of the
search switched off (named after it and in its test id: the thesaurus, the
folding, the term counts, the scorer, its page-title, section-title or
typed-words weights, or the one term splitQuery returns;
docs/_ext/blitz/search.py), or to keep every page searched ("coverage").
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

# (the page that teaches it, the parts of the search it needs, the queries)
CHINESE = [
    (TENSOR, "folding", ["創建張量"]),
    (TENSOR, "one term", ["张量的形状", "改变张量形状", "什么是广播", "张量索引", "张量运算", "不同设备上的张量报错"]),
    (TENSOR, "section title, one term", ["张量和numpy互相转换", "广播机制"]),
    (TENSOR, "scorer", ["torch.tensor"]),
    (TENSOR, "thesaurus, one term", ["数据类型"]),
    (AUTOGRAD, "one term", ["自动求导", "梯度累加", "叶子节点", "关闭梯度跟踪", "detach的作用", "雅可比矩阵"]),
    (AUTOGRAD, "one term", ["用微积分验证梯度"]),
    (AUTOGRAD, "scorer", ["requires_grad是什么"]),
    (NN, "folding, one term", ["類神經網路"]),
    (NN, "one term", ["怎么定义网络", "卷积神经网络", "可学习的参数"]),
    (NN, "scorer", ["全连接层", "手动更新权重"]),
    (NN, "thesaurus, one term", ["CNN", "反传"]),
    (NN, "scorer", ["学习率"]),  # taught where SGD is; the classifier only picks one
    (CLASSIFIER, "scorer, one term", ["保存模型", "忘记调用eval"]),
    (CLASSIFIER, "counts, scorer", ["数据加载器"]),
    (CLASSIFIER, "thesaurus, one term", ["轮次"]),
    (CLASSIFIER, "scorer", ["Fashion-MNIST数据集"]),
    (CLASSIFIER, "thesaurus, counts, scorer", ["批大小"]),
    (CLASSIFIER, "scorer, typed words", ["评估模式"]),
    (PARALLEL, "thesaurus, scorer, one term", ["多卡训练"]),
    (PARALLEL, "thesaurus, one term", ["分布式训练"]),
    (PARALLEL, "counts, scorer", ["多GPU"]),
    (PARALLEL, "scorer", ["torchrun怎么用"]),
    (PARALLEL, "one term", ["多机训练"]),
    (PARALLEL, "scorer, one term", ["梯度同步"]),
    (SETUP, "coverage", ["安装pytorch"]),
    (SETUP, "one term", ["环境配置"]),
]

ENGLISH = [
    (TENSOR, "scorer", ["tensor dtype"]),
    (TENSOR, "page title", ["what is pytorch"]),
    (AUTOGRAD, "coverage", ["autograd"]),
    (AUTOGRAD, "thesaurus, one term", ["自动求导"]),
    (NN, "scorer", ["fully connected layer", "backprop", "learnable parameters", "mse loss"]),
    (NN, "counts, scorer", ["update weights manually"]),
    (NN, "thesaurus, one term", ["cnn"]),
    (NN, "scorer", ["learning rate"]),  # taught where SGD is
    (CLASSIFIER, "thesaurus, one term", ["cross entropy"]),
    (CLASSIFIER, "scorer", ["save model", "load a saved model", "dataloader"]),
    (CLASSIFIER, "page title", ["image classification"]),
    (CLASSIFIER, "one term", ["forgot model.eval"]),
    (CLASSIFIER, "thesaurus, scorer, one term", ["checkpoint"]),
    (PARALLEL, "scorer", ["multi gpu training", "distributed training", "ddp", "torchrun"]),
    (PARALLEL, "thesaurus, scorer, one term", ["多卡训练"]),
    (SETUP, "coverage", ["install pytorch", "virtual environment"]),
]

QUERIES = [
    pytest.param(lang, query, page, id=f"{lang}:{query} ({needs})")
    for lang, table in (("zh_CN", CHINESE), ("en", ENGLISH))
    for page, needs, queries in table
    for query in queries
]


@pytest.mark.parametrize("lang, query, expected", QUERIES)
def test_the_teaching_page_is_among_the_first_three(base_url, page, lang, query, expected):
    found = search(page, base_url, lang, query)
    assert expected in found[:3], f"{lang} search {query!r}: {expected} not in the first three of {found}"
