#!/bin/sh
# SPDX-License-Identifier: MIT
# Training needs Debian's PyTorch (1.13.1 in bookworm) and numpy, nothing from PyPI: torch.onnx.export writes the
# ONNX files without the onnx package. Run as root (or with sudo).
set -eu
apt-get install -y python3-torch python3-numpy
/usr/bin/python3 -c 'import torch, numpy; print("torch", torch.__version__, "numpy", numpy.__version__)'
