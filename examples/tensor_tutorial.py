"""
=================
What is PyTorch?
=================

PyTorch computes with *tensors*: n-dimensional arrays, like NumPy's, that can
also live on a GPU.

**What you will learn**

* creating tensors and computing with them;
* indexing, reshaping and broadcasting;
* NumPy arrays and accelerators.

**Prerequisites:** basic Python.
"""

# %%
# Creating tensors
# ----------------
#
# ``torch.tensor`` builds a tensor from data; ``torch.zeros``, ``torch.ones``
# and ``torch.rand`` from a shape, with an optional ``dtype``.
# ``torch.manual_seed(0)`` fixes the random numbers; yours may differ by machine.

import torch

data = torch.tensor([[1, 2, 3], [4, 5, 6]])
print(f"data: shape {data.shape}, dtype {data.dtype}")
torch.manual_seed(0)
print(f"torch.rand(2, 3):\n{torch.rand(2, 3)}")
print(f"torch.zeros(2, dtype=torch.float64): {torch.zeros(2, dtype=torch.float64)}")

# %%
# Operations
# ----------
#
# ``*`` is elementwise; ``@`` is the matrix product, whose inner sizes match:
# ``(2, 3) @ (3, 2)`` gives ``(2, 2)``.  A reduction removes its ``dim``
# (``keepdim=True`` keeps it as size 1).  ``cat`` joins along an existing
# dimension, ``stack`` along a new one.

A = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
print(f"A * A:\n{A * A}")
print(f"(A @ A.T).shape: {(A @ A.T).shape}")
print(f"A.sum(dim=0): {A.sum(dim=0)}, A.sum(dim=1): {A.sum(dim=1)}")
print(f"A.sum(dim=1, keepdim=True).shape: {A.sum(dim=1, keepdim=True).shape}")
print(f"torch.cat([A, A]).shape: {torch.cat([A, A]).shape}, torch.stack([A, A]).shape: {torch.stack([A, A]).shape}")

# %%
# Slicing works as in NumPy and gives a *view* that shares memory: an in-place
# method (ending in ``_``) on it changes ``x``.  ``view`` reshapes by walking
# the memory in order, one *stride* (step) per dimension; ``x.t()`` reads it
# column by column, which no strides can flatten, so ``view`` fails and
# ``reshape`` copies.

x = torch.arange(6).reshape(2, 3)
x[1, 1:].add_(10)
print(f"x after x[1, 1:].add_(10):\n{x}")
print(f"x.view(3, 2):\n{x.view(3, 2)}")
try:
    x.t().view(6)
except RuntimeError as error:
    print(f"RuntimeError: {error}")
print(f"x.t().reshape(6): {x.t().reshape(6)}")

# %%
# Broadcasting
# ------------
#
# Shapes are compared from the last dimension backwards, a missing one
# counting as 1: each pair must be equal or hold a 1, which is stretched
# without copying (faded in the figure).

col = torch.tensor([[0], [10], [20]])
row = torch.tensor([[0, 1, 2, 3]])
print(f"col {tuple(col.shape)} + row {tuple(row.shape)}: shape {tuple((col + row).shape)}")
# sphinx_gallery_start_ignore
import matplotlib.pyplot as plt
import numpy as np


# Draw a 2-D tensor as a heatmap and fade the cells outside real_shape.
def show_broadcast(ax, tensor, real_shape, title):
    values = tensor.numpy()
    ax.imshow(values, cmap="viridis", vmin=0, vmax=23)
    for (i, j), value in np.ndenumerate(values):
        real = i < real_shape[0] and j < real_shape[1]
        if real:
            color = "white" if value < 12 else "black"
        else:
            color = "gray"
            ax.add_patch(plt.Rectangle((j - 0.5, i - 0.5), 1, 1,
                                       color="white", alpha=0.7))
        ax.text(j, i, str(value), ha="center", va="center", color=color,
                fontweight="bold" if real else "normal")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_title(title, family="monospace")


fig, axes = plt.subplots(1, 5, figsize=(10, 2.8), layout="constrained",
                         width_ratios=[4, 0.6, 4, 0.6, 4])
show_broadcast(axes[0], col.expand(3, 4), col.shape, "col: (3, 1)")
show_broadcast(axes[2], row.expand(3, 4), row.shape, "row: (1, 4)")
show_broadcast(axes[4], col + row, (3, 4), "col + row: (3, 4)")
for ax, symbol in [(axes[1], "+"), (axes[3], "=")]:
    ax.text(0.5, 0.5, symbol, fontsize=28, ha="center", va="center")
    ax.axis("off")
plt.show()
# sphinx_gallery_end_ignore
# %%
# The NumPy bridge
# ----------------
#
# ``torch.from_numpy`` and ``.numpy()`` share memory on the CPU;
# ``torch.tensor(array)`` copies.  The tensor keeps NumPy's ``float64``, not
# PyTorch's default ``float32``.

import numpy as np

array = np.ones(3)
t = torch.from_numpy(array)
array += 1
print(f"t after array += 1: {t}")

# %%
# Tensors on an accelerator
# -------------------------
#
# This pattern picks an accelerator when present (older code's
# ``torch.cuda.is_available()`` also finds AMD GPUs on ROCm builds).
# ``.to(device)`` moves a tensor; one already there comes back as is.  The
# common error: tensors on different devices.  When an error confuses you,
# print the **shape, dtype and device** of each tensor.

device = (
    torch.accelerator.current_accelerator()
    if torch.accelerator.is_available()
    else torch.device("cpu")
)
inputs = torch.ones(4, 3)
shift = torch.ones(3, device=device)
for name, t in [("inputs", inputs), ("shift", shift)]:
    print(f"{name}: shape {tuple(t.shape)}, dtype {t.dtype}, device {t.device}")
if device.type != "cpu":
    try:
        inputs + shift
    except RuntimeError as error:
        print(f"RuntimeError: {error}")
else:
    print("No accelerator here; recorded on a CUDA GPU with PyTorch 2.14.1:")
    print("RuntimeError: Expected all tensors to be on the same device, "
          "but found at least two devices, cuda:0 and cpu!")
print(f"The fix, (inputs.to(device) + shift).device: {(inputs.to(device) + shift).device}")

# %%
# Exercises
# ---------
#
# **1.** ``torch.ones(3, 1) + torch.ones(4)``: error, or which shape?
#
# .. dropdown:: Solution
#
#    ``(3, 4)``: ``(4,)`` counts as ``(1, 4)``.  Beware: predictions of shape
#    ``(n, 1)`` minus targets of shape ``(n,)`` silently become a table.
#
# **2. In code.**  Subtract from each row of ``scores`` its mean, without a
# loop (this page was built with the solution filled in).

scores = torch.tensor([[1.0, 2.0, 3.0, 6.0], [10.0, 20.0, 30.0, 60.0]])
# TODO: replace None with scores minus the mean of each row.
centered = None

# sphinx_gallery_start_ignore
# Solution of exercise 2.
centered = scores - scores.mean(dim=1, keepdim=True)


# sphinx_gallery_end_ignore
if centered is None:
    print("Not solved yet: replace None with an expression, then run this cell again.")
else:
    assert torch.allclose(centered.diff(dim=1), scores.diff(dim=1)), "Move each row by one number only."
    assert torch.allclose(centered.mean(dim=1), torch.zeros(2)), "A row mean is not 0: which dim did you use?"
    print(f"Solved: the row means of centered are {centered.mean(dim=1)}.")

# %%
# .. dropdown:: Solution
#
#    .. literalinclude:: tensor_tutorial.py
#       :language: python
#       :start-after: Solution of exercise 2.
#       :end-before: sphinx_gallery_end_ignore
#
#    Without ``keepdim=True``, the ``(2,)`` means line up with the columns:
#    an error.
#
# Summary
# -------
#
# * A reduction removes its ``dim``; broadcasting stretches size-1 dimensions.
# * Slices and ``view`` share memory; ``reshape`` copies if needed.
# * Keep an operation's inputs on one ``device``.
#
# Next: tensors that compute their own gradients, in
# :ref:`sphx_glr_tutorials_autograd_tutorial.py`.
