#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Writes the images (and labels) of one side of a fixed index split as new IDX files, so fleet-model can calibrate
on the training part and evaluate on the held-out part. Output goes wherever --out points: keep it outside the
repository (the data's licences allow no copies here)."""
import argparse

import numpy as np

from fleet_training import common


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--images", required=True)
    p.add_argument("--labels", required=True)
    p.add_argument("--modulo", type=int, required=True, help="index i is selected when i %% modulo == remainder")
    p.add_argument("--remainder", type=int, required=True)
    p.add_argument("--invert", action="store_true", help="select the other side (i %% modulo != remainder)")
    p.add_argument("--out", required=True, help="output prefix: PREFIX-images-idx3-ubyte, PREFIX-labels-idx1-ubyte")
    args = p.parse_args()
    images, labels = common.read_idx(args.images), common.read_idx(args.labels)
    sel = (np.arange(len(labels)) % args.modulo == args.remainder) != args.invert
    common.write_idx(f"{args.out}-images-idx3-ubyte", images[sel])
    common.write_idx(f"{args.out}-labels-idx1-ubyte", labels[sel])
    print(f"{int(sel.sum())} of {len(labels)} written to {args.out}-*")


if __name__ == "__main__":
    main()
