"""Train a small linear-regression model with DistributedDataParallel.

Launch it with torchrun, which starts one process per device:

    torchrun --standalone --nproc-per-node=2 ddp_train.py

It uses NCCL when every local process can have a GPU of its own, and Gloo on
the CPU otherwise, so it runs anywhere.
"""

import os

import torch
import torch.distributed as dist

# DDP imports this module anyway; importing it before the process group exists
# lets destroy_process_group() close the group cleanly when the script ends.
import torch.distributed.nn
from torch import nn
from torch.nn.parallel import DistributedDataParallel
from torch.utils.data import DataLoader, DistributedSampler, TensorDataset


def log(rank, message):
    """Print one line that starts with the rank.

    The line and its newline go out in one write, so that the lines of ranks
    printing at the same time never mix.
    """
    print(f"[rank {rank}] {message}\n", end="", flush=True)


def checksum(model):
    """The sum of all the weights: equal on two ranks when their weights are."""
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

    # Each rank starts from other random weights on purpose; DDP copies rank 0's.
    torch.manual_seed(rank)
    model = nn.Linear(8, 1).to(device)
    before = checksum(model)
    model = DistributedDataParallel(model, device_ids=[local_rank] if backend == "nccl" else None)
    log(rank, f"weight checksum {before:+.4f} before DDP, {checksum(model):+.4f} after")

    # The same data on every rank: y = x @ w + 0.5, plus a little noise.
    generator = torch.Generator().manual_seed(0)
    x = torch.randn(1024, 8, generator=generator)
    y = x @ torch.randn(8, 1, generator=generator) + 0.5
    dataset = TensorDataset(x, y + 0.1 * torch.randn(1024, 1, generator=generator))
    # The sampler gives each rank its own share of the samples.
    sampler = DistributedSampler(dataset, shuffle=True, seed=0)
    loader = DataLoader(dataset, batch_size=32, sampler=sampler)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    loss_fn = nn.MSELoss()

    for epoch in range(4):
        sampler.set_epoch(epoch)
        # The sum of the losses and the number of samples of this rank's epoch.
        total = torch.zeros(2, device=device)
        for xb, yb in loader:
            xb, yb = xb.to(device), yb.to(device)
            optimizer.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            optimizer.step()
            total += torch.stack([loss.detach() * len(xb), torch.tensor(len(xb), device=device)])
        log(rank, f"epoch {epoch}: loss {total[0] / total[1]:.4f} on {int(total[1])} samples")

    # Add up the last epoch over the ranks, and compare every rank's weights with rank 0's.
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
