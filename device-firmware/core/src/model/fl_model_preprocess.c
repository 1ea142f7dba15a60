/* SPDX-License-Identifier: MIT */
/* A Fleet model's input tensor from a frame ROI (docs/model-format.md, "Input spec"). */
#include <string.h>

#include "fl/fl_model.h"
#include "model/fl_model_internal.h"

/* round(v) half away from zero, without libm; |v| is bounded by the caller. */
static int32_t round_away(float v)
{
    int32_t t = (int32_t)v;
    float frac = v - (float)t;
    if (frac >= 0.5f) {
        t++;
    } else if (frac <= -0.5f) {
        t--;
    }
    return t;
}

static int8_t sat8(int32_t v)
{
    return (int8_t)(v < -128 ? -128 : (v > 127 ? 127 : v));
}

/* The seed's resize on a one-layer DATA net with mean 128 and shift 8 in corrected mode yields every resized
 * pixel exactly (q = p - 128); then the format's per-channel formula. The same construction as the C# binding's
 * FleetModel.Preprocess. */
fl_status_t fl_model_preprocess(const fl_model_t *model, const fl_image_t *frame, const fl_rect_t *roi,
                                int8_t *tensor)
{
    const fl_model_input_t *in;
    fl_network_layer_t data;
    fl_network_t net;
    size_t i, n;
    fl_status_t st;
    if (model == NULL || frame == NULL || tensor == NULL) {
        return FL_ERR_ARG;
    }
    in = &model->info.input;
    if (in->colour == FL_MODEL_COLOUR_TENSOR) {
        return FL_ERR_STATE; /* not a picture: the caller quantizes its own tensor */
    }
    n = (size_t)in->h * in->w * in->c;
    memset(&data, 0, sizeof data);
    memset(&net, 0, sizeof net);
    data.type = FL_NETWORK_LAYER_DATA;
    data.n = 1u;
    data.c = in->c;
    data.h = in->h;
    data.w = in->w;
    data.mean[0] = data.mean[1] = data.mean[2] = 128;
    data.scale = 8;
    net.layers = &data;
    net.info.n_layers = 1u;
    net.info.in_h = in->h;
    net.info.in_w = in->w;
    net.info.in_c = in->c;
    st = fl_network_preprocess(&net, FL_NETWORK_MODE_CORRECTED,
                               in->resize == FL_MODEL_RESIZE_BILINEAR ? FL_RESIZE_BILINEAR : FL_RESIZE_NEAREST,
                               frame, roi, tensor);
    if (st != FL_OK) {
        return st;
    }
    for (i = 0; i < n; i++) {
        size_t k = i % in->c;
        int32_t d = (int32_t)tensor[i] + 128 - (int32_t)in->mean[k];
        if (model->info.scheme == FL_MODEL_SCHEME_Q7) {
            uint32_t sh = in->q7_shift[k];
            int32_t q = sh <= 8u ? d * (int32_t)(1u << (8u - sh)) : d >> (sh - 8u);
            tensor[i] = sat8(q);
        } else {
            /* binary32, as the spec stores the scales and a device computes; clamp before rounding */
            float q = (float)d * in->s8_scale[k] / in->s8_input_scale;
            q = q < -1024.0f ? -1024.0f : (q > 1024.0f ? 1024.0f : q);
            tensor[i] = sat8(round_away(q) + in->s8_input_zero_point);
        }
    }
    return FL_OK;
}
