"""
============
Make it fast
============

*Optional, about 22 minutes.*  Trained on a GPU, the classifier of the
previous tutorial leaves the GPU idle most of the time.  This page finds
out what the GPU waits for and removes the waiting, one technique at a
time, measuring each one on the machine that built the page.

**What you will learn**

- what a GPU waits for while it trains, and how to time GPU code correctly;
- what DataLoader workers, ``pin_memory`` and ``non_blocking`` do;
- how to transform whole batches on the device, and the trap of random
  transforms there;
- how to keep a small dataset on the device;
- what bfloat16 autocast and ``torch.compile`` do, and when they pay off;
- how to change the learning rate when you change the batch size.

**Prerequisites:** :ref:`sphx_glr_tutorials_classifier_tutorial.py`.  A GPU
helps but is not needed: every cell also runs on a CPU.
"""

# %%
# What the GPU waits for
# ----------------------
#
# One training step has three parts: the **input pipeline** reads a batch of
# images and transforms them, the batch is **copied** to the device, and the
# device runs forward, backward and the optimizer step.  A GPU does the
# last part for a LeNet-sized network in about a millisecond, while
# the first part is Python code that handles 128 images one after the other
# on the CPU.  So the GPU mostly waits, and making training faster starts
# with the input pipeline, not with the model.
#
# We rebuild the classifier's ingredients: the device, Fashion-MNIST with
# the usual per-image transforms, and LeNet-5.

import torch

device = (
    torch.accelerator.current_accelerator()
    if torch.accelerator.is_available()
    else torch.device("cpu")
)
print(f"Using device: {device}")

# %%
# As in the classifier, every image is turned into a tensor, padded to
# 32x32, scaled to [0, 1] and normalized, one image at a time.

import torchvision
from torchvision.transforms import v2

mean, std = 0.2860, 0.3530
per_image = v2.Compose(
    [
        v2.ToImage(),
        v2.Pad(2),
        v2.ToDtype(torch.float32, scale=True),
        v2.Normalize((mean,), (std,)),
    ]
)
train_set = torchvision.datasets.FashionMNIST(
    root="data", train=True, download=True, transform=per_image
)
print(f"Training images: {len(train_set)}")

# %%
# The same LeNet-5 as in the classifier.

import torch.nn as nn
import torch.nn.functional as F


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = torch.flatten(x, 1)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.fc3(x)


# %%
# Timing GPU code correctly
# -------------------------
#
# GPU work is **asynchronous**: a line such as ``c = a @ b`` puts the
# multiplication in the GPU's queue and returns at once, long before the
# result exists.  A clock read right after it measures how long queueing
# took, not the work.  ``torch.accelerator.synchronize()`` waits until the
# queue is empty, so ``now()`` synchronizes before it reads the clock (a CPU
# has no queue: there the two timings below agree).

import time


def now():
    """The clock in seconds, read after the device has finished its queued work."""
    if device.type != "cpu":
        torch.accelerator.synchronize()
    return time.perf_counter()


if __name__ == "__main__":
    a = torch.randn(1024, 1024, device=device)
    # The first call on a device pays one-time set-up costs.
    b = a @ a
    start = now()
    b = a @ a
    queued = time.perf_counter() - start
    finished = now() - start
    print(f"matrix product, clock read at once: {queued * 1000:.2f} ms")
    print(f"matrix product, clock read after synchronizing: {finished * 1000:.2f} ms")

# %%
# The first call above was left out of the timing on purpose: the first
# steps of any run pay one-time costs (starting worker processes, choosing
# GPU kernels, compiling), so a fair measurement skips a few warm-up steps.
#
# The training function
# ---------------------
#
# ``train`` trains a fresh LeNet on one epoch of ``batches``.  The first
# ``warmup_steps`` batches are not counted; then it times the rest of the
# epoch and records the speed in images per second.  On a CPU a full epoch
# of every variant would take minutes, so there it stops after
# ``timed_images`` images: enough to measure the speed.  The arguments
# ``prepare``, ``bf16`` and ``compile`` switch on techniques explained
# further down; everything else is the classifier's training step.

warmup_steps = 3
timed_images = 1_280 if device.type == "cpu" else None
speeds = {}


def train(name, batches, lr=0.05, prepare=None, bf16=False, compile=False):
    """Train a fresh LeNet on one epoch of ``batches``; print and record its speed."""
    model = Net().to(device)
    if compile:
        model = torch.compile(model)
    optimizer = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    start, seen = now(), 0
    for step, (images, labels) in enumerate(batches):
        if step == warmup_steps:
            warmup_seconds = now() - start
            start, seen = now(), 0
        images = images.to(device, non_blocking=True)
        labels = labels.to(device, non_blocking=True)
        if prepare is not None:
            images = prepare(images)
        with torch.autocast(device.type, dtype=torch.bfloat16, enabled=bf16):
            loss = F.cross_entropy(model(images), labels)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        seen += len(images)
        if timed_images is not None and step >= warmup_steps and seen >= timed_images:
            break
    seconds = now() - start
    speed = seen / seconds
    speeds[name] = speed
    print(f"{name}: {speed:,.0f} images/s, {len(train_set) / speed:.2f} s per epoch")
    print(f"  (warm-up {warmup_seconds:.2f} s, then {seen:,} images in {seconds:.2f} s)")


# %%
# The starting point
# ------------------
#
# First the classifier's loader as a beginner writes it: 128 images per
# batch, every image transformed in the main process.

from torch.utils.data import DataLoader

if __name__ == "__main__":
    loader = DataLoader(train_set, batch_size=128, shuffle=True)
    train("DataLoader", loader)

# %%
# Workers, pinned memory and non-blocking copies
# ----------------------------------------------
#
# ``num_workers`` processes read and transform batches in parallel while the
# main process trains.  They start at the beginning of every epoch (for
# several epochs, ``persistent_workers=True`` keeps them alive in between).
# More workers than CPU cores only compete with each other, and on a
# CPU-only machine they also compete with training for the same cores.
#
# ``pin_memory=True`` puts each batch in **page-locked** memory, which the
# accelerator can copy from directly and faster; ``non_blocking=True`` in
# ``train``'s ``.to(device, ...)`` then lets that copy overlap with the
# computation instead of waiting for it.  The DataLoader pins for the current
# accelerator (CUDA, ROCm, XPU and others); with no accelerator, and for now on
# Apple's MPS, it warns and does not pin, so we ask for it only when there is
# an accelerator.

import os

num_workers = max(1, min(8, os.cpu_count() - 1))
print(f"Worker processes: {num_workers}")

if __name__ == "__main__":
    loader = DataLoader(
        train_set,
        batch_size=128,
        shuffle=True,
        num_workers=num_workers,
        pin_memory=device.type != "cpu",
    )
    train("workers, pinned memory", loader)

# %%
# .. note:: **Why the** ``if __name__ == "__main__":`` **lines?**
#
#    On Windows and macOS, and on Linux from Python 3.14 on, workers start
#    from a fresh Python process that first imports your script, so the
#    script's top-level code runs again there.  Code that iterates a
#    DataLoader with workers must sit under ``if __name__ == "__main__":``,
#    or the import tries to start workers of its own and Python stops with a
#    ``RuntimeError`` about the "bootstrapping phase".
#    Definitions (the network class, ``train``) stay at the top level, where
#    the workers find them.  On older Linux Pythons the workers are forked
#    copies and nothing breaks, which is why the mistake goes unnoticed there.
#
# Transforms on whole batches, on the device
# ------------------------------------------
#
# Workers share the per-image work, but it is still Python code run four
# times for each image, every epoch.  ``transforms.v2`` also accepts a whole
# batch: a tensor of shape (N, 1, 28, 28).  So the dataset now only turns
# images into integer tensors (``ToImage``), and ``prepare`` pads, scales and
# normalizes each batch in a few operations on the device, after the copy
# (which also moves 5 times fewer bytes: 28x28 8-bit integers instead of
# 32x32 32-bit floats).

prepare = v2.Compose(
    [
        v2.Pad(2),
        v2.ToDtype(torch.float32, scale=True),
        v2.Normalize((mean,), (std,)),
    ]
)
raw_train_set = torchvision.datasets.FashionMNIST(
    root="data", train=True, transform=v2.ToImage()
)

if __name__ == "__main__":
    loader = DataLoader(
        raw_train_set,
        batch_size=128,
        shuffle=True,
        num_workers=num_workers,
        pin_memory=device.type != "cpu",
    )
    train("transforms on the device", loader, prepare=prepare)

# %%
# The trap: random transforms draw once per batch
# -----------------------------------------------
#
# Data augmentation uses *random* transforms, such as a horizontal flip with
# probability 0.5.  On one image, it flips half the images over an epoch.
# On a batch, ``transforms.v2`` treats the batch as one input: it draws
# **once** and flips all images of the batch, or none.  Here are five calls
# on the same batch of 8 images:

flip = v2.RandomHorizontalFlip(p=0.5)


def count_flipped(before, after):
    """How many images of the batch ``after`` differ from ``before``."""
    return int((before != after).flatten(1).any(dim=1).sum())


if __name__ == "__main__":
    batch = raw_train_set.data[:8].unsqueeze(1).to(device)
    counts = [count_flipped(batch, flip(batch)) for _ in range(5)]
    print(f"flipped images, RandomHorizontalFlip on the batch: {counts}")

# %%
# Every call flips 0 or 8 images: each batch sees the flip always or never,
# and your augmentation is much less random than you think.  The fix is one
# random draw per image, made on the device: ``torch.where`` picks, image by
# image, the flipped or the original version.


def random_flip(batch, p=0.5):
    """Flip each image of ``batch`` left to right with probability ``p``, with its own draw."""
    chosen = torch.rand(len(batch), 1, 1, 1, device=batch.device) < p
    return torch.where(chosen, batch.flip(-1), batch)


if __name__ == "__main__":
    counts = [count_flipped(batch, random_flip(batch)) for _ in range(5)]
    print(f"flipped images, random_flip: {counts}")

# %%
# The same in pictures, one call of each on the 8 images (a red frame marks
# a flipped image):

if __name__ == "__main__":
    one_draw, own_draws = flip(batch), random_flip(batch)

# sphinx_gallery_start_ignore
if __name__ == "__main__":
    import matplotlib.pyplot as plt

    rows = {
        "RandomHorizontalFlip:\none draw per batch": one_draw,
        "random_flip:\none draw per image": own_draws,
    }
    fig, axes = plt.subplots(2, 8, figsize=(11, 3.6), layout="constrained")
    for row, (title, images) in zip(axes, rows.items()):
        changed = (batch != images).flatten(1).any(dim=1).tolist()
        for ax, image, flipped in zip(row, images.cpu(), changed):
            ax.imshow(image.squeeze(0), cmap="gray")
            ax.set_xticks([])
            ax.set_yticks([])
            if flipped:
                for spine in ax.spines.values():
                    spine.set(color="tab:red", linewidth=3)
        row[0].set_ylabel(title, fontsize=9)
    fig.suptitle("The same 8 images, randomly flipped (red frame: flipped)")
    plt.show()
# sphinx_gallery_end_ignore

# %%
# Keeping a small dataset on the device
# -------------------------------------
#
# Fashion-MNIST's 60,000 training images are 47 MB as 8-bit integers: far
# less than a GPU's memory.  ``raw_train_set.data`` holds them all in one
# tensor, so we copy it to the device once and cut shuffled batches from it
# with a random permutation.  No loading, no copies, no workers.  We keep the
# 8-bit integers on the device (as float32 at 32x32 they would take 5 times
# more memory) and ``prepare`` each batch as before.


def device_batches(images, labels, batch_size):
    """Yield one epoch of shuffled batches from tensors that are already on the device."""
    order = torch.randperm(len(images), device=images.device)
    for index in order.split(batch_size):
        # Skip the last, smaller batch, as DataLoader(drop_last=True) does.
        if len(index) == batch_size:
            yield images[index], labels[index]


if __name__ == "__main__":
    train_images = raw_train_set.data.unsqueeze(1).to(device)
    train_labels = raw_train_set.targets.to(device)
    print(f"training images on the device: {tuple(train_images.shape)}")
    print(f"their size: {train_images.nbytes / 1e6:.0f} MB")
    batches = device_batches(train_images, train_labels, 128)
    train("data on the device", batches, prepare=prepare)

# %%
# Larger batches and the learning rate
# ------------------------------------
#
# With nothing left to load, each step costs about the same time whatever
# its size, so larger batches make an epoch faster: 512 images per batch is
# 4 times fewer steps.  But fewer steps also means fewer updates.  Each
# update averages the gradient over more images, so it can be longer, and
# the learning rate should grow with the batch size.  Two rules of thumb:
#
# - for **SGD**, scale it linearly: 4 times the batch, 4 times the learning
#   rate (best with a few warm-up steps at a lower rate);
# - for **Adam-type** optimizers (Adam, AdamW), scale it by the square root:
#   4 times the batch, 2 times the learning rate.
#
# Both are starting points, not laws: check the accuracy, not only the speed.
# We use SGD, so 0.05 becomes 0.2.

base_lr, base_batch_size = 0.05, 128
batch_size = 512
lr = base_lr * batch_size / base_batch_size
print(f"batch size {batch_size}: learning rate {lr}")

if __name__ == "__main__":
    batches = device_batches(train_images, train_labels, batch_size)
    train(f"batch {batch_size}", batches, lr=lr, prepare=prepare)

# %%
# bfloat16 autocast
# -----------------
#
# Modern GPUs multiply 16-bit floats several times faster than 32-bit ones.
# Inside ``torch.autocast``, PyTorch runs the operations that gain most,
# matrix products (``nn.Linear``) and convolutions, in **bfloat16**, a 16-bit
# format with float32's range; operations that need precision, such as the
# loss, in float32; and the rest in the dtype of their inputs.  The weights
# and their gradients stay float32: only the computation is lowered, not what
# the optimizer updates.  Let us look:

if __name__ == "__main__":
    model = Net().to(device)
    images = prepare(train_images[:batch_size])
    with torch.autocast(device.type, dtype=torch.bfloat16):
        features = model.conv1(images)
        scores = model(images)
        loss = F.cross_entropy(scores, train_labels[:batch_size])
        probabilities = scores.softmax(dim=1)
    loss.backward()
    print(f"conv1 output: {features.dtype}")
    print(f"scores (fc3, a matrix product): {scores.dtype}")
    print(f"loss: {loss.dtype}")
    print(f"conv1 weights: {model.conv1.weight.dtype}")
    print(f"their gradients: {model.conv1.weight.grad.dtype}")
    print(f"softmax of the scores: {probabilities.dtype}")

# %%
# On CUDA, autocast also runs softmax, sums and other reductions in float32,
# where 16 bits would lose precision; the CPU's list is shorter, so there the
# softmax follows its bfloat16 input.  When in doubt, print the dtype.
# ``train`` wraps only the forward pass and the loss in autocast; the
# backward pass follows the same dtypes by itself.

if __name__ == "__main__":
    train(
        f"batch {batch_size}, bf16 autocast",
        device_batches(train_images, train_labels, batch_size),
        lr=lr,
        prepare=prepare,
        bf16=True,
    )

# %%
# torch.compile
# -------------
#
# ``torch.compile(model)`` traces the model and generates fused kernels for
# it: fewer, larger GPU operations and less Python per step.  Compiling takes
# time, often tens of seconds, paid during the first steps (the warm-up
# printed below), so it pays off on long runs.  On a CPU the compiler needs a C++
# toolchain, and compiling this model takes longer than this whole page is
# allowed to run when it is built without a GPU, so the cell compiles only
# on a CUDA GPU.

compiled = f"batch {batch_size}, torch.compile"

if __name__ == "__main__":
    if device.type == "cuda":
        train(
            compiled,
            device_batches(train_images, train_labels, batch_size),
            lr=lr,
            prepare=prepare,
            compile=True,
        )
    else:
        print(f"{compiled}: not measured on {device.type}")

# %%
# The comparison
# --------------
#
# Each variant's speed on the machine that built this page (see "How this
# page ran" below for the device).  On a CPU the times per epoch are
# computed from the batches timed; on a GPU they are whole epochs, less the
# warm-up.

# sphinx_gallery_thumbnail_number = 2
if __name__ == "__main__":
    print(f"{'variant':<32}{'images/s':>12}{'s per epoch':>14}")
    for name, speed in speeds.items():
        print(f"{name:<32}{speed:>12,.0f}{len(train_set) / speed:>14.2f}")

# sphinx_gallery_start_ignore
if __name__ == "__main__":
    # Every variant gets a bar: the figure has the same labels on every device.
    names = list(speeds) + [name for name in [compiled] if name not in speeds]
    fig, ax = plt.subplots(figsize=(8, 3.6), layout="constrained")
    ax.barh(names[::-1], [speeds.get(name, 0) for name in names[::-1]], color="tab:orange")
    for row, name in enumerate(names[::-1]):
        if name not in speeds:
            ax.text(0, row, "  not measured on this device", va="center", fontsize=9)
    ax.set_xlabel("images per second (higher is faster)")
    ax.set_title("Training speed of each variant")
    ax.grid(True, axis="x", alpha=0.3)
    plt.show()
# sphinx_gallery_end_ignore

# %%
# What the numbers say depends on the machine.  On a GPU, removing the
# loading work multiplies the speed many times over.  On a CPU the same cores
# load and compute, so the gains are smaller, and workers can even slow
# training down.  bfloat16 and ``torch.compile`` matter for large models; for
# one as small as LeNet, what matters is feeding it.
#
# Exercise
# --------
#
# 1. A colleague times a GPU epoch without synchronizing and finds it takes
#    0.02 s, far faster than the table above.  What did they measure?
# 2. Your AdamW run trains well at batch size 64 with a learning rate of
#    0.001.  What learning rate do you start from at batch size 256?
#
# .. dropdown:: Solution
#
#    1. Mostly the time to queue the work: the GPU was still computing when
#       the clock was read.  Call ``torch.accelerator.synchronize()`` (our
#       ``now()``) before reading the clock.
#    2. The batch is 4 times larger; for an Adam-type optimizer scale by the
#       square root, 2: start from 0.002 and check the accuracy.  (With SGD
#       you would start from 4 times the rate.)
#
# **3. In code.**  Write ``starting_lr``: given the learning rate that works
# at one batch size, it returns the rate to start from at another, scaled
# linearly for SGD and by the square root for an Adam-type optimizer.  Run
# the cell: the check below the ``TODO`` says whether you got it.  (This page
# was built with the solution filled in, so here the check passes.)


def starting_lr(lr, batch, new_batch, optimizer):
    # TODO: scale lr for new_batch: linearly for "sgd", by the square root for "adam".
    return None


# sphinx_gallery_start_ignore
# Solution of exercise 3.
def starting_lr(lr, batch, new_batch, optimizer):
    ratio = new_batch / batch
    return lr * (ratio if optimizer == "sgd" else ratio**0.5)


# sphinx_gallery_end_ignore
if starting_lr(0.05, 128, 512, "sgd") is None:
    print("Not solved yet: return the scaled learning rate, then run this cell again.")
else:
    assert abs(starting_lr(0.05, 128, 512, "sgd") - 0.2) < 1e-9, (
        "SGD at a 4 times larger batch starts from 4 times the rate: 0.05 becomes 0.2."
    )
    assert abs(starting_lr(0.001, 64, 256, "adam") - 0.002) < 1e-9, (
        "Adam at a 4 times larger batch starts from sqrt(4) = 2 times the rate: 0.001 becomes 0.002."
    )
    print(f"Solved: SGD 0.05 -> {starting_lr(0.05, 128, 512, 'sgd'):.2f}, "
          f"Adam 0.001 -> {starting_lr(0.001, 64, 256, 'adam'):.4f}.")

# %%
# .. dropdown:: Solution
#
#    .. literalinclude:: speed_tutorial.py
#       :language: python
#       :start-after: Solution of exercise 3.
#       :end-before: sphinx_gallery_end_ignore
#
#    The ratio of the batch sizes says how much larger each step's average
#    gradient is trusted; SGD follows it one to one, Adam-type optimizers,
#    which already scale each step by the gradients' size, by its square root.
#
# Summary
# -------
#
# - Time GPU code after ``torch.accelerator.synchronize()``, and skip the
#   warm-up steps.
# - A small model waits for its input: give the DataLoader workers and
#   pinned memory, and copy with ``non_blocking=True``; guard the training
#   code with ``if __name__ == "__main__":``.
# - Transform whole batches on the device, but give each image its own
#   random draw.
# - A dataset that fits in the device's memory can stay there.
# - Larger batches need a larger learning rate: linear scaling for SGD,
#   square root for Adam-type optimizers.
# - bfloat16 autocast and ``torch.compile`` speed up large models; measure
#   before you keep them.
#
# Next (optional): several devices at once, in
# :ref:`sphx_glr_tutorials_data_parallel_tutorial.py`.
