"""
================
Data parallelism
================

*Optional, about 15 minutes.*  When one device is too slow, the simplest way
to use several is **data parallelism**: every device holds a copy of the
model, works on its own slice of the data, and the copies stay identical by
sharing their gradients.

**What you will learn**

- why splitting a batch across devices gives the same update as one device;
- what ``torch.nn.DataParallel`` does, and why PyTorch recommends
  ``DistributedDataParallel`` instead;
- how to write a ``DistributedDataParallel`` script and launch it with
  ``torchrun``, on one machine or several.

**Prerequisites:** :ref:`sphx_glr_tutorials_classifier_tutorial.py`.  No GPU
is needed: everything on this page also runs on the CPU.
"""

# %%
# Why data parallelism
# --------------------
#
# With :math:`N` devices, split each batch into :math:`N` equal shares.  Each
# device holds a *replica* of the model, runs forward and backward on its
# share and gets a gradient :math:`g_i`.  The replicas then average their
# gradients, an operation called **all-reduce**:
#
# .. math::
#
#    g = \frac{1}{N} \sum_{i=1}^{N} g_i
#
# Because the loss is a mean over the samples, this is exactly the gradient
# on the whole batch.  Every replica applies the same :math:`g`, so all keep
# identical weights, and together they process up to :math:`N` times as many
# samples per second: less the time spent exchanging gradients.

# sphinx_gallery_thumbnail_number = 1
import matplotlib.pyplot as plt
from matplotlib.patches import FancyBboxPatch

fig, ax = plt.subplots(figsize=(9, 4.2))
ax.set(xlim=(0, 10), ylim=(-0.3, 4.5))
ax.axis("off")


def box(x, y, width, text, color, height=0.9):
    # Draw a rounded box with centred text.
    ax.add_patch(FancyBboxPatch((x, y), width, height, boxstyle="round,pad=0.03", facecolor=color))
    ax.text(x + width / 2, y + height / 2, text, ha="center", va="center", fontsize=9)


arrow = dict(arrowstyle="-|>", color="0.3")
for i, color in enumerate(plt.get_cmap("tab10").colors[:4]):
    # Each replica gets one share of the batch and computes its own gradient.
    y = 3.0 - i
    box(0.2, y, 1.3, f"share {i}\n32 samples", color + (0.35,))
    box(2.4, y, 2.1, f"replica {i} on GPU {i}\nforward + backward", color + (0.6,))
    box(7.8, y, 2.1, f"replica {i}\noptimizer step with $g$", color + (0.6,))
    for start, end in [(1.55, 2.35), (4.55, 5.25), (7.35, 7.75)]:
        ax.annotate("", xy=(end, y + 0.45), xytext=(start, y + 0.45), arrowprops=arrow)
    ax.text(4.9, y + 0.55, f"$g_{i}$", ha="center", fontsize=11)

# The all-reduce collects every gradient and gives the average back to every replica.
average = "$g = \\dfrac{g_0 + g_1 + g_2 + g_3}{4}$"
text = f"all-reduce\n\naverage gradient\n{average}\n\nsent back to\nevery replica"
box(5.3, 0.0, 2.0, text, "0.92", height=3.9)
for x, title in [(0.85, "batch of 128"), (3.45, "identical weights"), (8.85, "still identical")]:
    ax.text(x, 4.15, title, ha="center", fontsize=10, weight="bold")
ax.set_title("One training step with data parallelism on 4 devices", y=-0.06)
plt.show()

# %%
# The claim is easy to check on the CPU with what the autograd tutorial
# taught: the gradient of a small linear model on a batch of 32 samples,
# against the average of the gradients on four shares of 8.
# ``torch.manual_seed(0)`` makes the random weights and data the same on
# every run; on another machine or PyTorch version your numbers may differ
# from the ones printed here.

import torch
from torch import nn

torch.manual_seed(0)
linear = nn.Linear(5, 1)
loss_fn = nn.MSELoss()
x, y = torch.randn(32, 5), torch.randn(32, 1)


def weight_grad(inputs, targets):
    """Run backward on one batch and return a copy of the weight's gradient."""
    linear.zero_grad()
    loss_fn(linear(inputs), targets).backward()
    return linear.weight.grad.clone()


full_grad = weight_grad(x, y)
share_grads = [weight_grad(xs, ys) for xs, ys in zip(x.chunk(4), y.chunk(4))]
averaged_grad = torch.stack(share_grads).mean(dim=0)
print(f"gradient on the whole batch:      {full_grad}")
print(f"average of the shares' gradients: {averaged_grad}")
print(f"equal up to rounding: {torch.allclose(full_grad, averaged_grad, atol=1e-6)}")

# %%
# The plain average is exact only for equal shares, which is why the tools
# below split data into equal parts.
#
# ``nn.DataParallel``: one process, several GPUs
# ----------------------------------------------
#
# ``torch.nn.DataParallel``, which the original 60-minute blitz showed, wraps a
# model in one line.  On each call it *scatters* the batch along dimension 0,
# one share per GPU, *replicates* the model onto every GPU, runs the replicas
# in threads and *gathers* the outputs on the first GPU.  With one GPU or none
# there is nothing to split, so we wrap only with several.

device = (
    torch.accelerator.current_accelerator()
    if torch.accelerator.is_available()
    else torch.device("cpu")
)
n_gpus = torch.cuda.device_count()
model = nn.Linear(5, 2)
if n_gpus > 1:
    model = nn.DataParallel(model)
model.to(device)
output = model(torch.randn(30, 5, device=device))
print(f"CUDA GPUs: {n_gpus}, model type: {type(model).__name__}, output shape: {tuple(output.shape)}")

# %%
# ``DataParallel`` cuts the batch like ``torch.chunk``, so we can see the
# shares without owning the GPUs:

for n in (2, 3, 8):
    shares = [len(share) for share in torch.randn(30, 5).chunk(n)]
    last_shares = [len(share) for share in torch.randn(10, 5).chunk(n)]
    print(f"{n} GPUs: a batch of 30 gives shares {shares}, a last batch of 10 {last_shares}")

# %%
# With 8 GPUs a last batch of 10 keeps only 5 busy: the batch size should be
# well above the number of GPUs.
#
# Why ``DistributedDataParallel`` instead
# ---------------------------------------
#
# The ``DataParallel`` documentation says: "It is recommended to use
# ``DistributedDataParallel``, instead of this class, to do multi-GPU
# training, even if there is only a single node."  The reasons:
#
# - ``DataParallel`` is one process, so its threads share Python's global
#   interpreter lock; DDP runs one process per GPU.
# - ``DataParallel`` copies the model to every GPU at every step and gathers
#   all outputs on the first GPU; DDP creates each replica once and only
#   exchanges gradients.
# - ``DataParallel`` works within one machine; DDP on one or many.
#
# ``DistributedDataParallel``: one process per device
# ---------------------------------------------------
#
# DDP starts one process per device, each running the same script:
#
# - the **world size** is the number of processes;
# - each has a **rank**, from ``0`` to ``world_size - 1``, and a **local
#   rank**, its number on its machine, which picks its GPU;
# - the **process group** connects them; its **backend** communicates: NCCL
#   between NVIDIA GPUs, Gloo between CPUs.
#
# Compared with an ordinary training script, three things change:
#
# 1. ``dist.init_process_group(backend)`` joins the group at the start, and
#    ``dist.destroy_process_group()`` leaves it at the end.
# 2. The model is wrapped in ``DistributedDataParallel``.  It copies rank 0's
#    weights to every rank, and during ``loss.backward()`` it all-reduces the
#    gradients, overlapping communication with the rest of the backward pass.
#    The unchanged ``optimizer.step()`` then keeps the replicas identical.
# 3. A ``DistributedSampler`` gives every rank its own equal share of the
#    data; call ``sampler.set_epoch(epoch)`` each epoch so the shuffle changes.
#    The loader's batch size is per process.
#
# The next cell writes such a script, ``ddp_train.py``, next to this one.  It
# trains a small linear-regression model, uses NCCL when every local process
# can have its own GPU and Gloo on the CPU otherwise, and each line it prints
# starts with the rank.  ``import torch.distributed.nn`` looks unused: DDP
# imports it anyway, but importing it before the process group exists lets
# ``destroy_process_group()`` close the group cleanly at exit.

from pathlib import Path

ddp_train = '''\
import os

import torch
import torch.distributed as dist
import torch.distributed.nn
from torch import nn
from torch.nn.parallel import DistributedDataParallel
from torch.utils.data import DataLoader, DistributedSampler, TensorDataset


def log(rank, message):
    print(f"[rank {rank}] {message}", flush=True)


def checksum(model):
    return sum(p.detach().sum().item() for p in model.parameters())


def main():
    rank = int(os.environ["RANK"])
    local_rank = int(os.environ["LOCAL_RANK"])
    world_size = int(os.environ["WORLD_SIZE"])
    if torch.cuda.device_count() >= int(os.environ["LOCAL_WORLD_SIZE"]):
        backend, device = "nccl", torch.device("cuda", local_rank)
        torch.cuda.set_device(device)
    else:
        backend, device = "gloo", torch.device("cpu")
    dist.init_process_group(backend)
    log(rank, f"backend={backend}, world_size={world_size}, device={device}")

    torch.manual_seed(rank)
    model = nn.Linear(8, 1).to(device)
    before = checksum(model)
    model = DistributedDataParallel(model, device_ids=[local_rank] if backend == "nccl" else None)
    log(rank, f"weight checksum {before:+.4f} before DDP, {checksum(model):+.4f} after")

    generator = torch.Generator().manual_seed(0)
    x = torch.randn(1024, 8, generator=generator)
    y = x @ torch.randn(8, 1, generator=generator) + 0.5
    dataset = TensorDataset(x, y + 0.1 * torch.randn(1024, 1, generator=generator))
    sampler = DistributedSampler(dataset, shuffle=True, seed=0)
    loader = DataLoader(dataset, batch_size=32, sampler=sampler)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    loss_fn = nn.MSELoss()

    for epoch in range(4):
        sampler.set_epoch(epoch)
        total = torch.zeros(2, device=device)
        for xb, yb in loader:
            xb, yb = xb.to(device), yb.to(device)
            optimizer.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            optimizer.step()
            total += torch.stack([loss.detach() * len(xb), torch.tensor(len(xb), device=device)])
        log(rank, f"epoch {epoch}: loss {total[0] / total[1]:.4f} on {int(total[1])} samples")

    dist.all_reduce(total)
    weights = torch.cat([p.detach().flatten() for p in model.parameters()])
    reference = weights.clone()
    dist.broadcast(reference, src=0)
    same = torch.tensor([float(torch.equal(weights, reference))], device=device)
    dist.all_reduce(same)
    if rank == 0:
        log(rank, f"ranks with the weights of rank 0: {int(same.item())} of {world_size}")
        log(rank, f"final loss {total[0] / total[1]:.4f} over {int(total[1])} samples")
    dist.destroy_process_group()


if __name__ == "__main__":
    main()
'''
Path("ddp_train.py").write_text(ddp_train)
print(f"wrote ddp_train.py: {len(ddp_train.splitlines())} lines")

# %%
# Launching it with ``torchrun``
# ------------------------------
#
# A DDP script is started with ``torchrun``, PyTorch's launcher, which starts
# the processes, gives each its ``RANK``, ``LOCAL_RANK``, ``WORLD_SIZE`` and
# meeting address, and stops all of them if one fails:
#
# .. code-block:: bash
#
#    torchrun --standalone --nproc-per-node=2 ddp_train.py
#
# ``--nproc-per-node=2`` starts two processes; ``--standalone`` sets up the
# meeting point on this machine.  The tutorial runs the same command as a
# separate process, as a terminal would (a process that has used CUDA cannot
# pass it on to processes it forks): ``python -m torch.distributed.run`` is
# ``torchrun``, run by this tutorial's Python, ``sys.executable``.

import subprocess
import sys

command = [
    sys.executable, "-m", "torch.distributed.run",
    "--standalone", "--nproc-per-node=2", "ddp_train.py",
]
result = subprocess.run(command, capture_output=True, text=True)
if result.returncode != 0:
    # Show what went wrong in the training processes before stopping.
    raise RuntimeError(
        f"torchrun failed with exit code {result.returncode}:\n{result.stdout}\n{result.stderr}"
    )

# %%
# The processes print at the same time; sorting the lines by rank, keeping
# each rank's order, makes them readable.

lines = result.stdout.splitlines()
print(f"ddp_train.py printed {len(lines)} lines, grouped by rank:")
for line in sorted(lines, key=lambda line: line.partition("]")[0]):
    print(line)

# %%
# Rank 1 started from other random weights on purpose (another checksum), and
# holds rank 0's after the wrap.  Each rank trained on its own 512 of the 1024 samples, so
# their losses differ slightly, yet both end with exactly the same weights.
# The final loss is close to the variance of the noise in the data (0.01).
#
# From one machine to several
# ---------------------------
#
# The same script runs on several machines; only the command changes.  For
# two machines with eight GPUs each, run on both:
#
# .. code-block:: bash
#
#    torchrun --nnodes=2 --nproc-per-node=8 --rdzv-id=job42 \
#        --rdzv-backend=c10d --rdzv-endpoint=host0:29500 ddp_train.py
#
# - ``--nnodes=2``: the number of machines; ``--nproc-per-node=8``: processes
#   per machine, so the world size is 16.
# - ``--rdzv-id``: a job name shared by the machines of one job.
# - ``--rdzv-backend=c10d`` and ``--rdzv-endpoint``: the machines meet
#   (*rendezvous*) at a small key-value store built into PyTorch, hosted on
#   ``host0`` port 29500, which every machine must reach.
#
# ``--standalone`` is the one-machine shortcut for these flags.  Each machine
# needs the same script, the same Python environment and access to the data.
#
# Exercise
# --------
#
# The job runs on 4 ranks with ``batch_size=32``.  How many samples does one
# optimizer step train on, and how many steps does an epoch of the 1024
# samples take?
#
# .. dropdown:: Solution
#
#    128 samples per step: 4 ranks x 32, since the batch size is per process
#    and DDP averages the four gradients.  Each rank's sampler holds 1024 / 4
#    = 256 samples, so an epoch is 256 / 32 = 8 steps.  Larger batches
#    usually want a larger learning rate; to keep batches of 32 in all, use
#    ``batch_size=8`` per process.
#
# Summary
# -------
#
# - Data parallelism gives every device a model replica and a share of each
#   batch; averaging the gradients gives the same update as one device.
# - PyTorch's documentation recommends ``DistributedDataParallel`` over
#   ``nn.DataParallel``, even on a single machine.
# - A DDP script joins a process group, wraps the model and uses a
#   ``DistributedSampler``; ``torchrun`` launches one process per device, on
#   one machine or many.
#
# Next: train the classifier of :ref:`sphx_glr_tutorials_classifier_tutorial.py`
# with DDP, letting only rank 0 evaluate and save the model.  For models too
# large for one GPU, see PyTorch's FSDP tutorials.
