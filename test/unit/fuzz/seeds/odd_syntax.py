# Seed for the fuzz suite: less common syntax around training code (decorators, lambdas, walrus,
# match, async, comprehensions, f-strings, line continuations, type hints, global statements).
from __future__ import annotations
import torch, torch.nn as nn
from dataclasses import dataclass, field

@dataclass
class Config:
    lr: float = 1e-2
    momentum: float = 0.0
    betas: tuple[float, float] = (0.9, 0.999)
    layers: list[int] = field(default_factory=lambda: [32, 32])

def build(cfg: Config) -> tuple[nn.Module, torch.optim.Optimizer]:
    model = nn.Sequential(*[nn.Linear(a, b) for a, b in zip(cfg.layers, cfg.layers[1:])])
    opt = torch.optim.SGD(model.parameters(), lr=cfg.lr, momentum=cfg.momentum)
    return model, opt

async def stream(loader):
    async for batch in loader:
        yield batch

def step(model, opt, batch, *, accumulate: int = 1, **kw):
    global STEP
    match batch:
        case (x, y):
            out = model(x)
        case {"input": x, "label": y}:
            out = model(x)
        case _:
            raise ValueError(f"bad batch {type(batch)!r:>10}")
    if (loss := nn.functional.l1_loss(out, y) / accumulate) is not None:
        loss.backward()
    if STEP % accumulate == 0 and \
            STEP > 0:
        opt.step(); opt.zero_grad()
    STEP += 1
    return {k: v for k, v in kw.items() if v}, [*range(3)], lambda *a, **k: (a, k)

STEP = 0
model, opt = build(Config())
for epoch in range(2):
    try:
        step(model, opt, (torch.randn(4, 32), torch.randn(4, 32)))
    except (RuntimeError, ValueError) as err:
        print(err)
    finally:
        pass
else:
    print("done")
