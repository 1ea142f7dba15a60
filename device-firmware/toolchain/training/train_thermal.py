#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Person-present classifier on Omron D6T-44L 4x4 recordings: a tiny MLP over a short window of frames.

Held out by room, as docs/detection.md measures the C detector: train on Bathroom and score Bedroom, train on
Bedroom and score Bathroom; the figures pooled over both held-out rooms are the model's figures. The shipped
model is then trained on both rooms (its own accuracy is not reported: it has seen everything).

Input: WINDOW frames taken STRIDE frames apart, the newest last; each frame is its 16 pixels minus the sensor's
median pixel (or, with --reference tptat, the sensor's ambient reading TPTAT), in degrees C (the raw values are
0.1 degC): the median tracks the room, so one threshold transfers between rooms better than with TPTAT. Inside a recording, frames before its start
repeat its first frame (a cold start per recording). Rows with CheckPEC != 1 (packet errors) are dropped first.
"""
import argparse
import csv
import os
import time

import numpy as np
import torch
from torch import nn

from fleet_training import common

NAME = "thermal_person"
WINDOW = 8
STRIDE = 16
PIXELS = 16
INPUT_SHAPE = (WINDOW, 4, 4)


def build():
    """The window is the channel axis of a 4x4 image. 1x1 convs give every pixel the same temporal features and the
    4x4 max pool keeps the strongest pixel: where the person is in the view does not matter, which is what lets a
    model trained in one room work in the other (a position-specific MLP did not: see the doc)."""
    return nn.Sequential(
        nn.Conv2d(WINDOW, 16, 1), nn.ReLU(),
        nn.Conv2d(16, 8, 1), nn.ReLU(),
        nn.MaxPool2d(4),
        nn.Flatten(),
        nn.Linear(8, 2))


def read_recording(path):
    """Rows of (TPTAT, T1..T16) for the rows with CheckPEC == 1, in file order."""
    rows = []
    with open(path, newline="", encoding="utf-8") as f:
        lines = f.read().splitlines()
    if len(lines) < 3 or not lines[1].startswith("TPTAT"):
        raise ValueError(f"{path}: not an Omron D6T recording (no TPTAT header on line 2)")
    for n, line in enumerate(lines[2:], start=3):
        if "END OF FILE" in line or not line.strip():
            continue
        fields = [s.strip() for s in line.split(",")]
        if len(fields) < 18:
            raise ValueError(f"{path}:{n}: {len(fields)} fields, expected at least 18")
        if fields[17] != "1":
            continue
        rows.append([int(v) for v in fields[:17]])
    return np.asarray(rows, dtype=np.float32).reshape(-1, 17)


def windows(rec, reference, stride=STRIDE):
    """[frames, WINDOW, 16] inputs for every frame of one recording."""
    ref = rec[:, :1] if reference == "tptat" else np.median(rec[:, 1:], axis=1, keepdims=True)
    rel = (rec[:, 1:] - ref) / 10.0
    t = np.arange(len(rel))
    taps = t[:, None] - (WINDOW - 1 - np.arange(WINDOW))[None, :] * stride
    return rel[np.clip(taps, 0, None)]


def load(root, labels_csv, reference, stride=STRIDE):
    xs, ys, rooms = [], [], []
    with open(labels_csv, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            rec = read_recording(os.path.join(root, row["file"]))
            if len(rec) == 0:
                continue
            xs.append(windows(rec, reference, stride))
            ys.append(np.full(len(rec), int(row["person_present"]), dtype=np.int64))
            rooms.append(np.full(len(rec), row["room"]))
    frames = np.concatenate(xs)
    return (torch.from_numpy(frames.reshape(len(frames), WINDOW, 4, 4).copy()), torch.from_numpy(np.concatenate(ys)),
            np.concatenate(rooms))


def train(x, y, args, log, tag):
    torch.manual_seed(args.seed)
    gen = torch.Generator().manual_seed(args.seed)
    model = build()
    # Class weights: absent frames are 1 in 5 overall and 1 in 150 in Bathroom; unweighted, "always present" wins.
    counts = torch.bincount(y, minlength=2).float()
    loss_fn = nn.CrossEntropyLoss(weight=counts.sum() / (2 * counts))
    opt = torch.optim.Adam(model.parameters(), lr=3e-3, weight_decay=1e-4)
    for epoch in range(1, args.epochs + 1):
        model.train()
        loss_sum, total, preds = 0.0, 0, []
        order = []
        for b in common.batches(len(y), 256, gen):
            out = model(x[b])
            loss = loss_fn(out, y[b])
            opt.zero_grad()
            loss.backward()
            opt.step()
            loss_sum += loss.item() * len(b)
            total += len(b)
            preds.append(out.argmax(1).detach())
            order.append(b)
        fig = common.binary_figures(torch.cat(preds).numpy(), y[torch.cat(order)].numpy())
        log(f"{tag} epoch {epoch:2d}: train loss {loss_sum / total:.4f}, train balanced accuracy (during the epoch) "
            f"{fig['balanced_accuracy']:.4f}")
    return model.eval()


def export_fold(folder, model, test_room, x_train, y_train, x_test, y_test):
    """The fold's model and data, named after the held-out room (e.g. heldout-Bedroom.onnx)."""
    os.makedirs(folder, exist_ok=True)
    stem = os.path.join(folder, f"heldout-{test_room}")
    common.export_onnx(model, INPUT_SHAPE, stem + ".onnx")
    for part, xs, ys in (("train", x_train, y_train), ("test", x_test, y_test)):
        common.write_idx(f"{stem}-{part}-tensors.idx", xs.numpy().transpose(0, 2, 3, 1).astype(np.float32))
        common.write_idx(f"{stem}-{part}-labels.idx", ys.numpy().astype(np.uint8))


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--data", default=common.shared_data("thermal", "d6t44l_presence_4x4"),
                   help="folder holding labels.csv and Dataset/")
    p.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "models"))
    p.add_argument("--epochs", type=int, default=6)
    p.add_argument("--stride", type=int, default=STRIDE, help="frames between two taps of the window")
    p.add_argument("--reference", choices=("median", "tptat"), default="median",
                   help="subtract each frame's median pixel (default) or the sensor's ambient reading TPTAT")
    p.add_argument("--seed", type=int, default=9)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--export-dir", help="also write each fold's model (ONNX) and its training and held-out windows "
                                        "as float32 IDX tensors [n][4][4][8] (NHWC, the engine's layout) with uint8 "
                                        "labels, so `fleet-model quantize` can calibrate and score the int8 model "
                                        "on data it never saw")
    args = p.parse_args()

    common.set_deterministic(args.seed, args.threads)
    log = common.TrainLog(os.path.join(args.out, f"{NAME}.train.log"))
    common.log_header(log, NAME, args)
    t0 = time.monotonic()
    x, y, rooms = load(args.data, os.path.join(args.data, "labels.csv"), args.reference, args.stride)
    for room in ("Bathroom", "Bedroom"):
        sel = rooms == room
        log(f"data: {room}: {int(sel.sum())} frames, {int(y[torch.from_numpy(sel)].sum())} with a person")
    common.log_layer_table(log, common.layer_table(build(), INPUT_SHAPE), "layers (ours):")

    preds, truths, per_room = [], [], {}
    for train_room, test_room in (("Bedroom", "Bathroom"), ("Bathroom", "Bedroom")):
        tr = torch.from_numpy(rooms == train_room)
        te = torch.from_numpy(rooms == test_room)
        model = train(x[tr], y[tr], args, log, f"train {train_room}")
        pred = common.predict(model, x[te]).numpy()
        fig = common.binary_figures(pred, y[te].numpy())
        fig["trained_on"] = train_room
        per_room[test_room] = fig
        preds.append(pred)
        truths.append(y[te].numpy())
        log(f"held out {test_room} (trained on {train_room}): {fig}")
        if args.export_dir:
            export_fold(args.export_dir, model, test_room, x[tr], y[tr], x[te], y[te])
    pooled = common.binary_figures(np.concatenate(preds), np.concatenate(truths))
    log(f"leave-one-room-out, pooled over both held-out rooms: {pooled}")

    final = train(x, y, args, log, "all rooms")
    rows = common.layer_table(final, INPUT_SHAPE)
    onnx_path = os.path.join(args.out, f"{NAME}.onnx")
    size = common.export_onnx(final, INPUT_SHAPE, onnx_path)
    elapsed = time.monotonic() - t0
    log(f"exported {onnx_path} ({size:,} bytes); total time {elapsed:.1f}s")
    common.write_summary(os.path.join(args.out, f"{NAME}.json"), {
        "name": NAME,
        "task": "person present (1) / absent (0) from an Omron D6T-44L 4x4 thermopile",
        "onnx": f"{NAME}.onnx",
        "weights_committed": True,
        "input": {"shape": [1, *INPUT_SHAPE], "layout": "NCHW: C = window frame (oldest first), H x W = 4x4 grid of T1..T16 row-major",
                  "window": WINDOW, "stride_frames": args.stride,
                  "reference": args.reference,
                  "preprocess": f"(T_pixel - {'median of the frame' if args.reference == 'median' else 'TPTAT'}) / 10, "
                                "in degC (raw values are 0.1 degC); frames before "
                                "the recording's start repeat its first frame; CheckPEC != 1 rows dropped"},
        "output": {"shape": [1, 2], "meaning": "logits [absent, present] (no softmax in the graph)"},
        "data": {"recordings": "thermal/d6t44l_presence_4x4 (labels.csv + Dataset/)", "licence": "public domain",
                 "split": "leave-one-room-out: train Bedroom -> score Bathroom, train Bathroom -> score Bedroom; "
                          "shipped model trained on both rooms",
                 "frames": int(len(y))},
        "held_out": {**pooled, "per_room": per_room},
        "c_detector_leave_one_room_out": {"balanced_accuracy": 0.9770, "f1": 0.9924, "source": "docs/detection.md"},
        "macs": sum(r["macs"] for r in rows), "params": sum(r["params"] for r in rows), "layers": rows,
        "training": {"seed": args.seed, "epochs": args.epochs, "optimizer": "Adam 3e-3, wd 1e-4", "batch": 256,
                     "loss": "cross-entropy with inverse class-frequency weights", "seconds": round(elapsed, 1)},
        "versions": common.versions(),
    })
    log.close()


if __name__ == "__main__":
    main()
