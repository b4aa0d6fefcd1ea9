"""
===============
Neural networks
===============

Neural networks are built with the ``torch.nn`` package.  ``nn`` relies on
autograd to define models and differentiate them: an ``nn.Module`` holds
layers, and its ``forward(input)`` method returns the ``output``.

**What you will learn**

- how to define a network as a subclass of ``torch.nn.Module`` with a
  ``forward`` method, using the classic LeNet-5 as the example;
- how to look at its learnable parameters;
- why layers expect a mini-batch, and how to feed them a single sample;
- how to compute a loss and follow the computational graph behind it;
- how backpropagation fills the gradients, and how to update the weights,
  first by hand and then with ``torch.optim``.

**Prerequisites**: tensors and autograd, as in
:ref:`sphx_glr_tutorials_autograd_tutorial.py`.
"""

# %%
# A typical training procedure
# ----------------------------
#
# Training a neural network usually goes through these steps:
#
# 1. Define the neural network, with some learnable parameters (weights).
# 2. Iterate over a dataset of inputs.
# 3. Process each input through the network (the forward pass).
# 4. Compute the loss: how far the output is from being correct.
# 5. Propagate gradients back into the network's parameters (the backward
#    pass).
# 6. Update the weights, typically with a simple rule:
#    ``weight = weight - learning_rate * gradient``.
#
# This tutorial walks through every step on a single input.  The next
# tutorial puts them in a loop over a real dataset.
#
# The network: LeNet-5
# --------------------
#
# We use LeNet-5, a small convolutional network designed for 32x32 grayscale
# images of digits.  It has two convolution layers, each followed by a ReLU
# activation and a 2x2 max pooling, then three fully connected layers that
# turn the features into 10 scores, one per class.
#
# Here are its stages, with the shape of the data after each one, for a
# single image: a convolution with a 5x5 kernel trims 2 pixels from every
# border (32 becomes 28), and a 2x2 pooling halves the height and width.

stages = [
    # Each entry is the name of a stage, the shape of its output, and a color for the figure.
    ("input", "1x32x32", "#d9d9d9"),
    ("conv1\n5x5 + ReLU", "6x28x28", "#9ecae1"),
    ("max pool\n2x2", "6x14x14", "#c7e9c0"),
    ("conv2\n5x5 + ReLU", "16x10x10", "#9ecae1"),
    ("max pool\n2x2", "16x5x5", "#c7e9c0"),
    ("flatten", "400", "#d9d9d9"),
    ("fc1\n+ ReLU", "120", "#fdd0a2"),
    ("fc2\n+ ReLU", "84", "#fdd0a2"),
    ("fc3", "10", "#fdae6b"),
]

# %%
# The figure draws them as a row of boxes joined by arrows.  It is plain
# matplotlib, not needed for the rest of the tutorial.

# sphinx_gallery_thumbnail_number = 1
import matplotlib.pyplot as plt
from matplotlib.patches import FancyArrowPatch, Rectangle

fig, ax = plt.subplots(figsize=(11, 2.1), layout="constrained")
width, height, gap = 1.3, 1.2, 0.35
for i, (name, shape, color) in enumerate(stages):
    x = i * (width + gap)
    ax.add_patch(Rectangle((x, 0), width, height, facecolor=color, edgecolor="black"))
    ax.text(x + width / 2, 0.75, name, ha="center", va="center", fontsize=9)
    ax.text(x + width / 2, 0.25, shape, ha="center", va="center", fontsize=9, fontweight="bold")
    # Every box except the last one gets an arrow to the next box.
    if i < len(stages) - 1:
        arrow = FancyArrowPatch((x + width, height / 2), (x + width + gap, height / 2),
                                arrowstyle="-|>", mutation_scale=12)
        ax.add_patch(arrow)
ax.set_xlim(-0.1, len(stages) * (width + gap) - gap + 0.1)
ax.set_ylim(-0.05, height + 0.05)
ax.set_aspect("equal")
ax.axis("off")
ax.set_title("LeNet-5: each layer and the shape of its output (channels x height x width)")
plt.show()

# %%
# Define the network
# ------------------
#
# A network is a subclass of ``torch.nn.Module``.  The constructor creates the
# layers that have learnable parameters and stores them as attributes; the
# ``forward`` method says how data flows through them.  Operations without
# parameters, such as ReLU and max pooling, can be called from
# ``torch.nn.functional`` inside ``forward``.
#
# You only write ``forward``.  The backward pass, which computes the
# gradients, is derived automatically by autograd from the operations that
# ``forward`` ran, so you may use any tensor operation there.

import torch
import torch.nn as nn
import torch.nn.functional as F


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        # The first convolution takes 1 input channel and produces 6 channels with 5x5 kernels.
        self.conv1 = nn.Conv2d(1, 6, 5)
        # The second convolution turns those 6 channels into 16, again with 5x5 kernels.
        self.conv2 = nn.Conv2d(6, 16, 5)
        # Fully connected layers compute y = Wx + b; the first one sees 16 maps of 5x5 values.
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        # A 1x32x32 image becomes 6x28x28 after conv1, and 6x14x14 after pooling.
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        # Then 16x10x10 after conv2, and 16x5x5 after pooling.
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        # Flatten every dimension except the first one, the batch dimension.
        x = torch.flatten(x, 1)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        # The last layer returns 10 raw scores, one per class.
        return self.fc3(x)


net = Net()
print(net)

# %%
# Printing a module lists its sub-modules in the order they were assigned in
# ``__init__``.  The functional calls (``F.relu``, ``F.max_pool2d``) do not
# appear, because they are not modules: only ``forward`` knows about them.
#
# Learnable parameters
# --------------------
#
# ``net.parameters()`` iterates over the learnable parameters: a weight and a
# bias for each of the five layers.  ``net.named_parameters()`` gives their names
# too, which is handy for checking shapes.

params = list(net.parameters())
print(f"Number of parameter tensors: {len(params)}")
print(f"conv1's weight size: {params[0].size()}")
for name, param in net.named_parameters():
    print(f"{name:12s} {str(tuple(param.shape)):16s} {param.numel():6d} values")

# %%
# A convolution weight has the shape (output channels, input channels, kernel
# height, kernel width), and a linear weight (output features, input features).
# Counting every value gives the size of the model.  LeNet-5 is tiny: about
# 62 thousand numbers, most of them in ``fc1``.

num_params = sum(p.numel() for p in net.parameters())
print(f"Total number of learnable values: {num_params}")

# %%
# The forward pass and the batch dimension
# ----------------------------------------
#
# Layers in ``torch.nn`` are written for **mini-batches**: the first dimension
# of the input counts the samples, and each sample is processed independently.
# For ``nn.Conv2d`` the input is a 4-D tensor of shape
# (batch size, channels, height, width).  Here we feed one random 32x32
# grayscale "image", so the batch size is 1.  The output has one row of 10
# scores per sample.

image = torch.randn(1, 1, 32, 32)
out = net(image)
print(f"Input shape: {image.shape}")
print(f"Output shape: {out.shape}")
print(f"Output: {out}")

# %%
# We call ``net(image)`` rather than ``net.forward(image)``: calling the
# module runs ``forward`` together with any hooks registered on the module.
#
# If you have a single sample of shape (channels, height, width), add a fake
# batch dimension with ``unsqueeze(0)``.  Some layers, ``nn.Conv2d`` among
# them, also accept an unbatched sample, but our ``forward`` flattens
# everything after dimension 0, so it needs the batch dimension.  The same
# network handles any batch size without changes.

single = torch.randn(1, 32, 32)
batch = single.unsqueeze(0)
print(f"Single sample: {tuple(single.shape)} -> batch of one: {tuple(batch.shape)}")

four_images = torch.randn(4, 1, 32, 32)
print(f"Output for a batch of 4: {tuple(net(four_images).shape)}")

# %%
# Before going further, a recap of the pieces seen so far:
#
# - ``torch.Tensor``: a multi-dimensional array that supports autograd
#   operations such as ``backward()`` and holds the gradient with respect to
#   it in ``.grad``.
# - ``nn.Module``: a neural network.  It is a convenient way to package
#   parameters, with helpers to move them to a GPU, save and load them, and so
#   on.
# - ``nn.Parameter``: a kind of tensor that is registered as a parameter
#   automatically when it is assigned as an attribute of a ``Module``.
# - ``autograd.Function``: the forward and backward definitions of one
#   operation.  Every operation on tensors creates at least one ``Function``
#   node, which links to the functions that created its inputs and so records
#   the history.
#
# Loss function
# -------------
#
# A loss function takes the pair (output, target) and computes a single number
# that estimates how far the output is from the target.  The ``torch.nn``
# package has several; a simple one is ``nn.MSELoss``, the mean squared error
# between the output and the target.
#
# We have no real data yet, so we make up a dummy target with the same shape
# as the output.  (To classify images, the next tutorial uses
# ``nn.CrossEntropyLoss`` with class labels instead.)

output = net(image)
# The made-up target is 10 random numbers, shaped like the output: a batch of one row.
target = torch.randn(10).view(1, -1)
criterion = nn.MSELoss()

loss = criterion(output, target)
print(f"Loss: {loss}")

# %%
# Following the computational graph
# ---------------------------------
#
# ``loss`` is the end of a computational graph that autograd recorded during
# the forward pass.  Read backwards from the loss, it looks like this:
#
# .. code-block:: text
#
#     input -> conv2d -> relu -> maxpool2d -> conv2d -> relu -> maxpool2d
#           -> flatten -> linear -> relu -> linear -> relu -> linear
#           -> MSELoss
#           -> loss
#
# Every tensor produced by an operation has a ``grad_fn``: the node that will
# compute its gradient.  ``grad_fn.next_functions`` points to the nodes of the
# operation's inputs, so we can walk back a few steps by hand.

print(f"loss.grad_fn: {loss.grad_fn}")
print(f"one step back: {loss.grad_fn.next_functions[0][0]}")
print(f"two steps back: {loss.grad_fn.next_functions[0][0].next_functions[0][0]}")

# %%
# The last node is an ``AccumulateGrad``: a leaf of the graph, where the
# gradient stops and is stored into a parameter's ``.grad``.  Its
# ``variable`` attribute shows which parameter: here the bias of ``fc3``,
# which is the first input of the ``Linear`` operation (``fc3`` computes
# ``bias + input @ weight.T`` in a single ``addmm``).

leaf = loss.grad_fn.next_functions[0][0].next_functions[0][0]
print(f"The leaf holds fc3.bias: {leaf.variable is net.fc3.bias}")

# %%
# To see the whole path back to the input, a short loop follows, at every
# node, the first input that comes from another operation, and skips the
# leaves that hold parameters.

node = loss.grad_fn
path = []
while node is not None:
    path.append(type(node).__name__)
    # Take the first input produced by an operation; parameters end in AccumulateGrad.
    node = next(
        (fn for fn, _ in node.next_functions
         if fn is not None and type(fn).__name__ != "AccumulateGrad"),
        None,
    )
print("Path from the loss back to the input:")
for name in path:
    print(f"  {name}")

# %%
# The path stops at the first convolution: the input image itself does not
# require a gradient, so autograd recorded nothing before it.
#
# Backpropagation
# ---------------
#
# ``loss.backward()`` differentiates the loss with respect to every tensor in
# the graph that has ``requires_grad=True`` (all the parameters of the
# network), and adds the results to their ``.grad`` attributes.
#
# Gradients **accumulate**: ``backward()`` adds to whatever ``.grad`` already
# holds.  So we first clear them with ``net.zero_grad()``, which resets every
# parameter's ``.grad`` to ``None``.  Look at the bias of ``conv1`` before and
# after the backward pass.

net.zero_grad()
print(f"conv1.bias.grad before backward: {net.conv1.bias.grad}")

loss.backward()
print(f"conv1.bias.grad after backward: {net.conv1.bias.grad}")

# %%
# Why clearing matters: if we run the same forward and backward pass twice
# without clearing, the second gradient is added to the first, and ``.grad``
# ends up twice as large.  In a training loop this would mix the gradients of
# different batches.  (Accumulating is useful on purpose, for instance to sum
# gradients over several small batches before one update.)

first_grad = net.conv1.bias.grad.clone()
criterion(net(image), target).backward()
doubled = torch.allclose(net.conv1.bias.grad, 2 * first_grad)
print(f"After a second backward without zero_grad, the gradient doubled: {doubled}")

# %%
# Updating the weights by hand
# ----------------------------
#
# The simplest update rule is Stochastic Gradient Descent (SGD): move each
# weight a small step against its gradient.
#
# .. math::
#
#     \text{weight} = \text{weight} - \text{learning\_rate} \times \text{gradient}
#
# We can write it in a few lines of Python.  The update runs inside
# ``torch.no_grad()``: it is not part of the model, so autograd must not record
# it (and autograd refuses in-place changes to a parameter it is tracking).
# Then we compute the loss again with the same input and target.

net.zero_grad()
loss = criterion(net(image), target)
loss.backward()
print(f"Loss before the update: {loss.item():.4f}")

learning_rate = 0.01
with torch.no_grad():
    for p in net.parameters():
        p -= learning_rate * p.grad

new_loss = criterion(net(image), target)
print(f"Loss after one manual SGD step: {new_loss.item():.4f}")

# %%
# The loss went down: one step against the gradient made the output a little
# closer to the target.
#
# Using ``torch.optim``
# ---------------------
#
# Beyond plain SGD there are many update rules: SGD with momentum, Nesterov,
# Adam, RMSprop...  The ``torch.optim`` package implements them all behind the
# same small interface.  An optimizer is created with the parameters it should
# update and a learning rate.  Each training step then has the same three
# calls around the forward pass:
#
# - ``optimizer.zero_grad()`` clears the gradients, which would otherwise
#   accumulate from the previous step, as we saw above;
# - ``loss.backward()`` computes the new gradients;
# - ``optimizer.step()`` updates the parameters with them.

import torch.optim as optim

optimizer = optim.SGD(net.parameters(), lr=0.01)

for step in range(5):
    optimizer.zero_grad()
    output = net(image)
    loss = criterion(output, target)
    loss.backward()
    optimizer.step()
    print(f"Step {step}: loss {loss.item():.4f}")

# %%
# The printed loss is the one computed before each update, and it falls from
# step to step.  The network is only memorizing one random target here; the
# next tutorial uses exactly this loop to learn from a real dataset.
#
# Summary
# -------
#
# - A network is a ``torch.nn.Module``: layers are created in ``__init__``,
#   the computation is written in ``forward``, and autograd provides the
#   backward pass.
# - ``net.parameters()`` yields the learnable weights and biases.
# - Layers expect a mini-batch; use ``unsqueeze(0)`` for a single sample.
# - A loss function such as ``nn.MSELoss`` reduces the output and a target to
#   one number; its ``grad_fn`` chain is the recorded graph.
# - ``loss.backward()`` adds gradients to ``.grad``, so clear them first with
#   ``zero_grad()``.
# - An optimizer from ``torch.optim`` applies the update rule with
#   ``optimizer.step()``.
#
# Next: train this network to recognize clothing images in
# :ref:`sphx_glr_tutorials_classifier_tutorial.py`.
