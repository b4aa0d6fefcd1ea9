"""Train a tiny linear-regression model with DistributedDataParallel.

Launch it with torchrun, which starts one process per device and tells each
process who it is through environment variables:

    torchrun --standalone --nproc-per-node=2 ddp_train.py

It uses NCCL on GPUs when every local process can have a GPU of its own, and
Gloo on the CPU otherwise, so it also runs on a laptop without a GPU.
"""

import os

import torch
import torch.distributed as dist

# DDP imports this module the first time it wraps a model.  Importing it before the
# process group exists keeps it from holding on to the group, so that
# destroy_process_group() can close the group completely at the end.
import torch.distributed.nn  # noqa: F401
from torch import nn
from torch.nn.parallel import DistributedDataParallel
from torch.utils.data import DataLoader, DistributedSampler, TensorDataset

EPOCHS = 4
BATCH_SIZE = 32


def log(rank, message):
    # Each process prints its own lines, so every line names the rank that wrote it.
    # Writing the whole line at once keeps lines of different processes apart.
    print(f"[rank {rank}] {message}\n", end="", flush=True)


def choose_backend(local_world_size):
    # NCCL is the fast choice, but it needs one GPU for each process on this machine.
    gpus = torch.cuda.device_count() if torch.cuda.is_available() else 0
    counts = f"GPUs: {gpus}, local processes: {local_world_size}"
    if gpus >= local_world_size:
        return "nccl", f"one GPU per local process; {counts}"
    # Gloo runs on the CPU and works everywhere, so it is the fallback.
    return "gloo", f"not enough GPUs for one per local process; {counts}"


def make_dataset():
    # Every rank builds the same data set from the same seed: y = x @ w + b + noise.
    generator = torch.Generator().manual_seed(0)
    x = torch.randn(1024, 8, generator=generator)
    true_weight = torch.randn(8, 1, generator=generator)
    noise = 0.1 * torch.randn(1024, 1, generator=generator)
    return TensorDataset(x, x @ true_weight + 0.5 + noise)


def weights_of(model):
    # All the parameters of the model, flattened into one vector.
    return torch.cat([p.detach().flatten() for p in model.parameters()])


def train(rank, device):
    """Train on this rank's share of the data; return the weights and the last epoch's loss."""
    # The ranks start from different random weights on purpose: DDP copies the
    # weights of rank 0 to every other rank when it wraps the model.
    torch.manual_seed(rank)
    model = nn.Linear(8, 1).to(device)
    before = weights_of(model).sum().item()
    model = DistributedDataParallel(
        model, device_ids=[device.index] if device.type == "cuda" else None
    )
    after = weights_of(model).sum().item()
    log(rank, f"weight checksum {before:+.4f} before DDP, {after:+.4f} after")

    # The sampler gives each rank its own, disjoint share of the data set.
    dataset = make_dataset()
    sampler = DistributedSampler(dataset, shuffle=True, seed=0)
    loader = DataLoader(dataset, batch_size=BATCH_SIZE, sampler=sampler)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    loss_fn = nn.MSELoss()

    for epoch in range(EPOCHS):
        # The shuffle depends on the epoch, so tell the sampler which epoch this is.
        sampler.set_epoch(epoch)
        loss_sum, seen = 0.0, 0
        for x, y in loader:
            x, y = x.to(device), y.to(device)
            optimizer.zero_grad()
            loss = loss_fn(model(x), y)
            # DDP averages the gradients of all ranks during this backward pass.
            loss.backward()
            optimizer.step()
            loss_sum += loss.item() * len(x)
            seen += len(x)
        log(rank, f"epoch {epoch}: loss {loss_sum / seen:.4f} on {seen} samples")
    return weights_of(model), loss_sum, seen


def main():
    # torchrun sets these variables for every process it starts.
    rank = int(os.environ["RANK"])
    local_rank = int(os.environ["LOCAL_RANK"])
    world_size = int(os.environ["WORLD_SIZE"])
    local_world_size = int(os.environ["LOCAL_WORLD_SIZE"])

    backend, reason = choose_backend(local_world_size)
    if backend == "nccl":
        # Each process drives exactly one GPU: the one matching its local rank.
        device = torch.device("cuda", local_rank)
        torch.cuda.set_device(device)
    else:
        device = torch.device("cpu")
    # The address where the processes meet (MASTER_ADDR, MASTER_PORT) is in the environment too.
    dist.init_process_group(backend)
    log(rank, f"backend={backend}, world_size={world_size}, device={device} ({reason})")

    weights, loss_sum, seen = train(rank, device)

    # Every rank applied the same averaged gradients, so all should hold the weights of rank 0.
    log(rank, f"weight checksum {weights.sum().item():+.4f} after training")
    weights_of_rank0 = weights.clone()
    dist.broadcast(weights_of_rank0, src=0)
    identical = torch.equal(weights, weights_of_rank0)
    # Count the ranks whose weights are exactly those of rank 0.
    matches = torch.tensor([int(identical)], device=device)
    dist.all_reduce(matches, op=dist.ReduceOp.SUM)

    # Add up the last epoch's losses and sample counts of all ranks.
    totals = torch.tensor([loss_sum, seen], dtype=torch.float64, device=device)
    dist.all_reduce(totals, op=dist.ReduceOp.SUM)
    if rank == 0:
        log(rank, f"ranks with weights identical to rank 0: {matches.item()} of {world_size}")
        log(rank, f"final loss {totals[0] / totals[1]:.4f} over {int(totals[1])} samples")

    # The model is gone now that train() has returned, so this closes the group for good.
    dist.destroy_process_group()
    if not identical:
        raise RuntimeError(f"rank {rank} ended with weights that differ from rank 0")


if __name__ == "__main__":
    main()
