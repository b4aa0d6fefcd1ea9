"""
===============
Neural networks
===============

Neural networks are built with the ``torch.nn`` package, on top of autograd:
an ``nn.Module`` holds layers, and its ``forward(input)`` method returns the
output.

**What you will learn**

- how to define a network as a subclass of ``torch.nn.Module``, using the
  classic LeNet-5;
- how to look at its learnable parameters;
- why layers expect a mini-batch, and the errors you get with a wrong shape
  or dtype;
- how to compute a loss;
- how backpropagation fills the gradients, and how to update the weights,
  first by hand and then with ``torch.optim``;
- how to freeze part of a network.

**Prerequisites**: :ref:`sphx_glr_tutorials_autograd_tutorial.py`.
"""

# %%
# A typical training procedure
# ----------------------------
#
# 1. Define a network with learnable parameters (weights).
# 2. Iterate over a dataset of inputs.
# 3. Run each input through the network (the forward pass).
# 4. Compute the loss: how far the output is from being correct.
# 5. Propagate gradients back into the parameters (the backward pass).
# 6. Update the weights, typically with
#    ``weight = weight - learning_rate * gradient``.
#
# This page does every step on one input; the next one loops over a dataset.
#
# The network: LeNet-5
# --------------------
#
# LeNet-5 is a small convolutional network for 32x32 grayscale images: two
# convolutions, each followed by ReLU and 2x2 max pooling, then three fully
# connected layers that produce 10 scores, one per class.  A 5x5 convolution
# trims 2 pixels from every border (32 becomes 28), and a 2x2 pooling halves
# height and width.

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
# A network subclasses ``torch.nn.Module``.  ``__init__`` creates the layers
# that have parameters; ``forward`` says how data flows through them, and may
# call parameter-free operations such as ReLU from ``torch.nn.functional``.
# You only write ``forward``: autograd derives the backward pass from the
# operations it ran.

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


# %%
# Creating the network draws its initial weights at random.
# ``torch.manual_seed(0)`` makes them the same on every run; on another
# machine or PyTorch version your numbers may differ from the ones printed
# here.

torch.manual_seed(0)
net = Net()
print(net)

# %%
# Printing a module lists its sub-modules; the functional calls (``F.relu``,
# ``F.max_pool2d``) are not modules, so they do not appear.
#
# Learnable parameters
# --------------------
#
# ``net.named_parameters()`` yields a weight and a bias for each of the five
# layers.  A convolution weight has the shape (output channels, input
# channels, kernel height, kernel width); a linear weight (output features,
# input features).

for name, param in net.named_parameters():
    print(f"{name:12s} {str(tuple(param.shape)):16s} {param.numel():6d} values")

num_params = sum(p.numel() for p in net.parameters())
print(f"Total number of learnable values: {num_params}")

# %%
# About 62 thousand numbers, most of them in ``fc1``.
#
# The forward pass and the batch dimension
# ----------------------------------------
#
# Layers in ``torch.nn`` work on **mini-batches**: the first dimension counts
# the samples.  ``nn.Conv2d`` takes (batch size, channels, height, width).
# Call the module, ``net(image)``, rather than ``net.forward(image)``: the
# call runs ``forward`` and also the extras PyTorch attaches to every call,
# such as *hooks*, functions that other code can register on a module to
# look at its inputs and outputs.

image = torch.randn(1, 1, 32, 32)
out = net(image)
print(f"Input shape: {image.shape}")
print(f"Output shape: {out.shape}")
print(f"Output: {out}")

# %%
# Common error: a forgotten batch dimension
# -----------------------------------------
#
# A single image of shape (1, 32, 32) looks harmless.  ``nn.Conv2d`` accepts
# it as an unbatched sample, but then ``torch.flatten(x, 1)`` keeps the 16
# channels apart, and ``fc1`` receives 16 rows of 25 values instead of one
# row of 400:

single = torch.randn(1, 32, 32)
try:
    net(single)
except RuntimeError as error:
    print(f"RuntimeError: {error}")

# %%
# Read the message as ``(rows x columns of the input)`` and
# ``(in_features x out_features of the layer)``: the 25 should have been 400.
# The fix is a batch of one, with ``unsqueeze(0)``.  The same network takes
# any batch size.

print(f"net(single.unsqueeze(0)).shape: {tuple(net(single.unsqueeze(0)).shape)}")
print(f"Output for a batch of 4: {tuple(net(torch.randn(4, 1, 32, 32)).shape)}")

# %%
# Common error: float64 data from NumPy
# -------------------------------------
#
# NumPy creates ``float64`` arrays by default, ``torch.from_numpy`` keeps
# that dtype, and layers hold ``float32`` weights.  Printing shape, dtype and
# device, the habit from the tensor tutorial, shows the mismatch before the
# error does:

import numpy as np

features = torch.from_numpy(np.random.rand(2, 84))
print(f"features: shape {tuple(features.shape)}, dtype {features.dtype}, device {features.device}")
print(f"fc3.weight: shape {tuple(net.fc3.weight.shape)}, dtype {net.fc3.weight.dtype}, "
      f"device {net.fc3.weight.device}")
try:
    net.fc3(features)
except RuntimeError as error:
    print(f"RuntimeError: {error}")

# %%
# The fix is one conversion, ``.float()`` (or ``.to(torch.float32)``):

print(f"net.fc3(features.float()).shape: {tuple(net.fc3(features.float()).shape)}")

# %%
# Loss function
# -------------
#
# A loss function takes (output, target) and returns one number that says how
# far the output is from the target.  ``nn.MSELoss`` is the mean squared
# error.  We have no real data yet, so the target is made up.  (The next
# tutorial classifies images with ``nn.CrossEntropyLoss``.)

output = net(image)
# The made-up target is 10 random numbers, shaped like the output: a batch of one row.
target = torch.randn(10).view(1, -1)
criterion = nn.MSELoss()

loss = criterion(output, target)
print(f"Loss: {loss}")

# %%
# During the forward pass autograd recorded the graph of every operation, from
# the input image to the loss; ``backward()`` walks it from the loss back to
# the parameters.
#
# Backpropagation
# ---------------
#
# ``loss.backward()`` adds the gradient of the loss to the ``.grad`` of every
# parameter.  Gradients accumulate, so we clear them first with
# ``net.zero_grad()``.

net.zero_grad()
print(f"conv1.bias.grad before backward: {net.conv1.bias.grad}")

loss.backward()
print(f"conv1.bias.grad after backward: {net.conv1.bias.grad}")

# %%
# Updating the weights by hand
# ----------------------------
#
# Stochastic Gradient Descent (SGD) moves each weight a small step against
# its gradient; the *learning rate* sets the size of that step:
#
# .. math::
#
#     \text{weight} = \text{weight} - \text{learning\_rate} \times \text{gradient}
#
# The update runs inside ``torch.no_grad()``: it is not part of the model, so
# autograd must not record it.

print(f"Loss before the update: {loss.item():.4f}")

learning_rate = 0.01
with torch.no_grad():
    for p in net.parameters():
        p -= learning_rate * p.grad

new_loss = criterion(net(image), target)
print(f"Loss after one manual SGD step: {new_loss.item():.4f}")

# %%
# Using ``torch.optim``
# ---------------------
#
# ``torch.optim`` implements SGD, Adam, RMSprop and more behind one interface.
# Each training step makes the same three calls around the forward pass:
# ``optimizer.zero_grad()`` clears old gradients, ``loss.backward()``
# computes new ones, ``optimizer.step()`` updates the parameters.

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
# The loss falls from step to step: the network is memorizing one random
# target.  The next tutorial runs this loop on a real dataset.
#
# Freezing parameters
# -------------------
#
# A common way to get a good model with little data is to start from a
# *pretrained* network, one already trained on a large dataset, and train
# only a new last layer.  The rest is frozen: ``requires_grad_(False)`` (the
# trailing underscore: in place) turns gradients off for a module's
# parameters, so they get no ``.grad`` and the optimizer leaves them alone.
# Here the two convolutions are frozen:

net.zero_grad()
net.conv1.requires_grad_(False)
net.conv2.requires_grad_(False)
criterion(net(image), target).backward()
for name, param in net.named_parameters():
    print(f"{name:12s} requires_grad={param.requires_grad!s:5s} has a gradient: {param.grad is not None}")

# %%
# Exercises
# ---------
#
# **1.** A batch of 8 images of shape ``(8, 1, 32, 32)`` goes through ``net``.
# What is the shape after ``conv1``, after the first pooling, and of the
# output?
#
# .. dropdown:: Solution
#
#    ``(8, 6, 28, 28)``, ``(8, 6, 14, 14)`` and ``(8, 10)``: the batch
#    dimension passes through every layer untouched, and each image gets its
#    own 10 scores.
#
# **2. In code.**  Fashion-MNIST images, in the next tutorial, are 28x28.
# ``Net28`` below is ``Net`` with a new ``fc1``; change that ``fc1``'s input
# size to fit 28x28 images without padding.  Work it out from the shapes
# in the figure at the top, then run the cell: the check says whether the
# network now takes a batch of 28x28 images.  (This page was built with the
# solution filled in, so here the check passes.)


class Net28(Net):
    def __init__(self):
        super().__init__()
        # TODO: 16 * 5 * 5 fits 32x32 images; change it for 28x28 images.
        self.fc1 = nn.Linear(16 * 5 * 5, 120)


# sphinx_gallery_start_ignore
# Solution of exercise 2.
class Net28(Net):
    def __init__(self):
        super().__init__()
        # 28 pixels: 24 after conv1, 12 after pooling, 8 after conv2, 4 after pooling.
        self.fc1 = nn.Linear(16 * 4 * 4, 120)


# sphinx_gallery_end_ignore
try:
    out28 = Net28()(torch.randn(2, 1, 28, 28))
except RuntimeError as error:
    print(f"Not solved yet: {error}")
else:
    assert out28.shape == (2, 10), f"Expected 10 scores per image, got shape {tuple(out28.shape)}."
    print(f"Solved: Net28 gives scores of shape {tuple(out28.shape)} for 2 images of 28x28.")

# %%
# .. dropdown:: Solution
#
#    .. literalinclude:: neural_networks_tutorial.py
#       :language: python
#       :start-after: Solution of exercise 2.
#       :end-before: sphinx_gallery_end_ignore
#
#    The error message of the unsolved cell already says it: ``2x256``, two
#    images of 256 values each, where ``fc1`` expected 400.
#
# Summary
# -------
#
# - A network is a ``torch.nn.Module``: layers in ``__init__``, computation
#   in ``forward``; autograd provides the backward pass.
# - Layers expect a mini-batch; "mat1 and mat2 shapes cannot be multiplied"
#   usually means a wrong shape reached a ``Linear`` layer, and "mat1 and
#   mat2 must have the same dtype" a ``float64`` tensor from NumPy.
# - A loss function reduces output and target to one number;
#   ``loss.backward()`` adds gradients to ``.grad``, so clear them first.
# - An optimizer applies the update with ``optimizer.step()``;
#   ``requires_grad_(False)`` freezes the parameters it should leave alone.
#
# Next: train this network on clothing images in
# :ref:`sphx_glr_tutorials_classifier_tutorial.py`.
