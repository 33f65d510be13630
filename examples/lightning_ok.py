"""A PyTorch Lightning project: the framework owns the training loop, so Training Advisor stays quiet.

Trainer(gradient_clip_val=…) clips, precision="bf16-mixed" enables mixed precision, EarlyStopping stops,
Lightning checkpoints by default and switches train/eval modes around validation_step itself.
"""
import pytorch_lightning as pl
import torch
import torch.nn as nn
import torch.nn.functional as F
from pytorch_lightning.callbacks import EarlyStopping


class LitClassifier(pl.LightningModule):
    def __init__(self, in_dim=64, num_classes=5, lr=1e-3):
        super().__init__()
        self.save_hyperparameters()
        self.net = nn.Sequential(nn.Linear(in_dim, 256), nn.ReLU(), nn.Dropout(0.2), nn.Linear(256, num_classes))

    def forward(self, x):
        return self.net(x)

    def training_step(self, batch, batch_idx):
        x, y = batch
        loss = F.cross_entropy(self(x), y)
        self.log("train_loss", loss, prog_bar=True)
        return loss

    def validation_step(self, batch, batch_idx):
        x, y = batch
        self.log("val_loss", F.cross_entropy(self(x), y), prog_bar=True)

    def configure_optimizers(self):
        optimizer = torch.optim.AdamW(self.parameters(), lr=self.hparams.lr)
        scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=self.trainer.max_epochs)
        return {"optimizer": optimizer, "lr_scheduler": scheduler}


def main(train_loader, val_loader):
    trainer = pl.Trainer(
        max_epochs=50,
        accelerator="gpu",
        precision="bf16-mixed",
        gradient_clip_val=1.0,
        callbacks=[EarlyStopping(monitor="val_loss", patience=5)],
    )
    trainer.fit(LitClassifier(), train_loader, val_loader)
