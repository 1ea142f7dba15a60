/* SPDX-License-Identifier: MIT */
/* OpenCV 4.6 cv::resize(..., INTER_LINEAR_EXACT) for 8-bit one-channel images, produced one destination row
 * at a time so the pyramid never needs a whole scaled frame (imgproc/resize.cpp, resize_bitExact with
 * interpolationLinear<uint8_t> and ufixedpoint16 coefficients):
 *   f = (1 / (dst/src)) * (d + 0.5) - 0.5 in double, i = floor(f), right weight c1 = cvRound((f - i) * 256),
 *   left weight 256 - c1; positions left of the image copy the first pixel, right of it the last;
 *   horizontal pass h = c0 * p[i] + c1 * p[i + 1] (Q8, uint16), vertical pass
 *   (h[i] * c0 + h[i + 1] * c1 + 2^15) >> 16; rows above/below the image use (h + 128) >> 8.
 * An exact 2x downscale is what OpenCV hands to INTER_AREA instead: (a + b + c + d + 2) >> 2 (its SIMD
 * rounding; the scalar tail it uses for the last width % 16 pixels rounds ties to even, not reproduced). */
#include "fl_haar_internal.h"

size_t fl_haar_resizer_bytes(int32_t dst_w)
{
    return (size_t)dst_w * (sizeof(int32_t) + 3u * sizeof(uint16_t)) + 16u;
}

/* Position, left index and right weight of destination coordinate d; updates the copy-edge limits. */
static void coeff(double scale, int32_t d, int32_t src_n, int32_t *ofs, uint16_t *c1, int32_t *dmin, int32_t *dmax)
{
    double f = scale * ((double)d + 0.5) - 0.5;
    int32_t i = fl_haar_floor_d(f);
    *ofs = src_n - 1;
    *c1 = 0;
    if (i >= 0 && src_n > 1) {
        if (i < src_n - 1) {
            *ofs = i;
            *c1 = (uint16_t)fl_haar_round_d((f - (double)i) * 256.0);
        } else if (d < *dmax) {
            *dmax = d;
        }
    } else if (d + 1 > *dmin) {
        *dmin = d + 1;
    }
}

void fl_haar_resizer_init(fl_haar_resizer_t *z, const fl_haar_gray_t *src, int32_t dst_w, int32_t dst_h, void *mem)
{
    int32_t dx;
    double xscale;
    uint8_t *p = (uint8_t *)mem;
    z->src = src;
    z->dst_w = dst_w;
    z->dst_h = dst_h;
    z->area2 = src->w == 2 * dst_w && src->h == 2 * dst_h;
    z->xofs = (int32_t *)(void *)p;
    p += (size_t)dst_w * sizeof(int32_t);
    z->xcoef = (uint16_t *)(void *)p;
    p += (size_t)dst_w * sizeof(uint16_t);
    z->hline[0] = (uint16_t *)(void *)p;
    p += (size_t)dst_w * sizeof(uint16_t);
    z->hline[1] = (uint16_t *)(void *)p;
    z->hline_row[0] = -1;
    z->hline_row[1] = -1;
    /* OpenCV: inv_scale = dst / src, scale = 1 / inv_scale, both in double */
    xscale = 1.0 / ((double)dst_w / (double)src->w);
    z->yscale = 1.0 / ((double)dst_h / (double)src->h);
    z->xmin = 0;
    z->xmax = dst_w;
    for (dx = 0; dx < dst_w; dx++) {
        coeff(xscale, dx, src->w, &z->xofs[dx], &z->xcoef[dx], &z->xmin, &z->xmax);
    }
    z->ymin = 0;
    z->ymax = dst_h;
    for (dx = 0; dx < dst_h; dx++) {
        int32_t ofs;
        uint16_t c1;
        coeff(z->yscale, dx, src->h, &ofs, &c1, &z->ymin, &z->ymax);
    }
}

/* Horizontal pass of source row sy, cached in one of two slots (rows are requested in increasing order). */
static const uint16_t *hline(fl_haar_resizer_t *z, int32_t sy, int32_t keep_row)
{
    const uint8_t *p;
    uint16_t *h;
    int32_t slot, dx;
    if (z->hline_row[0] == sy) {
        return z->hline[0];
    }
    if (z->hline_row[1] == sy) {
        return z->hline[1];
    }
    slot = z->hline_row[0] == keep_row ? 1 : 0;
    h = z->hline[slot];
    z->hline_row[slot] = sy;
    p = z->src->pixels + (size_t)sy * (size_t)z->src->stride;
    for (dx = 0; dx < z->dst_w; dx++) {
        if (dx < z->xmin) {
            h[dx] = (uint16_t)(p[0] << 8);
        } else if (dx >= z->xmax) {
            h[dx] = (uint16_t)(p[z->src->w - 1] << 8);
        } else {
            int32_t i = z->xofs[dx];
            uint32_t c1 = z->xcoef[dx];
            h[dx] = (uint16_t)((256u - c1) * p[i] + c1 * p[i + 1]);
        }
    }
    return h;
}

void fl_haar_resizer_row(fl_haar_resizer_t *z, int32_t dy, uint8_t *row)
{
    int32_t dx;
    if (z->area2) {
        const uint8_t *a = z->src->pixels + (size_t)(2 * dy) * (size_t)z->src->stride;
        const uint8_t *b = a + z->src->stride;
        for (dx = 0; dx < z->dst_w; dx++) {
            row[dx] = (uint8_t)((a[2 * dx] + a[2 * dx + 1] + b[2 * dx] + b[2 * dx + 1] + 2) >> 2);
        }
        return;
    }
    if (dy < z->ymin || dy >= z->ymax) {
        const uint16_t *h = hline(z, dy < z->ymin ? 0 : z->src->h - 1, -1);
        for (dx = 0; dx < z->dst_w; dx++) {
            row[dx] = (uint8_t)((h[dx] + 128u) >> 8);
        }
    } else {
        double f = z->yscale * ((double)dy + 0.5) - 0.5;
        int32_t iy = fl_haar_floor_d(f);
        uint32_t c1 = (uint32_t)fl_haar_round_d((f - (double)iy) * 256.0);
        uint32_t c0 = 256u - c1;
        const uint16_t *h0 = hline(z, iy, iy + 1);
        const uint16_t *h1 = hline(z, iy + 1, iy);
        for (dx = 0; dx < z->dst_w; dx++) {
            uint32_t v = ((uint32_t)h0[dx] * c0 + (uint32_t)h1[dx] * c1 + 32768u) >> 16;
            row[dx] = (uint8_t)(v > 255u ? 255u : v);
        }
    }
}
