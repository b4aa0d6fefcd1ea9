"""
=====================================
Autograd: automatic differentiation
=====================================

Training a neural network means nudging its parameters in the direction that
lowers the loss, and that direction is given by gradients.  ``torch.autograd``,
the automatic differentiation engine at the heart of every PyTorch network,
computes those gradients for you: it records the operations you run on
tensors and then differentiates them with the chain rule.

**What you will learn**

* how ``requires_grad`` makes a tensor record its history, and what the
  resulting graph looks like;
* how ``backward()`` fills in ``.grad``, checked against a derivative worked
  out by hand;
* what ``backward(v)`` computes for a non-scalar output (a vector-Jacobian
  product);
* why gradients accumulate, and how to reset them;
* how to stop tracking with ``detach()``, ``torch.no_grad()`` and
  ``torch.inference_mode()``.

**Prerequisites:** the previous tutorial,
:ref:`sphx_glr_tutorials_tensor_tutorial.py`, and the idea of a derivative.
"""

# %%
# Tracking operations
# -------------------
#
# A tensor created with ``requires_grad=True`` tells autograd to record every
# operation that uses it.  Older code wraps such tensors in
# ``torch.autograd.Variable``; since PyTorch 0.4 plain tensors do this
# themselves and ``Variable`` is no longer needed.

import torch

x = torch.ones(2, 2, requires_grad=True)
print(f"x:\n{x}")

# %%
# Do an operation with ``x``.  The result was produced by an operation, so it
# remembers which one through its ``grad_fn`` attribute.

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
# (DAG).  The tensors you create yourself, like ``x``, are the *leaves* of the
# graph and have no ``grad_fn``; every tensor computed from them is a
# non-leaf, and its ``grad_fn`` is a ``Function`` object that knows how to
# compute its own derivative.

print(f"x.is_leaf: {x.is_leaf}, x.grad_fn: {x.grad_fn}")
print(f"y.is_leaf: {y.is_leaf}, y.grad_fn: {y.grad_fn}")
print(f"out.is_leaf: {out.is_leaf}, out.grad_fn: {out.grad_fn}")

# %%
# Each ``grad_fn`` links to the functions that produced its inputs through
# ``next_functions``, so you can walk the graph backwards from ``out``.
# ``AddBackward0`` shows up twice because ``y`` is used twice in ``y * y``:
# both paths lead to the same node, which is why this is a graph and not a
# tree.  ``AccumulateGrad`` is the node that stores a gradient in a leaf's
# ``.grad``.


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
# Calling ``backward()`` on the scalar ``out`` runs the graph in reverse and
# stores :math:`\frac{\partial\,\mathrm{out}}{\partial x}` in ``x.grad``.

out.backward()
print(f"x.grad (d(out)/dx):\n{x.grad}")

# %%
# Every entry is 4.5.  To check this by hand, call ``out`` :math:`o`.  Since
# :math:`z_i = 3(x_i + 2)^2` and :math:`o` is the mean of the four
# :math:`z_i`,
#
# .. math::
#
#    o = \frac{1}{4}\sum_i 3(x_i + 2)^2,
#    \qquad
#    \frac{\partial o}{\partial x_i} = \frac{3}{2}(x_i + 2),
#    \qquad
#    \left.\frac{\partial o}{\partial x_i}\right|_{x_i = 1}
#    = \frac{3}{2} \cdot 3 = 4.5.
#
# Only leaves that require gradients get a ``.grad``.  Intermediate results
# such as ``y`` do not keep theirs, to save memory; call ``y.retain_grad()``
# before ``backward()`` if you need one.
#
# Vector-Jacobian products
# ------------------------
#
# ``backward()`` with no argument only works on a scalar.  For a vector-valued
# function :math:`\vec{y} = f(\vec{x})`, the full derivative is the Jacobian
# matrix :math:`J`, and autograd never builds it.  Instead, ``y.backward(v)``
# computes the vector-Jacobian product
#
# .. math::
#
#    J = \begin{pmatrix}
#          \frac{\partial y_1}{\partial x_1} & \cdots & \frac{\partial y_1}{\partial x_n} \\
#          \vdots & \ddots & \vdots \\
#          \frac{\partial y_m}{\partial x_1} & \cdots & \frac{\partial y_m}{\partial x_n}
#        \end{pmatrix},
#    \qquad
#    \texttt{x.grad} = J^{\top} v.
#
# This is exactly what training needs.  If :math:`v` is the gradient of a
# scalar loss :math:`l` with respect to :math:`\vec{y}`, then by the chain rule
# :math:`J^{\top} v` is the gradient of :math:`l` with respect to
# :math:`\vec{x}`.  Calling ``backward()`` on a scalar is the special case
# :math:`v = 1`.
#
# A linear map :math:`\vec{y} = W\vec{x}` has Jacobian :math:`J = W`, so
# ``x.grad`` should equal :math:`W^{\top} v`.

W = torch.randn(2, 3)
x = torch.randn(3, requires_grad=True)
y = W @ x
print(f"y: {y}")

v = torch.tensor([0.1, 1.0])
y.backward(v)
print(f"x.grad:  {x.grad}")
print(f"W.T @ v: {W.T @ v}")
print(f"x.grad equals W.T @ v: {torch.allclose(x.grad, W.T @ v)}")

# %%
# Checking autograd against calculus
# ----------------------------------
#
# A common use of vector-Jacobian products is to differentiate an elementwise
# function at many points at once.  Here :math:`y_i = \sin x_i` depends only
# on :math:`x_i`, so the gradient of ``y.sum()`` with respect to :math:`x_i` is
# :math:`\cos x_i`.  (``y.sum().backward()`` is the same as
# ``y.backward(torch.ones_like(y))``.)

x = torch.linspace(-2 * torch.pi, 2 * torch.pi, 200, requires_grad=True)
y = torch.sin(x)
y.sum().backward()

error = (x.grad - torch.cos(x)).abs().max()
print(f"largest |x.grad - cos(x)|: {error.item():.2e}")

# %%
# Plotting the two curves shows that the gradient autograd found is the
# cosine.  A tensor that requires gradients has to be detached before NumPy
# or matplotlib can read it, which the next sections explain.

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
# ``backward()`` *adds* to ``.grad`` instead of overwriting it.  That makes it
# easy to sum gradients from several losses, or from several small batches,
# but it also means you must reset the gradients between training steps.
# Watch the gradient double when ``backward()`` runs twice.  Each call builds
# the expression again because ``backward()`` frees the graph it has run
# through, to save memory; pass ``retain_graph=True`` if you really need to
# run backward through the same graph twice.

x = torch.ones(3, requires_grad=True)

(2 * x).sum().backward()
print(f"x.grad after one backward:  {x.grad}")

(2 * x).sum().backward()
print(f"x.grad after two backwards: {x.grad}")

# %%
# Setting ``.grad`` to ``None`` resets it; the next ``backward()`` starts
# afresh.  (``x.grad.zero_()`` also works, but keeps a tensor of zeros in
# memory.)  In a training loop, ``optimizer.zero_grad()`` does this for every
# parameter, and it sets them to ``None`` by default.

x.grad = None
(2 * x).sum().backward()
print(f"x.grad after resetting and one backward: {x.grad}")

# %%
# Switching tracking on and off
# -----------------------------
#
# Tensors are created with ``requires_grad=False`` unless you ask otherwise.
# ``requires_grad_()`` changes the flag in place (note the trailing
# underscore), and any result computed afterwards is tracked.

a = torch.randn(2, 2)
a = (a * 3) / (a - 1)
print(f"a.requires_grad: {a.requires_grad}")

a.requires_grad_(True)
print(f"a.requires_grad after requires_grad_(True): {a.requires_grad}")

b = (a * a).sum()
print(f"b.grad_fn: {b.grad_fn}")

# %%
# ``detach()`` returns a new tensor with the same values (and the same
# memory) that is cut off from the graph.  Use it for values that should be
# treated as constants, for logging, or before converting to NumPy.

c = a.detach()
print(f"c.requires_grad: {c.requires_grad}")
print(f"c has the same values as a: {torch.equal(c, a)}")

# %%
# To stop tracking for a whole block of code, wrap it in
# ``with torch.no_grad():``.  Nothing computed inside is recorded, which
# saves memory and time.  This is the usual way to evaluate a model or to
# update weights by hand.

x = torch.ones(3, requires_grad=True)
print(f"(x ** 2).requires_grad: {(x ** 2).requires_grad}")

with torch.no_grad():
    print(f"(x ** 2).requires_grad inside no_grad: {(x ** 2).requires_grad}")

# %%
# For pure inference, current PyTorch recommends ``torch.inference_mode()``.
# It works like ``no_grad`` but also skips some bookkeeping, so it is a little
# faster.  The price is that tensors created inside it can never be used in
# autograd later; when you are not sure, use ``no_grad``.

with torch.inference_mode():
    prediction = x * 2
print(f"prediction.requires_grad: {prediction.requires_grad}")
print(f"prediction.is_inference(): {prediction.is_inference()}")

# %%
# Summary
# -------
#
# * ``requires_grad=True`` makes autograd record operations in a DAG of
#   ``Function`` objects; leaves are the tensors you create, and every
#   computed tensor has a ``grad_fn``.
# * ``backward()`` on a scalar fills ``.grad`` of each leaf; on a
#   non-scalar ``y``, ``y.backward(v)`` computes the vector-Jacobian product
#   :math:`J^{\top} v`.
# * Gradients accumulate, so reset them (``x.grad = None`` or
#   ``optimizer.zero_grad()``) before each new step.
# * ``detach()``, ``torch.no_grad()`` and ``torch.inference_mode()`` stop
#   tracking when you do not need gradients.
#
# Next
# ----
#
# Neural networks are built on autograd: ``torch.nn`` uses it to compute the
# gradient of the loss with respect to every weight.  Continue with
# :ref:`sphx_glr_tutorials_neural_networks_tutorial.py`.
