#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Smile / not-smile CNN on grayscale face crops, SMILEsmileD subset. Default net (--arch w64): the whole 64x64 crop
through a stride-2 first conv, 1.92 M MACs and, quantized to int8, 5.48 M Cortex-M7 instructions against the seed
v3.0 smile net's 3.25 M MACs and 5.67 M instructions (fleet-model preview); default training: flip, small
rotation/zoom/shift and contrast/brightness jitter, 60 epochs. The other --arch values and --mixup / --teacher
(distillation from a larger net trained on the same fold's training faces only) are the variants tried on fold 0;
docs/reference-models.md lists each with its figure and why it was not kept.

Licence: the subset has no licence upstream and is staged for evaluation only, never redistributed. So the
accuracy is measured by 5-fold cross-validation (fold = index % 5; each face is scored by the model that did not
train on it), one model is then trained on all 2,000 faces, and its weights are written OUTSIDE the repository
(--weights-out). Only the summary and the log (figures, no weights, no images) are committed.
"""
import argparse
import os
import time

import torch
from torch import nn

from fleet_training import augment, common

NAME = "smile"
FOLDS = 5
SEED_LAYERS = [("conv3x3/32 p1 (32x32x1 -> 32x32x32)", 32 * 32 * 32 * 9 * 1),
               ("conv3x3/32 p1 (16x16x32 -> 16x16x32)", 16 * 16 * 32 * 9 * 32),
               ("conv3x3/32 p1 (8x8x32 -> 8x8x32)", 8 * 8 * 32 * 9 * 32),
               ("fc512->2", 512 * 2)]


def _conv(cin, cout, stride=1):
    return [nn.Conv2d(cin, cout, 3, stride=stride, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU()]


def _separable(cin, cout):
    """Depthwise 3x3 then pointwise 1x1, each with batchnorm and relu (folded at export)."""
    return [nn.Conv2d(cin, cin, 3, padding=1, groups=cin, bias=False), nn.BatchNorm2d(cin), nn.ReLU(),
            nn.Conv2d(cin, cout, 1, bias=False), nn.BatchNorm2d(cout), nn.ReLU()]


ARCHS = {
    # 32x32 input (the seed's): 8/16/32 channels, 0.66 M MACs.
    "s32": ((1, 32, 32), lambda: nn.Sequential(
        nn.Conv2d(1, 8, 3, padding=1, bias=False), nn.BatchNorm2d(8), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(8, 16, 3, padding=1, bias=False), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 3, padding=1, bias=False), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Dropout(0.3), nn.Linear(512, 2))),
    # 32x32 input, 16/32/32 channels, 1.92 M MACs.
    "w32": ((1, 32, 32), lambda: nn.Sequential(
        nn.Conv2d(1, 16, 3, padding=1, bias=False), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 3, padding=1, bias=False), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 32, 3, padding=1, bias=False), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Dropout(0.3), nn.Linear(512, 2))),
    # The full 64x64 crop through a stride-2 first conv: the same MACs as w32, with the detail the 2x
    # downscale throws away (a mouth corner is a pixel or two at 32x32).
    "w64": ((1, 64, 64), lambda: nn.Sequential(
        nn.Conv2d(1, 16, 3, stride=2, padding=1, bias=False), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 3, padding=1, bias=False), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 32, 3, padding=1, bias=False), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Dropout(0.3), nn.Linear(512, 2))),
    # w64 with a fourth conv stage (16/32/64/64) and an average-pooled head: 3.10 M MACs, 4x the parameters, but
    # 7.3 M int8 instructions (1.29x the seed's). AdaptiveAvgPool2d: AvgPool2d exports a Pad node the importer lacks.
    "c4": ((1, 64, 64), lambda: nn.Sequential(
        *_conv(1, 16, 2), nn.MaxPool2d(2), *_conv(16, 32), nn.MaxPool2d(2), *_conv(32, 64), nn.MaxPool2d(2),
        *_conv(64, 64), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Dropout(0.3), nn.Linear(64, 2))),
    # c4 narrowed towards the seed's Cortex-M7 instruction count in int8 (c4 measured 7.3 M against the seed's
    # 5.7 M): 16/24/48/64 channels, 2.14 M MACs, still 5.69 M instructions; measured, not trained.
    "c4s": ((1, 64, 64), lambda: nn.Sequential(
        *_conv(1, 16, 2), nn.MaxPool2d(2), *_conv(16, 24), nn.MaxPool2d(2), *_conv(24, 48), nn.MaxPool2d(2),
        *_conv(48, 64), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Dropout(0.3), nn.Linear(64, 2))),
    # 16/32/32/64 channels, 2.21 M MACs, 5.94 M instructions; measured, not trained.
    "c4t": ((1, 64, 64), lambda: nn.Sequential(
        *_conv(1, 16, 2), nn.MaxPool2d(2), *_conv(16, 32), nn.MaxPool2d(2), *_conv(32, 32), nn.MaxPool2d(2),
        *_conv(32, 64), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Dropout(0.3), nn.Linear(64, 2))),
    # Depthwise-separable blocks: the first keeps 32x32 resolution (mouth detail) for 0.67 M MACs, channels
    # double at each pool, 2.52 M MACs in all, but 10.1 M int8 instructions (depthwise runs slowly per MAC).
    "ds": ((1, 64, 64), lambda: nn.Sequential(
        *_conv(1, 16, 2), *_separable(16, 32), nn.MaxPool2d(2), *_separable(32, 64), nn.MaxPool2d(2),
        *_separable(64, 128), nn.MaxPool2d(2), *_separable(128, 256), nn.AdaptiveAvgPool2d(1), nn.Flatten(),
        nn.Dropout(0.3), nn.Linear(256, 2))),
}


def build(arch):
    return ARCHS[arch][1]()


def prepare(x64, arch, generator=None):
    """The network's input from 64x64 crops: as they are for a 64-input net, else downscaled."""
    return x64 if ARCHS[arch][0][1] == 64 else downscale(x64, generator)


def downscale(x64, generator=None):
    """64x64 -> 32x32 by nearest neighbour. Evaluation takes pixel (2i, 2j), what the camera's nearest-neighbour
    resize of a 64-pixel ROI to 32 takes; training picks one of the four 2x2 phases at random (free augmentation)."""
    if generator is None:
        return x64[:, :, 0::2, 0::2].contiguous()
    phase = torch.randint(0, 4, (x64.shape[0],), generator=generator)
    out = torch.empty((x64.shape[0], 1, 32, 32))
    for p in range(4):
        sel = phase == p
        if bool(sel.any()):
            out[sel] = x64[sel][:, :, p // 2::2, p % 2::2]
    return out


def augment_batch(xb, args, gen):
    """The training-time view of a batch (never used at evaluation: no test-time augmentation on the device)."""
    xb = augment.random_flip(xb, gen)
    if args.aug == "affine":
        xb = augment.random_affine(xb, gen, args.rotate, args.zoom, args.shift)
    else:
        xb = augment.random_shift(xb, 2 * ARCHS[args.arch][0][1] // 32, gen)
    return augment.random_gain(xb, gen)


def train_one(xtr64, ytr, args, log, tag, arch=None, teacher=None):
    """One model on the given faces. With a teacher (trained on the same faces only), the loss mixes the labels'
    cross-entropy with the teacher's softened outputs (Hinton's distillation, temperature args.temperature)."""
    arch = arch or args.arch
    torch.manual_seed(args.seed)
    gen = torch.Generator().manual_seed(args.seed)
    model = build(arch)
    steps = (len(ytr) + args.batch - 1) // args.batch
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=args.wd)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=args.lr, total_steps=args.epochs * steps)
    loss_fn = nn.CrossEntropyLoss(label_smoothing=args.label_smoothing)
    if teacher is not None:
        teacher.eval()
    for epoch in range(1, args.epochs + 1):
        model.train()
        t_epoch = time.monotonic()
        total, correct, loss_sum = 0, 0, 0.0
        for b in common.batches(len(ytr), args.batch, gen):
            xb = augment_batch(prepare(xtr64[b], arch, gen), args, gen)
            yb = ytr[b]
            if args.mixup > 0:
                lam = float(torch.distributions.Beta(args.mixup, args.mixup).sample())
                perm = torch.randperm(len(b), generator=gen)
                xb = lam * xb + (1 - lam) * xb[perm]
            out = model(xb)
            loss = loss_fn(out, yb) if args.mixup <= 0 else lam * loss_fn(out, yb) + (1 - lam) * loss_fn(out, yb[perm])
            if teacher is not None:
                with torch.no_grad():
                    soft = torch.softmax(teacher(xb) / args.temperature, dim=1)
                kd = nn.functional.kl_div(torch.log_softmax(out / args.temperature, dim=1), soft,
                                          reduction="batchmean") * args.temperature ** 2
                loss = (1 - args.distill) * loss + args.distill * kd
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            loss_sum += loss.item() * len(b)
            correct += int((out.argmax(1) == yb).sum())
            total += len(b)
        log(f"{tag} epoch {epoch:2d}: train loss {loss_sum / total:.4f}, train accuracy (augmented) "
            f"{correct / total:.4f} ({time.monotonic() - t_epoch:.1f}s)")
    return common.fold_batchnorm(model)


def train_fold(xtr64, ytr, args, log, tag):
    """The student (the shipped architecture), distilled from a teacher trained on the same faces if asked."""
    teacher = None
    if args.teacher:
        teacher = train_one(xtr64, ytr, args, log, f"{tag} teacher", arch=args.teacher)
    return train_one(xtr64, ytr, args, log, tag, teacher=teacher)


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--images", default=common.shared_data("smile", "subset-images-idx3-ubyte"))
    p.add_argument("--labels", default=common.shared_data("smile", "subset-labels-idx1-ubyte"))
    p.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "models"))
    p.add_argument("--weights-out", default="/tmp/fleet-training/smile.onnx",
                   help="where the all-data model's ONNX goes; keep it outside the repository (licence)")
    p.add_argument("--epochs", type=int, default=60)
    p.add_argument("--folds", type=int, default=FOLDS, help="folds to run (1..5; fewer only for quick checks)")
    p.add_argument("--fold-weights", action="store_true",
                   help="also write each fold's model beside --weights-out (to measure int8 on its held-out fold)")
    p.add_argument("--no-ship", action="store_true",
                   help="skip the all-data model (cross-validation figures only)")
    p.add_argument("--arch", choices=sorted(ARCHS), default="w64")
    p.add_argument("--aug", choices=["shift", "affine"], default="affine",
                   help="shift: flip, integer shift, gain; affine: flip, rotation/zoom/shift, gain")
    p.add_argument("--rotate", type=float, default=10.0, help="affine: max rotation in degrees")
    p.add_argument("--zoom", type=float, default=0.1, help="affine: max relative scale change")
    p.add_argument("--shift", type=float, default=0.0625, help="affine: max shift as a fraction of the side")
    p.add_argument("--lr", type=float, default=3e-3)
    p.add_argument("--wd", type=float, default=5e-4)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--label-smoothing", type=float, default=0.1)
    p.add_argument("--mixup", type=float, default=0.0, help="mixup Beta(alpha, alpha); 0 = off")
    p.add_argument("--teacher", choices=sorted(ARCHS), default=None,
                   help="distil each fold's model from a teacher trained on that fold's training faces only")
    p.add_argument("--distill", type=float, default=0.5, help="weight of the teacher's term in the loss")
    p.add_argument("--temperature", type=float, default=4.0)
    p.add_argument("--seed", type=int, default=9)
    p.add_argument("--threads", type=int, default=1)
    args = p.parse_args()
    input_shape = ARCHS[args.arch][0]
    repo = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
    if os.path.abspath(args.weights_out).startswith(repo + os.sep):
        raise SystemExit("--weights-out is inside the repository; the smile data's licence forbids committing "
                         "weights derived from it")

    common.set_deterministic(args.seed, args.threads)
    log = common.TrainLog(os.path.join(args.out, f"{NAME}.train.log"))
    common.log_header(log, NAME, args)
    t0 = time.monotonic()

    images = common.read_idx(args.images)
    labels = common.read_idx(args.labels)
    if images.shape[1:] != (64, 64) or len(images) != len(labels):
        raise SystemExit(f"expected N x 64 x 64 faces with N labels, got {images.shape} and {labels.shape}")
    x64 = common.normalise_pixels(images).unsqueeze(1)
    y = torch.from_numpy(labels.astype("int64"))
    fold_of = torch.arange(len(y)) % FOLDS
    log(f"data: {len(y)} faces, {int(y.sum())} smiling (label 1); {FOLDS} folds by index % {FOLDS}")
    common.log_layer_table(log, common.layer_table(common.fold_batchnorm(build(args.arch)), input_shape), "layers (ours):",
                           SEED_LAYERS)

    pred = torch.full_like(y, -1)
    fold_rows = []
    for k in range(args.folds):
        test = fold_of == k
        model = train_fold(x64[~test], y[~test], args, log, f"fold {k}")
        pk = common.predict(model, prepare(x64[test], args.arch))
        if args.fold_weights:
            common.export_onnx(model, input_shape, os.path.join(os.path.dirname(args.weights_out), f"{NAME}_fold{k}.onnx"))
        pred[test] = pk
        fig = common.binary_figures(pk.numpy(), y[test].numpy())
        fig.update({"fold": k, "count": int(test.sum())})
        fold_rows.append(fig)
        log(f"fold {k}: held out {fig['tp'] + fig['tn']} / {fig['count']} = {fig['accuracy']:.4f}")

    scored = pred >= 0
    pooled = common.binary_figures(pred[scored].numpy(), y[scored].numpy())
    pooled["count"] = int(scored.sum())
    log(f"cross-validated (every face scored by a model that never saw it): {pooled}")

    rows = common.layer_table(common.fold_batchnorm(build(args.arch)), input_shape)
    if not args.no_ship:
        final = train_fold(x64, y, args, log, "all-data")
        size = common.export_onnx(final, input_shape, args.weights_out)
        log(f"all-data model written to {args.weights_out} ({size:,} bytes, NOT committed: data licence)")
    elapsed = time.monotonic() - t0
    log(f"total time {elapsed:.1f}s")
    common.write_summary(os.path.join(args.out, f"{NAME}.json"), {
        "name": NAME,
        "task": "smile (1) / not smiling (0) on a face crop; output index 0 = not smiling, 1 = smiling",
        "onnx": None,
        "weights_committed": False,
        "all_data_model_trained": not args.no_ship,
        "why_not_committed": "SMILEsmileD has no licence upstream; staged for evaluation only, never redistributed",
        "input": {"shape": [1, *input_shape], "arch": args.arch, "layout": "NCHW",
                  "pixels": ("uint8 grayscale 64x64 face crop as in the IDX file" if input_shape[1] == 64 else
                             "uint8 grayscale face crop, nearest-neighbour resized to 32x32 (64x64 crops: pixel 2i,2j)"),
                  "preprocess": "(pixel - 128) / 128", "mean": common.PIXEL_MEAN, "scale": common.PIXEL_SCALE},
        "output": {"shape": [1, 2], "meaning": "logits [not smiling, smiling] (no softmax in the graph)"},
        "data": {"images": "smile/subset-images-idx3-ubyte", "labels": "smile/subset-labels-idx1-ubyte",
                 "licence": "none stated upstream: evaluation only",
                 "split": f"{FOLDS}-fold cross-validation, fold = index % {FOLDS} (400 faces, 200 per class each)",
                 "folds_run": args.folds},
        "held_out": {**pooled, "folds": fold_rows},
        "macs": sum(r["macs"] for r in rows), "params": sum(r["params"] for r in rows), "layers": rows,
        "seed_model": {"name": "v3.0 smile.network", "macs": sum(m for _, m in SEED_LAYERS),
                       "accuracy_on_subset": {"camera": 0.8885, "corrected": 0.9305, "source": "docs/accuracy.md"}},
        "training": {"seed": args.seed, "epochs": args.epochs,
                     "optimizer": f"AdamW {args.lr:g} one-cycle, wd {args.wd:g}, label smoothing {args.label_smoothing:g}",
                     "batch": args.batch,
                     "augmentation": ("flip, rotation +-%g deg, zoom +-%g, shift +-%g of the side (bilinear), "
                                      "contrast/brightness" % (args.rotate, args.zoom, args.shift)
                                      if args.aug == "affine" else
                                      "random 2x2 downscale phase (32-input nets), flip, shift +-1/16 of the side, "
                                      "contrast/brightness") + (f", mixup alpha {args.mixup:g}" if args.mixup > 0 else ""),
                     "distillation": (None if not args.teacher else
                                      {"teacher": args.teacher, "teacher_macs": sum(r["macs"] for r in common.layer_table(
                                          common.fold_batchnorm(build(args.teacher)), ARCHS[args.teacher][0])),
                                       "weight": args.distill, "temperature": args.temperature,
                                       "teacher_data": "the same fold's training faces only"}),
                     "batchnorm": "folded into the convs before export", "seconds": round(elapsed, 1)},
        "versions": common.versions(),
    })
    log.close()


if __name__ == "__main__":
    main()
