"""
=====================================
Autograd: automatic differentiation
=====================================

Gradients say which way to move each parameter to lower the loss, and
``torch.autograd`` computes them with the chain rule.

**What you will learn**

* how ``requires_grad`` records a computational graph;
* how ``backward()`` fills in ``.grad``, checked by hand;
* why gradients accumulate, and how to reset them;
* how ``detach()``, ``torch.no_grad()`` and ``torch.inference_mode()`` stop
  tracking.

**Prerequisites:** :ref:`sphx_glr_tutorials_tensor_tutorial.py`, and the idea
of a derivative.
"""

# %%
# The computational graph
# -----------------------
#
# ``requires_grad=True`` makes autograd record each operation on a tensor in a
# graph as the code runs, so loops and ``if`` just work.  The tensors you
# create, like ``x``, are its *leaves*; each computed tensor keeps its
# operation in ``grad_fn``.  ``backward()`` on the scalar ``out`` runs the
# graph in reverse and stores
# :math:`\frac{\partial\,\mathrm{out}}{\partial x}` in ``x.grad``.

import torch

x = torch.ones(4, requires_grad=True)
y = x + 2
out = (3 * y * y).mean()
print(f"x.grad_fn: {x.grad_fn}, y.grad_fn: {y.grad_fn}")

out.backward()
print(f"x.grad: {x.grad}")

# %%
# Every entry is 4.5, as calculus says, with :math:`o` = ``out``:
#
# .. math::
#
#    o = \frac{1}{4}\sum_i 3(x_i + 2)^2,
#    \qquad
#    \frac{\partial o}{\partial x_i} = \frac{3}{2}(x_i + 2)
#    = \frac{3}{2} \cdot 3 = 4.5 \text{ at } x_i = 1.
#
# Only leaves keep ``.grad``; intermediate results such as ``y`` drop theirs
# to save memory.
#
# Switching tracking off
# ----------------------
#
# A common error: NumPy cannot record operations, so ``.numpy()`` on a tensor
# that requires grad fails, here as we plot the gradient of :math:`\sin x`
# against :math:`\cos x`.

import matplotlib.pyplot as plt

x = torch.linspace(-2 * torch.pi, 2 * torch.pi, 200, requires_grad=True)
torch.sin(x).sum().backward()
try:
    plt.plot(x.numpy(), x.grad.numpy())
except RuntimeError as error:
    print(f"RuntimeError: {error}")

# %%
# The fix is in the message: ``detach()`` returns the same values, cut off
# from the graph.

xs = x.detach()
plt.plot(xs.numpy(), x.grad.numpy(), linewidth=4, alpha=0.5, label="x.grad from autograd")
plt.plot(xs.numpy(), torch.cos(xs).numpy(), "k--", label=r"$\cos(x)$, by hand")
# sphinx_gallery_start_ignore
fig = plt.gcf()
fig.set_size_inches(7, 3.8)
fig.set_layout_engine("constrained")
plt.xlabel("x")
fig.legend(loc="outside lower center", ncols=2)
plt.title("Autograd's derivative of sin(x) matches cos(x)")
# sphinx_gallery_end_ignore
plt.show()

# %%
# ``torch.no_grad()`` stops recording for a whole block, as when you evaluate
# a model or update weights by hand; ``torch.inference_mode()`` is faster for
# pure inference, but its tensors can never enter autograd.
# ``requires_grad_(False)`` freezes a parameter: it stops getting gradients.
#
# Gradients accumulate
# --------------------
#
# ``backward()`` *adds* to ``.grad``, so gradients of several losses sum up.
# Reset ``.grad`` to ``None`` before each training step; the neural-networks
# tutorial shows the one call for a whole model.

x = torch.tensor(1.0, requires_grad=True)
for call in range(2):
    (2 * x).backward()
    print(f"x.grad after backward call {call + 1}: {x.grad}")
x.grad = None

# %%
# *Optional:* for a non-scalar ``y``, ``y.backward(v)`` computes the
# vector-Jacobian product :math:`J^{\top} v`; a loss is a scalar, so training
# never needs it.
#
# Exercises
# ---------
#
# **1.** ``x = torch.tensor(2.0, requires_grad=True)``, then ``(x ** 2).backward()``
# and ``(x ** 3).backward()``.  What is ``x.grad``?
#
# .. dropdown:: Solution
#
#    ``16.0``: :math:`2x = 4` from the first call plus :math:`3x^2 = 12` from
#    the second, because gradients accumulate.
#
# **2. In code.**  Minimize :math:`(w - 3)^2` by gradient descent: in each of
# 50 steps, compute the gradient, move ``w`` by ``-0.1`` times it without
# recording that update, then reset it.  The page was built with the solution
# filled in.

w = torch.tensor(0.0, requires_grad=True)
for step in range(50):
    loss = (w - 3) ** 2
    # TODO: compute the gradient, update w, reset the gradient.

# sphinx_gallery_start_ignore
# Solution of exercise 2.
for step in range(50):
    loss = (w - 3) ** 2
    loss.backward()
    with torch.no_grad():
        w -= 0.1 * w.grad
    w.grad = None
# sphinx_gallery_end_ignore
if w.item() == 0.0:
    print("Not solved yet: fill in the loop, then run this cell again.")
else:
    assert abs(w.item() - 3) < 1e-3, f"w ended at {w.item():.4f}, not 3: is the gradient reset each step?"
    print(f"Solved: w = {w.item():.4f} after 50 steps.")

# %%
# .. dropdown:: Solution
#
#    .. literalinclude:: autograd_tutorial.py
#       :language: python
#       :start-after: Solution of exercise 2.
#       :end-before: sphinx_gallery_end_ignore
#
#    Without ``torch.no_grad()``, ``w -= ...`` on a leaf that requires grad
#    is an error.
#
# Summary
# -------
#
# * Autograd records a graph as the code runs; ``backward()`` fills ``.grad``
#   of its leaves.
# * Gradients accumulate: reset them (``x.grad = None``) every step.
# * ``detach()`` (also before ``.numpy()``), ``torch.no_grad()`` and
#   ``torch.inference_mode()`` stop tracking.
#
# Next: ``torch.nn`` builds networks on autograd, in
# :ref:`sphx_glr_tutorials_neural_networks_tutorial.py`.
