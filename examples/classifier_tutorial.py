"""
=====================
Training a classifier
=====================

You can define a network, compute a loss and update the weights.  Now we put
it all together and train a real image classifier.

**What you will learn**

- how to load an image dataset with ``torchvision`` and prepare it with
  transforms;
- what ``Dataset`` and ``DataLoader`` do;
- how to write a training loop that uses a GPU when there is one, and how
  to keep that GPU busy;
- how to measure the accuracy on test data, overall and per class, and why
  ``model.eval()`` matters;
- how to save a trained model's ``state_dict`` and load it back.

**Prerequisites**: :ref:`sphx_glr_tutorials_neural_networks_tutorial.py`.
"""

# %%
# The data and the device
# -----------------------
#
# **Fashion-MNIST** has 70,000 grayscale images of clothing, 28x28 pixels, in
# 10 classes: 60,000 for training and 10,000 for testing.  It is harder than
# handwritten digits, yet small enough to train on a laptop CPU in under a
# minute.  (For your own files, Pillow reads images, and ``torchvision`` has
# loaders for common datasets.)
#
# Everything runs on an accelerator when there is one; the printed line says
# which device built this page.

import torch

device = (
    torch.accelerator.current_accelerator()
    if torch.accelerator.is_available()
    else torch.device("cpu")
)
print(f"Using device: {device}")

# %%
# Transforms
# ----------
#
# A *transform* turns images into what the network expects.  Those of
# ``torchvision.transforms.v2``, the current API, take one image or a batch:
#
# - ``ToImage()`` turns a Pillow image into a (1, 28, 28) tensor of
#   integers from 0 to 255;
# - ``Pad(2)`` adds a 2-pixel border: 28x28 becomes 32x32, LeNet-5's input
#   size, so the network of the previous tutorial works unchanged;
# - ``ToDtype(torch.float32, scale=True)`` makes them floats in [0, 1];
# - ``Normalize(mean, std)`` centres the inputs around 0 with a spread of
#   about 1, where gradient descent works well.  0.2860 and 0.3530 are the
#   mean and standard deviation of the training pixels.
#
# The dataset applies ``ToImage()`` to each image; ``prepare`` runs on whole
# batches, on the device.

from torchvision.transforms import v2

mean, std = 0.2860, 0.3530
prepare = v2.Compose(
    [
        v2.Pad(2),
        v2.ToDtype(torch.float32, scale=True),
        v2.Normalize((mean,), (std,)),
    ]
)

# %%
# Loading Fashion-MNIST
# ---------------------
#
# The dataset downloads into ``root`` the first time.  Indexing it returns
# one ``(image, label)`` pair, transformed.

import torchvision

train_set = torchvision.datasets.FashionMNIST(
    root="data", train=True, download=True, transform=v2.ToImage()
)
test_set = torchvision.datasets.FashionMNIST(
    root="data", train=False, download=True, transform=v2.ToImage()
)
print(f"Training images: {len(train_set)}")
print(f"Test images: {len(test_set)}")

image, label = train_set[0]
print(f"First training sample: {image.dtype} image of shape {tuple(image.shape)}, label {label}")
print(f"After prepare: {prepare(image).dtype}, shape {tuple(prepare(image).shape)}")

# %%
# The labels are integers from 0 to 9, one for each class:
#
# =====  ===========
# Label  Class
# =====  ===========
# 0      T-shirt/top
# 1      Trouser
# 2      Pullover
# 3      Dress
# 4      Coat
# 5      Sandal
# 6      Shirt
# 7      Sneaker
# 8      Bag
# 9      Ankle boot
# =====  ===========
#
# The dataset keeps the class names in label order, so that
# ``classes[label]`` is the name of a label:

classes = train_set.classes

# %%
# Dataset and DataLoader
# ----------------------
#
# A ``Dataset`` returns one sample at a time.  A ``DataLoader`` wraps it and
# yields **mini-batches**: ``batch_size`` samples stacked into one tensor.
# ``shuffle=True`` draws the training samples in a new order every epoch (one
# full pass over the data).  ``num_workers`` processes load batches in
# parallel (0: the main process does it), and ``pin_memory=True`` stages
# batches in page-locked memory for faster copies to a CUDA GPU; other
# accelerators do not use it, and PyTorch warns on them.  Workers (one per
# core but one, at most 8) read images while an accelerator trains.

import os

batch_size = 128
num_workers = min(8, os.cpu_count() - 1) if device.type != "cpu" else 0
pin_memory = device.type == "cuda"
print(f"Batch size: {batch_size}")
print(f"Worker processes: {num_workers}, pinned memory: {pin_memory}")

train_loader = torch.utils.data.DataLoader(
    train_set, batch_size=batch_size, shuffle=True, num_workers=num_workers, pin_memory=pin_memory
)
test_loader = torch.utils.data.DataLoader(
    test_set, batch_size=batch_size, num_workers=num_workers, pin_memory=pin_memory
)
print(f"Training batches per epoch: {len(train_loader)}")

# %%
# Running this script on Windows or macOS
# ---------------------------------------
#
# There, each DataLoader worker is a new Python process that first runs this
# script's top-level code, so code that iterates a DataLoader must sit under
# ``if __name__ == "__main__":`` (or Python stops with a ``RuntimeError``).
# From here on, every cell that iterates a loader or draws a figure is
# guarded; definitions stay at the top level, where the workers find them.
#
# Some training images:

# sphinx_gallery_thumbnail_number = 1
import matplotlib.pyplot as plt

if __name__ == "__main__":
    fig, axes = plt.subplots(2, 8, figsize=(12, 3.6), layout="constrained")
    for index, ax in enumerate(axes.flat):
        image, label = train_set[index]
        # The image has one channel; drop it to get a 28x28 array for imshow.
        ax.imshow(image.squeeze(0), cmap="gray", vmin=0, vmax=255)
        ax.set_title(classes[label], fontsize=10)
        ax.axis("off")
    fig.suptitle("Fashion-MNIST training images")
    plt.show()

# %%
# Define the network
# ------------------
#
# The same LeNet-5 as in the previous tutorial, defined again so that this
# script stands on its own.  ``.to(device)`` moves its parameters to the
# device.

import torch.nn as nn
import torch.nn.functional as F


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        # The first convolution takes 1 input channel and produces 6 channels with 5x5 kernels.
        self.conv1 = nn.Conv2d(1, 6, 5)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        # A 1x32x32 image becomes 6x28x28 after conv1, and 6x14x14 after pooling.
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        # Then 16x10x10 after conv2, and 16x5x5 after pooling.
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        # Flatten every dimension except the first one, the batch dimension.
        x = torch.flatten(x, 1)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        # The last layer returns 10 raw scores, one per class.
        return self.fc3(x)


net = Net().to(device)

# %%
# Loss function and optimizer
# ---------------------------
#
# ``nn.CrossEntropyLoss`` takes the network's raw scores and the index of the
# correct class, applies a softmax, and returns the negative log of the
# probability given to the correct class.  The class indices must be
# integers (``torch.long``); labels that arrive as floats, say from a CSV
# file, fail:

criterion = nn.CrossEntropyLoss()
scores = torch.randn(4, 10)
float_labels = torch.tensor([3.0, 0.0, 9.0, 1.0])
try:
    criterion(scores, float_labels)
except RuntimeError as error:
    print(f"RuntimeError: {error}")
print(f"with .long(): loss {criterion(scores, float_labels.long()).item():.3f}")

# %%
# The optimizer is SGD with momentum, and ``OneCycleLR`` changes the learning
# rate after every batch (the "make it fast" box says why).

num_epochs = 2
optimizer = torch.optim.SGD(net.parameters(), lr=0.1, momentum=0.9)
scheduler = torch.optim.lr_scheduler.OneCycleLR(
    optimizer, max_lr=0.1, epochs=num_epochs, steps_per_epoch=len(train_loader)
)

# %%
# The training loop
# -----------------
#
# Each step is the one from the previous tutorial, plus ``prepare``: move the
# batch to the device, prepare it, clear the gradients, forward, loss,
# backward, update.  Note the assignment in ``images = images.to(device)``:
# for a tensor ``.to`` returns a copy, whereas a module moves in place.  We
# record the average loss every ``log_every`` batches.

log_every = 50


def train_one_epoch(model, optimizer, scheduler, batches, epoch):
    """Train ``model`` for one epoch of ``batches``; return (progress, average loss) pairs."""
    model.train()
    history = []
    running_loss = torch.zeros((), device=device)
    for i, (images, labels) in enumerate(batches, start=1):
        images = prepare(images.to(device, non_blocking=True))
        labels = labels.to(device, non_blocking=True)

        optimizer.zero_grad()
        loss = criterion(model(images), labels)
        loss.backward()
        optimizer.step()
        scheduler.step()

        # Detach the loss so that the running sum does not keep the graph alive.
        running_loss += loss.detach()
        if i % log_every == 0:
            history.append((epoch + i / len(batches), running_loss.item() / log_every))
            running_loss.zero_()
    return history


# %%
# ``fit`` prints each epoch's loss, time and throughput (images per second),
# after waiting for the GPU to finish the work queued on it.

import time


def fit(model, optimizer, scheduler, batches, epochs, name):
    """Train ``model`` for ``epochs`` epochs, printing each epoch's loss, time and throughput."""
    history = []
    for epoch in range(epochs):
        start = time.perf_counter()
        history += train_one_epoch(model, optimizer, scheduler, batches, epoch)
        if device.type != "cpu":
            torch.accelerator.synchronize()
        seconds = time.perf_counter() - start
        print(
            f"{name}, epoch {epoch + 1}/{epochs}: loss {history[-1][1]:.3f}, "
            f"{seconds:.2f} s ({len(train_set) / seconds:,.0f} images/s)"
        )
    return history


if __name__ == "__main__":
    loss_history = fit(net, optimizer, scheduler, train_loader, num_epochs, "DataLoader")

# %%
# The loss starts near 2.3, which is :math:`\ln 10`: the loss of a network
# that gives all 10 classes the same probability.

if __name__ == "__main__":
    progress, losses = zip(*loss_history)
    fig, ax = plt.subplots(figsize=(7, 3.5), layout="constrained")
    ax.plot(progress, losses, marker="o", markersize=3)
    ax.set_xlabel("epoch")
    ax.set_ylabel(f"average loss over {log_every} batches")
    ax.set_title("Training loss")
    ax.grid(True, alpha=0.3)
    plt.show()

# %%
# .. dropdown:: Make it fast (optional)
#
#    **Workers and pinned memory.**  Reading images is Python work, one
#    image at a time, and with ``num_workers=0`` a GPU waits while the main
#    process reads each batch.  On a CPU the workers compete with training
#    for the same cores, which is why there are none there.
#
#    **Batched transforms.**  ``Pad``, ``ToDtype`` and ``Normalize`` in the
#    dataset would run once per image, in Python, every epoch: for a network
#    this small that costs the CPU more than the training itself.
#    ``prepare`` runs them once per batch, on the device.
#
#    **Batch size and learning rate.**  Every step has a fixed cost, so
#    fewer, larger batches make an epoch faster.  A larger batch averages the
#    gradient over more images, so each step can be longer: the variant at the
#    end of the page doubles the batch and multiplies the learning rate by
#    about 1.4 (the square root of 2, a common rule for SGD).  Fewer steps
#    also learn less per epoch, so it trains one epoch more, which its cheap
#    epochs allow.
#
#    **No waiting on the GPU.**  ``non_blocking=True`` lets the copy of a
#    pinned batch overlap with computation, and the loop sums the loss on the
#    device: calling ``.item()`` at every step would make the CPU wait for the
#    GPU each time.
#
#    **The learning rate schedule.**  ``OneCycleLR`` raises the learning rate
#    to ``max_lr`` and then lowers it to almost zero over the run (momentum
#    moves the opposite way): large steps early, small steps to settle.  With
#    two epochs it gives a few points of accuracy more than a constant rate.
#
#    **torch.compile and bfloat16.**  ``torch.compile(net)`` fuses operations
#    into fewer kernels, and mixed precision runs most operations in 16-bit
#    floats:
#
#    .. code-block:: python
#
#        with torch.autocast(device_type=device.type, dtype=torch.bfloat16):
#            loss = criterion(net(images), labels)
#        loss.backward()
#
#    Both speed up large models on modern GPUs.  LeNet is so small that the
#    GPU mostly waits for data, so expect little from them here; measure with
#    the images per second printed above.  What helps this model is removing
#    the loading cost, as the end of the page does.
#
# Testing the network
# -------------------
#
# A low training loss could mean memorized images; the real check is the
# 10,000 test images the network has never seen.  ``model.eval()`` switches
# layers such as dropout and batch normalization to inference behaviour, and
# ``torch.inference_mode()`` turns off gradient tracking.


def predict(model, loader):
    """Return the predicted and the true class of every sample in ``loader``."""
    model.eval()
    predictions, targets = [], []
    with torch.inference_mode():
        for images, labels in loader:
            scores = model(prepare(images.to(device, non_blocking=True)))
            predictions.append(scores.argmax(dim=1))
            targets.append(labels)
    # Move the results to the CPU once, at the end, rather than batch by batch.
    return torch.cat(predictions).cpu(), torch.cat(targets).cpu()


# %%
# Common error: forgetting ``eval()``
# -----------------------------------
#
# LeNet has no dropout or batch normalization, but most networks do, and in
# training mode they behave differently.  Dropout zeroes random values, so
# the same input gives different outputs; batch normalization uses the
# statistics of the batch, so a batch of one fails.

demo = nn.Sequential(nn.Linear(4, 4), nn.Dropout(0.5), nn.BatchNorm1d(4))
pair = torch.ones(2, 4)
print(f"train mode, same input twice, equal outputs: {torch.equal(demo(pair), demo(pair))}")
try:
    demo(torch.ones(1, 4))
except ValueError as error:
    print(f"ValueError: {error}")

demo.eval()
print(f"eval mode, same input twice, equal outputs: {torch.equal(demo(pair), demo(pair))}")
print(f"eval mode, batch of one: output shape {tuple(demo(torch.ones(1, 4)).shape)}")

# %%
# The accuracy over the whole test set; random guessing would score 10 %.

if __name__ == "__main__":
    predictions, targets = predict(net, test_loader)
    accuracy = (predictions == targets).float().mean().item() * 100
    print(f"Accuracy on the 10000 test images: {accuracy:.1f} %")

# %%
# ``torch.bincount`` counts, for each class, the test images and the correct
# predictions.

if __name__ == "__main__":
    correct = predictions == targets
    correct_per_class = torch.bincount(targets[correct], minlength=len(classes))
    total_per_class = torch.bincount(targets, minlength=len(classes))
    class_accuracy = 100 * correct_per_class / total_per_class
    for name, value in zip(classes, class_accuracy):
        print(f"Accuracy for class {name:12s}: {value:.1f} %")

# %%
# Trousers, bags, sandals, sneakers and ankle boots are almost always right.
# Shirts are the hardest: at 32x32 pixels they look like T-shirts, pullovers
# and coats.
#
# Saving and loading the model
# ----------------------------
#
# A ``state_dict`` maps each parameter (and buffer) name to its tensor.  Save
# it rather than the model object: to load it, you build the model from its
# class and fill in the weights.

if __name__ == "__main__":
    print(f"state_dict keys: {list(net.state_dict())}")
    model_path = "data/fashion_lenet.pt"
    torch.save(net.state_dict(), model_path)

# %%
# ``weights_only=True`` (the default since PyTorch 2.6) lets ``torch.load``
# read only tensors and plain containers, so an untrusted file cannot run
# code; ``map_location`` puts the tensors on our device.  The reloaded
# network predicts exactly like the trained one:

if __name__ == "__main__":
    fresh_net = Net().to(device)
    fresh_net.load_state_dict(torch.load(model_path, map_location=device, weights_only=True))
    fresh_net.eval()

    images, labels = next(iter(test_loader))
    images = prepare(images.to(device))
    with torch.inference_mode():
        same = torch.equal(net(images).argmax(dim=1), fresh_net(images).argmax(dim=1))
    print(f"The reloaded network makes the same predictions: {same}")

# %%
# Keeping the GPU busy
# --------------------
#
# LeNet-5 is so small that a GPU trains on a batch faster than the CPU reads
# its images one by one: with a DataLoader, the GPU mostly waits.  But
# ``train_set.data`` holds all training images in one 47 MB tensor: copied to
# the device once, it gives batches with no reading at all.

import math


class DeviceBatches:
    """Shuffled batches cut from tensors on the device; like a DataLoader, it has a length."""

    def __init__(self, images, labels, batch_size):
        self.images, self.labels, self.batch_size = images, labels, batch_size

    def __len__(self):
        return math.ceil(len(self.images) / self.batch_size)

    def __iter__(self):
        order = torch.randperm(len(self.images), device=self.images.device)
        for index in order.split(self.batch_size):
            yield self.images[index], self.labels[index]


# %%
# Without per-image work, larger batches pay off: 256 images, a learning
# rate to match and one more epoch (see the "make it fast" box).  The times
# below were measured by the machine that built this page.

if __name__ == "__main__":
    images, labels = train_set.data.unsqueeze(1).to(device), train_set.targets.to(device)
    fast_loader = DeviceBatches(images, labels, batch_size=256)
    fast_net = Net().to(device)
    fast_optimizer = torch.optim.SGD(fast_net.parameters(), lr=0.14, momentum=0.9)
    fast_scheduler = torch.optim.lr_scheduler.OneCycleLR(
        fast_optimizer, max_lr=0.14, epochs=3, steps_per_epoch=len(fast_loader)
    )
    fit(fast_net, fast_optimizer, fast_scheduler, fast_loader, 3, "On the device")
    fast_predictions, _ = predict(fast_net, test_loader)
    fast_accuracy = (fast_predictions == targets).float().mean().item() * 100
    print(f"Test accuracy, on the device: {fast_accuracy:.1f} %")

# %%
# Exercise
# --------
#
# With ``batch_size = 256``, how many optimizer steps do the two epochs take,
# and what must change in the ``OneCycleLR`` line?
#
# .. dropdown:: Solution
#
#    60,000 / 256 = 234.4, so 235 batches per epoch (the last one holds 96
#    images) and 470 steps in all.  Nothing changes in the scheduler line:
#    ``steps_per_epoch=len(train_loader)`` follows the loader.
#
# Summary
# -------
#
# - ``torchvision`` loads datasets; ``transforms.v2`` prepares images, one by
#   one or in batches.
# - A ``DataLoader`` makes shuffled mini-batches, optionally with workers;
#   code that iterates it belongs under ``if __name__ == "__main__":``.
# - The training loop is the previous tutorial's, over batches and epochs;
#   ``.to(device)`` is all it takes to train on a GPU.
# - ``model.eval()`` before testing; our LeNet-5 reaches more than 85 %
#   accuracy on Fashion-MNIST in two epochs.
# - ``torch.save`` a ``state_dict``, and restore it with ``load_state_dict``.
# - A model this small waits for its input: keep the data on the device.
#
# Next (optional): several devices at once, in
# :ref:`sphx_glr_tutorials_data_parallel_tutorial.py`.
