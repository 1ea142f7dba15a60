# SPDX-License-Identifier: MIT
"""Label-preserving augmentation on float image batches [N, 1, H, W], driven by a seeded generator."""
import math

import torch
import torch.nn.functional as F


def random_shift(x, max_shift, generator):
    """Integer translation by up to max_shift pixels each way, edges replicated (a face or digit slightly off-centre)."""
    n, _, h, w = x.shape
    padded = F.pad(x, (max_shift, max_shift, max_shift, max_shift), mode="replicate")
    dy = torch.randint(0, 2 * max_shift + 1, (n,), generator=generator)
    dx = torch.randint(0, 2 * max_shift + 1, (n,), generator=generator)
    out = torch.empty_like(x)
    # One slice per distinct shift (at most (2s+1)^2), not one per image: same result, far fewer Python steps.
    for sy in range(2 * max_shift + 1):
        for sx in range(2 * max_shift + 1):
            sel = (dy == sy) & (dx == sx)
            if bool(sel.any()):
                out[sel] = padded[sel, :, sy:sy + h, sx:sx + w]
    return out


def random_flip(x, generator):
    """Horizontal mirror of half the batch (faces are left-right symmetric; digits are not: smile only)."""
    flip = torch.rand(x.shape[0], generator=generator) < 0.5
    out = x.clone()
    out[flip] = torch.flip(x[flip], dims=[3])
    return out


def random_gain(x, generator, contrast=0.2, brightness=0.15):
    """Contrast and brightness jitter in the normalised domain, clamped to the input range [-1, 1)."""
    n = x.shape[0]
    c = 1.0 + (torch.rand(n, 1, 1, 1, generator=generator) * 2 - 1) * contrast
    b = (torch.rand(n, 1, 1, 1, generator=generator) * 2 - 1) * brightness
    return torch.clamp(x * c + b, -1.0, 127.0 / 128.0)


def random_affine(x, generator, max_degrees=10.0, max_scale=0.1, max_shift=0.0625):
    """Small rotation, zoom and translation per image, bilinear, edges replicated: a face the Haar stage boxed
    slightly tilted, larger or off-centre. max_shift is a fraction of the side."""
    n = x.shape[0]
    rot = (torch.rand(n, generator=generator) * 2 - 1) * math.radians(max_degrees)
    zoom = 1.0 + (torch.rand(n, generator=generator) * 2 - 1) * max_scale
    # affine_grid works in [-1, 1] coordinates, so a shift of f of the side is 2f there.
    tx = (torch.rand(n, generator=generator) * 2 - 1) * 2 * max_shift
    ty = (torch.rand(n, generator=generator) * 2 - 1) * 2 * max_shift
    cos, sin = torch.cos(rot) / zoom, torch.sin(rot) / zoom
    theta = torch.stack([torch.stack([cos, -sin, tx], 1), torch.stack([sin, cos, ty], 1)], 1)
    grid = F.affine_grid(theta, list(x.shape), align_corners=False)
    return F.grid_sample(x, grid, mode="bilinear", padding_mode="border", align_corners=False)
