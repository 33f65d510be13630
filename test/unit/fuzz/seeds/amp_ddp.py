# Seed for the fuzz suite: mixed precision + distributed training with a few mistakes
# (gloo backend on GPU, clipping without unscale_, Adam without weight decay, DataParallel).
import os
import torch
import torch.distributed as dist
import torch.nn as nn
from torch.cuda.amp import GradScaler, autocast
from torch.nn.parallel import DistributedDataParallel as DDP
from torch.utils.data import DataLoader
from torch.utils.data.distributed import DistributedSampler


def setup():
    dist.init_process_group(backend="gloo")
    local_rank = int(os.environ.get("LOCAL_RANK", 0))
    torch.cuda.set_device(local_rank)
    return local_rank


def train(model, dataset, epochs=3):
    local_rank = setup()
    model = model.cuda(local_rank)
    model = DDP(model, device_ids=[local_rank])
    sampler = DistributedSampler(dataset)
    loader = DataLoader(dataset, batch_size=64, sampler=sampler, num_workers=0)
    optimizer = torch.optim.Adam(model.parameters(), lr=3e-4)
    scaler = GradScaler()
    model.train()
    for epoch in range(epochs):
        sampler.set_epoch(epoch)
        for batch in loader:
            inputs, targets = batch
            inputs = inputs.cuda(local_rank, non_blocking=True)
            targets = targets.cuda(local_rank, non_blocking=True)
            optimizer.zero_grad(set_to_none=True)
            with autocast():
                outputs = model(inputs)
                loss = nn.functional.cross_entropy(outputs, targets)
            scaler.scale(loss).backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)
            scaler.step(optimizer)
            scaler.update()
        if dist.get_rank() == 0:
            torch.save(model.state_dict(), f"ckpt_{epoch}.pt")


def legacy_multi_gpu(model):
    model = nn.DataParallel(model)
    return model
