"""Search as learners type it, on the built site, in Chromium.

Each query is one a learner might type into the search box of either
language (abbreviations, other words than the pages use, words run
together, traditional characters, questions, Chinese on the English site),
with the page that teaches it; that page must be among the first three
results.  The queries were written from the topics of each tutorial, not
from the ranking: a miss is a fault of the thesaurus (locale/thesaurus.md),
the folding or the ranking (docs/_ext/blitz/search.py), not of the list.

The hit rate of a language is the share of its queries that pass:
``pytest tests/test_search_learners.py -q -k zh_CN`` (or ``-k en``).
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
    ("张量", TENSOR),
    ("創建張量", TENSOR),
    ("张量的形状", TENSOR),
    ("改变张量形状", TENSOR),
    ("张量和numpy互相转换", TENSOR),
    ("什么是广播", TENSOR),
    ("广播机制", TENSOR),
    ("原地操作", TENSOR),
    ("张量索引", TENSOR),
    ("把张量放到GPU上", TENSOR),
    ("张量运算", TENSOR),
    ("torch.tensor", TENSOR),
    ("数据类型", TENSOR),
    ("不同设备上的张量报错", TENSOR),
    # Autograd
    ("自动求导", AUTOGRAD),
    ("自動微分", AUTOGRAD),
    ("requires_grad是什么", AUTOGRAD),
    ("计算图", AUTOGRAD),
    ("梯度累加", AUTOGRAD),
    ("梯度为什么会累加", AUTOGRAD),
    ("叶子节点", AUTOGRAD),
    ("关闭梯度跟踪", AUTOGRAD),
    ("detach的作用", AUTOGRAD),
    ("雅可比矩阵", AUTOGRAD),
    ("冻结参数", AUTOGRAD),
    ("用微积分验证梯度", AUTOGRAD),
    ("backward", AUTOGRAD),
    # Neural networks
    ("神经网络", NN),
    ("類神經網路", NN),
    ("怎么定义网络", NN),
    ("激活函数", NN),
    ("卷积层", NN),
    ("池化", NN),
    ("全连接层", NN),
    ("损失函数", NN),
    ("手动更新权重", NN),
    ("LeNet", NN),
    ("卷积神经网络", NN),
    ("CNN", NN),
    ("nn.Module", NN),
    ("前向传播", NN),
    ("反传", NN),
    ("可学习的参数", NN),
    ("批次维度", NN),
    ("torch.optim怎么用", NN),
    ("均方误差", NN),
    # Training a classifier
    ("训练分类器", CLASSIFIER),
    ("交叉熵", CLASSIFIER),
    ("保存模型", CLASSIFIER),
    ("加载模型", CLASSIFIER),
    ("数据加载器", CLASSIFIER),
    ("准确率", CLASSIFIER),
    ("轮次", CLASSIFIER),
    ("训练循环", CLASSIFIER),
    ("图像分类", CLASSIFIER),
    ("Fashion-MNIST数据集", CLASSIFIER),
    ("GPU训练", CLASSIFIER),
    ("学习率", NN),  # taught where SGD is (the classifier only picks one)
    ("批大小", CLASSIFIER),
    ("评估模式", CLASSIFIER),
    ("忘记调用eval", CLASSIFIER),
    ("测试网络", CLASSIFIER),
    # Data parallelism
    ("多卡训练", PARALLEL),
    ("分布式训练", PARALLEL),
    ("DDP", PARALLEL),
    ("多GPU", PARALLEL),
    ("torchrun怎么用", PARALLEL),
    ("数据并行", PARALLEL),
    ("进程编号", PARALLEL),
    ("多机训练", PARALLEL),
    ("梯度同步", PARALLEL),
    # Setting up
    ("安装pytorch", SETUP),
    ("环境配置", SETUP),
    ("国内镜像", SETUP),
    ("虚拟环境", SETUP),
]

ENGLISH = [
    # Tensors
    ("tensor", TENSOR),
    ("create a tensor", TENSOR),
    ("tensor shape", TENSOR),
    ("reshape", TENSOR),
    ("numpy to tensor", TENSOR),
    ("broadcasting", TENSOR),
    ("in-place operations", TENSOR),
    ("tensor dtype", TENSOR),
    ("indexing and slicing", TENSOR),
    ("move tensor to gpu", TENSOR),
    ("tensors on different devices", TENSOR),
    ("what is pytorch", TENSOR),
    # Autograd
    ("autograd", AUTOGRAD),
    ("automatic differentiation", AUTOGRAD),
    ("requires_grad", AUTOGRAD),
    ("computational graph", AUTOGRAD),
    ("gradient accumulation", AUTOGRAD),
    ("leaf tensor", AUTOGRAD),
    ("no_grad", AUTOGRAD),
    ("detach", AUTOGRAD),
    ("jacobian", AUTOGRAD),
    ("freeze parameters", AUTOGRAD),
    ("why do gradients accumulate", AUTOGRAD),
    ("自动求导", AUTOGRAD),
    # Neural networks
    ("neural network", NN),
    ("define a network", NN),
    ("activation function", NN),
    ("relu", NN),
    ("convolution layer", NN),
    ("max pooling", NN),
    ("fully connected layer", NN),
    ("loss function", NN),
    ("update weights manually", NN),
    ("lenet", NN),
    ("cnn", NN),
    ("nn.Module", NN),
    ("forward pass", NN),
    ("backprop", NN),
    ("learnable parameters", NN),
    ("batch dimension", NN),
    ("mse loss", NN),
    ("torch.optim", NN),
    # Training a classifier
    ("train a classifier", CLASSIFIER),
    ("cross entropy", CLASSIFIER),
    ("save model", CLASSIFIER),
    ("load a saved model", CLASSIFIER),
    ("dataloader", CLASSIFIER),
    ("test accuracy", CLASSIFIER),
    ("epochs", CLASSIFIER),
    ("training loop", CLASSIFIER),
    ("image classification", CLASSIFIER),
    ("fashion mnist", CLASSIFIER),
    ("train on gpu", CLASSIFIER),
    ("learning rate", NN),  # taught where SGD is (the classifier only picks one)
    ("forgot model.eval", CLASSIFIER),
    ("checkpoint", CLASSIFIER),
    # Data parallelism
    ("multi gpu training", PARALLEL),
    ("distributed training", PARALLEL),
    ("ddp", PARALLEL),
    ("torchrun", PARALLEL),
    ("data parallel", PARALLEL),
    ("world size", PARALLEL),
    ("all reduce gradients", PARALLEL),
    ("多卡训练", PARALLEL),
    # Setting up
    ("install pytorch", SETUP),
    ("pip install", SETUP),
    ("virtual environment", SETUP),
]

QUERIES = [("zh_CN", q, e) for q, e in CHINESE] + [("en", q, e) for q, e in ENGLISH]


@pytest.mark.parametrize("lang, query, expected", QUERIES, ids=[f"{lang}:{q}" for lang, q, _ in QUERIES])
def test_the_teaching_page_is_among_the_first_three(base_url, page, lang, query, expected):
    found = search(page, base_url, lang, query)
    assert expected in found[:3], f"{lang} search {query!r}: {expected} not in the first three of {found}"
