#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""LeNet-like digit classifier on the MNIST *test* set (the only MNIST split on this machine).

Split (fixed, no randomness, reproducible in any language): image i is held out when i % 5 == 4 (2,000 images),
the other 8,000 train. The held-out images are scored once, after the last epoch; nothing is tuned on them.
"""
import argparse
import os
import time

import torch
from torch import nn

from fleet_training import augment, common

NAME = "lenet"
INPUT_SHAPE = (1, 28, 28)
SEED_LAYERS = [("conv5x5/20 (28x28x1 -> 24x24x20)", 24 * 24 * 20 * 25),
               ("conv5x5/50 (12x12x20 -> 8x8x50)", 8 * 8 * 50 * 25 * 20),
               ("fc800->100", 800 * 100), ("fc100->10", 100 * 10)]


def build():
    return nn.Sequential(
        nn.Conv2d(1, 8, 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(8, 16, 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Linear(256, 64), nn.ReLU(),
        nn.Linear(64, 10))


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--images", default=common.shared_data("mnist", "t10k-images-idx3-ubyte"))
    p.add_argument("--labels", default=common.shared_data("mnist", "t10k-labels-idx1-ubyte"))
    p.add_argument("--out", default=os.path.join(here, "models"))
    p.add_argument("--epochs", type=int, default=20)
    p.add_argument("--seed", type=int, default=9)
    p.add_argument("--threads", type=int, default=2)
    args = p.parse_args()

    common.set_deterministic(args.seed, args.threads)
    log = common.TrainLog(os.path.join(args.out, f"{NAME}.train.log"))
    common.log_header(log, NAME, args)
    t0 = time.monotonic()

    images = common.read_idx(args.images)
    labels = common.read_idx(args.labels)
    if images.shape[1:] != (28, 28) or len(images) != len(labels):
        raise SystemExit(f"expected N x 28 x 28 images with N labels, got {images.shape} and {labels.shape}")
    x = common.normalise_pixels(images).unsqueeze(1)
    y = torch.from_numpy(labels.astype("int64"))
    idx = torch.arange(len(x))
    held = idx % 5 == 4
    xtr, ytr, xho, yho = x[~held], y[~held], x[held], y[held]
    log(f"data: {len(x)} images; train {len(xtr)} (i % 5 != 4), held out {len(xho)} (i % 5 == 4)")

    model = build()
    common.log_layer_table(log, common.layer_table(model, INPUT_SHAPE), "layers (ours):", SEED_LAYERS)
    opt = torch.optim.Adam(model.parameters(), lr=2e-3)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=args.epochs)
    gen = torch.Generator().manual_seed(args.seed)
    loss_fn = nn.CrossEntropyLoss()
    for epoch in range(1, args.epochs + 1):
        model.train()
        total, correct, loss_sum = 0, 0, 0.0
        for b in common.batches(len(xtr), 64, gen):
            xb = augment.random_shift(xtr[b], 2, gen)
            out = model(xb)
            loss = loss_fn(out, ytr[b])
            opt.zero_grad()
            loss.backward()
            opt.step()
            loss_sum += loss.item() * len(b)
            correct += int((out.argmax(1) == ytr[b]).sum())
            total += len(b)
        sched.step()
        log(f"epoch {epoch:2d}: train loss {loss_sum / total:.4f}, train accuracy (augmented) {correct / total:.4f}")

    exported = common.fold_batchnorm(model)
    pred = common.predict(exported, xho)
    correct = int((pred == yho).sum())
    confusion = torch.zeros(10, 10, dtype=torch.int64)
    for t, q in zip(yho.tolist(), pred.tolist()):
        confusion[t, q] += 1
    log(f"held out: {correct} / {len(yho)} = {correct / len(yho):.4f}")
    log(f"held-out confusion (rows = truth 0..9): {confusion.tolist()}")

    rows = common.layer_table(exported, INPUT_SHAPE)
    onnx_path = os.path.join(args.out, f"{NAME}.onnx")
    size = common.export_onnx(exported, INPUT_SHAPE, onnx_path)
    elapsed = time.monotonic() - t0
    log(f"exported {onnx_path} ({size:,} bytes); total time {elapsed:.1f}s")
    common.write_summary(os.path.join(args.out, f"{NAME}.json"), {
        "name": NAME,
        "task": "MNIST digit classification, 10 classes (output index = digit)",
        "onnx": f"{NAME}.onnx",
        "input": {"shape": [1, *INPUT_SHAPE], "layout": "NCHW", "pixels": "uint8 grayscale 28x28, as in the IDX file",
                  "preprocess": "(pixel - 128) / 128", "mean": common.PIXEL_MEAN, "scale": common.PIXEL_SCALE},
        "output": {"shape": [1, 10], "meaning": "logits (no softmax in the graph); label = first maximum"},
        "data": {"images": "mnist/t10k-images-idx3-ubyte", "labels": "mnist/t10k-labels-idx1-ubyte",
                 "licence": "CC BY-SA 3.0", "split": "held out: index % 5 == 4 (2,000); train: the other 8,000",
                 "train_count": len(xtr), "held_out_count": len(xho)},
        "held_out": {"correct": correct, "count": len(yho), "accuracy": round(correct / len(yho), 4),
                     "confusion": confusion.tolist()},
        "macs": sum(r["macs"] for r in rows), "params": sum(r["params"] for r in rows), "layers": rows,
        "seed_model": {"name": "v3.0 lenet.network", "macs": sum(m for _, m in SEED_LAYERS)},
        "training": {"seed": args.seed, "epochs": args.epochs, "optimizer": "Adam 2e-3, cosine", "batch": 64,
                     "augmentation": "random shift +-2 px", "seconds": round(elapsed, 1)},
        "versions": common.versions(),
        "weights_committed": True,
    })
    log.close()


if __name__ == "__main__":
    main()
