/* SPDX-License-Identifier: MIT */
/* Runner for a loaded ".network" (openmv-nn-and-haar.md §3.3-3.8). The layer chaining of nn.c (two buffers,
 * RELU in place on the current buffer, the last layer's c bytes are the output) is reproduced by ping-ponging
 * between two scratch buffers; the camera's pointer dance yields the same values for every net the loader
 * accepts. */
#include <string.h>

#include "fl/fl_model_network.h"

static fl_nn_dims_t dims_of(const fl_network_layer_t *l)
{
    fl_nn_dims_t d;
    d.n = 1;
    d.h = (int32_t)l->h;
    d.w = (int32_t)l->w;
    d.c = (int32_t)l->c;
    return d;
}

static fl_nn_hw_t sq(uint32_t v)
{
    fl_nn_hw_t r;
    r.h = (int32_t)v;
    r.w = (int32_t)v;
    return r;
}

static fl_nn_q7_shift_t shift_of(const fl_network_layer_t *l)
{
    fl_nn_q7_shift_t s;
    s.bias_lshift = l->l_shift;
    s.out_rshift = l->r_shift;
    s.rounding = FL_NN_Q7_TRUNCATE; /* the firmware is built with -DARM_NN_TRUNCATE */
    return s;
}

static fl_status_t run_layer(const fl_network_layer_t *l, const fl_network_layer_t *p, fl_network_mode_t mode,
                             int8_t *in, int8_t *out, const fl_nn_ctx_t *kctx, int *swap)
{
    fl_nn_dims_t id = dims_of(p);
    fl_nn_dims_t od = dims_of(l);
    *swap = 1;
    switch (l->type) {
    case FL_NETWORK_LAYER_CONV: {
        fl_nn_conv_q7_params_t cp;
        fl_nn_dims_t fd;
        cp.stride = sq(l->krn_str);
        cp.pad = sq(l->krn_pad);
        cp.shift = shift_of(l);
        fd.n = (int32_t)l->c;
        fd.h = (int32_t)l->krn_dim;
        fd.w = (int32_t)l->krn_dim;
        fd.c = (int32_t)p->c;
        return fl_nn_conv_q7(kctx, &cp, &id, in, &fd, l->weights, l->bias, &od, out);
    }
    case FL_NETWORK_LAYER_RELU: {
        size_t n = (size_t)l->c * l->h * l->w;
        *swap = 0;
        if (mode == FL_NETWORK_MODE_CAMERA) {
            /* arm_relu_q7(data, (uint16_t)size): the count is truncated to 16 bits (64x64x32 -> 0). */
            n = (size_t)(uint16_t)n;
        }
        return fl_nn_relu_q7(in, n);
    }
    case FL_NETWORK_LAYER_POOL: {
        fl_nn_pool_params_t pp;
        pp.window = sq(l->krn_dim);
        pp.stride = sq(l->krn_str);
        pp.pad = sq(l->krn_pad);
        if (mode == FL_NETWORK_MODE_CAMERA) {
            return l->pool_type == FL_NETWORK_POOL_MAX ? fl_nn_maxpool_q7_legacy(&pp, &id, in, &od, out)
                                                       : fl_nn_avgpool_q7_legacy(kctx, &pp, &id, in, &od, out);
        }
        return l->pool_type == FL_NETWORK_POOL_MAX ? fl_nn_maxpool_q7(&pp, &id, in, &od, out)
                                                   : fl_nn_avgpool_q7(&pp, &id, in, &od, out);
    }
    case FL_NETWORK_LAYER_IP: {
        fl_nn_q7_shift_t s = shift_of(l);
        return fl_nn_fc_q7_x4(NULL, &s, in, (int32_t)(p->c * p->h * p->w), l->weights, l->bias, (int32_t)l->c, out);
    }
    case FL_NETWORK_LAYER_DATA:
    default:
        return FL_ERR_STATE; /* the loader admits DATA only at index 0 */
    }
}

fl_status_t fl_network_run(const fl_network_t *net, fl_network_mode_t mode, bool softmax, const int8_t *input,
                           const fl_nn_ctx_t *scratch, int8_t *out)
{
    const fl_network_info_t *info;
    size_t max_elems = 0, act_bytes, i;
    uint8_t *base;
    int8_t *a;
    int8_t *b;
    fl_nn_ctx_t kctx; /* the kernels' scratch: legacy average-pool rows, conv im2col columns */
    if (net == NULL || net->layers == NULL || input == NULL || scratch == NULL || scratch->buf == NULL ||
        out == NULL || (mode != FL_NETWORK_MODE_CAMERA && mode != FL_NETWORK_MODE_CORRECTED)) {
        return FL_ERR_ARG;
    }
    info = &net->info;
    if (scratch->size < info->scratch_bytes) {
        return FL_ERR_NO_MEM;
    }
    /* nn.c only redirects the output to output_data after a layer with index > 0, so a two-record net never
     * writes its output on the camera. */
    if (mode == FL_NETWORK_MODE_CAMERA && info->n_layers < 3u) {
        return FL_ERR_UNSUPPORTED;
    }
    for (i = 0; i < info->n_layers; i++) {
        size_t e = (size_t)net->layers[i].c * net->layers[i].h * net->layers[i].w;
        max_elems = e > max_elems ? e : max_elems;
    }
    act_bytes = (max_elems + 3u) & ~(size_t)3u;
    base = (uint8_t *)scratch->buf;
    base += (4u - ((uintptr_t)base & 3u)) & 3u;
    a = (int8_t *)(void *)base;
    b = a + act_bytes;
    kctx.buf = base + 2u * act_bytes;
    kctx.size = info->scratch_bytes - 4u - 2u * act_bytes;

    memcpy(a, input, (size_t)info->in_c * info->in_h * info->in_w);
    for (i = 1; i < info->n_layers; i++) {
        int swap = 0;
        FL_TRY(run_layer(&net->layers[i], &net->layers[i - 1u], mode, a, b, &kctx, &swap));
        if (swap) {
            int8_t *t = a;
            a = b;
            b = t;
        }
    }
    memcpy(out, a, info->n_outputs);
    if (softmax && mode == FL_NETWORK_MODE_CAMERA) {
        FL_TRY(fl_nn_softmax_q7(out, (int32_t)info->n_outputs, out));
    }
    return FL_OK;
}

fl_status_t fl_network_scores(fl_network_mode_t mode, bool softmax, const int8_t *q, uint32_t n, float *scores)
{
    uint32_t i;
    if (q == NULL || scores == NULL || n == 0u) {
        return FL_ERR_ARG;
    }
    if (mode == FL_NETWORK_MODE_CAMERA) {
        for (i = 0; i < n; i++) {
            scores[i] = (float)((int32_t)q[i] + 128) / 255.0f; /* py_nn.c: (q + 128) / 255.0 */
        }
        return FL_OK;
    }
    if (!softmax) {
        for (i = 0; i < n; i++) {
            scores[i] = (float)q[i] / 128.0f;
        }
        return FL_OK;
    }
    {
        int32_t max = -128;
        float sum = 0.0f;
        for (i = 0; i < n; i++) {
            max = q[i] > max ? q[i] : max;
        }
        for (i = 0; i < n; i++) {
            /* 2^-(max - q) without libm: exact powers of two; below 2^-31 the term cannot change the sum of
             * floats that already hold 1.0. */
            int32_t d = max - q[i];
            scores[i] = d > 31 ? 0.0f : 1.0f / (float)(1u << (uint32_t)d);
            sum += scores[i];
        }
        for (i = 0; i < n; i++) {
            scores[i] /= sum;
        }
    }
    return FL_OK;
}
