# Seed for the fuzz suite: a plain training loop that misses several good practices on purpose
# (no clipping, no scheduler, no zero_grad, eval without no_grad/eval(), no checkpoint).
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset


class MLP(nn.Module):
    def __init__(self, dim_in, dim_hidden, dim_out):
        super().__init__()
        self.net = nn.Sequential(
            nn.Linear(dim_in, dim_hidden),
            nn.ReLU(),
            nn.Dropout(0.1),
            nn.Linear(dim_hidden, dim_out),
        )

    def forward(self, x):
        return self.net(x)


def make_loader(n=1024, batch_size=32):
    x = torch.randn(n, 16)
    y = torch.randint(0, 4, (n,))
    return DataLoader(TensorDataset(x, y), batch_size=batch_size, shuffle=True)


def evaluate(model, loader):
    correct = 0
    total = 0
    for x, y in loader:
        logits = model(x)
        correct += (logits.argmax(dim=-1) == y).sum().item()
        total += y.numel()
    return correct / max(total, 1)


def main():
    model = MLP(16, 64, 4)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    loss_fn = nn.CrossEntropyLoss()
    train_loader = make_loader()
    val_loader = make_loader(256)
    for epoch in range(10):
        for step, (x, y) in enumerate(train_loader):
            loss = loss_fn(model(x), y)
            loss.backward()
            optimizer.step()
        acc = evaluate(model, val_loader)
        print(f"epoch {epoch}: acc={acc:.3f}")


if __name__ == "__main__":
    main()
