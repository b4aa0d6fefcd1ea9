"""
=====================================
Autograd: automatic differentiation
=====================================

Training a network means nudging its parameters in the direction that lowers
the loss, and gradients give that direction.  ``torch.autograd`` records the
operations you run on tensors and differentiates them with the chain rule.

**What you will learn**

* how ``requires_grad`` makes a tensor record its history, and what the
  resulting graph looks like;
* how ``backward()`` fills in ``.grad``, checked against a derivative worked
  out by hand;
* what ``backward(v)`` computes for a non-scalar output (a vector-Jacobian
  product);
* why gradients accumulate, and how to reset them;
* that the graph is built as your Python code runs, loops and ``if`` included;
* how to stop tracking with ``detach()``, ``torch.no_grad()`` and
  ``torch.inference_mode()``, and how to freeze parameters.

**Prerequisites:** :ref:`sphx_glr_tutorials_tensor_tutorial.py`, and the idea
of a derivative.
"""

# %%
# Tracking operations
# -------------------
#
# A tensor created with ``requires_grad=True`` makes autograd record every
# operation that uses it.  (Old code wraps such tensors in
# ``torch.autograd.Variable``; plain tensors have done this since PyTorch 0.4.)

import torch

x = torch.ones(2, 2, requires_grad=True)
print(f"x:\n{x}")

# %%
# A result of an operation remembers the operation in its ``grad_fn``.

y = x + 2
print(f"y:\n{y}")
print(f"y.grad_fn: {y.grad_fn}")

# %%
# Do more operations on ``y`` and reduce the result to a single number.

z = y * y * 3
out = z.mean()
print(f"z:\n{z}")
print(f"out: {out!r}")

# %%
# The computational graph
# -----------------------
#
# Tensors and the functions applied to them form a directed acyclic graph
# (DAG).  The tensors you create, like ``x``, are its *leaves* and have no
# ``grad_fn``; every computed tensor has one, a ``Function`` that knows its own
# derivative.

print(f"x.is_leaf: {x.is_leaf}, x.grad_fn: {x.grad_fn}")
print(f"y.is_leaf: {y.is_leaf}, y.grad_fn: {y.grad_fn}")
print(f"out.is_leaf: {out.is_leaf}, out.grad_fn: {out.grad_fn}")

# %%
# ``next_functions`` links each ``grad_fn`` to the functions that produced its
# inputs, so we can walk the graph back from ``out``.  ``AddBackward0``
# appears twice because ``y`` is used twice in ``y * y``; ``AccumulateGrad``
# stores a gradient in a leaf's ``.grad``.


def print_graph(fn, depth=0):
    """Print a grad_fn and, indented below it, the functions it depends on."""
    print("    " * depth + type(fn).__name__)
    for next_fn, _ in fn.next_functions:
        if next_fn is not None:
            print_graph(next_fn, depth + 1)


print("graph of out, from the output back to the leaf x:")
print_graph(out.grad_fn)

# %%
# Gradients
# ---------
#
# ``backward()`` on the scalar ``out`` runs the graph in reverse and stores
# :math:`\frac{\partial\,\mathrm{out}}{\partial x}` in ``x.grad``.

out.backward()
print(f"x.grad (d(out)/dx):\n{x.grad}")

# %%
# Every entry is 4.5.  By hand, with :math:`o` = ``out`` and
# :math:`z_i = 3(x_i + 2)^2`:
#
# .. math::
#
#    o = \frac{1}{4}\sum_i 3(x_i + 2)^2,
#    \qquad
#    \frac{\partial o}{\partial x_i} = \frac{3}{2}(x_i + 2)
#    = \frac{3}{2} \cdot 3 = 4.5 \text{ at } x_i = 1.
#
# Only leaves get a ``.grad``; intermediate results such as ``y`` drop theirs
# to save memory (call ``y.retain_grad()`` before ``backward()`` to keep it).
#
# The rest of this page draws random tensors.  ``torch.manual_seed(0)`` makes
# them the same on every run; on another machine or PyTorch version your
# numbers may differ from the ones printed here.

torch.manual_seed(0)

# %%
# Vector-Jacobian products
# ------------------------
#
# ``backward()`` without an argument needs a scalar.  For a vector
# :math:`\vec{y} = f(\vec{x})` with Jacobian matrix :math:`J`, autograd never
# builds :math:`J`; ``y.backward(v)`` computes the vector-Jacobian product
# ``x.grad`` :math:`= J^{\top} v`.  If :math:`v` is the gradient of a scalar
# loss with respect to :math:`\vec{y}`, the chain rule makes :math:`J^{\top} v`
# the gradient of the loss with respect to :math:`\vec{x}`: exactly what
# training needs.  A linear map :math:`\vec{y} = W\vec{x}` has :math:`J = W`:

W = torch.randn(2, 3)
x = torch.randn(3, requires_grad=True)
y = W @ x
v = torch.tensor([0.1, 1.0])
y.backward(v)
print(f"x.grad:  {x.grad}")
print(f"W.T @ v: {W.T @ v}")
print(f"x.grad equals W.T @ v: {torch.allclose(x.grad, W.T @ v)}")

# %%
# Checking autograd against calculus
# ----------------------------------
#
# :math:`y_i = \sin x_i` depends only on :math:`x_i`, so the gradient of
# ``y.sum()`` is :math:`\cos x_i` at 200 points at once.

x = torch.linspace(-2 * torch.pi, 2 * torch.pi, 200, requires_grad=True)
y = torch.sin(x)
y.sum().backward()

error = (x.grad - torch.cos(x)).abs().max()
print(f"largest |x.grad - cos(x)|: {error.item():.2e}")

# %%
# Common error: ``.numpy()`` on a tensor that requires grad
# ---------------------------------------------------------
#
# To plot ``y`` we need NumPy, but NumPy cannot record operations, so PyTorch
# refuses:

try:
    y.numpy()
except RuntimeError as error:
    print(f"RuntimeError: {error}")

# %%
# The fix is the one the message gives: ``detach()`` returns a tensor with
# the same values (and memory), cut off from the graph.

import matplotlib.pyplot as plt

xs = x.detach().numpy()
fig, ax = plt.subplots(figsize=(7, 3.8), layout="constrained")
ax.plot(xs, y.detach().numpy(), label=r"$\sin(x)$")
ax.plot(xs, x.grad.numpy(), linewidth=4, alpha=0.5, label="x.grad from autograd")
ax.plot(xs, torch.cos(x).detach().numpy(), "k--", label=r"$\cos(x)$, by hand")
ax.set_xlabel("x")
fig.legend(loc="outside lower center", ncols=3)
ax.set_title("Autograd's derivative of sin(x) matches cos(x)")
plt.show()

# sphinx_gallery_thumbnail_number = 1

# %%
# Gradients accumulate
# --------------------
#
# ``backward()`` *adds* to ``.grad``.  That sums gradients over several losses
# or batches, but you must reset them between training steps.  Each call below
# rebuilds the expression, because ``backward()`` frees the graph it ran
# through (``retain_graph=True`` keeps it).

x = torch.ones(3, requires_grad=True)

(2 * x).sum().backward()
print(f"x.grad after one backward:  {x.grad}")

(2 * x).sum().backward()
print(f"x.grad after two backwards: {x.grad}")

# %%
# Setting ``.grad`` to ``None`` resets it.  In a training loop,
# ``optimizer.zero_grad()`` does this for every parameter.

x.grad = None
(2 * x).sum().backward()
print(f"x.grad after resetting and one backward: {x.grad}")

# %%
# The graph is built as the code runs
# -----------------------------------
#
# Autograd records the operations that actually ran, so ordinary Python
# control flow just works: here the loop runs a number of times that depends
# on the data, and the gradient follows the path taken.  Since the result is
# :math:`x` times some power of 2, its derivative is that same factor.


def grow(x):
    """Double x until its norm reaches 100."""
    y = x * 2
    while y.norm() < 100:
        y = y * 2
    return y


x = torch.randn(3, requires_grad=True)
y = grow(x)
y.sum().backward()
print(f"factor y / x: {(y / x).detach()}")
print(f"x.grad:       {x.grad}")

# %%
# Switching tracking off
# ----------------------
#
# ``detach()`` cuts one tensor off the graph.  ``with torch.no_grad():``
# records nothing for a whole block, the usual way to evaluate a model or
# update weights by hand.  ``torch.inference_mode()`` is the faster choice
# for pure inference, but its tensors can never enter autograd later.

x = torch.ones(3, requires_grad=True)
print(f"(x ** 2).requires_grad: {(x ** 2).requires_grad}")

with torch.no_grad():
    print(f"(x ** 2).requires_grad inside no_grad: {(x ** 2).requires_grad}")

with torch.inference_mode():
    prediction = x * 2
print(f"prediction.requires_grad: {prediction.requires_grad}")

# %%
# Freezing parameters
# -------------------
#
# To train only part of a model, for example a new last layer on top of a
# pretrained network, turn off ``requires_grad`` for the rest with
# ``requires_grad_(False)`` (the trailing underscore: in place).  Frozen
# parameters get no ``.grad``, and an optimizer leaves them alone.

from torch import nn

model = nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 2))
model[0].requires_grad_(False)
model(torch.randn(5, 4)).sum().backward()
for name, param in model.named_parameters():
    print(f"{name}: requires_grad={param.requires_grad}, has grad: {param.grad is not None}")

# %%
# Exercise
# --------
#
# ``x = torch.tensor(2.0, requires_grad=True)``, then ``(x ** 2).backward()``
# and ``(x ** 3).backward()``.  What is ``x.grad``?
#
# .. dropdown:: Solution
#
#    ``16.0``: :math:`2x = 4` from the first call plus :math:`3x^2 = 12` from
#    the second, because gradients accumulate.  Check it by running the three
#    lines.
#
# Summary
# -------
#
# * ``requires_grad=True`` makes autograd record a DAG of ``Function``
#   objects as the code runs; leaves are the tensors you create.
# * ``backward()`` fills ``.grad`` of each leaf; for a non-scalar ``y``,
#   ``y.backward(v)`` computes :math:`J^{\top} v`.
# * Gradients accumulate: reset them (``optimizer.zero_grad()``) every step.
# * ``detach()`` (also before ``.numpy()``), ``torch.no_grad()`` and
#   ``torch.inference_mode()`` stop tracking; ``requires_grad_(False)``
#   freezes parameters.
#
# Next: ``torch.nn`` builds networks on autograd, in
# :ref:`sphx_glr_tutorials_neural_networks_tutorial.py`.
