/* SPDX-License-Identifier: MIT */
/* Validation of the Fleet model's layer table (docs/model-format.md, "Layer records"): one 72-byte record per
 * layer, checked field by field against the previous layer's output, the scheme and the weight section, and
 * turned into a plan entry whose tensors point into the blob. */
#include <string.h>

#include "fl_model_internal.h"

/* Everything the record parser needs besides the record. */
typedef struct {
    uint32_t scheme;
    const uint8_t *ws_base; /* first byte of the weight section */
    uint32_t ws_len;
    uint32_t cursor;        /* next tensor offset inside the weight section (canonical packing) */
    uint16_t prev_h, prev_w, prev_c;
    int8_t prev_zp;
} layers_ctx_t;

static int is_geometric(uint8_t op)
{
    return op == FL_MODEL_OP_CONV || op == FL_MODEL_OP_DWCONV || op == FL_MODEL_OP_MAXPOOL ||
           op == FL_MODEL_OP_AVGPOOL;
}

static int has_weights(uint8_t op)
{
    return op == FL_MODEL_OP_CONV || op == FL_MODEL_OP_DWCONV || op == FL_MODEL_OP_FC;
}

static size_t elems(uint16_t h, uint16_t w, uint16_t c)
{
    return (size_t)h * w * c;
}

static int shape_ok(uint16_t h, uint16_t w, uint16_t c)
{
    return h >= 1u && w >= 1u && c >= 1u && h <= FL_MODEL_MAX_HW && w <= FL_MODEL_MAX_HW && c <= FL_MODEL_MAX_C &&
           elems(h, w, c) <= FL_MODEL_MAX_ELEMS;
}

/* One axis of a windowed op. pad_end is the padding the last window implies past the input's end: it must be
 * below the kernel (every window overlaps the input, so no pooling window is empty) and above -stride (no whole
 * stride of input is silently dropped). Caffe floor/ceil, TF SAME and VALID all satisfy it. */
static int axis_ok(uint32_t in, uint32_t out, uint32_t k, uint32_t s, uint32_t p)
{
    int64_t pad_end = (int64_t)(out - 1u) * s + k - p - in;
    return pad_end > -(int64_t)s && pad_end < (int64_t)k;
}

static uint32_t align4(uint32_t v)
{
    return (v + 3u) & ~3u;
}

/* A tensor reference (u32 offset, u32 length) into the weight section. expect is the length the shapes imply
 * (0 = the op has no such tensor); optional tensors (bias) may be absent. Tensors are packed in record order,
 * each at the next 4-aligned offset, with zero padding, so there is exactly one valid encoding. */
static FL_NODISCARD fl_status_t take_tensor(fl_model_rd_t *r, layers_ctx_t *c, uint64_t expect, int optional,
                                            const uint8_t **out)
{
    uint32_t off, len, end, i;
    FL_TRY(fl_model_rd_u32(r, &off));
    FL_TRY(fl_model_rd_u32(r, &len));
    *out = NULL;
    if (len == 0u) {
        if (off != 0u) {
            return fl_model_fail(r, FL_ERR_FORMAT, "absent tensor with a non-zero offset");
        }
        if (expect != 0u && !optional) {
            return fl_model_fail(r, FL_ERR_MISMATCH, "required tensor is absent");
        }
        return FL_OK;
    }
    if ((uint64_t)len != expect) {
        return fl_model_fail(r, FL_ERR_MISMATCH, "tensor length does not match the layer's shapes");
    }
    if (off != c->cursor) {
        return fl_model_fail(r, FL_ERR_FORMAT, "tensor is not at the next 4-aligned offset of the weight section");
    }
    if (len > c->ws_len || off > c->ws_len - len) {
        return fl_model_fail(r, FL_ERR_FORMAT, "tensor extends past the weight section");
    }
    end = off + len;
    /* ws_len is a multiple of 4 (checked with the header), so the padding lies inside the section. */
    for (i = end; i < align4(end); i++) {
        if (c->ws_base[i] != 0u) {
            return fl_model_fail(r, FL_ERR_FORMAT, "padding in the weight section is not zero");
        }
    }
    *out = c->ws_base + off;
    c->cursor = align4(end);
    return FL_OK;
}

static FL_NODISCARD fl_status_t parse_geometry(fl_model_rd_t *r, const layers_ctx_t *c, fl_model_layer_t *l)
{
    uint8_t g[8];
    size_t i;
    for (i = 0; i < sizeof g; i++) {
        FL_TRY(fl_model_rd_u8(r, &g[i]));
    }
    l->kh = g[0];
    l->kw = g[1];
    l->sh = g[2];
    l->sw = g[3];
    l->ph = g[4];
    l->pw = g[5];
    l->ch_mult = g[6];
    if (g[7] != 0u) {
        return fl_model_fail(r, FL_ERR_FORMAT, "reserved geometry byte is not zero");
    }
    if (!is_geometric(l->op)) {
        for (i = 0; i < 6; i++) {
            if (g[i] != 0u) {
                return fl_model_fail(r, FL_ERR_FORMAT, "kernel/stride/padding set on an op without a window");
            }
        }
    } else {
        if (l->kh < 1u || l->kw < 1u || l->kh > FL_MODEL_MAX_KERNEL || l->kw > FL_MODEL_MAX_KERNEL) {
            return fl_model_fail(r, FL_ERR_RANGE, "kernel outside 1..64");
        }
        if (l->sh < 1u || l->sw < 1u || l->sh > FL_MODEL_MAX_KERNEL || l->sw > FL_MODEL_MAX_KERNEL) {
            return fl_model_fail(r, FL_ERR_RANGE, "stride outside 1..64");
        }
        if (l->ph >= l->kh || l->pw >= l->kw) {
            return fl_model_fail(r, FL_ERR_RANGE, "padding not smaller than the kernel");
        }
        if (!axis_ok(l->in_h, l->out_h, l->kh, l->sh, l->ph) || !axis_ok(l->in_w, l->out_w, l->kw, l->sw, l->pw)) {
            return fl_model_fail(r, FL_ERR_MISMATCH, "output size contradicts input, kernel, stride and padding");
        }
    }
    if (l->op == FL_MODEL_OP_DWCONV) {
        if (l->ch_mult < 1u || l->ch_mult > FL_MODEL_MAX_CH_MULT) {
            return fl_model_fail(r, FL_ERR_RANGE, "channel multiplier outside 1..64");
        }
        if (c->scheme == FL_MODEL_SCHEME_Q7 && l->ch_mult != 1u) {
            return fl_model_fail(r, FL_ERR_UNSUPPORTED, "q7 depthwise supports channel multiplier 1 only");
        }
    } else if (l->ch_mult != 0u) {
        return fl_model_fail(r, FL_ERR_FORMAT, "channel multiplier set on an op other than depthwise");
    }
    return FL_OK;
}

/* Output shape rules that are not per-axis window rules. */
static FL_NODISCARD fl_status_t check_shapes(fl_model_rd_t *r, const fl_model_layer_t *l)
{
    switch (l->op) {
    case FL_MODEL_OP_DWCONV:
        if ((uint32_t)l->out_c != (uint32_t)l->in_c * l->ch_mult) {
            return fl_model_fail(r, FL_ERR_MISMATCH, "depthwise output channels differ from input x multiplier");
        }
        break;
    case FL_MODEL_OP_FC:
        if (l->out_h != 1u || l->out_w != 1u) {
            return fl_model_fail(r, FL_ERR_MISMATCH, "fully connected output must be 1x1xunits");
        }
        break;
    case FL_MODEL_OP_MAXPOOL:
    case FL_MODEL_OP_AVGPOOL:
        if (l->out_c != l->in_c) {
            return fl_model_fail(r, FL_ERR_MISMATCH, "pool changes the channel count");
        }
        break;
    case FL_MODEL_OP_RELU:
    case FL_MODEL_OP_RELU6:
    case FL_MODEL_OP_SOFTMAX:
        if (l->out_h != l->in_h || l->out_w != l->in_w || l->out_c != l->in_c) {
            return fl_model_fail(r, FL_ERR_MISMATCH, "element-wise op changes the shape");
        }
        break;
    default:
        break;
    }
    return FL_OK;
}

static FL_NODISCARD fl_status_t parse_quant_q7(fl_model_rd_t *r, fl_model_layer_t *l)
{
    FL_TRY(fl_model_rd_u8(r, &l->lshift));
    FL_TRY(fl_model_rd_u8(r, &l->rshift));
    FL_TRY(fl_model_rd_u8(r, &l->rounding));
    FL_TRY(fl_model_rd_u8(r, &l->frac_bits));
    FL_TRY(fl_model_rd_zero(r, 12u, "unused q7 quantization bytes are not zero"));
    if (has_weights(l->op)) {
        if (l->lshift > 31u || l->rshift > 31u) {
            return fl_model_fail(r, FL_ERR_RANGE, "q7 shift outside 0..31");
        }
        if (l->rounding > 1u) {
            return fl_model_fail(r, FL_ERR_RANGE, "q7 rounding is neither truncate (0) nor round (1)");
        }
    } else if (l->lshift != 0u || l->rshift != 0u || l->rounding != 0u) {
        return fl_model_fail(r, FL_ERR_FORMAT, "q7 shifts set on an op without weights");
    }
    if (l->op == FL_MODEL_OP_RELU6) {
        if (l->frac_bits > 7u) {
            return fl_model_fail(r, FL_ERR_RANGE, "relu6 fractional bits outside 0..7");
        }
    } else if (l->frac_bits != 0u) {
        return fl_model_fail(r, FL_ERR_FORMAT, "fractional bits set on an op other than relu6");
    }
    return FL_OK;
}

static FL_NODISCARD fl_status_t parse_quant_s8(fl_model_rd_t *r, const layers_ctx_t *c, fl_model_layer_t *l)
{
    uint8_t b[4];
    uint32_t u[3];
    size_t i;
    for (i = 0; i < 4; i++) {
        FL_TRY(fl_model_rd_u8(r, &b[i]));
    }
    for (i = 0; i < 3; i++) {
        FL_TRY(fl_model_rd_u32(r, &u[i]));
    }
    l->in_zp = (int8_t)(b[0] <= 127u ? (int)b[0] : (int)b[0] - 256);
    l->out_zp = (int8_t)(b[1] <= 127u ? (int)b[1] : (int)b[1] - 256);
    l->act_min = (int8_t)(b[2] <= 127u ? (int)b[2] : (int)b[2] - 256);
    l->act_max = (int8_t)(b[3] <= 127u ? (int)b[3] : (int)b[3] - 256);
    l->sm_mult = fl_model_s32(u[0]);
    l->sm_shift = fl_model_s32(u[1]);
    l->sm_diff_min = fl_model_s32(u[2]);
    if (l->in_zp != c->prev_zp) {
        return fl_model_fail(r, FL_ERR_MISMATCH, "input zero point differs from the previous output zero point");
    }
    if (l->act_min > l->act_max) {
        return fl_model_fail(r, FL_ERR_RANGE, "activation min above max");
    }
    if (l->op != FL_MODEL_OP_SOFTMAX && (u[0] != 0u || u[1] != 0u || u[2] != 0u)) {
        return fl_model_fail(r, FL_ERR_FORMAT, "softmax parameters set on another op");
    }
    switch (l->op) {
    case FL_MODEL_OP_MAXPOOL:
    case FL_MODEL_OP_AVGPOOL:
        if (l->out_zp != l->in_zp) {
            return fl_model_fail(r, FL_ERR_MISMATCH, "pool changes the zero point");
        }
        break;
    case FL_MODEL_OP_RELU:
    case FL_MODEL_OP_RELU6:
        /* ReLU is max(x, zero point); ReLU6 clamps at the quantized 6.0 held in act_max. */
        if (l->out_zp != l->in_zp || l->act_min != l->out_zp ||
            (l->op == FL_MODEL_OP_RELU && l->act_max != 127)) {
            return fl_model_fail(r, FL_ERR_MISMATCH, "relu zero point / clamp fields contradict each other");
        }
        break;
    case FL_MODEL_OP_SOFTMAX:
        /* arm_softmax_s8 writes zero point -128, scale 1/256, over the full int8 range. */
        if (l->out_zp != -128 || l->act_min != -128 || l->act_max != 127) {
            return fl_model_fail(r, FL_ERR_MISMATCH, "softmax output must be zero point -128, range -128..127");
        }
        if (l->sm_mult < 1 || l->sm_shift < 0 || l->sm_shift > 31 || l->sm_diff_min > 0) {
            return fl_model_fail(r, FL_ERR_RANGE, "softmax multiplier/shift/diff_min outside their ranges");
        }
        break;
    default:
        break;
    }
    return FL_OK;
}

/* s8 requantization arrays: each multiplier a positive Q31, each shift -31..30 (fl_nn_requantize's domain). */
static FL_NODISCARD fl_status_t check_requant(fl_model_rd_t *r, const uint8_t *mult, const uint8_t *shift, uint32_t n)
{
    uint32_t i;
    for (i = 0; i < n; i++) {
        int32_t m = fl_model_s32(fl_model_le32(mult + 4u * i));
        int32_t s = fl_model_s32(fl_model_le32(shift + 4u * i));
        if (m < 1) {
            return fl_model_fail(r, FL_ERR_RANGE, "requantization multiplier not positive");
        }
        if (s < -31 || s > 30) {
            return fl_model_fail(r, FL_ERR_RANGE, "requantization shift outside -31..30");
        }
    }
    return FL_OK;
}

/* Kernel scratch: the format's budget (what the CMSIS-style DSP variants need; docs/model-format.md) and this
 * build's actual need from the kernels' twins, which must fit the budget. */
static FL_NODISCARD fl_status_t scratch_of(fl_model_rd_t *r, uint32_t scheme, const fl_model_layer_t *l,
                                           size_t *budget)
{
    fl_nn_dims_t in, f;
    size_t need = 0, cols = elems(l->in_h, l->in_w, l->in_c);
    in.n = 1;
    in.h = l->in_h;
    in.w = l->in_w;
    in.c = l->in_c;
    f.n = l->op == FL_MODEL_OP_CONV ? l->out_c : 1;
    f.h = l->kh;
    f.w = l->kw;
    f.c = l->op == FL_MODEL_OP_CONV ? l->in_c : l->out_c;
    *budget = 0;
    if (l->op == FL_MODEL_OP_CONV) {
        *budget = 4u * (size_t)l->in_c * l->kh * l->kw;
        need = scheme == FL_MODEL_SCHEME_Q7 ? fl_nn_conv_q7_scratch_size(&in, &f) : fl_nn_conv_s8_scratch_size(&in, &f);
    } else if (l->op == FL_MODEL_OP_DWCONV && scheme == FL_MODEL_SCHEME_S8) {
        *budget = 2u * (size_t)l->in_c * l->kh * l->kw;
        need = fl_nn_dwconv_s8_scratch_size(&in, &f);
    } else if (l->op == FL_MODEL_OP_FC) {
        *budget = scheme == FL_MODEL_SCHEME_Q7 ? 2u * cols : 0u;
        need = scheme == FL_MODEL_SCHEME_Q7 ? fl_nn_fc_q7_scratch_size((int32_t)cols)
                                            : fl_nn_fc_s8_scratch_size((int32_t)cols);
    }
    if (need > *budget) {
        return fl_model_fail(r, FL_ERR_UNSUPPORTED, "this build's kernel needs more scratch than the format budgets");
    }
    return FL_OK;
}

static FL_NODISCARD fl_status_t parse_record(fl_model_rd_t *r, layers_ctx_t *c, fl_model_layer_t *l,
                                             fl_model_totals_t *tot)
{
    uint64_t w_len = 0, b_len = 0, q_len = 0;
    uint64_t bias_size = c->scheme == FL_MODEL_SCHEME_Q7 ? 1u : 4u;
    const uint8_t *w, *b, *m, *s;
    size_t budget;
    FL_TRY(fl_model_rd_u8(r, &l->op));
    if (l->op < FL_MODEL_OP_CONV || l->op > FL_MODEL_OP_SOFTMAX) {
        return fl_model_fail(r, FL_ERR_UNSUPPORTED, "unknown layer op");
    }
    FL_TRY(fl_model_rd_zero(r, 3u, "reserved layer bytes are not zero"));
    FL_TRY(fl_model_rd_u16(r, &l->in_h));
    FL_TRY(fl_model_rd_u16(r, &l->in_w));
    FL_TRY(fl_model_rd_u16(r, &l->in_c));
    FL_TRY(fl_model_rd_u16(r, &l->out_h));
    FL_TRY(fl_model_rd_u16(r, &l->out_w));
    FL_TRY(fl_model_rd_u16(r, &l->out_c));
    if (!shape_ok(l->in_h, l->in_w, l->in_c) || !shape_ok(l->out_h, l->out_w, l->out_c)) {
        return fl_model_fail(r, FL_ERR_RANGE, "layer shape outside h,w 1..2048, c 1..4096, 2^20 elements");
    }
    if (l->in_h != c->prev_h || l->in_w != c->prev_w || l->in_c != c->prev_c) {
        return fl_model_fail(r, FL_ERR_MISMATCH, "input shape differs from the previous layer's output");
    }
    FL_TRY(parse_geometry(r, c, l));
    FL_TRY(check_shapes(r, l));
    if (c->scheme == FL_MODEL_SCHEME_Q7) {
        FL_TRY(parse_quant_q7(r, l));
    } else {
        FL_TRY(parse_quant_s8(r, c, l));
    }

    if (l->op == FL_MODEL_OP_CONV) {
        w_len = (uint64_t)l->out_c * l->kh * l->kw * l->in_c;
        tot->macs += (uint64_t)elems(l->out_h, l->out_w, l->out_c) * l->kh * l->kw * l->in_c;
    } else if (l->op == FL_MODEL_OP_DWCONV) {
        w_len = (uint64_t)l->kh * l->kw * l->out_c;
        tot->macs += (uint64_t)elems(l->out_h, l->out_w, l->out_c) * l->kh * l->kw;
    } else if (l->op == FL_MODEL_OP_FC) {
        w_len = (uint64_t)l->out_c * elems(l->in_h, l->in_w, l->in_c);
        tot->macs += w_len;
    }
    if (has_weights(l->op)) {
        b_len = bias_size * l->out_c;
        if (c->scheme == FL_MODEL_SCHEME_S8) {
            q_len = l->op == FL_MODEL_OP_FC ? 4u : 4u * (uint64_t)l->out_c; /* fc: one per-tensor value */
        }
    }
    FL_TRY(take_tensor(r, c, w_len, 0, &w));
    FL_TRY(take_tensor(r, c, b_len, 1, &b));
    FL_TRY(take_tensor(r, c, q_len, 0, &m));
    FL_TRY(take_tensor(r, c, q_len, 0, &s));
    if (q_len != 0u) {
        FL_TRY(check_requant(r, m, s, (uint32_t)(q_len / 4u)));
    }
    FL_TRY(scratch_of(r, c->scheme, l, &budget));
    /* The blob is 4-aligned (fl_model_load checks) and tensors sit at 4-aligned offsets of a 4-aligned section,
     * so the int32 arrays can be read in place. */
    l->weights = (const int8_t *)(const void *)w;
    l->bias = (const void *)b;
    l->mult = (const int32_t *)(const void *)m;
    l->shift = (const int32_t *)(const void *)s;
    if (budget > tot->scratch_bytes) {
        tot->scratch_bytes = budget;
    }
    if (elems(l->out_h, l->out_w, l->out_c) > tot->max_elems) {
        tot->max_elems = elems(l->out_h, l->out_w, l->out_c);
    }
    c->prev_h = l->out_h;
    c->prev_w = l->out_w;
    c->prev_c = l->out_c;
    c->prev_zp = l->out_zp;
    return FL_OK;
}

fl_status_t fl_model_parse_layers(fl_model_rd_t *rd, fl_model_rd_t *ws, uint32_t scheme, uint32_t n_layers,
                                  const fl_model_input_t *input, fl_model_layer_t *plan, fl_model_totals_t *tot)
{
    layers_ctx_t c;
    uint32_t i;
    c.scheme = scheme;
    c.ws_base = ws->blob + ws->pos;
    c.ws_len = (uint32_t)(ws->end - ws->pos);
    c.cursor = 0;
    c.prev_h = (uint16_t)input->h;
    c.prev_w = (uint16_t)input->w;
    c.prev_c = (uint16_t)input->c;
    c.prev_zp = (int8_t)input->s8_input_zero_point;
    tot->max_elems = elems(c.prev_h, c.prev_w, c.prev_c);
    for (i = 0; i < n_layers; i++) {
        fl_model_rd_t rec;
        fl_model_layer_t l;
        memset(&l, 0, sizeof l);
        rd->layer = i;
        FL_TRY(fl_model_rd_sub(rd, (uint64_t)rd->pos, FL_MODEL_LAYER_RECORD_BYTES, &rec, "truncated layer record"));
        FL_TRY(parse_record(&rec, &c, &l, tot));
        rd->pos = rec.end;
        if (plan != NULL) {
            plan[i] = l;
        }
    }
    rd->layer = UINT32_MAX;
    if (c.cursor != c.ws_len) {
        return fl_model_fail(ws, FL_ERR_MISMATCH, "weight section length differs from the tensors it holds");
    }
    tot->out_h = c.prev_h;
    tot->out_w = c.prev_w;
    tot->out_c = c.prev_c;
    return FL_OK;
}
