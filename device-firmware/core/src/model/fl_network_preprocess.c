/* SPDX-License-Identifier: MIT */
/* Input preprocessing for ".network" models: ROI clipping, resize, colour conversion, mean subtraction and
 * scaling to int8 (nn_transform_input in nn.c @3.0, openmv-nn-and-haar.md §3.1-3.2). */
#include "fl/fl_model_network.h"

uint8_t fl_network_r5_to_8(uint32_t v5)
{
    /* rb528[i] = floor((255 i + 15.5) / 31) */
    return (uint8_t)((510u * (v5 & 31u) + 31u) / 62u);
}

uint8_t fl_network_g6_to_8(uint32_t v6)
{
    /* g628[i] = floor((255 i + 31.5) / 63) */
    return (uint8_t)((510u * (v6 & 63u) + 63u) / 126u);
}

/* One source pixel as 8-bit channel values: rgb[0..2]; gray/Y in rgb[0] when want_y. */
static void fetch(const fl_image_t *img, int32_t x, int32_t y, int want_y, int32_t rgb[3])
{
    size_t idx = (size_t)y * (size_t)img->stride + (size_t)x;
    if (img->fmt == FL_PIXFMT_GRAYSCALE) {
        int32_t g = ((const uint8_t *)img->pixels)[idx];
        rgb[0] = g;
        rgb[1] = g;
        rgb[2] = g;
        return;
    }
    {
        uint32_t pix = ((const uint16_t *)img->pixels)[idx];
        int32_t r, g, b;
        if (img->fmt == FL_PIXFMT_RGB565_SWAPPED) {
            pix = ((pix & 0xFFu) << 8) | (pix >> 8);
        }
        r = fl_network_r5_to_8(pix >> 11);
        g = fl_network_g6_to_8(pix >> 5);
        b = fl_network_r5_to_8(pix);
        if (want_y) {
            /* yuv_table Y = int(0.299 R + 0.587 G + 0.114 B) in double precision (tools/gen_rgb2yuv.py). The
             * integer form (299 R + 587 G + 114 B) / 1000 differs on 10 of the 65536 pixels (exact multiples of
             * 1000 that the double sum undershoots), so keep the double expression, evaluated in the same
             * order. Only used for RGB565 into 1-channel nets. */
            rgb[0] = (int32_t)(0.299 * (double)r + 0.587 * (double)g + 0.114 * (double)b);
            rgb[1] = rgb[0];
            rgb[2] = rgb[0];
        } else {
            rgb[0] = r;
            rgb[1] = g;
            rgb[2] = b;
        }
    }
}

static int8_t quantize(fl_network_mode_t mode, int32_t p, int32_t mean, int32_t scale)
{
    int32_t d = p - mean; /* -255..255 */
    int32_t q;
    if (mode == FL_NETWORK_MODE_CAMERA) {
        q = (d * 128 + (1 << (scale - 1))) >> scale;
    } else if (scale <= 8) {
        q = d * (1 << (8 - scale));
    } else {
        q = d >> (scale - 8); /* floor, like the quantizer's np.floor */
    }
    return (int8_t)(q > 127 ? 127 : (q < -128 ? -128 : q));
}

/* Bilinear sample of the ROI at output (ox, oy) of an out_w x out_h grid; 16.16 fixed point. */
static void bilinear(const fl_image_t *img, const fl_rect_t *r, int32_t ox, int32_t oy, int32_t out_w,
                     int32_t out_h, int want_y, int32_t rgb[3])
{
    int64_t fx = ((int64_t)(2 * ox + 1) * r->w * 65536) / (2 * (int64_t)out_w) - 32768;
    int64_t fy = ((int64_t)(2 * oy + 1) * r->h * 65536) / (2 * (int64_t)out_h) - 32768;
    int64_t maxx = (int64_t)(r->w - 1) * 65536, maxy = (int64_t)(r->h - 1) * 65536;
    int32_t x0, y0, x1, y1, k;
    int64_t ax, ay;
    int32_t p00[3], p01[3], p10[3], p11[3];
    fx = fx < 0 ? 0 : (fx > maxx ? maxx : fx);
    fy = fy < 0 ? 0 : (fy > maxy ? maxy : fy);
    x0 = (int32_t)(fx >> 16);
    y0 = (int32_t)(fy >> 16);
    ax = fx & 0xFFFF;
    ay = fy & 0xFFFF;
    x1 = x0 + 1 < r->w ? x0 + 1 : x0;
    y1 = y0 + 1 < r->h ? y0 + 1 : y0;
    fetch(img, r->x + x0, r->y + y0, want_y, p00);
    fetch(img, r->x + x1, r->y + y0, want_y, p01);
    fetch(img, r->x + x0, r->y + y1, want_y, p10);
    fetch(img, r->x + x1, r->y + y1, want_y, p11);
    for (k = 0; k < 3; k++) {
        int64_t top = (int64_t)p00[k] * (65536 - ax) + (int64_t)p01[k] * ax;
        int64_t bot = (int64_t)p10[k] * (65536 - ax) + (int64_t)p11[k] * ax;
        int64_t v = top * (65536 - ay) + bot * ay;
        rgb[k] = (int32_t)((v + ((int64_t)1 << 31)) >> 32);
    }
}

fl_status_t fl_network_preprocess(const fl_network_t *net, fl_network_mode_t mode, fl_resize_t resize,
                                  const fl_image_t *img, const fl_rect_t *roi, int8_t *tensor)
{
    const fl_network_layer_t *data;
    fl_rect_t r;
    int32_t nw, nh, nc, x, y, k, mean[3];
    int64_t x_ratio, y_ratio;
    int want_y;
    if (net == NULL || net->layers == NULL || img == NULL || img->pixels == NULL || tensor == NULL ||
        img->w < 1 || img->h < 1 || img->w > 32767 || img->h > 32767 || img->stride < img->w ||
        (img->fmt != FL_PIXFMT_GRAYSCALE && img->fmt != FL_PIXFMT_RGB565 && img->fmt != FL_PIXFMT_RGB565_SWAPPED) ||
        (mode != FL_NETWORK_MODE_CAMERA && mode != FL_NETWORK_MODE_CORRECTED) ||
        (resize != FL_RESIZE_NEAREST && resize != FL_RESIZE_BILINEAR)) {
        return FL_ERR_ARG;
    }
    data = &net->layers[0];
    nw = (int32_t)data->w;
    nh = (int32_t)data->h;
    nc = (int32_t)data->c;

    /* ROI: default whole image, else intersect with the image (py_helper_keyword_rectangle + clipping). */
    if (roi == NULL) {
        r.x = 0;
        r.y = 0;
        r.w = img->w;
        r.h = img->h;
    } else {
        int64_t x0 = roi->x, y0 = roi->y, x1 = (int64_t)roi->x + roi->w, y1 = (int64_t)roi->y + roi->h;
        if (roi->w < 1 || roi->h < 1) {
            return FL_ERR_RANGE;
        }
        x0 = x0 < 0 ? 0 : x0;
        y0 = y0 < 0 ? 0 : y0;
        x1 = x1 > img->w ? img->w : x1;
        y1 = y1 > img->h ? img->h : y1;
        if (x0 >= x1 || y0 >= y1) {
            return FL_ERR_RANGE;
        }
        r.x = (int32_t)x0;
        r.y = (int32_t)y0;
        r.w = (int32_t)(x1 - x0);
        r.h = (int32_t)(y1 - y0);
    }

    want_y = nc == 1 && img->fmt != FL_PIXFMT_GRAYSCALE;
    if (nc == 1) {
        mean[0] = data->mean[0];
        mean[1] = mean[0];
        mean[2] = mean[0];
    } else if (img->fmt == FL_PIXFMT_GRAYSCALE && mode == FL_NETWORK_MODE_CAMERA) {
        /* nn.c: (int)(0.30f * r_mean + 0.59f * g_mean + 0.11f * b_mean), single precision */
        float m = 0.30f * (float)data->mean[0] + 0.59f * (float)data->mean[1] + 0.11f * (float)data->mean[2];
        mean[0] = (int32_t)m;
        mean[1] = mean[0];
        mean[2] = mean[0];
    } else {
        mean[0] = data->mean[0];
        mean[1] = data->mean[1];
        mean[2] = data->mean[2];
    }

    x_ratio = (((int64_t)r.w << 16) / nw) + 1;
    y_ratio = (((int64_t)r.h << 16) / nh) + 1;
    for (y = 0; y < nh; y++) {
        for (x = 0; x < nw; x++) {
            int32_t px[3];
            int8_t *dst = tensor + ((size_t)y * (size_t)nw + (size_t)x) * (size_t)nc;
            if (resize == FL_RESIZE_NEAREST) {
                int32_t sx = (int32_t)(((int64_t)x * x_ratio) >> 16);
                int32_t sy = (int32_t)(((int64_t)y * y_ratio) >> 16);
                /* The "+1" in the ratio can step past the ROI when the net is wider than 256 and the ROI
                 * tiny; the camera then read outside the ROI. We clamp to stay inside the image. */
                sx = sx < r.w ? sx : r.w - 1;
                sy = sy < r.h ? sy : r.h - 1;
                fetch(img, r.x + sx, r.y + sy, want_y, px);
            } else {
                bilinear(img, &r, x, y, nw, nh, want_y, px);
            }
            for (k = 0; k < nc; k++) {
                dst[k] = quantize(mode, px[k], mean[k], data->scale);
            }
        }
    }
    return FL_OK;
}
