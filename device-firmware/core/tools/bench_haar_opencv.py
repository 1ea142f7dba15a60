#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Times OpenCV's own CascadeClassifier.detectMultiScale on one image, single-threaded, for tools/bench_haar.c.

Usage: bench_haar_opencv.py IMAGE.pgm CASCADE.xml SCALE_FACTOR MIN_NEIGHBORS ITERATIONS
Prints one line: "opencv <version> ms_per_frame <ms> boxes <n>" (the best of 3 rounds of ITERATIONS calls).
"""
import sys
import time

import cv2


def main() -> int:
    image, xml, scale, neighbors, iterations = sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
    cv2.setNumThreads(1)  # the C detector is single-threaded, as the camera is
    cascade = cv2.CascadeClassifier(xml)
    img = cv2.imread(image, cv2.IMREAD_GRAYSCALE)
    if cascade.empty() or img is None:
        print("bench_haar_opencv: cannot load cascade or image", file=sys.stderr)
        return 1
    boxes = cascade.detectMultiScale(img, scaleFactor=scale, minNeighbors=neighbors)  # warm-up
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        for _ in range(iterations):
            cascade.detectMultiScale(img, scaleFactor=scale, minNeighbors=neighbors)
        best = min(best, (time.perf_counter() - t0) * 1000.0 / iterations)
    print(f"opencv {cv2.__version__} ms_per_frame {best:.3f} boxes {len(boxes)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
