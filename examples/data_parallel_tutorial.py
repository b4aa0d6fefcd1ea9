"""
================
Data parallelism
================

When one device is too slow for your training run, the simplest way to use
several is **data parallelism**: every device holds a full copy of the model,
each one works on a different slice of the data, and the copies stay identical
by sharing their gradients.  This page explains the idea, shows PyTorch's two
tools for it, and runs a real distributed training job with two processes.

**What you will learn**

- why splitting a batch across devices gives the same update as one device;
- what ``torch.nn.DataParallel`` does on zero, one and several GPUs, and why
  PyTorch recommends something else;
- how to write a training script with ``DistributedDataParallel`` and launch it
  with ``torchrun``, on one machine or on several.

**Prerequisites:** the earlier tutorials of this series, in particular
:ref:`sphx_glr_tutorials_classifier_tutorial.py` (a training loop with
``DataLoader``, a loss and an optimizer).  No GPU is needed: everything on this
page also runs on the CPU.
"""

# %%
# Why data parallelism
# --------------------
#
# A training step computes the loss on a batch, the gradient of that loss with
# respect to the weights, and then updates the weights.  With :math:`N` devices
# we can split the batch into :math:`N` equal shares and give one share to each
# device.  Each device holds a *replica* of the model, runs the forward and
# backward pass on its share and obtains a gradient :math:`g_i`.  The replicas
# then exchange their gradients and average them, an operation called
# **all-reduce**:
#
# .. math::
#
#    g = \frac{1}{N} \sum_{i=1}^{N} g_i
#
# Because the loss is a mean over the samples, this average is exactly the
# gradient of the loss on the whole batch.  Every replica applies the same
# averaged gradient, so all replicas keep identical weights, and together they
# process :math:`N` times more samples per second than one device.
#
# The figure below shows one training step on four devices.  (Its code is
# plain matplotlib drawing; you can skip it.)

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
# The claim that the average of the shares' gradients equals the gradient of
# the whole batch is easy to check on the CPU.  We compute the gradient of a
# small linear model once on a batch of 32 samples, and once on each of four
# shares of 8 samples, as four replicas would.

import torch
from torch import nn

linear = nn.Linear(5, 1)
loss_fn = nn.MSELoss()
x, y = torch.randn(32, 5), torch.randn(32, 1)

# This is the gradient one device computes on the whole batch.
full_grad = torch.autograd.grad(loss_fn(linear(x), y), linear.weight)[0]

# These are the gradients four replicas compute on their shares, then averaged.
share_grads = [
    torch.autograd.grad(loss_fn(linear(xs), ys), linear.weight)[0]
    for xs, ys in zip(x.chunk(4), y.chunk(4))
]
averaged_grad = torch.stack(share_grads).mean(dim=0)
print(f"gradient on the whole batch:      {full_grad}")
print(f"average of the shares' gradients: {averaged_grad}")
print(f"equal up to rounding: {torch.allclose(full_grad, averaged_grad, atol=1e-6)}")

# %%
# The shares must have the same size for the plain average to be exact, which
# is why the tools below split data into equal parts.

# %%
# ``nn.DataParallel``: one process, several GPUs
# ----------------------------------------------
#
# ``torch.nn.DataParallel`` is the oldest way to use several GPUs, and the one
# the original 60-minute blitz showed.  It wraps a model in a single line, and
# everything happens inside one Python process.  We use a toy data set of
# random vectors and a model that prints the size of the input it receives, so
# that we can see how each batch is split.

from torch.utils.data import DataLoader, Dataset

input_size = 5
output_size = 2
batch_size = 30
data_size = 100


class RandomDataset(Dataset):
    """A data set of random vectors: just enough to watch batches being split."""

    def __init__(self, size, length):
        self.data = torch.randn(length, size)

    def __getitem__(self, index):
        return self.data[index]

    def __len__(self):
        return len(self.data)


rand_loader = DataLoader(RandomDataset(input_size, data_size), batch_size=batch_size, shuffle=True)

# %%
# The model is a single linear layer.  Its ``forward`` prints what it sees:
# with ``DataParallel``, every replica runs this ``forward`` on its own share.


class Model(nn.Module):
    def __init__(self, input_size, output_size):
        super().__init__()
        self.fc = nn.Linear(input_size, output_size)

    def forward(self, x):
        output = self.fc(x)
        # This line is printed by every replica, so it shows the share each one receives.
        print(
            f"    In Model: input size {tuple(x.shape)}, "
            f"output size {tuple(output.shape)}, device {x.device}"
        )
        return output


# %%
# Now we pick the device as in every tutorial of this series, and wrap the
# model only when there is more than one GPU to split the batches across:
#
# - **no GPU**: there is nothing to parallelize; the plain model runs on the CPU.
# - **one GPU**: the plain model runs on that GPU.  Wrapping it would only add
#   overhead, since the whole batch goes to the one device anyway.
# - **N GPUs**: ``nn.DataParallel(model)`` *scatters* each batch along
#   dimension 0 into one share per GPU, *replicates* the model onto every GPU,
#   runs the replicas in parallel threads, and *gathers* the outputs back on the
#   first GPU.  In the backward pass the gradients of the replicas are summed
#   into the original model, which lives on the first GPU.

device = (
    torch.accelerator.current_accelerator()
    if torch.accelerator.is_available()
    else torch.device("cpu")
)
n_gpus = torch.cuda.device_count()
model = Model(input_size, output_size)
if n_gpus > 1:
    print(f"Found {n_gpus} GPUs: nn.DataParallel splits every batch across them.")
    model = nn.DataParallel(model)
elif n_gpus == 1:
    print("Found 1 GPU: the plain model runs on it, there is nothing to split.")
else:
    print(f"Found no CUDA GPU: the plain model runs on {device}, there is nothing to split.")
model.to(device)
print(f"model type: {type(model).__name__}")

# %%
# Let us run the model over the data set.  "In Model" lines come from inside
# the replicas, "Outside" lines from the training loop.

for batch in rand_loader:
    batch = batch.to(device)
    output = model(batch)
    print(f"Outside: input size {tuple(batch.shape)}, output size {tuple(output.shape)}")

# %%
# Without several GPUs, each batch of 30 reaches the model whole (and the last
# batch holds the 10 remaining samples).  On several GPUs you would see one
# "In Model" line per replica for each "Outside" line.  ``DataParallel`` cuts
# the batch the way ``torch.chunk`` does, so we can compute the shares each GPU
# would receive without owning the GPUs.

for n in (2, 3, 8):
    shares = [len(share) for share in torch.randn(batch_size, input_size).chunk(n)]
    last_shares = [len(share) for share in torch.randn(10, input_size).chunk(n)]
    print(f"{n} GPUs: a batch of 30 gives shares {shares}, the last batch of 10 {last_shares}")

# %%
# Notice that with 8 GPUs, the last batch of 10 samples only keeps 5 GPUs busy.
# The batch size should be well above the number of GPUs.

# %%
# Why PyTorch recommends ``DistributedDataParallel`` instead
# ----------------------------------------------------------
#
# ``DataParallel`` is convenient, but PyTorch's own documentation advises
# against it: use ``DistributedDataParallel`` (DDP) for multi-GPU training, **even
# on a single machine**.  The reasons:
#
# - ``DataParallel`` is one process with one thread per GPU.  The threads share
#   Python's global interpreter lock (GIL), so the Python work of all replicas
#   runs one at a time.  DDP runs one process per GPU, with no shared lock.
# - ``DataParallel`` copies the model to every GPU at *every* step, and gathers
#   all outputs on the first GPU, which does more work and needs more memory than
#   the others.  DDP creates each replica once and only exchanges gradients.
# - ``DataParallel`` only works within one machine; DDP works on one machine or
#   many, with the same script.
# - ``DataParallel`` is in maintenance mode: it is kept working, but new
#   features and performance work go to DDP.

# %%
# ``DistributedDataParallel``: one process per device
# ---------------------------------------------------
#
# DDP turns the picture at the top of this page into separate programs.  We
# start one process per device, and each process runs the same training script.
# A few words describe who is who:
#
# - the **world size** is the number of processes taking part in the job;
# - each process has a **rank**, its number between ``0`` and ``world_size - 1``;
# - its **local rank** is its number among the processes on the same machine,
#   and tells it which GPU to use;
# - the **process group** connects all processes so that they can exchange
#   tensors; its **backend** does the actual communication: NCCL between NVIDIA
#   GPUs, Gloo between CPUs.
#
# Compared with an ordinary training script, three things change:
#
# 1. ``dist.init_process_group(backend)`` joins the process group at the
#    start, and ``dist.destroy_process_group()`` leaves it at the end.
# 2. The model is wrapped in ``DistributedDataParallel``.  At construction DDP
#    copies the weights of rank 0 to every rank, so all replicas start equal.
#    During ``loss.backward()`` it all-reduces the gradients, bucket by bucket,
#    while the backward pass is still computing the rest, so communication
#    overlaps with computation.  After ``backward`` every rank holds the same
#    averaged gradient, and the unchanged ``optimizer.step()`` keeps the replicas
#    identical.
# 3. The ``DataLoader`` gets a ``DistributedSampler``, which gives every rank a
#    different, equally sized share of the data set.  Call
#    ``sampler.set_epoch(epoch)`` at the start of every epoch so that the shuffle
#    changes from epoch to epoch.  The batch size of the loader is per process:
#    with 2 processes and ``batch_size=32``, every step trains on 64 samples.
#
# Here is a complete script that trains a small linear-regression model this
# way.  It chooses NCCL when every local process can have a GPU of its own, and
# Gloo on the CPU otherwise, so it runs anywhere.  Each rank prints what it
# does, prefixed with its rank.
#
# .. literalinclude:: ../../examples/ddp_train.py
#    :language: python
#
# :download:`Download ddp_train.py <../../examples/ddp_train.py>` and save it
# next to this tutorial's script to run the next cell yourself.

# %%
# Launching it with ``torchrun``
# ------------------------------
#
# A DDP script is not started with ``python`` but with ``torchrun``, PyTorch's
# launcher.  ``torchrun`` starts the processes, gives every one its ``RANK``,
# ``LOCAL_RANK``, ``WORLD_SIZE`` and the address where they meet, watches them,
# and stops all of them if one fails.  On one machine the command is:
#
# .. code-block:: bash
#
#    torchrun --standalone --nproc-per-node=2 ddp_train.py
#
# ``--nproc-per-node=2`` starts two processes, and ``--standalone`` sets up the
# meeting point on this machine, on a free port, with nothing else to
# configure.  On a machine with two or more GPUs the two processes use NCCL on
# two GPUs; elsewhere they use Gloo on the CPU.
#
# We launch ``torchrun`` in a separate process, as you would from a terminal,
# rather than starting the training processes from this script.  One reason is
# CUDA: a process that has already used CUDA (as this script may have, above)
# cannot pass it on to processes it forks, and a forked child that touches CUDA
# fails.  The other is practice: ``torchrun`` is how DDP jobs are launched, on a
# laptop as on a cluster.  ``python -m torch.distributed.run`` is the same
# program as ``torchrun``, and ``sys.executable`` makes sure it uses the same
# Python environment as this tutorial.

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
# The two processes print at the same time, so their lines arrive interleaved.
# Sorting them by rank, while keeping the order within each rank, makes the
# output easy to read.

lines = result.stdout.splitlines()
print(f"ddp_train.py printed {len(lines)} lines, grouped by rank:")
for line in sorted(lines, key=lambda line: line.partition("]")[0]):
    print(line)

# %%
# Read the output from top to bottom:
#
# - both ranks report the same backend and world size;
# - rank 1 started from different random weights than rank 0 (another weight
#   checksum), and after the ``DistributedDataParallel`` wrap it holds rank 0's
#   weights;
# - in every epoch each rank trained on its own 512 of the 1024 samples, so the
#   two ranks report slightly different losses;
# - after training both ranks hold exactly the same weights, although each one
#   only ever saw its own share of the data;
# - rank 0 reports the loss over all samples of the last epoch, close to the
#   variance of the noise in the data (0.01).

# %%
# From one machine to several
# ---------------------------
#
# The same script trains on several machines without a single change.  Only
# the ``torchrun`` command differs.  For two machines with eight GPUs each, run
# this command on each of them:
#
# .. code-block:: bash
#
#    torchrun --nnodes=2 --nproc-per-node=8 --rdzv-id=job42 \
#        --rdzv-backend=c10d --rdzv-endpoint=host0:29500 ddp_train.py
#
# - ``--nnodes=2``: the number of machines (nodes) in the job.  ``torchrun``
#   waits until both have joined before it starts any training process.
# - ``--nproc-per-node=8``: the processes started on each machine, usually one
#   per GPU.  The world size is 2 x 8 = 16: ranks 0 to 15, and local ranks 0
#   to 7 on each machine.
# - ``--rdzv-id=job42``: a name for this job, the same on every machine, so that
#   the machines of one job find each other and not those of another job.
# - ``--rdzv-backend=c10d``: how the machines meet (the *rendezvous*): through a
#   small key-value store, built into PyTorch, hosted by the ``torchrun`` of one
#   machine.  No extra service is needed.
# - ``--rdzv-endpoint=host0:29500``: the address and port of that store.  The
#   machine named ``host0`` hosts it, and every machine must be able to reach
#   it over the network.
#
# ``--standalone``, which we used above, is the one-machine shortcut for these
# flags: a ``c10d`` store on ``localhost``, a free port and a random job id.
# The script itself does not change, because everything that differs between
# the two cases (ranks, world size, the address of the store) reaches it
# through the environment variables that ``torchrun`` sets.  Each machine needs
# the same script, the same Python environment, and access to the data.

# %%
# Summary
# -------
#
# - Data parallelism gives every device a replica of the model and a share of
#   each batch; averaging the gradients with an all-reduce gives the same update
#   as one device on the whole batch.
# - ``nn.DataParallel`` needs one line, but it works in a single process, copies
#   the model at every step and only uses one machine.  PyTorch recommends DDP
#   instead, even on a single machine.
# - A DDP script joins a process group, wraps the model in
#   ``DistributedDataParallel``, feeds it with a ``DistributedSampler`` and calls
#   ``sampler.set_epoch`` every epoch.  It uses NCCL on GPUs and Gloo on CPUs.
# - ``torchrun`` launches one process per device; its rendezvous flags take the
#   same script from one machine to many.

# %%
# Next step
# ---------
#
# Go back to :ref:`sphx_glr_tutorials_classifier_tutorial.py` and train its
# network with DDP: move the training loop into a script like ``ddp_train.py``,
# wrap the network in ``DistributedDataParallel``, give the training
# ``DataLoader`` a ``DistributedSampler`` instead of ``shuffle=True``, and let
# only rank 0 evaluate and save the model.  For further reading, PyTorch's
# tutorial "Getting Started with Distributed Data Parallel" covers DDP in more
# depth, and the FSDP tutorials ("Fully Sharded Data Parallel") show how to
# train models too large for one GPU by sharding their weights across devices.
