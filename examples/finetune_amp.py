"""Fine-tune a pretrained Transformer encoder with automatic mixed precision (fp16 + GradScaler) and activation
checkpointing, its embeddings frozen.

The gradients are clipped while they are still multiplied by the loss scale — Training Advisor points at the
clip call and offers to insert scaler.unscale_(optimizer) first. The freeze misspells requires_grad, the
checkpointing leaves use_reentrant to its default, and the pretrained weights are unpickled without
weights_only: each gets a hint.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.checkpoint import checkpoint
from torch.utils.data import DataLoader, TensorDataset

device = torch.device("cuda")


class TextClassifier(nn.Module):
    def __init__(self, vocab_size=30000, dim=256, heads=4, layers=4, num_classes=2):
        super().__init__()
        self.embed = nn.Embedding(vocab_size, dim)
        layer = nn.TransformerEncoderLayer(dim, heads, dim_feedforward=4 * dim, dropout=0.1, batch_first=True)
        self.encoder = nn.TransformerEncoder(layer, layers)
        self.head = nn.Linear(dim, num_classes)

    def forward(self, tokens):
        h = self.embed(tokens)
        for layer in self.encoder.layers:
            h = checkpoint(layer, h)  # recompute activations during backward: less memory
        return self.head(h.mean(dim=1))


def finetune(epochs=3, accum_steps=4):
    data = TensorDataset(torch.randint(0, 30000, (4096, 128)), torch.randint(0, 2, (4096,)))
    loader = DataLoader(data, batch_size=32, shuffle=True, num_workers=4, pin_memory=True)
    model = TextClassifier().to(device)
    model.load_state_dict(torch.load("pretrained_encoder.pt", map_location=device), strict=False)
    for param in model.embed.parameters():
        param.require_grad = False  # keep the pretrained embeddings fixed
    optimizer = torch.optim.AdamW(model.parameters(), lr=3e-5, weight_decay=0.01)
    scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=3e-5, total_steps=epochs * len(loader) // accum_steps + 1)
    scaler = torch.cuda.amp.GradScaler()

    for epoch in range(epochs):
        model.train()
        for step, (tokens, labels) in enumerate(loader):
            tokens, labels = tokens.to(device, non_blocking=True), labels.to(device, non_blocking=True)
            with torch.autocast(device_type="cuda", dtype=torch.float16):
                loss = F.cross_entropy(model(tokens), labels) / accum_steps
            scaler.scale(loss).backward()
            if (step + 1) % accum_steps == 0:
                torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)
                scaler.step(optimizer)
                scaler.update()
                optimizer.zero_grad(set_to_none=True)
                scheduler.step()
            if step % 100 == 0:
                print(f"epoch {epoch} step {step} loss {loss.item() * accum_steps:.4f}")
        torch.save({"model": model.state_dict(), "epoch": epoch}, f"finetune_epoch{epoch}.pt")


if __name__ == "__main__":
    finetune()
