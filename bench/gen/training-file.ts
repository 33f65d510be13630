// Generates a large, realistic PyTorch training file for the analysis benchmark: a repeating mix of model
// classes, datasets, training loops (plain, AMP, accumulation), evaluation loops, optimizer/scheduler setup
// and DataLoaders, each block with unique names so every rule has real work at every size.
//   npx tsx bench/gen/training-file.ts 10000 > /tmp/big.py

const HEADER = `"""Generated training code for the analysis benchmark."""
import math
import os

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils import clip_grad_norm_ as clip
from torch.utils.data import DataLoader, Dataset

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
`;

/** One block of ~70 lines; `i` makes every name unique. Variants rotate so blocks are not all identical. */
function block(i: number): string {
  const v = i % 4;
  const clipLine = v === 0 ? `            clip(model.parameters(), 1.0)\n` : '';
  const scheduler = v === 1 ? `    scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=10, gamma=0.5)\n` : '';
  const schedStep = v === 1 ? `        scheduler.step()\n` : '';
  const workers = v === 2 ? ', num_workers=4' : '';
  const optimizer = v === 3
    ? `torch.optim.SGD(model.parameters(), lr=0.05)`
    : `torch.optim.Adam(model.parameters(), lr=1e-3${v === 0 ? ', weight_decay=1e-4' : ''})`;
  return `

class Net${i}(nn.Module):
    def __init__(self, in_dim=${16 + (i % 7)}, hidden=64, num_classes=${2 + (i % 5)}):
        super().__init__()
        self.fc1 = nn.Linear(in_dim, hidden)
        self.fc2 = nn.Linear(hidden, hidden)
        self.head = nn.Linear(hidden, num_classes)

    def forward(self, x):
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.head(x)


class Data${i}(Dataset):
    def __init__(self, n=${128 + i}):
        self.x = torch.randn(n, ${16 + (i % 7)})
        self.y = torch.randint(0, ${2 + (i % 5)}, (n,))

    def __len__(self):
        return len(self.x)

    def __getitem__(self, idx):
        return self.x[idx], self.y[idx]


def evaluate_${i}(model, loader):
    model.eval()
    correct = 0
    for inputs, targets in loader:
        correct += (model(inputs).argmax(dim=1) == targets).sum().item()
    return correct / max(1, len(loader.dataset))


def train_${i}(epochs=${5 + (i % 10)}):
    model = Net${i}().to(device)
    train_loader = DataLoader(Data${i}(), batch_size=32, shuffle=True${workers})
    val_loader = DataLoader(Data${i}(64), batch_size=64)
    optimizer = ${optimizer}
${scheduler}    best = 0.0
    for epoch in range(epochs):
        model.train()
        for step, (inputs, targets) in enumerate(train_loader):
            inputs, targets = inputs.to(device), targets.to(device)
            optimizer.zero_grad()
            loss = F.cross_entropy(model(inputs), targets)
            loss.backward()
${clipLine}            optimizer.step()
            if step % 50 == 0:
                print(f"[${i}] epoch {epoch} step {step} loss {loss.item():.4f}")
${schedStep}        acc = evaluate_${i}(model, val_loader)
        if acc > best:
            best = acc
    return model, best
`;
}

/** A file of at least `lines` lines (the header plus whole blocks), deterministic for a given size. */
export function generateTrainingFile(lines: number): string {
  let out = HEADER;
  let count = HEADER.split('\n').length;
  for (let i = 0; count < lines; i++) {
    const b = block(i);
    out += b;
    count += b.split('\n').length - 1;
  }
  return out;
}

/** The same file with one character changed near the middle (a digit of a learning rate): a keystroke. */
export function oneCharacterEdit(source: string, nth = 0): string {
  const mid = Math.floor(source.length / 2);
  const at = source.indexOf('lr=', mid);
  const pos = at === -1 ? mid : at + 3;
  const digit = String((nth % 9) + 1);
  return source.slice(0, pos) + digit + source.slice(pos);
}

if (process.argv[1] && /training-file\.ts$/.test(process.argv[1])) {
  process.stdout.write(generateTrainingFile(Number(process.argv[2] ?? 1000)));
}
