"""
=====================
Training a classifier
=====================

Now we put the previous tutorials together to train an image classifier.

**What you will learn**

- transforms, datasets and the ``DataLoader``;
- training on a GPU when there is one, and testing;
- saving and loading a model; probabilities from scores.

**Prerequisites**: :ref:`sphx_glr_tutorials_neural_networks_tutorial.py`.
"""

# %%
# The dataset
# -----------
#
# **Fashion-MNIST** has 28x28 grayscale images of clothing in 10 classes:
# 60,000 to train on, 10,000 to test.  The transform prepares each image:
# ``ToImage`` makes integers from 0 to 255, ``Pad(2)`` pads to LeNet's 32x32,
# ``ToDtype`` makes floats in [0, 1], and ``Normalize`` centres on 0 (with the
# training pixels' mean and standard deviation), because gradient descent
# works best that way.  A dataset returns ``(image, label)`` pairs;
# ``classes[label]`` names a label.

import torch
from torchvision.datasets import FashionMNIST
from torchvision.transforms import v2

device = (
    torch.accelerator.current_accelerator()
    if torch.accelerator.is_available()
    else torch.device("cpu")
)
transform = v2.Compose([
    v2.ToImage(),
    v2.Pad(2),
    v2.ToDtype(torch.float32, scale=True),
    v2.Normalize((0.2860,), (0.3530,)),
])
train_set = FashionMNIST(root="data", train=True, download=True, transform=transform)
test_set = FashionMNIST(root="data", train=False, download=True, transform=transform)
classes = train_set.classes
print(f"Using device: {device}")

# %%
# The network
# -----------
#
# The previous tutorial's LeNet-5 (two convolution layers, three fully
# connected), defined again so that this script stands alone.
# ``torch.manual_seed(0)`` makes its random initial weights, and the shuffling
# below, the same on every run; other machines differ slightly.

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
        x = F.relu(self.fc1(torch.flatten(x, 1)))
        return self.fc3(F.relu(self.fc2(x)))


torch.manual_seed(0)
net = Net().to(device)

# %%
# Training
# --------
#
# A ``DataLoader`` yields shuffled **mini-batches** of ``batch_size`` images;
# an epoch is one pass over the data.  A GPU trains on all 60,000 images for
# 5 epochs, a CPU on the first 10,000 for 2 (to train fully, set
# ``train_size`` to ``len(train_set)`` and ``num_epochs`` to 5).
# ``nn.CrossEntropyLoss`` is the usual loss for classes.  Adam at a fixed
# learning rate of 0.001 scales each weight's step by its recent gradients,
# so small networks need no tuning.  In the loop, note
# ``images = images.to(device)``: a tensor's ``.to`` returns a tensor on the
# device (itself, if it is already there); a module moves in place.

from torch.utils.data import DataLoader, Subset

train_size, num_epochs = (10_000, 2) if device.type == "cpu" else (len(train_set), 5)
train_loader = DataLoader(Subset(train_set, range(train_size)), batch_size=64, shuffle=True)
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(net.parameters(), lr=0.001)
for epoch in range(num_epochs):
    total_loss = 0.0
    for images, labels in train_loader:
        images, labels = images.to(device), labels.to(device)
        optimizer.zero_grad()
        loss = criterion(net(images), labels)
        loss.backward()
        optimizer.step()
        total_loss += loss.item()
    print(f"Epoch {epoch + 1}/{num_epochs}: average loss {total_loss / len(train_loader):.3f}")

# %%
# Testing the network
# -------------------
#
# We test on the 10,000 unseen images.  ``net.eval()`` switches layers such
# as dropout to inference (LeNet has none, most networks do),
# ``torch.inference_mode()`` turns off gradient tracking, and the predicted
# class is the highest score.

test_loader = DataLoader(test_set, batch_size=256)
net.eval()
with torch.inference_mode():
    scores = torch.cat([net(images.to(device)).cpu() for images, _ in test_loader])
predictions = scores.argmax(dim=1)
correct = predictions == test_set.targets
print(f"Accuracy on the 10000 test images: {100 * correct.float().mean():.1f} %")
for label, name in enumerate(classes):
    print(f"Accuracy for class {name:12s}: {100 * correct[test_set.targets == label].float().mean():.1f} %")

# sphinx_gallery_thumbnail_number = 1
# sphinx_gallery_start_ignore
import matplotlib.pyplot as plt

# The first test image of each class and five more, so that every class name is drawn.
first_of_class = [int((test_set.targets == c).nonzero()[0, 0]) for c in range(len(classes))]
shown = sorted(first_of_class + [i for i in range(15) if i not in first_of_class][:5])
fig, axes = plt.subplots(3, 5, figsize=(6.5, 5), layout="constrained")
for index, ax in zip(shown, axes.flat):
    predicted, true = predictions[index].item(), test_set.targets[index].item()
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
# Expect about 80 % accuracy from a CPU's short training and 89 % from a
# GPU's (guessing: 10 %).  Shirts are hardest: they look like T-shirts,
# pullovers and coats.
#
# Saving and loading the model
# ----------------------------
#
# Save the ``state_dict`` (the parameters by name) and load it into a new
# ``Net``; ``map_location`` picks the device, and ``weights_only=True`` stops
# untrusted files from running code.  ``unsqueeze(0)`` makes one image a
# batch; ``softmax`` makes scores probabilities that sum to 1.

torch.save(net.state_dict(), "data/fashion_lenet.pt")
fresh_net = Net().to(device).eval()
fresh_net.load_state_dict(torch.load("data/fashion_lenet.pt", map_location=device, weights_only=True))
image, label = test_set[0]
with torch.inference_mode():
    probabilities = fresh_net(image.unsqueeze(0).to(device)).softmax(dim=1)[0]
top3 = probabilities.topk(3)
print(f"True class: {classes[label]}; top 3:", ", ".join(f"{classes[i]} {p:.1%}" for p, i in zip(*top3)))

# %%
# Exercises
# ---------
#
# **1.** ``predictions`` takes the ``argmax`` of the scores, not of their
# ``softmax``.  Can the two pick different classes?
#
# .. dropdown:: Solution
#
#    No: softmax divides each :math:`e^{s_i}` by the same sum, and
#    :math:`e^x` grows with :math:`x`, so the largest score gets the largest
#    probability.
#
# **2. In code.**  Which mistakes is the network surest of?  Complete the
# TODO; ``confidence`` is each image's top probability.  (This page was built
# with the solution filled in.)

confidence = scores.softmax(dim=1).max(dim=1).values
# TODO: the indices of the 3 most confident mistakes, most confident first.
top_mistakes = None

# sphinx_gallery_start_ignore
# Solution of exercise 2.
top_mistakes = confidence.where(~correct, 0).topk(3).indices
# sphinx_gallery_end_ignore
if top_mistakes is None:
    print("Not solved yet: replace None with the indices, then run this cell again.")
else:
    assert not correct[top_mistakes].any(), "Some of these images are classified correctly."
    assert torch.equal(confidence[top_mistakes], confidence[~correct].topk(3).values), "Not the 3 most confident mistakes, in order."
    for i in top_mistakes:
        print(f"Predicted {classes[predictions[i]]} at {confidence[i]:.1%}, really {classes[test_set.targets[i]]}")

# %%
# .. dropdown:: Solution
#
#    .. literalinclude:: classifier_tutorial.py
#       :language: python
#       :start-after: Solution of exercise 2.
#       :end-before: sphinx_gallery_end_ignore
#
#    ``where`` sets the confidence of the correct images to 0, so ``topk(3)``
#    finds the 3 most confident mistakes, most confident first.
#
# Summary
# -------
#
# - Transforms prepare each image; a ``DataLoader`` batches and shuffles.
# - Train on ``device``; test under ``model.eval()`` and
#   ``torch.inference_mode()``.
# - Save and load the ``state_dict``; ``softmax`` gives probabilities.
#
# Next (optional): :ref:`sphx_glr_tutorials_speed_tutorial.py`, then
# :ref:`sphx_glr_tutorials_data_parallel_tutorial.py`.
