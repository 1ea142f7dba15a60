/* SPDX-License-Identifier: MIT */
/* Runner for a loaded Fleet model: walks the plan, ping-ponging between the two activation buffers the loader
 * reserved; element-wise ops (relu, relu6, softmax) work in place. Never allocates, never parses: every shape,
 * pointer and parameter was validated and resolved by fl_model_load(). */
#include <string.h>

#include "fl_model_internal.h"

static fl_nn_dims_t dims(uint16_t h, uint16_t w, uint16_t c)
{
    fl_nn_dims_t d;
    d.n = 1;
    d.h = h;
    d.w = w;
    d.c = c;
    return d;
}

static fl_nn_hw_t hw(uint8_t h, uint8_t w)
{
    fl_nn_hw_t v;
    v.h = h;
    v.w = w;
    return v;
}

static fl_nn_q7_shift_t q7_shift(const fl_model_layer_t *l)
{
    fl_nn_q7_shift_t s;
    s.bias_lshift = l->lshift;
    s.out_rshift = l->rshift;
    s.rounding = l->rounding == 0u ? FL_NN_Q7_TRUNCATE : FL_NN_Q7_ROUND;
    return s;
}

static fl_nn_act_t act(const fl_model_layer_t *l)
{
    fl_nn_act_t a;
    a.min = l->act_min;
    a.max = l->act_max;
    return a;
}

/* Windowed and weighted ops: in -> out. */
static fl_status_t run_q7(const fl_model_layer_t *l, const fl_nn_ctx_t *ctx, const int8_t *in, int8_t *out)
{
    fl_nn_dims_t id = dims(l->in_h, l->in_w, l->in_c), od = dims(l->out_h, l->out_w, l->out_c), fd;
    const int8_t *bias = (const int8_t *)l->bias;
    switch (l->op) {
    case FL_MODEL_OP_CONV:
    case FL_MODEL_OP_DWCONV: {
        fl_nn_conv_q7_params_t p;
        p.stride = hw(l->sh, l->sw);
        p.pad = hw(l->ph, l->pw);
        p.shift = q7_shift(l);
        fd.n = l->op == FL_MODEL_OP_CONV ? (int32_t)l->out_c : 1;
        fd.h = l->kh;
        fd.w = l->kw;
        fd.c = l->op == FL_MODEL_OP_CONV ? (int32_t)l->in_c : (int32_t)l->out_c;
        return l->op == FL_MODEL_OP_CONV ? fl_nn_conv_q7(ctx, &p, &id, in, &fd, l->weights, bias, &od, out)
                                         : fl_nn_dwconv_q7(&p, &id, in, &fd, l->weights, bias, &od, out);
    }
    case FL_MODEL_OP_FC: {
        fl_nn_q7_shift_t s = q7_shift(l);
        return fl_nn_fc_q7(ctx, &s, in, id.h * id.w * id.c, l->weights, bias, od.c, out);
    }
    default: {
        fl_nn_pool_params_t p;
        p.window = hw(l->kh, l->kw);
        p.stride = hw(l->sh, l->sw);
        p.pad = hw(l->ph, l->pw);
        return l->op == FL_MODEL_OP_MAXPOOL ? fl_nn_maxpool_q7(&p, &id, in, &od, out)
                                            : fl_nn_avgpool_q7(&p, &id, in, &od, out);
    }
    }
}

static fl_status_t run_s8(const fl_model_layer_t *l, const fl_nn_ctx_t *ctx, const int8_t *in, int8_t *out)
{
    fl_nn_dims_t id = dims(l->in_h, l->in_w, l->in_c), od = dims(l->out_h, l->out_w, l->out_c), fd;
    const int32_t *bias = (const int32_t *)l->bias;
    fl_nn_per_channel_quant_t q;
    q.multiplier = l->mult;
    q.shift = l->shift;
    fd.n = 1;
    fd.h = l->kh;
    fd.w = l->kw;
    fd.c = l->out_c;
    switch (l->op) {
    case FL_MODEL_OP_CONV: {
        fl_nn_conv_s8_params_t p;
        p.input_offset = -(int32_t)l->in_zp;
        p.output_offset = l->out_zp;
        p.stride = hw(l->sh, l->sw);
        p.pad = hw(l->ph, l->pw);
        p.act = act(l);
        fd.n = l->out_c;
        fd.c = l->in_c;
        return fl_nn_conv_s8(ctx, &p, &q, &id, in, &fd, l->weights, bias, &od, out);
    }
    case FL_MODEL_OP_DWCONV: {
        fl_nn_dwconv_s8_params_t p;
        p.input_offset = -(int32_t)l->in_zp;
        p.output_offset = l->out_zp;
        p.ch_mult = l->ch_mult;
        p.stride = hw(l->sh, l->sw);
        p.pad = hw(l->ph, l->pw);
        p.act = act(l);
        return fl_nn_dwconv_s8(ctx, &p, &q, &id, in, &fd, l->weights, bias, &od, out);
    }
    case FL_MODEL_OP_FC: {
        fl_nn_fc_s8_params_t p;
        fl_nn_per_tensor_quant_t t;
        p.input_offset = -(int32_t)l->in_zp;
        p.output_offset = l->out_zp;
        p.act = act(l);
        t.multiplier = l->mult[0];
        t.shift = l->shift[0];
        return fl_nn_fc_s8(ctx, &p, &t, in, id.h * id.w * id.c, l->weights, bias, od.c, out);
    }
    default: {
        fl_nn_pool_s8_params_t p;
        p.window = hw(l->kh, l->kw);
        p.stride = hw(l->sh, l->sw);
        p.pad = hw(l->ph, l->pw);
        p.act = act(l);
        return l->op == FL_MODEL_OP_MAXPOOL ? fl_nn_maxpool_s8(&p, &id, in, &od, out)
                                            : fl_nn_avgpool_s8(&p, &id, in, &od, out);
    }
    }
}

/* relu, relu6, softmax: same shape in and out, so they overwrite their input. */
static fl_status_t run_in_place(const fl_model_layer_t *l, uint32_t scheme, int8_t *x)
{
    size_t n = (size_t)l->in_h * l->in_w * l->in_c;
    int32_t rows = (int32_t)l->in_h * l->in_w, r;
    if (scheme == FL_MODEL_SCHEME_Q7) {
        switch (l->op) {
        case FL_MODEL_OP_RELU:
            return fl_nn_relu_q7(x, n);
        case FL_MODEL_OP_RELU6:
            return fl_nn_relu6_q7(x, n, l->frac_bits);
        default:
            /* Softmax over the channels of each pixel (the last axis, as TFLite does). */
            for (r = 0; r < rows; r++) {
                int8_t *row = x + (size_t)r * l->in_c;
                FL_TRY(fl_nn_softmax_q7(row, l->in_c, row));
            }
            return FL_OK;
        }
    }
    switch (l->op) {
    case FL_MODEL_OP_RELU:
        return fl_nn_relu_s8(x, n, l->out_zp);
    case FL_MODEL_OP_RELU6:
        return fl_nn_relu6_s8(x, n, l->out_zp, l->act_max);
    default:
        return fl_nn_softmax_s8(x, rows, l->in_c, l->sm_mult, l->sm_shift, l->sm_diff_min, x);
    }
}

static int in_place(uint8_t op)
{
    return op == FL_MODEL_OP_RELU || op == FL_MODEL_OP_RELU6 || op == FL_MODEL_OP_SOFTMAX;
}

fl_status_t fl_model_run(fl_model_t *model, const int8_t *input, int8_t *output)
{
    int8_t *cur, *next;
    fl_nn_ctx_t ctx;
    uint32_t i;
    if (model == NULL || model->layers == NULL || input == NULL || output == NULL) {
        return FL_ERR_ARG;
    }
    cur = model->act[0];
    next = model->act[1];
    ctx.buf = model->scratch;
    ctx.size = model->scratch_bytes;
    memcpy(cur, input, (size_t)model->info.input.h * model->info.input.w * model->info.input.c);
    for (i = 0; i < model->info.n_layers; i++) {
        const fl_model_layer_t *l = &model->layers[i];
        if (in_place(l->op)) {
            FL_TRY(run_in_place(l, model->info.scheme, cur));
        } else {
            int8_t *t;
            FL_TRY(model->info.scheme == FL_MODEL_SCHEME_Q7 ? run_q7(l, &ctx, cur, next) : run_s8(l, &ctx, cur, next));
            t = cur;
            cur = next;
            next = t;
        }
    }
    memcpy(output, cur, model->info.n_outputs);
    return FL_OK;
}
