# Seed for the fuzz suite: a loop that follows the advice (clipping, scheduler, no_grad eval,
# checkpointing, logging, early stopping) so mutations can break it in interesting ways.
import math
import torch
from torch import nn, optim
from torch.utils.data import DataLoader
from torch.utils.tensorboard import SummaryWriter


def run(model: nn.Module, train_ds, val_ds, epochs: int = 20, patience: int = 3) -> float:
    writer = SummaryWriter("runs/exp")
    train_loader = DataLoader(train_ds, batch_size=128, shuffle=True, num_workers=4, pin_memory=True)
    val_loader = DataLoader(val_ds, batch_size=256, num_workers=4)
    optimizer = optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.01)
    scheduler = optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=epochs)
    best, bad_epochs = math.inf, 0
    for epoch in range(epochs):
        model.train()
        for i, (x, y) in enumerate(train_loader):
            optimizer.zero_grad()
            loss = nn.functional.mse_loss(model(x), y)
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            writer.add_scalar("train/loss", loss.item(), epoch * len(train_loader) + i)
        scheduler.step()
        model.eval()
        with torch.no_grad():
            val = sum(nn.functional.mse_loss(model(x), y).item() for x, y in val_loader) / len(val_loader)
        writer.add_scalar("val/loss", val, epoch)
        if val < best:
            best, bad_epochs = val, 0
            torch.save({"model": model.state_dict(), "epoch": epoch}, "best.pt")
        else:
            bad_epochs += 1
            if bad_epochs >= patience:
                break
    return best
