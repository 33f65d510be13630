"""Multi-GPU training with nn.DataParallel: one process drives every GPU, so GPU 0 gathers all outputs and
becomes the bottleneck. Training Advisor recommends DistributedDataParallel instead (advice 10#1, 10#4), and
points out plain SGD without momentum.
"""
import torch
import torch.nn as nn


def build_model():
    return nn.Sequential(nn.Linear(512, 2048), nn.ReLU(), nn.Dropout(0.1), nn.Linear(2048, 512))


def train_single_process(loader, epochs=10):
    model = build_model()
    if torch.cuda.device_count() > 1:
        model = nn.DataParallel(model)
    model = model.cuda()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, weight_decay=1e-4)
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=epochs)
    for epoch in range(epochs):
        for x, y in loader:
            optimizer.zero_grad()
            loss = nn.functional.mse_loss(model(x.cuda()), y.cuda())
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
        scheduler.step()
        print(f"epoch {epoch} loss {loss.item():.4f}")
        torch.save(model.state_dict(), "dp_checkpoint.pt")
