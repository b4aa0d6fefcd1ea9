"""
=====================
Training a classifier
=====================

Now we put the previous tutorials together: train a real image classifier,
measure how good it is, and ask it about images it has never seen.

**What you will learn**

- how to load an image dataset and prepare each image with transforms;
- what ``Dataset`` and ``DataLoader`` do;
- how to train on a GPU when there is one, and test the result;
- how to save a trained model and load it back;
- how to turn the network's scores into a prediction with probabilities.

**Prerequisites**: :ref:`sphx_glr_tutorials_neural_networks_tutorial.py`.
"""

# %%
# The device
# ----------
#
# Everything runs on an accelerator when there is one, and on the CPU
# otherwise.  ``torch.accelerator`` finds NVIDIA GPUs, AMD GPUs (a ROCm build
# of PyTorch calls them ``cuda`` too), Apple's MPS and others.

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
# **Fashion-MNIST** has 70,000 grayscale images of clothing, 28x28 pixels, in
# 10 classes: 60,000 for training and 10,000 for testing.  A *transform*
# turns each image into what the network expects; this pipeline of
# ``torchvision.transforms.v2`` runs on every image the dataset hands out:
#
# - ``ToImage()`` makes a (1, 28, 28) tensor of integers from 0 to 255;
# - ``Pad(2)`` adds a 2-pixel border: 32x32 is the input size of LeNet-5;
# - ``ToDtype(torch.float32, scale=True)`` makes floats in [0, 1];
# - ``Normalize`` subtracts the training pixels' mean (0.2860) and divides by
#   their standard deviation (0.3530): gradient descent works best on inputs
#   centred on 0.

from torchvision.transforms import v2

transform = v2.Compose([
    v2.ToImage(),
    v2.Pad(2),
    v2.ToDtype(torch.float32, scale=True),
    v2.Normalize((0.2860,), (0.3530,)),
])

# %%
# The dataset
# -----------
#
# ``FashionMNIST`` downloads the data into ``root`` the first time.  Indexing
# a dataset returns one ``(image, label)`` pair, transformed.  The labels are
# integers from 0 to 9, and ``classes[label]`` is the name of a label:
#
# =====  ===================
# Label  Class name
# =====  ===================
# 0      ``"T-shirt/top"``
# 1      ``"Trouser"``
# 2      ``"Pullover"``
# 3      ``"Dress"``
# 4      ``"Coat"``
# 5      ``"Sandal"``
# 6      ``"Shirt"``
# 7      ``"Sneaker"``
# 8      ``"Bag"``
# 9      ``"Ankle boot"``
# =====  ===================

from torchvision.datasets import FashionMNIST

train_set = FashionMNIST(root="data", train=True, download=True, transform=transform)
test_set = FashionMNIST(root="data", train=False, download=True, transform=transform)
classes = train_set.classes

image, label = train_set[0]
print(f"{len(train_set)} training images, {len(test_set)} test images")
print(f"First image: {image.dtype}, shape {tuple(image.shape)}")
print(f"Its label: {label}, {classes[label]}")

# sphinx_gallery_start_ignore
import matplotlib.pyplot as plt

fig, axes = plt.subplots(2, 6, figsize=(7.5, 3.2), layout="constrained")
for index, ax in enumerate(axes.flat):
    # train_set.data holds the raw 28x28 images, before the transform.
    ax.imshow(train_set.data[index], cmap="gray")
    ax.set_title(classes[train_set.targets[index]], fontsize=10)
    ax.axis("off")
fig.suptitle("Fashion-MNIST training images")
plt.show()
# sphinx_gallery_end_ignore

# %%
# Dataset and DataLoader
# ----------------------
#
# A ``Dataset`` returns one sample at a time.  A ``DataLoader`` wraps it and
# yields **mini-batches** of ``batch_size`` samples stacked into one tensor;
# ``shuffle=True`` draws them in a new order every epoch (one full pass over
# the data).
#
# All 60,000 images for five epochs take about a minute on a GPU but several
# minutes on a laptop CPU, so on a CPU this page trains on the first 10,000
# images for two epochs.  To train fully there, set ``train_size`` to
# ``len(train_set)`` and ``num_epochs`` to 5.

from torch.utils.data import DataLoader, Subset

if device.type == "cpu":
    train_size, num_epochs = 10_000, 2
else:
    train_size, num_epochs = len(train_set), 5
train_subset = Subset(train_set, range(train_size))
train_loader = DataLoader(train_subset, batch_size=64, shuffle=True)
test_loader = DataLoader(test_set, batch_size=256)
print(f"Training on {train_size} images: {len(train_loader)} batches per epoch")

# %%
# The network
# -----------
#
# The LeNet-5 of the previous tutorial (two convolution layers and three
# fully connected ones), defined again so that this script stands on its own.  Its initial weights are random, and so is the order in
# which the DataLoader draws the images: ``torch.manual_seed(0)`` makes both
# the same on every run.  On another machine or PyTorch version your numbers
# will still differ a little from the ones on this page.

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


torch.manual_seed(0)
net = Net().to(device)

# %%
# Loss function and optimizer
# ---------------------------
#
# ``nn.CrossEntropyLoss`` takes the network's raw scores and the index of the
# correct class, and returns the negative log of the probability that a
# softmax of the scores gives the correct class.  The optimizer is Adam at a
# fixed learning rate of 0.001: it scales each weight's step by the size of
# its recent gradients, so this default trains small networks well without
# tuning.

criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(net.parameters(), lr=0.001)

# %%
# The training loop
# -----------------
#
# Each step is the one from the previous tutorial, on a batch on the device.
# Note the assignment in ``images = images.to(device)``: for a tensor,
# ``.to`` returns a tensor on the device (a copy, or the same tensor when it
# is already there), whereas a module moves in place.  ``net.train()`` puts
# the network in training mode, the opposite of ``net.eval()`` below.

for epoch in range(num_epochs):
    net.train()
    total_loss = 0.0
    for images, labels in train_loader:
        images, labels = images.to(device), labels.to(device)
        optimizer.zero_grad()
        loss = criterion(net(images), labels)
        loss.backward()
        optimizer.step()
        total_loss += loss.item()
    average_loss = total_loss / len(train_loader)
    print(f"Epoch {epoch + 1}/{num_epochs}: average loss {average_loss:.3f}")

# %%
# Testing the network
# -------------------
#
# The real check is the 10,000 test images the network has never seen.
# ``model.eval()`` switches layers such as dropout and batch normalization to
# their inference behaviour (LeNet has none, but most networks do), and
# ``torch.inference_mode()`` turns off gradient tracking.  The predicted
# class is the one with the highest score: ``argmax(dim=1)`` of each row.


def predict(model, loader):
    """Return the predicted class of every image in ``loader``, in order."""
    model.eval()
    predictions = []
    with torch.inference_mode():
        for images, _ in loader:
            predictions.append(model(images.to(device)).argmax(dim=1).cpu())
    return torch.cat(predictions)


predictions = predict(net, test_loader)
targets = test_set.targets
accuracy = (predictions == targets).float().mean().item() * 100
print(f"Accuracy on the 10000 test images: {accuracy:.1f} %")

# %%
# Random guessing would score 10 %.  Expect about 80 % from the short
# training of a CPU and about 89 % from the full training of a GPU; the line
# above says what the machine that built this page reached.  Per class,
# ``torch.bincount`` counts the test images and the correct predictions:

correct = torch.bincount(targets[predictions == targets], minlength=10)
total = torch.bincount(targets, minlength=10)
for name, class_accuracy in zip(classes, 100 * correct / total):
    print(f"Accuracy for class {name:12s}: {class_accuracy:.1f} %")

# %%
# Trousers and bags are easy.  Shirts are by far the hardest: they look like
# T-shirts, pullovers and coats.
#
# Saving and loading the model
# ----------------------------
#
# A ``state_dict`` maps each parameter name to its tensor.  Save it rather
# than the model object; to load it, build the model from its class and fill
# in the weights.  ``map_location`` puts the tensors on our device, and
# ``weights_only=True`` lets ``torch.load`` read tensors only, so an
# untrusted file cannot run code.

print(f"state_dict keys: {list(net.state_dict())}")
torch.save(net.state_dict(), "data/fashion_lenet.pt")

fresh_net = Net().to(device)
state_dict = torch.load("data/fashion_lenet.pt", map_location=device, weights_only=True)
print(f"Loading: {fresh_net.load_state_dict(state_dict)}")

# %%
# Predicting one image
# --------------------
#
# The loaded network expects a batch, so ``unsqueeze(0)`` turns one image
# into a batch of one.  ``softmax`` turns its 10 scores into probabilities
# that sum to 1, and ``topk(3)`` picks the three most likely classes.

fresh_net.eval()
image, label = test_set[0]
with torch.inference_mode():
    scores = fresh_net(image.unsqueeze(0).to(device))
probabilities = scores.softmax(dim=1)[0]
print(f"True class: {classes[label]}")
for p, index in zip(*probabilities.topk(3)):
    print(f"  {classes[index]:12s} {p.item():6.1%}")

# %%
# The first 15 test images, with the predicted class above each one; a
# mistake is red, with the true class below.

mistakes = (predictions[:15] != targets[:15]).sum().item()
print(f"Mistakes among the first 15 test images: {mistakes}")

# sphinx_gallery_thumbnail_number = 2
# sphinx_gallery_start_ignore
fig, axes = plt.subplots(3, 5, figsize=(6.5, 5), layout="constrained")
for index, ax in enumerate(axes.flat):
    predicted, true = predictions[index].item(), targets[index].item()
    color = "tab:green" if predicted == true else "tab:red"
    ax.imshow(test_set.data[index], cmap="gray")
    # Text rather than a title: the figure's alt text stays the same whatever the predictions.
    ax.text(0.5, 1.04, classes[predicted], color=color, fontsize=11,
            ha="center", va="bottom", transform=ax.transAxes)
    if predicted != true:
        ax.set_xlabel(classes[true], fontsize=11)
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set(color=color, linewidth=1 if predicted == true else 3)
fig.suptitle("Predicted class above each image; true class below a mistake")
plt.show()
# sphinx_gallery_end_ignore

# %%
# Exercise
# --------
#
# The prediction above applies ``softmax`` before choosing a class, while
# ``predict`` takes ``argmax`` of the raw scores.  Can the two ever pick a
# different class?
#
# .. dropdown:: Solution
#
#    No.  Softmax divides :math:`e^{s_i}` by the same sum for every class, and
#    :math:`e^x` grows with :math:`x`, so the largest score gets the largest
#    probability.  Use ``argmax`` to classify, and ``softmax`` only when you
#    want the probabilities.
#
# Summary
# -------
#
# - A ``transforms.v2`` pipeline prepares each image of a ``Dataset``; a
#   ``DataLoader`` makes shuffled mini-batches.
# - The training loop is the previous tutorial's, over batches and epochs;
#   ``.to(device)`` is all it takes to train on a GPU.
# - ``model.eval()`` and ``torch.inference_mode()`` before testing.
# - Save a ``state_dict`` with ``torch.save``, restore it with
#   ``load_state_dict``.
# - ``softmax`` turns scores into probabilities; ``argmax`` picks the class.
#
# Next (optional): why this loop leaves a GPU waiting and how to train many
# times faster, in the tutorial "Make it fast"; several devices at once, in
# :ref:`sphx_glr_tutorials_data_parallel_tutorial.py`.
