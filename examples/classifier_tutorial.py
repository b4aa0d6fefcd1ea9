"""
=====================
Training a classifier
=====================

You have seen how to define a neural network, compute a loss and update the
weights.  Now we put it all together and train a real image classifier.

**What you will learn**

- how to load an image dataset with ``torchvision`` and prepare it with
  transforms;
- what ``Dataset`` and ``DataLoader`` do: batching, shuffling, worker
  processes;
- how to write a training loop that runs on a GPU when there is one, and plot
  its loss;
- how to measure the accuracy on test data, overall and per class;
- how to save a trained model's ``state_dict`` and load it back.

**Prerequisites**: the LeNet-5 network, losses and optimizers from
:ref:`sphx_glr_tutorials_neural_networks_tutorial.py`.
"""

# %%
# What about data?
# ----------------
#
# Training data usually starts as files: images, text or audio.  Standard
# Python packages turn them into NumPy arrays (Pillow or OpenCV for images,
# SciPy or librosa for audio, NLTK or spaCy for text), and those convert to
# tensors.  For vision, the ``torchvision`` package goes further: it has
# loaders for common datasets and transforms to prepare the images.
#
# We use **Fashion-MNIST**: 70,000 grayscale images of clothing, 28x28 pixels
# each, in 10 classes, split into 60,000 training images and 10,000 test
# images.  It is harder than the classic handwritten digits of MNIST, yet small
# enough to train on a laptop CPU in well under a minute.
#
# We will go through these steps:
#
# 1. Load and normalize the training and test sets with ``torchvision``.
# 2. Define a convolutional neural network.
# 3. Define a loss function and an optimizer.
# 4. Train the network on the training data.
# 5. Test the network on the test data.
#
# Picking the device
# ------------------
#
# Everything on this page runs on an accelerator (such as a CUDA GPU) when one
# is available, and on the CPU otherwise.  The printed line shows which device
# built the page you are reading.

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
# ``torchvision`` datasets return PIL images.  A *transform* turns each image
# into what the network expects, every time a sample is read:
#
# - ``transforms.Pad(2)`` adds a 2-pixel black border, so the 28x28 images
#   become 32x32.  That is the input size of LeNet-5, which was itself designed
#   for padded 28x28 digits, so the network of the previous tutorial can be
#   reused unchanged.
# - ``transforms.ToTensor()`` converts the image to a float tensor of shape
#   (1, 32, 32) with values in [0, 1].
# - ``transforms.Normalize(mean, std)`` subtracts the mean and divides by the
#   standard deviation, so that the inputs are centered around 0 with a spread
#   of about 1, a range in which gradient descent works well.  The values
#   0.2860 and 0.3530 are the mean and standard deviation of the pixels of the
#   60,000 training images.

from torchvision import transforms

mean, std = 0.2860, 0.3530
transform = transforms.Compose(
    [
        transforms.Pad(2),
        transforms.ToTensor(),
        transforms.Normalize((mean,), (std,)),
    ]
)

# %%
# Loading Fashion-MNIST
# ---------------------
#
# ``torchvision.datasets.FashionMNIST`` downloads the dataset into ``root``
# the first time, and reads the local copy after that.  ``train=True`` selects
# the 60,000 training images, ``train=False`` the 10,000 test images.  Indexing
# a dataset returns one ``(image, label)`` pair, with the transform applied.

import torchvision

train_set = torchvision.datasets.FashionMNIST(
    root="data", train=True, download=True, transform=transform
)
test_set = torchvision.datasets.FashionMNIST(
    root="data", train=False, download=True, transform=transform
)
print(f"Training images: {len(train_set)}")
print(f"Test images: {len(test_set)}")

image, label = train_set[0]
print(f"First training sample: image of shape {tuple(image.shape)}, label {label}")

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
# The code keeps the class names in a tuple, in label order, so that
# ``classes[label]`` is the name of a label:

classes = (
    "T-shirt/top",
    "Trouser",
    "Pullover",
    "Dress",
    "Coat",
    "Sandal",
    "Shirt",
    "Sneaker",
    "Bag",
    "Ankle boot",
)
for index, name in enumerate(classes):
    print(f"Label {index}: {name}")

# %%
# Dataset and DataLoader
# ----------------------
#
# A ``torch.utils.data.Dataset`` is anything with a length and an index: it
# returns one sample at a time, and applies the transform when the sample is
# read.  Training works on **mini-batches**, though, and that is the job of
# ``torch.utils.data.DataLoader``.  It wraps a dataset and yields batches:
#
# - ``batch_size`` samples are read and stacked into one tensor, here of shape
#   (batch size, 1, 32, 32), plus a tensor of labels.
# - ``shuffle=True`` draws the training samples in a new random order at every
#   epoch (one full pass over the data), so that consecutive batches are not
#   correlated and no two epochs see the same batches.  The test set does not
#   need it.
# - ``num_workers`` is the number of worker processes that load and transform
#   batches in parallel; 0 means the main process does it between training
#   steps.
# - ``pin_memory=True`` puts the batches in page-locked memory, from which an
#   accelerator can copy them asynchronously.
#
# Why workers matter on a GPU: reading and transforming images is Python work
# done one image at a time, and with ``num_workers=0`` the GPU waits while the
# main process prepares each batch.  For a network as small as LeNet, loading
# takes longer than training: on an H100, an epoch of this tutorial (with
# batches of 64) took about 13 seconds with no workers and about 4 seconds
# with 4 workers and pinned memory.  On a CPU, the workers compete with the
# training for the same cores; on a 2-core machine no workers at all was the
# fastest.  So we start up to 4 workers with an accelerator, and none without.
#
# A batch size of 128 suits both cases.  Every step has a fixed overhead, so
# fewer, larger batches make an epoch faster: much faster on a GPU, and even
# on a 2-core CPU an epoch took about 5.5 seconds with batches of 128 against
# 7.5 seconds with 64.  With the learning rate schedule chosen below, 128
# still reaches a good accuracy in two epochs.

import os

use_accelerator = device.type != "cpu"
batch_size = 128
num_workers = min(4, os.cpu_count()) if use_accelerator else 0
print(f"Batch size: {batch_size}")
print(f"Worker processes: {num_workers}, pinned memory: {use_accelerator}")

# %%
# Both loaders use these settings; only the training set is shuffled.

train_loader = torch.utils.data.DataLoader(
    train_set,
    batch_size=batch_size,
    shuffle=True,
    num_workers=num_workers,
    pin_memory=use_accelerator,
)
test_loader = torch.utils.data.DataLoader(
    test_set,
    batch_size=batch_size,
    shuffle=False,
    num_workers=num_workers,
    pin_memory=use_accelerator,
)
print(f"Training batches per epoch: {len(train_loader)}")
print(f"Test batches: {len(test_loader)}")

# %%
# Running this script on Windows or macOS
# ---------------------------------------
#
# On Windows and macOS, each DataLoader worker is a new Python process that
# starts by running this script's top-level code, to find the definitions it
# needs, such as the dataset and its transform.  Top-level code that iterates
# a DataLoader would then run again in every worker, and try to start workers
# of its own: Python stops this with a ``RuntimeError`` (sometimes reported as
# a ``BrokenPipeError``).
#
# The usual fix is the ``if __name__ == "__main__":`` guard: its body runs
# only in the process you started, not in the workers.  From here on, every
# cell that iterates a DataLoader (training, testing, the save and load check)
# or draws a figure (workers should not open windows) sits under the guard,
# while definitions (imports, transforms, datasets, the model class, helper
# functions) stay at the top level, where the workers can find them.  So the
# downloaded script runs as it is on every system, with any number of workers.
# (The top-level prints do run again in each worker, which is harmless.)
#
# The first guarded cell takes one batch from the training loader, to check
# the shapes the network will receive.

if __name__ == "__main__":
    images, labels = next(iter(train_loader))
    print(f"A batch of images: {tuple(images.shape)}")
    print(f"A batch of labels: {tuple(labels.shape)}")

# %%
# Let us look at some training images.  We read them straight from the
# dataset and undo the normalization (``image * std + mean``) so that the
# pixels are back in [0, 1] for display.

# sphinx_gallery_thumbnail_number = 1
import matplotlib.pyplot as plt

if __name__ == "__main__":
    fig, axes = plt.subplots(2, 8, figsize=(12, 3.6), layout="constrained")
    for index, ax in enumerate(axes.flat):
        image, label = train_set[index]
        # The image has one channel; drop it to get a 32x32 array for imshow.
        ax.imshow(image.squeeze(0) * std + mean, cmap="gray", vmin=0, vmax=1)
        ax.set_title(classes[label], fontsize=10)
        ax.axis("off")
    fig.suptitle("Fashion-MNIST training images, padded to 32x32")
    plt.show()

# %%
# Define the network
# ------------------
#
# This is the same LeNet-5 as in the previous tutorial, unchanged: one input
# channel, 32x32 images, 10 output scores.  We define it again so that this
# script stands on its own.  ``.to(device)`` moves its parameters to the
# device.

import torch.nn as nn
import torch.nn.functional as F


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        # The first convolution takes 1 input channel and produces 6 channels with 5x5 kernels.
        self.conv1 = nn.Conv2d(1, 6, 5)
        # The second convolution turns those 6 channels into 16, again with 5x5 kernels.
        self.conv2 = nn.Conv2d(6, 16, 5)
        # Fully connected layers compute y = Wx + b; the first one sees 16 maps of 5x5 values.
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
# For classification we use ``nn.CrossEntropyLoss``.  It takes the raw scores
# of the network and the index of the correct class, turns the scores into
# probabilities with a softmax, and returns the negative log of the
# probability given to the correct class: the loss is small when the network
# is confident and right.
#
# The optimizer is SGD with momentum, which keeps a running average of past
# gradients and so moves faster along consistent directions.  We add a
# *learning rate schedule*, ``OneCycleLR``: over the whole run the learning
# rate climbs from a small value up to ``max_lr`` and then decays to almost
# zero (while the momentum moves the opposite way).  Large steps early make
# quick progress; small steps at the end let the weights settle.  With only
# two epochs, this gives a few points of accuracy more than a constant learning
# rate.  The scheduler needs the total number of steps, and is advanced after
# every batch.

num_epochs = 2
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(net.parameters(), lr=0.1, momentum=0.9)
scheduler = torch.optim.lr_scheduler.OneCycleLR(
    optimizer, max_lr=0.1, epochs=num_epochs, steps_per_epoch=len(train_loader)
)

# %%
# The training loop
# -----------------
#
# One epoch loops over the training loader.  Each step is the one from the
# previous tutorial: move the batch to the device, clear the gradients, run the
# forward pass, compute the loss, backpropagate, update the weights (and the
# learning rate).  Note the assignment in ``images = images.to(device)``: for
# a tensor, ``.to`` returns a copy on the device, whereas for a module it
# moves the parameters in place.
#
# Two details keep a GPU busy.  ``non_blocking=True`` lets the copy of a
# pinned batch overlap with computation.  And the loss is summed as a tensor
# on the device: calling ``.item()`` at every step would make the CPU wait for
# the GPU to finish each step before it can queue the next one.  We read the
# value, and so wait, only every ``log_every`` batches, to record the average
# loss over those batches.

log_every = 50


def train_one_epoch(epoch):
    """Train ``net`` for one epoch; return (epoch progress, average loss) pairs."""
    net.train()
    history = []
    running_loss = torch.zeros((), device=device)
    for i, (images, labels) in enumerate(train_loader, start=1):
        images = images.to(device, non_blocking=True)
        labels = labels.to(device, non_blocking=True)

        optimizer.zero_grad()
        loss = criterion(net(images), labels)
        loss.backward()
        optimizer.step()
        scheduler.step()

        # Detach the loss so that the running sum does not keep the graph alive.
        running_loss += loss.detach()
        if i % log_every == 0:
            history.append((epoch + i / len(train_loader), running_loss.item() / log_every))
            running_loss.zero_()
    return history


# %%
# Now we train for two epochs, printing the latest average loss at the end of
# each one, with how long the epoch took and how many images per second that
# is.  Throughput is the number to watch when you change the batch size, the
# number of workers or the device.

import time

if __name__ == "__main__":
    loss_history = []
    for epoch in range(num_epochs):
        start = time.perf_counter()
        loss_history += train_one_epoch(epoch)
        seconds = time.perf_counter() - start
        print(
            f"Epoch {epoch + 1}/{num_epochs}: loss {loss_history[-1][1]:.3f}, "
            f"{seconds:.1f} s ({len(train_set) / seconds:,.0f} images/s)"
        )
    print("Finished training.")

# %%
# The loss curve shows how training went.  It starts near 2.3, which is
# :math:`\ln 10`: the loss of a network that gives the same probability to all
# 10 classes.  It drops fast during the first third of an epoch, then keeps
# improving slowly.

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
# Testing the network
# -------------------
#
# A low training loss does not prove that the network has learned anything
# useful: it could have memorized the training images.  The real check is data
# it has never seen, the 10,000 test images.
#
# The helper below predicts a class for every test image: the class with the
# highest score.  ``model.eval()`` switches layers such as dropout or batch
# normalization to inference behavior (LeNet has none, but it is a good
# habit), and ``torch.inference_mode()`` turns off gradient tracking, which
# saves memory and time when we do not train.

def predict(model, loader):
    """Return the predicted and the true class of every sample in ``loader``."""
    model.eval()
    predictions, targets = [], []
    with torch.inference_mode():
        for images, labels in loader:
            scores = model(images.to(device, non_blocking=True))
            predictions.append(scores.argmax(dim=1))
            targets.append(labels)
    # Move the predictions to the CPU once, at the end, rather than batch by batch.
    return torch.cat(predictions).cpu(), torch.cat(targets)


# %%
# First, a few test images with their true class and the predicted one:

if __name__ == "__main__":
    predictions, targets = predict(net, test_loader)
    for i in range(8):
        print(f"Image {i}: true {classes[targets[i]]:12s} predicted {classes[predictions[i]]}")

# %%
# Then the accuracy over the whole test set.  Random guessing would be right
# 10 % of the time.

if __name__ == "__main__":
    accuracy = (predictions == targets).float().mean().item() * 100
    print(f"Accuracy on the 10000 test images: {accuracy:.1f} %")

# %%
# That is far better than chance.  Which classes does the network handle well?
# ``torch.bincount`` counts, for each class, the test images and the correctly
# classified ones.

if __name__ == "__main__":
    correct = predictions == targets
    correct_per_class = torch.bincount(targets[correct], minlength=len(classes))
    total_per_class = torch.bincount(targets, minlength=len(classes))
    class_accuracy = 100 * correct_per_class / total_per_class
    for name, value in zip(classes, class_accuracy):
        print(f"Accuracy for class {name:12s}: {value:.1f} %")

# %%
# A bar chart makes the differences easier to see.  The dashed line is the
# overall accuracy.

if __name__ == "__main__":
    fig, ax = plt.subplots(figsize=(7, 3.5), layout="constrained")
    ax.barh(classes, class_accuracy)
    ax.axvline(accuracy, color="black", linestyle="--", label="all classes")
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("test accuracy (%)")
    ax.set_title("Accuracy per class")
    ax.legend(loc="lower left")
    plt.show()

# %%
# Trousers, bags, sandals, sneakers and ankle boots have distinctive shapes
# and are recognized almost always.  Shirts are the hardest: at 32x32 pixels they look
# like T-shirts, pullovers and coats, the classes they get confused with.
#
# Saving and loading the model
# ----------------------------
#
# A model's ``state_dict`` is a dictionary that maps each parameter (and
# buffer) name to its tensor.  Saving it, rather than the whole model object,
# keeps the file independent of your code's layout: to load it, you create the
# model from its class and fill in the weights.

if __name__ == "__main__":
    print(f"state_dict keys: {list(net.state_dict())}")
    model_path = "data/fashion_lenet.pt"
    torch.save(net.state_dict(), model_path)

# %%
# To load the weights, create a fresh network and call ``load_state_dict``.
# ``weights_only=True`` (the default since PyTorch 2.6) restricts
# ``torch.load`` to tensors and plain containers, so a file from an untrusted
# source cannot run code.  ``map_location`` puts the tensors on our device,
# whatever device they were saved from.  The reloaded network should predict
# exactly like the trained one:

if __name__ == "__main__":
    fresh_net = Net().to(device)
    fresh_net.load_state_dict(torch.load(model_path, map_location=device, weights_only=True))
    fresh_net.eval()

    images, labels = next(iter(test_loader))
    images = images.to(device)
    with torch.inference_mode():
        same = torch.equal(net(images).argmax(dim=1), fresh_net(images).argmax(dim=1))
    print(f"The reloaded network makes the same predictions: {same}")

# %%
# Summary
# -------
#
# - ``torchvision.datasets`` loads standard datasets, and transforms prepare
#   each sample: here padding, conversion to a tensor and normalization.
# - A ``DataLoader`` turns a dataset into shuffled mini-batches, optionally
#   loaded by worker processes; code that iterates it belongs under
#   ``if __name__ == "__main__":``.
# - Training is the loop from the previous tutorial, repeated over batches and
#   epochs; moving the model and the batches with ``.to(device)`` is all it
#   takes to train on a GPU.
# - The test set measures what the network really learned: our LeNet-5
#   reaches more than 85 % accuracy on Fashion-MNIST in two epochs.
# - ``state_dict`` with ``torch.save`` and ``load_state_dict`` saves and
#   restores the weights.
#
# Going further (optional)
# ------------------------
#
# The loop above is deliberately plain.  On a GPU, these additions are common:
#
# - ``torch.compile(net)`` compiles the model into fused kernels; the first
#   steps are slower while it compiles, the following ones faster.
# - Mixed precision runs most operations in 16-bit floats, which modern GPUs
#   compute much faster:
#
#   .. code-block:: python
#
#       with torch.autocast(device_type=device.type, dtype=torch.bfloat16):
#           loss = criterion(net(images), labels)
#       loss.backward()
#
# - A dataset as small as Fashion-MNIST fits in GPU memory: transforming it
#   once and slicing batches from one tensor on the GPU removes the loading
#   cost altogether, and then much larger batches pay off.
#
# Next: use several GPUs at once in
# :ref:`sphx_glr_tutorials_data_parallel_tutorial.py`.
