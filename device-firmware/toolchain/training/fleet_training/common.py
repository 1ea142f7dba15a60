# SPDX-License-Identifier: MIT
"""Shared pieces of the reference-model training scripts.

Everything here exists so that a run is reproducible and honest: fixed seeds, deterministic kernels, two threads,
a log file per model, and MAC/parameter counts computed from the exported layers (the same rules the C# test
re-applies to the ONNX graph).
"""
import datetime
import json
import os
import platform
import struct
import sys
import time

import numpy as np
import torch
from torch import nn

OPSET = 13
# Input scaling shared by the image models: (pixel - 128) / 128, i.e. an int8 input with 7 fractional bits is
# exactly pixel - 128, the seed's q7 convention (mean 128).
PIXEL_MEAN = 128.0
PIXEL_SCALE = 1.0 / 128.0


def shared_data(*parts):
    """Default location of ../shared/data beside the clone (scripts also take explicit paths)."""
    repo = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", ".."))
    return os.path.join(os.path.dirname(repo), "shared", "data", *parts)


def set_deterministic(seed, threads=2):
    """Same seed, same kernels, same thread count: the same weights on every run on this machine."""
    torch.manual_seed(seed)
    np.random.seed(seed)
    torch.set_num_threads(threads)
    torch.use_deterministic_algorithms(True)


def read_idx(path):
    """IDX1/IDX3 uint8 file (MNIST layout) as a numpy array; a bad header is an error, not a guess."""
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 8:
        raise ValueError(f"{path}: too short for an IDX header")
    zero, dtype, ndim = struct.unpack(">HBB", data[:4])
    if zero != 0 or dtype != 0x08 or ndim not in (1, 3):
        raise ValueError(f"{path}: not a uint8 IDX1/IDX3 file (magic {data[:4].hex()})")
    dims = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    offset = 4 + 4 * ndim
    count = int(np.prod(dims))
    if len(data) != offset + count:
        raise ValueError(f"{path}: {len(data) - offset} payload bytes, header says {count}")
    return np.frombuffer(data, dtype=np.uint8, offset=offset).reshape(dims)


def write_idx(path, array):
    """An IDX file: uint8 arrays as type 0x08, float arrays as big-endian float32 (0x0D), any number of dims."""
    array = np.ascontiguousarray(array)
    if array.dtype == np.uint8:
        code, body = 0x08, array.tobytes()
    else:
        code, body = 0x0D, array.astype(">f4").tobytes()
    with open(path, "wb") as f:
        f.write(struct.pack(">HBB", 0, code, array.ndim))
        f.write(struct.pack(">" + "I" * array.ndim, *array.shape))
        f.write(body)


def normalise_pixels(images_u8):
    return (torch.from_numpy(images_u8.astype(np.float32)) - PIXEL_MEAN) * PIXEL_SCALE


class TrainLog:
    """Writes every line both to stdout and to <models>/<name>.train.log."""

    def __init__(self, path):
        os.makedirs(os.path.dirname(path), exist_ok=True)
        self._f = open(path, "w", encoding="utf-8")
        self.started = time.monotonic()

    def __call__(self, msg):
        line = f"[{time.monotonic() - self.started:8.1f}s] {msg}"
        print(line, flush=True)
        self._f.write(line + "\n")
        self._f.flush()

    def close(self):
        self._f.close()


def versions():
    return {
        "python": platform.python_version(),
        "torch": torch.__version__,
        "numpy": np.__version__,
        "platform": platform.platform(),
        "threads": torch.get_num_threads(),
    }


def log_header(log, name, args):
    log(f"model {name}; started {datetime.datetime.now(datetime.timezone.utc).isoformat(timespec='seconds')}")
    log(f"command: {' '.join(sys.argv)}")
    log(f"arguments: {vars(args)}")
    log(f"versions: {versions()}")


def fold_batchnorm(model):
    """Returns a copy of an nn.Sequential with every Conv2d/Linear + BatchNorm pair merged into the conv.

    The Fleet engine has no batchnorm; merging is exact in float (w' = w * g / sqrt(v + eps), b' = (b - m) * g /
    sqrt(v + eps) + beta), so the exported graph computes what the evaluated model computed.
    """
    layers = []
    modules = list(model)
    i = 0
    while i < len(modules):
        m = modules[i]
        nxt = modules[i + 1] if i + 1 < len(modules) else None
        if isinstance(m, (nn.Conv2d, nn.Linear)) and isinstance(nxt, (nn.BatchNorm2d, nn.BatchNorm1d)):
            scale = nxt.weight.detach() / torch.sqrt(nxt.running_var + nxt.eps)
            if isinstance(m, nn.Conv2d):
                fused = nn.Conv2d(m.in_channels, m.out_channels, m.kernel_size, m.stride, m.padding,
                                  m.dilation, m.groups, bias=True)
                fused.weight.data = m.weight.detach() * scale.reshape(-1, 1, 1, 1)
            else:
                fused = nn.Linear(m.in_features, m.out_features, bias=True)
                fused.weight.data = m.weight.detach() * scale.reshape(-1, 1)
            bias = m.bias.detach() if m.bias is not None else torch.zeros_like(nxt.running_mean)
            fused.bias.data = (bias - nxt.running_mean) * scale + nxt.bias.detach()
            layers.append(fused)
            i += 2
            continue
        if isinstance(m, nn.Dropout):
            i += 1
            continue
        layers.append(m)
        i += 1
    return nn.Sequential(*layers).eval()


def layer_table(model, input_shape):
    """MACs and parameters per conv / fully connected layer, from the shapes a forward pass produces.

    MACs count every tap including padding (the rule docs/benchmarks-m7.md uses for the seed models): a conv is
    out_h * out_w * out_c * k_h * k_w * in_c / groups, a fully connected layer in * out.
    """
    rows = []
    x = torch.zeros((1,) + tuple(input_shape))
    with torch.no_grad():
        for m in model:
            y = m(x)
            if isinstance(m, nn.Conv2d):
                kh, kw = m.kernel_size
                macs = y.shape[2] * y.shape[3] * m.out_channels * kh * kw * m.in_channels // m.groups
                params = m.weight.numel() + (m.bias.numel() if m.bias is not None else 0)
                kind = "dwconv" if m.groups == m.in_channels and m.groups > 1 else "conv"
                rows.append({"layer": f"{kind}{kh}x{kw}/{m.out_channels} s{m.stride[0]} p{m.padding[0]}",
                             "in": list(x.shape[1:]), "out": list(y.shape[1:]), "macs": int(macs),
                             "params": int(params)})
            elif isinstance(m, nn.Linear):
                params = m.weight.numel() + (m.bias.numel() if m.bias is not None else 0)
                rows.append({"layer": f"fc{m.in_features}->{m.out_features}", "in": list(x.shape[1:]),
                             "out": list(y.shape[1:]), "macs": int(m.in_features * m.out_features),
                             "params": int(params)})
            x = y
    return rows


def log_layer_table(log, rows, title, seed_rows=None):
    log(title)
    for r in rows:
        log(f"  {r['layer']:<22} in {str(r['in']):<14} out {str(r['out']):<14} MACs {r['macs']:>10,} "
            f"params {r['params']:>7,}")
    log(f"  total MACs {sum(r['macs'] for r in rows):,}  params {sum(r['params'] for r in rows):,}")
    if seed_rows:
        log("  seed (same rule):")
        for name, macs in seed_rows:
            log(f"  {name:<44} MACs {macs:>10,}")
        log(f"  seed total MACs {sum(m for _, m in seed_rows):,}")


def export_onnx(model, input_shape, path):
    """ONNX opset 13, fixed batch 1, names the C# side relies on ("input", "output")."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    dummy = torch.zeros((1,) + tuple(input_shape))
    torch.onnx.export(model, dummy, path, opset_version=OPSET, input_names=["input"], output_names=["output"],
                      do_constant_folding=True)
    return os.path.getsize(path)


def write_summary(path, summary):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(summary, f, indent=2, sort_keys=False)
        f.write("\n")


def batches(n, batch_size, generator=None):
    """Index batches over n items: shuffled with the generator when one is given, in order otherwise."""
    order = torch.randperm(n, generator=generator) if generator is not None else torch.arange(n)
    for start in range(0, n, batch_size):
        yield order[start:start + batch_size]


def predict(model, x, batch_size=500):
    model.eval()
    out = []
    with torch.no_grad():
        for idx in batches(len(x), batch_size):
            out.append(model(x[idx]).argmax(dim=1))
    return torch.cat(out)


def binary_figures(pred, truth):
    """Precision, recall, F1, balanced accuracy and counts for label 1 = positive."""
    pred = np.asarray(pred).astype(bool)
    truth = np.asarray(truth).astype(bool)
    tp = int(np.sum(pred & truth))
    fp = int(np.sum(pred & ~truth))
    tn = int(np.sum(~pred & ~truth))
    fn = int(np.sum(~pred & truth))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    specificity = tn / (tn + fp) if tn + fp else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"tp": tp, "fp": fp, "tn": tn, "fn": fn, "accuracy": round((tp + tn) / max(1, len(pred)), 4),
            "precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
            "balanced_accuracy": round((recall + specificity) / 2, 4)}
