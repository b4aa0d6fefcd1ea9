"""
=================
What is PyTorch?
=================

PyTorch is a Python package for scientific computing with two goals:

* a replacement for NumPy that can run on GPUs and other accelerators;
* a deep-learning platform that is both flexible and fast.

Everything in PyTorch is built on one data structure, the *tensor*.  This
tutorial shows how to create tensors, compute with them, share memory with
NumPy and move them to an accelerator.

**What you will learn**

* how to create tensors, and why ``torch.empty`` needs care;
* the everyday operations: arithmetic, in-place updates, indexing, reshaping
  and broadcasting;
* how tensors and NumPy arrays share memory;
* how to put tensors on an accelerator when one is present.

**Prerequisites:** basic Python; some NumPy helps but is not required.
"""

# %%
# Tensors
# -------
#
# A tensor is an n-dimensional array, much like NumPy's ``ndarray``, that can
# also live on a GPU.  Start by importing PyTorch.

import torch

# %%
# ``torch.empty`` allocates memory for a tensor without initialising it, so
# its values are whatever bytes happened to be in that memory: they can be
# zeros, tiny numbers or garbage.  It is the fastest way to get a tensor, and
# it is meant for buffers that you are about to overwrite.  Never read an
# empty tensor before writing to it; this cell only looks at its shape.

x = torch.empty(5, 3)
print(f"empty tensor shape: {x.shape}")

# %%
# When you need known values, say so.  ``torch.zeros`` and ``torch.ones``
# fill the tensor with a constant, and ``torch.rand`` draws values uniformly
# from :math:`[0, 1)`.  Prefer these to ``torch.empty`` unless you have
# measured that the initialisation matters.

zeros = torch.zeros(5, 3)
print(f"zeros:\n{zeros}")

ones = torch.ones(2, 3)
print(f"ones:\n{ones}")

x = torch.rand(5, 3)
print(f"rand:\n{x}")

# %%
# ``torch.tensor`` builds a tensor from Python data such as lists.  PyTorch
# infers the data type: Python floats become ``torch.float32`` and Python
# integers become ``torch.int64``.

a = torch.tensor([5.5, 3])
print(f"a: {a}, a.dtype: {a.dtype}")

b = torch.tensor([[1, 2], [3, 4]])
print(f"b:\n{b}\nb.dtype: {b.dtype}")

# %%
# Every factory function also takes a ``dtype`` argument when you want a
# different type, for example 64-bit integers or double precision.

counts = torch.zeros(5, 3, dtype=torch.long)
print(f"counts.dtype: {counts.dtype}")

precise = torch.ones(2, 2, dtype=torch.float64)
print(f"precise.dtype: {precise.dtype}")

# %%
# Often a new tensor should look like an existing one.  The ``*_like``
# functions copy the shape, dtype and device of their argument, and you can
# override any of them.  The ``new_*`` methods, such as ``new_ones``, take a
# new shape but keep the dtype and device of the tensor they are called on.

x = torch.randn_like(counts, dtype=torch.float)
print(f"randn_like (same shape as counts, float values):\n{x}")

y = precise.new_ones(3, 4)
print(f"new_ones: shape {y.shape}, dtype {y.dtype}")

# %%
# ``size()`` and the ``shape`` attribute give the same answer.  The result,
# ``torch.Size``, is a subclass of ``tuple``, so you can index it and unpack
# it like any other tuple.

print(f"x.size(): {x.size()}")
print(f"x.shape: {x.shape}")

rows, cols = x.shape
print(f"rows: {rows}, cols: {cols}, is a tuple: {isinstance(x.shape, tuple)}")

# %%
# Operations
# ----------
#
# Most operations have several spellings.  The ``+`` operator and
# ``torch.add`` do the same thing.

x = torch.rand(5, 3)
y = torch.rand(5, 3)
print(f"x + y:\n{x + y}")
print(f"torch.add(x, y) equals x + y: {torch.equal(torch.add(x, y), x + y)}")

# %%
# ``torch.add`` can also write into a tensor you already have, through the
# ``out`` argument.  This is exactly the job ``torch.empty`` is for: the
# buffer's initial contents never matter because they are overwritten.

result = torch.empty(5, 3)
torch.add(x, y, out=result)
print(f"result:\n{result}")

# %%
# A method whose name ends in an underscore changes its tensor *in place*
# instead of returning a new one: ``y.add_(x)`` adds ``x`` into ``y``.  The
# same convention holds throughout PyTorch, as in ``x.copy_(y)``,
# ``x.zero_()`` or ``x.t_()``.  In-place operations save memory, but they
# overwrite values that autograd may still need, so use them sparingly in
# models.

y.add_(x)
print(f"y after y.add_(x) equals result: {torch.equal(y, result)}")

# %%
# Indexing and slicing work as in NumPy.  A slice is a *view* of the original
# tensor: it shares the same memory, so no data is copied.

x = torch.arange(20).reshape(4, 5)
print(f"x:\n{x}")
print(f"x[:, 1] (the second column): {x[:, 1]}")
print(f"x[1:3, 2:] (rows 1-2, columns 2-4):\n{x[1:3, 2:]}")

# %%
# A picture makes the two selections easier to see.  Each highlighted cell is
# an element of the slice; everything else is left out.  The plotting code
# only draws the picture, so you can skip it.

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
# To change the shape of a tensor, use ``view`` or ``reshape``.  One dimension
# may be ``-1``, which means "whatever size makes the element count match".

x = torch.randn(4, 4)
y = x.view(16)
z = x.view(-1, 8)
print(f"x.shape: {x.shape}, y.shape: {y.shape}, z.shape: {z.shape}")

# %%
# ``view`` never copies: it reinterprets the same memory, so it only works
# when the elements are laid out in the order the new shape needs (the tensor
# is *contiguous*).  A transpose swaps strides instead of moving data, so it is
# not contiguous, and ``view`` on it raises an error.  ``reshape`` returns a
# view when it can and copies when it must, which is why it is the usual
# choice.

xt = x.t()
print(f"xt.is_contiguous(): {xt.is_contiguous()}")
print(f"xt.reshape(-1).shape: {xt.reshape(-1).shape}")

# %%
# For a tensor with a single element, ``item()`` returns the value as a plain
# Python number.

x = torch.randn(1)
print(f"x: {x}")
print(f"x.item(): {x.item()} (a Python {type(x.item()).__name__})")

# %%
# Broadcasting
# ------------
#
# When two tensors have different shapes, PyTorch follows NumPy's
# broadcasting rules.  Shapes are compared from the last dimension backwards
# (a missing dimension counts as 1); two sizes are compatible when they are
# equal or when one of them is 1, and a size-1 dimension is stretched to match
# the other.  A ``(3, 1)`` column
# plus a ``(1, 4)`` row therefore gives a ``(3, 4)`` table, without ever
# copying the column or the row in memory.

col = torch.tensor([[0], [10], [20]])
row = torch.tensor([[0, 1, 2, 3]])
table = col + row
print(f"col.shape: {col.shape}, row.shape: {row.shape}")
print(f"table.shape: {table.shape}\ntable:\n{table}")

# %%
# Here is the same sum as a picture.  The solid cells hold real data; the
# faded cells are the repeated values that broadcasting pretends are there.
# ``expand`` produces exactly that stretched view, still without copying.


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
# A CPU tensor and the NumPy array made from it share the same memory, so
# converting is free and changing one changes the other.  ``.numpy()`` goes
# from a tensor to an array.

a = torch.ones(5)
b = a.numpy()
print(f"a: {a}")
print(f"b: {b}")

# %%
# Add 1 to the tensor in place and look at the array: it changed too.

a.add_(1)
print(f"a after a.add_(1): {a}")
print(f"b, which shares memory with a: {b}")

# %%
# ``torch.from_numpy`` goes the other way and also shares memory; the tensor
# keeps the array's dtype, here ``float64``.  (``torch.tensor(array)``, by
# contrast, always copies.)

a = np.ones(5)
b = torch.from_numpy(a)
np.add(a, 1, out=a)
print(f"a after np.add(a, 1, out=a): {a}")
print(f"b, which shares memory with a: {b}")

# %%
# The bridge only exists on the CPU.  A tensor on a GPU has to be copied to
# main memory first, with ``.cpu()`` or ``.to("cpu")``, before NumPy can read
# it.
#
# Tensors on an accelerator
# -------------------------
#
# ``torch.accelerator`` reports the accelerator PyTorch was built for and
# whether it is usable: CUDA on NVIDIA GPUs, MPS on Apple silicon, XPU on Intel
# GPUs, and others.  The 2018 version of this tutorial checked
# ``torch.cuda.is_available()``; the pattern below is the current one and
# works with any backend.  It falls back to the CPU, so the code runs
# everywhere.

device = (
    torch.accelerator.current_accelerator()
    if torch.accelerator.is_available()
    else torch.device("cpu")
)
print(f"device: {device}")
if device.type == "cpu":
    print("No accelerator found: these tensors stay on the CPU.")
else:
    print(f"Accelerator found: these tensors live on {device}.")

# %%
# Create a tensor directly on the device with the ``device`` argument, which
# avoids a copy, or move an existing tensor with ``.to(device)``.  Operations
# need all their inputs on the same device, and the result stays there.

x = torch.rand(5, 3)
y = torch.ones_like(x, device=device)
x = x.to(device)
z = x + y
print(f"z.device: {z.device}")
print(f"z:\n{z}")

# %%
# ``.to`` can change the device and the dtype in one call.  Here the result
# comes back to the CPU in double precision, ready for NumPy or for printing.

z_cpu = z.to("cpu", torch.double)
print(f"z_cpu.device: {z_cpu.device}, z_cpu.dtype: {z_cpu.dtype}")

# %%
# Summary
# -------
#
# * A tensor is an n-dimensional array that can run on an accelerator.
# * Create tensors with ``zeros``, ``ones``, ``rand``, ``torch.tensor`` and
#   the ``*_like`` and ``new_*`` helpers; keep ``torch.empty`` for buffers
#   you overwrite before reading.
# * Operations come as functions, methods and operators; a trailing
#   underscore means in place.
# * Indexing, ``reshape`` and broadcasting follow NumPy's rules, and
#   ``torch.from_numpy`` and ``.numpy()`` share memory with NumPy.
# * Pick a device with ``torch.accelerator``, then create tensors there or
#   move them with ``.to(device)``.
#
# Next
# ----
#
# Tensors can also record the operations applied to them and compute
# gradients automatically.  Continue with
# :ref:`sphx_glr_tutorials_autograd_tutorial.py`.
