"""
===============
Neural networks
===============

``torch.nn`` builds neural networks on top of autograd.

**What you will learn**

- defining a network (LeNet-5) as a ``torch.nn.Module``;
- batches, and two common errors;
- training with a loss and ``torch.optim``.

**Prerequisites**: :ref:`sphx_glr_tutorials_autograd_tutorial.py`.
"""

# %%
# A typical training procedure
# ----------------------------
#
# 1. Define a network with learnable parameters (weights and biases).
# 2. Run an input through it: the forward pass.
# 3. Compute the loss: how wrong the output is.
# 4. Backpropagate the gradients: the backward pass.
# 5. Update the weights; repeat over a dataset.
#
# Define the network: LeNet-5
# ---------------------------
#
# LeNet-5 classifies 32x32 grayscale images: two convolutions, each followed
# by a ReLU activation function and max pooling, then three fully connected
# layers.  ``__init__`` creates the layers, ``forward`` chains them, and
# autograd derives the backward pass.

import torch
import torch.nn as nn
import torch.nn.functional as F


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        # Conv2d(in_channels, out_channels, kernel_size): 1 channel to 6, then 6 to 16.
        self.conv1 = nn.Conv2d(1, 6, 5)
        self.conv2 = nn.Conv2d(6, 16, 5)
        # Fully connected layers compute y = Wx + b; fc1 sees 16 maps of 5x5 values.
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        # Flatten every dimension except the first one, the batch dimension.
        x = torch.flatten(x, 1)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.fc3(x)


# sphinx_gallery_start_ignore
import matplotlib.pyplot as plt
from matplotlib.patches import FancyArrowPatch, Rectangle

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
# sphinx_gallery_end_ignore

# %%
# Forward pass and batch dimension
# --------------------------------
#
# ``torch.manual_seed(0)`` fixes the random initial weights; on another
# machine your numbers may differ.  Layers take **batches**: the first
# dimension counts the samples.  Call ``net(image)``, not
# ``net.forward(image)``: the call runs ``forward`` plus what PyTorch adds.

torch.manual_seed(0)
net = Net()
print(f"Learnable parameters: {sum(p.numel() for p in net.parameters())}")

# One image in a batch of one: (batch size, channels, height, width).
image = torch.randn(1, 1, 32, 32)
print(f"net(image).shape: {net(image).shape}")

# %%
# Common error: a forgotten batch dimension
# -----------------------------------------
#
# ``nn.Conv2d`` takes a lone image as unbatched, so ``fc1`` gets 16 rows of
# 25 values instead of one row of 400.  ``unsqueeze(0)`` adds the batch
# dimension.

single = torch.randn(1, 32, 32)
try:
    net(single)
except RuntimeError as error:
    print(f"RuntimeError: {error}")
print(f"net(single.unsqueeze(0)).shape: {net(single.unsqueeze(0)).shape}")

# %%
# Common error: float64 data from NumPy
# -------------------------------------
#
# NumPy makes ``float64`` arrays, ``torch.from_numpy`` keeps the dtype, and
# layers hold ``float32`` weights.  Printing shape, dtype and device first
# (the tensor tutorial's habit) shows the mismatch; ``.float()`` fixes it.

import numpy as np

features = torch.from_numpy(np.random.rand(1, 84))
print(f"features: shape {tuple(features.shape)}, dtype {features.dtype}, device {features.device}")
try:
    net.fc3(features)
except RuntimeError as error:
    print(f"RuntimeError: {error}")
print(f"net.fc3(features.float()).shape: {net.fc3(features.float()).shape}")

# %%
# Loss, backpropagation and ``torch.optim``
# -----------------------------------------
#
# A loss function measures how far the output is from a target;
# ``nn.MSELoss`` is the mean squared error.  ``loss.backward()``
# adds each parameter's gradient to its ``.grad``; gradients accumulate, so
# each step first clears them with ``zero_grad()``.  Stochastic gradient
# descent (SGD) moves each weight a small step against its gradient:
#
# .. math::
#
#     \text{weight} = \text{weight} - \text{learning\_rate} \times \text{gradient}
#
# The **learning rate** sets the step size: too small and training crawls,
# too large and the loss jumps or grows.  ``optimizer.step()`` applies the
# update for you.

criterion = nn.MSELoss()
target = torch.randn(1, 10)
optimizer = torch.optim.SGD(net.parameters(), lr=0.01)

for step in range(3):
    optimizer.zero_grad()
    loss = criterion(net(image), target)
    loss.backward()
    optimizer.step()
    print(f"Step {step}: loss {loss.item():.4f}")

# %%
# The loss falls as the network memorizes the made-up target.
#
# Exercises
# ---------
#
# **1.** A batch of shape ``(8, 1, 32, 32)`` goes through ``net``.  What
# shape comes out of ``conv1``, of the first pooling, and of the network?
#
# .. dropdown:: Solution
#
#    ``(8, 6, 28, 28)``, ``(8, 6, 14, 14)`` and ``(8, 10)``: the batch
#    dimension passes through untouched.
#
# **2. In code.**  The next tutorial's images are 28x28.  Give
# ``net28.fc1`` the input size that fits them without padding.  (This page
# was built with the solution filled in.)

net28 = Net()
# TODO: 16 * 5 * 5 fits 32x32 images; change it for 28x28 images.
net28.fc1 = nn.Linear(16 * 5 * 5, 120)
# sphinx_gallery_start_ignore
# Solution of exercise 2.
# 28 pixels: 24 after conv1, 12 after pooling, 8 after conv2, 4 after pooling.
net28.fc1 = nn.Linear(16 * 4 * 4, 120)
# sphinx_gallery_end_ignore
try:
    out28 = net28(torch.randn(2, 1, 28, 28))
    assert out28.shape == (2, 10), f"Expected 10 scores per image, got shape {tuple(out28.shape)}."
    print(f"Solved: net28 gives scores of shape {tuple(out28.shape)} for 2 images of 28x28.")
except RuntimeError as error:
    print(f"Not solved yet: {error}")

# %%
# .. dropdown:: Solution
#
#    .. literalinclude:: neural_networks_tutorial.py
#       :language: python
#       :start-after: Solution of exercise 2.
#       :end-before: sphinx_gallery_end_ignore
#
# Summary
# -------
#
# - A network is a ``torch.nn.Module``: layers in ``__init__``, computation
#   in ``forward``.
# - A training step: ``zero_grad()``, forward, loss, ``backward()``,
#   ``step()``.
#
# Next: train it on clothing images in
# :ref:`sphx_glr_tutorials_classifier_tutorial.py`.
