"""
=================
What is PyTorch?
=================

PyTorch is a Python package for scientific computing: a NumPy-like library
that also runs on GPUs and other accelerators, and a deep-learning platform.
Everything in it is built on one data structure, the *tensor*.

**What you will learn**

* how to create tensors, and why ``torch.empty`` needs care;
* elementwise arithmetic, matrix products, reductions, joining, indexing,
  reshaping and broadcasting;
* how tensors and NumPy arrays share memory;
* how to put tensors on an accelerator, and the error you get when you mix
  devices.

**Prerequisites:** basic Python; some NumPy helps but is not required.
"""

# %%
# Tensors
# -------
#
# A tensor is an n-dimensional array, much like NumPy's ``ndarray``, that can
# also live on a GPU.

import torch

# %%
# ``torch.empty`` allocates memory without initialising it: its values are
# whatever bytes were there.  Use it only for buffers you overwrite before
# reading; this cell only looks at its shape.

x = torch.empty(5, 3)
print(f"empty tensor shape: {x.shape}")

# %%
# When you need known values, say so: ``torch.zeros`` and ``torch.ones`` fill
# with a constant, ``torch.rand`` draws uniformly from :math:`[0, 1)`.
# ``torch.manual_seed(0)`` makes the random draws of this page the same on
# every run; on another machine or PyTorch version your numbers may differ
# from the ones printed here.

zeros = torch.zeros(2, 3)
print(f"zeros:\n{zeros}")

torch.manual_seed(0)
x = torch.rand(2, 3)
print(f"rand:\n{x}")

# %%
# ``torch.tensor`` builds a tensor from Python data.  Python floats become
# ``torch.float32`` and integers ``torch.int64``; every factory function also
# takes a ``dtype`` argument.

a = torch.tensor([5.5, 3])
print(f"a: {a}, a.dtype: {a.dtype}")

b = torch.tensor([[1, 2], [3, 4]])
print(f"b:\n{b}\nb.dtype: {b.dtype}")

counts = torch.zeros(2, 3, dtype=torch.long)
print(f"counts.dtype: {counts.dtype}")

precise = torch.ones(2, 2, dtype=torch.float64)
print(f"precise.dtype: {precise.dtype}")

# %%
# The ``*_like`` functions copy the shape, dtype and device of their argument
# (you can override any of them); the ``new_*`` methods take a new shape but
# keep the dtype and device.

x = torch.randn_like(counts, dtype=torch.float)
print(f"randn_like(counts, dtype=torch.float): shape {x.shape}, dtype {x.dtype}")

y = precise.new_ones(3, 4)
print(f"new_ones: shape {y.shape}, dtype {y.dtype}")

# %%
# ``size()`` and ``shape`` give the same ``torch.Size``, a ``tuple``.

print(f"x.size(): {x.size()}")
print(f"x.shape: {x.shape}")

rows, cols = x.shape
print(f"rows: {rows}, cols: {cols}, is a tuple: {isinstance(x.shape, tuple)}")

# %%
# Operations
# ----------
#
# The ``+`` operator and ``torch.add`` do the same thing.  ``torch.add`` can
# also write into an existing tensor through ``out``: the job ``torch.empty``
# is for.

x = torch.rand(2, 3)
y = torch.rand(2, 3)
print(f"x + y:\n{x + y}")

result = torch.empty(2, 3)
torch.add(x, y, out=result)
print(f"torch.add(x, y, out=result) equals x + y: {torch.equal(result, x + y)}")

# %%
# A method ending in an underscore changes its tensor *in place*:
# ``y.add_(x)`` adds ``x`` into ``y``, as ``x.zero_()`` or ``x.copy_(y)`` do
# their jobs in place.  In-place operations save memory but can overwrite
# values autograd still needs, so use them sparingly in models.

y.add_(x)
print(f"y after y.add_(x) equals result: {torch.equal(y, result)}")

# %%
# ``*`` multiplies element by element; ``@`` (``torch.matmul``) is the matrix
# product.  For ``A @ B`` the inner sizes must match: ``(2, 3) @ (3, 2)``
# gives ``(2, 2)``.

A = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
print(f"A * A (elementwise), shape {tuple((A * A).shape)}:\n{A * A}")
print(f"A @ A.T (matrix product), shape {tuple((A @ A.T).shape)}:\n{A @ A.T}")

# %%
# Reductions such as ``sum``, ``mean`` and ``max`` take a ``dim``: the
# dimension that disappears.  ``dim=0`` collapses the rows (one result per
# column); ``dim=1`` collapses the columns.  ``keepdim=True`` keeps it with
# size 1, ready for broadcasting.

print(f"A.sum(): {A.sum()}")
print(f"A.sum(dim=0): {A.sum(dim=0)}")
print(f"A.sum(dim=1): {A.sum(dim=1)}")
print(f"A.mean(dim=1, keepdim=True).shape: {A.mean(dim=1, keepdim=True).shape}")

# %%
# ``torch.cat`` joins tensors along an *existing* dimension; ``torch.stack``
# adds a *new* one, so its inputs must all have the same shape.

print(f"torch.cat([A, A]).shape: {torch.cat([A, A]).shape}")
print(f"torch.cat([A, A], dim=1).shape: {torch.cat([A, A], dim=1).shape}")
print(f"torch.stack([A, A]).shape: {torch.stack([A, A]).shape}")

# %%
# Indexing and slicing work as in NumPy.  A slice is a *view*: it shares the
# original tensor's memory.

x = torch.arange(20).reshape(4, 5)
print(f"x:\n{x}")
print(f"x[:, 1] (the second column): {x[:, 1]}")
print(f"x[1:3, 2:] (rows 1-2, columns 2-4):\n{x[1:3, 2:]}")

# %%
# The picture highlights the selected cells.  The plotting code only draws it;
# you can skip it.

import matplotlib.pyplot as plt
import numpy as np


def show_selection(ax, tensor, rows, cols, title):
    """Draw a 2-D tensor as a grid and highlight the cells in tensor[rows, cols]."""
    mask = np.zeros(tuple(tensor.shape), dtype=bool)
    mask[rows, cols] = True
    ax.imshow(mask, cmap="Blues", vmin=0, vmax=1.6)
    for (i, j), value in np.ndenumerate(tensor.numpy()):
        ax.text(j, i, str(value), ha="center", va="center",
                fontweight="bold" if mask[i, j] else "normal")
    ax.set_xticks(range(tensor.shape[1]))
    ax.set_yticks(range(tensor.shape[0]))
    ax.set_xlabel("column index")
    ax.set_ylabel("row index")
    ax.set_title(title, family="monospace")


fig, axes = plt.subplots(1, 2, figsize=(8, 3.9), layout="constrained")
show_selection(axes[0], x, slice(None), 1, "x[:, 1]")
show_selection(axes[1], x, slice(1, 3), slice(2, None), "x[1:3, 2:]")
plt.show()

# %%
# ``view`` and ``reshape`` change the shape; one dimension may be ``-1``,
# "whatever makes the element count match".

x = torch.randn(4, 4)
y = x.view(16)
z = x.view(-1, 8)
print(f"x.shape: {x.shape}, y.shape: {y.shape}, z.shape: {z.shape}")

# %%
# ``view`` never copies, so it needs the elements already laid out in the
# right order (a *contiguous* tensor).  A transpose is not contiguous, and
# ``view`` on it fails; ``reshape`` copies when it must, which is why it is
# the usual choice.

xt = x.t()
print(f"xt.is_contiguous(): {xt.is_contiguous()}")
print(f"xt.reshape(-1).shape: {xt.reshape(-1).shape}")

# %%
# ``item()`` turns a one-element tensor into a Python number.

x = torch.randn(1)
print(f"x: {x}")
print(f"x.item(): {x.item()} (a Python {type(x.item()).__name__})")

# %%
# Broadcasting
# ------------
#
# Tensors of different shapes combine by NumPy's broadcasting rules.  Compare
# the shapes from the last dimension backwards (a missing dimension counts as
# 1): two sizes fit when they are equal or one of them is 1, and a size-1
# dimension is stretched to match.  A ``(3, 1)`` column plus a ``(1, 4)`` row
# gives a ``(3, 4)`` table, without copying either in memory.

col = torch.tensor([[0], [10], [20]])
row = torch.tensor([[0, 1, 2, 3]])
table = col + row
print(f"col.shape: {col.shape}, row.shape: {row.shape}")
print(f"table.shape: {table.shape}\ntable:\n{table}")

# %%
# In the picture, solid cells hold real data; faded cells are the values
# broadcasting pretends are there (``expand`` makes that view, still without
# copying).


def show_broadcast(ax, tensor, real_shape, title):
    """Draw a 2-D tensor as a heatmap and fade the cells outside real_shape."""
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
show_broadcast(axes[4], table, table.shape, "col + row: (3, 4)")
for ax, symbol in [(axes[1], "+"), (axes[3], "=")]:
    ax.text(0.5, 0.5, symbol, fontsize=28, ha="center", va="center")
    ax.axis("off")
plt.show()

# sphinx_gallery_thumbnail_number = 2

# %%
# The NumPy bridge
# ----------------
#
# A CPU tensor and the NumPy array made from it with ``.numpy()`` share
# memory: converting is free, and changing one changes the other.

a = torch.ones(5)
b = a.numpy()
a.add_(1)
print(f"a after a.add_(1): {a}")
print(f"b, which shares memory with a: {b}")

# %%
# ``torch.from_numpy`` also shares memory, and keeps the array's dtype (here
# ``float64``); ``torch.tensor(array)`` always copies.

a = np.ones(5)
b = torch.from_numpy(a)
np.add(a, 1, out=a)
print(f"a after np.add(a, 1, out=a): {a}")
print(f"b, which shares memory with a: {b}")

# %%
# Tensors on an accelerator
# -------------------------
#
# ``torch.accelerator`` finds the accelerator PyTorch can use (CUDA, Apple's
# MPS, Intel's XPU...); this pattern falls back to the CPU, so the code runs
# everywhere.  Older code checks ``torch.cuda.is_available()``, which only
# knows NVIDIA GPUs.

device = (
    torch.accelerator.current_accelerator()
    if torch.accelerator.is_available()
    else torch.device("cpu")
)
print(f"device: {device}")

# %%
# Create a tensor on the device with the ``device`` argument, or move one with
# ``.to(device)``, which can also change the dtype.  The bridge to NumPy only
# exists on the CPU, so results come back with ``.cpu()`` or ``.to("cpu")``.

x = torch.rand(2, 3)
y = torch.ones_like(x, device=device)
z = x.to(device) + y
print(f"z.device: {z.device}")

z_cpu = z.to("cpu", torch.double)
print(f"z_cpu.device: {z_cpu.device}, z_cpu.dtype: {z_cpu.dtype}")

# %%
# Common error: tensors on different devices
# ------------------------------------------
#
# An operation needs all its inputs on one device; forgetting a ``.to(device)``
# is the most common error when moving code to a GPU.  This page may have been
# built without an accelerator, so the cell uses the ``meta`` device (shapes,
# no data) in that case: the error is real, only its wording differs from the
# GPU's "Expected all tensors to be on the same device".

other = device if device.type != "cpu" else torch.device("meta")
shift = torch.ones(3, device=other)
inputs = torch.ones(4, 3)
try:
    inputs + shift
except RuntimeError as error:
    print(f"RuntimeError: {error}")

# %%
# The fix: move the inputs to the device of the other operand.

print(f"(inputs.to(other) + shift).device: {(inputs.to(other) + shift).device}")

# %%
# Exercises
# ---------
#
# **1.** ``torch.ones(3, 1) + torch.ones(4)``: error, or which shape?
#
# .. dropdown:: Solution
#
#    ``(3, 4)``.  The ``(4,)`` tensor counts as ``(1, 4)``; then 3 meets 1 and
#    1 meets 4, and each 1 is stretched.  A common surprise: a column of
#    predictions minus a flat vector of targets silently becomes a table.
#
# **2.** ``A`` above has shape ``(2, 3)``.  What are the shapes of
# ``A.sum(dim=0)``, ``A @ A.T`` and ``torch.stack([A, A], dim=1)``?
#
# .. dropdown:: Solution
#
#    ``(3,)``: dimension 0 disappears.  ``(2, 2)``: ``(2, 3) @ (3, 2)``.
#    ``(2, 2, 3)``: a new dimension of size 2 is inserted at position 1.
#
# Summary
# -------
#
# * Create tensors with ``zeros``, ``ones``, ``rand``, ``torch.tensor`` and
#   the ``*_like`` and ``new_*`` helpers; keep ``torch.empty`` for buffers.
# * ``*`` is elementwise, ``@`` the matrix product; reductions take the
#   ``dim`` that disappears; ``cat`` joins along a dimension, ``stack`` adds
#   one; a trailing underscore means in place.
# * Indexing, ``reshape`` and broadcasting follow NumPy; ``.numpy()`` and
#   ``torch.from_numpy`` share memory.
# * Pick a device with ``torch.accelerator`` and keep every input of an
#   operation on it.
#
# Next: tensors that compute their own gradients, in
# :ref:`sphx_glr_tutorials_autograd_tutorial.py`.
