/* SPDX-License-Identifier: MIT */
/* Loader for the OpenMV firmware 3.0 ".network" format (openmv-nn-and-haar.md §2). A bounded reader: every
 * read checks the bytes left first, and the first error (message, offset, layer) is kept. */
#include <string.h>

#include "fl/fl_model_network.h"

typedef struct {
    const uint8_t *base;
    size_t len;
    size_t pos;
    uint32_t layer;
    fl_network_error_t *err;
} reader_t;

static fl_status_t fail(reader_t *r, fl_status_t st, const char *why)
{
    if (r->err != NULL && r->err->msg == NULL) {
        r->err->msg = why;
        r->err->offset = r->pos;
        r->err->layer = r->layer;
    }
    return st;
}

static FL_NODISCARD fl_status_t rd_u32(reader_t *r, uint32_t *v, const char *what)
{
    const uint8_t *p;
    if (r->len - r->pos < 4u) {
        return fail(r, FL_ERR_FORMAT, what);
    }
    p = r->base + r->pos;
    *v = (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
    r->pos += 4u;
    return FL_OK;
}

static FL_NODISCARD fl_status_t rd_i32(reader_t *r, int32_t *v, const char *what)
{
    uint32_t u;
    FL_TRY(rd_u32(r, &u, what));
    *v = u <= (uint32_t)INT32_MAX ? (int32_t)u : (int32_t)(u - 2147483648u) - INT32_MAX - 1;
    return FL_OK;
}

/* Take n bytes in place (int8 weights need no alignment). */
static FL_NODISCARD fl_status_t rd_bytes(reader_t *r, size_t n, const int8_t **out, const char *what)
{
    if (r->len - r->pos < n) {
        return fail(r, FL_ERR_FORMAT, what);
    }
    *out = (const int8_t *)(const void *)(r->base + r->pos);
    r->pos += n;
    return FL_OK;
}

static int dim_ok(uint32_t v)
{
    return v >= 1u && v <= FL_NETWORK_MAX_DIM;
}

static size_t elems(const fl_network_layer_t *l)
{
    return (size_t)l->c * l->h * l->w;
}

/* Caffe ConvolutionLayer output size (floor). Returns 0 if the kernel does not fit. */
static uint32_t conv_out(uint32_t in, uint32_t k, uint32_t pad, uint32_t stride)
{
    uint32_t span = in + 2u * pad;
    return span < k ? 0u : (span - k) / stride + 1u;
}

/* Caffe PoolingLayer output size (ceil, last window must start inside the image + pad). */
static uint32_t pool_out(uint32_t in, uint32_t k, uint32_t pad, uint32_t stride)
{
    uint32_t span = in + 2u * pad;
    uint32_t out;
    if (span < k) {
        return 0u;
    }
    out = (span - k + stride - 1u) / stride + 1u;
    if (pad > 0u && (out - 1u) * stride >= in + pad) {
        out--;
    }
    return out;
}

static FL_NODISCARD fl_status_t parse_geometry(reader_t *r, fl_network_layer_t *l)
{
    FL_TRY(rd_u32(r, &l->krn_dim, "truncated kernel size"));
    FL_TRY(rd_u32(r, &l->krn_pad, "truncated padding"));
    FL_TRY(rd_u32(r, &l->krn_str, "truncated stride"));
    if (l->krn_dim < 1u || l->krn_dim > 255u) {
        return fail(r, FL_ERR_RANGE, "kernel size outside 1..255");
    }
    if (l->krn_str < 1u || l->krn_str > 255u) {
        return fail(r, FL_ERR_RANGE, "stride outside 1..255");
    }
    if (l->krn_pad >= l->krn_dim) {
        return fail(r, FL_ERR_RANGE, "padding not smaller than the kernel");
    }
    return FL_OK;
}

static FL_NODISCARD fl_status_t parse_shifts(reader_t *r, fl_network_layer_t *l)
{
    FL_TRY(rd_u32(r, &l->l_shift, "truncated bias shift"));
    FL_TRY(rd_u32(r, &l->r_shift, "truncated output shift"));
    if (l->l_shift > 31u || l->r_shift > 31u) {
        return fail(r, FL_ERR_RANGE, "shift outside 0..31");
    }
    return FL_OK;
}

static FL_NODISCARD fl_status_t parse_weights(reader_t *r, fl_network_layer_t *l, uint64_t expect_w)
{
    FL_TRY(rd_u32(r, &l->w_size, "truncated weight count"));
    if ((uint64_t)l->w_size != expect_w) {
        return fail(r, FL_ERR_MISMATCH, "weight count does not match the shapes");
    }
    FL_TRY(rd_bytes(r, l->w_size, &l->weights, "truncated weights"));
    FL_TRY(rd_u32(r, &l->b_size, "truncated bias count"));
    if (l->b_size != l->c) {
        return fail(r, FL_ERR_MISMATCH, "bias count differs from the output channels");
    }
    return rd_bytes(r, l->b_size, &l->bias, "truncated biases");
}

/* Parse and validate the whole blob. layers may be NULL (inspect only); otherwise it has info->n_layers slots
 * (the caller ran a first pass). */
static fl_status_t parse(const uint8_t *blob, size_t len, fl_network_layer_t *layers, fl_network_info_t *info,
                         fl_network_error_t *err)
{
    reader_t r;
    uint32_t n_layers, i;
    fl_network_layer_t prev;
    size_t max_elems = 0, kernel_scratch = 0;
    uint64_t macs = 0, wbytes = 0;
    r.base = blob;
    r.len = len;
    r.pos = 0;
    r.layer = UINT32_MAX;
    r.err = err;
    memset(&prev, 0, sizeof prev);
    memset(info, 0, sizeof *info);

    if (len < 4u) {
        return fail(&r, FL_ERR_FORMAT, "truncated magic");
    }
    if (memcmp(blob, "CAFE", 4) != 0) {
        return fail(&r, FL_ERR_FORMAT, "magic is not \"CAFE\"");
    }
    r.pos = 4;
    FL_TRY(rd_u32(&r, &n_layers, "truncated layer count"));
    if (n_layers < 2u || n_layers > FL_NETWORK_MAX_LAYERS) {
        return fail(&r, FL_ERR_RANGE, "layer count outside 2..256");
    }
    /* Every record is at least 20 bytes: reject impossible counts before looping. */
    if ((len - r.pos) / 20u < n_layers) {
        return fail(&r, FL_ERR_FORMAT, "blob too short for its layer count");
    }

    for (i = 0; i < n_layers; i++) {
        fl_network_layer_t l;
        uint32_t type;
        memset(&l, 0, sizeof l);
        r.layer = i;
        FL_TRY(rd_u32(&r, &type, "truncated layer type"));
        FL_TRY(rd_u32(&r, &l.n, "truncated n"));
        FL_TRY(rd_u32(&r, &l.c, "truncated c"));
        FL_TRY(rd_u32(&r, &l.h, "truncated h"));
        FL_TRY(rd_u32(&r, &l.w, "truncated w"));
        if (type > (uint32_t)FL_NETWORK_LAYER_IP) {
            return fail(&r, FL_ERR_UNSUPPORTED, "unknown layer type");
        }
        l.type = (fl_network_layer_type_t)type;
        if (!dim_ok(l.c) || !dim_ok(l.h) || !dim_ok(l.w) || elems(&l) > FL_NETWORK_MAX_ELEMS) {
            return fail(&r, FL_ERR_RANGE, "layer shape outside 1..4096 per axis or 2^24 elements");
        }
        if ((i == 0u) != (l.type == FL_NETWORK_LAYER_DATA)) {
            return fail(&r, FL_ERR_UNSUPPORTED, "DATA must be the first layer and only the first");
        }
        /* Firmware 3.0 passes one dimension for both axes (square maps only). */
        if (l.h != l.w) {
            return fail(&r, FL_ERR_UNSUPPORTED, "non-square feature map");
        }
        switch (l.type) {
        case FL_NETWORK_LAYER_DATA: {
            int k;
            for (k = 0; k < 3; k++) {
                FL_TRY(rd_i32(&r, &l.mean[k], "truncated mean"));
                if (l.mean[k] < 0 || l.mean[k] > 255) {
                    return fail(&r, FL_ERR_RANGE, "mean outside 0..255");
                }
            }
            FL_TRY(rd_i32(&r, &l.scale, "truncated scale"));
            if (l.scale < 1 || l.scale > 16) {
                return fail(&r, FL_ERR_RANGE, "input scale outside 1..16");
            }
            if (l.c != 1u && l.c != 3u) {
                return fail(&r, FL_ERR_UNSUPPORTED, "input must have 1 or 3 channels");
            }
            break;
        }
        case FL_NETWORK_LAYER_CONV:
            FL_TRY(parse_shifts(&r, &l));
            FL_TRY(parse_geometry(&r, &l));
            if (conv_out(prev.h, l.krn_dim, l.krn_pad, l.krn_str) != l.h) {
                return fail(&r, FL_ERR_MISMATCH, "conv output size contradicts input, kernel, pad, stride");
            }
            FL_TRY(parse_weights(&r, &l, (uint64_t)l.c * l.krn_dim * l.krn_dim * prev.c));
            macs += (uint64_t)elems(&l) * l.krn_dim * l.krn_dim * prev.c;
            {
                /* the conv kernel's im2col columns (short filter rows, e.g. the RGB first layer) */
                fl_nn_dims_t id, fd;
                size_t need;
                id.n = 1;
                id.h = (int32_t)prev.h;
                id.w = (int32_t)prev.w;
                id.c = (int32_t)prev.c;
                fd.n = (int32_t)l.c;
                fd.h = (int32_t)l.krn_dim;
                fd.w = (int32_t)l.krn_dim;
                fd.c = (int32_t)prev.c;
                need = fl_nn_conv_q7_scratch_size(&id, &fd);
                kernel_scratch = need > kernel_scratch ? need : kernel_scratch;
            }
            break;
        case FL_NETWORK_LAYER_RELU:
            if (l.c != prev.c || l.h != prev.h || l.w != prev.w) {
                return fail(&r, FL_ERR_MISMATCH, "relu shape differs from its input");
            }
            break;
        case FL_NETWORK_LAYER_POOL: {
            uint32_t ptype;
            FL_TRY(rd_u32(&r, &ptype, "truncated pool type"));
            if (ptype > 1u) {
                return fail(&r, FL_ERR_RANGE, "pool type is neither MAX (0) nor AVE (1)");
            }
            l.pool_type = (fl_network_pool_type_t)ptype;
            FL_TRY(parse_geometry(&r, &l));
            if (l.c != prev.c) {
                return fail(&r, FL_ERR_MISMATCH, "pool changes the channel count");
            }
            if (pool_out(prev.h, l.krn_dim, l.krn_pad, l.krn_str) != l.h) {
                return fail(&r, FL_ERR_MISMATCH, "pool output size contradicts input, kernel, pad, stride");
            }
            if (l.h > prev.h) {
                return fail(&r, FL_ERR_UNSUPPORTED, "pool output larger than its input");
            }
            if (l.pool_type == FL_NETWORK_POOL_AVE && (size_t)l.w * l.c * 2u > kernel_scratch) {
                kernel_scratch = (size_t)l.w * l.c * 2u;
            }
            break;
        }
        case FL_NETWORK_LAYER_IP:
            FL_TRY(parse_shifts(&r, &l));
            if (l.h != 1u || l.w != 1u) {
                return fail(&r, FL_ERR_MISMATCH, "inner product output must be 1x1");
            }
            FL_TRY(parse_weights(&r, &l, (uint64_t)l.c * elems(&prev)));
            macs += (uint64_t)l.c * elems(&prev);
            break;
        }
        if (l.type == FL_NETWORK_LAYER_CONV || l.type == FL_NETWORK_LAYER_IP) {
            wbytes += (uint64_t)l.w_size + l.b_size;
        }
        if (elems(&l) > max_elems) {
            max_elems = elems(&l);
        }
        if (layers != NULL) {
            layers[i] = l;
        }
        if (i == 0u) {
            info->in_c = l.c;
            info->in_h = l.h;
            info->in_w = l.w;
        }
        prev = l;
    }
    r.layer = UINT32_MAX;
    if (r.pos != len) {
        return fail(&r, FL_ERR_FORMAT, "trailing bytes after the last layer");
    }
    /* The firmware copies exactly c bytes of the last layer to the output; a final RELU never reaches it. */
    if (prev.type == FL_NETWORK_LAYER_RELU || prev.h != 1u || prev.w != 1u) {
        r.layer = n_layers - 1u;
        return fail(&r, FL_ERR_UNSUPPORTED, "last layer must be a 1x1 CONV/POOL/IP");
    }
    info->n_layers = n_layers;
    info->n_outputs = prev.c;
    info->persistent_bytes = (size_t)n_layers * sizeof(fl_network_layer_t) + sizeof(void *);
    /* two ping-pong activation buffers + the kernels' scratch (int16 average-pool rows or conv im2col columns,
     * one layer at a time, so the larger), each 4-aligned, + slack to align. */
    info->scratch_bytes = 2u * ((max_elems + 3u) & ~(size_t)3u) + ((kernel_scratch + 3u) & ~(size_t)3u) + 4u;
    info->macs = (size_t)macs;
    info->weight_bytes = (size_t)wbytes;
    return FL_OK;
}

fl_status_t fl_network_inspect(const uint8_t *blob, size_t len, fl_network_info_t *info, fl_network_error_t *err)
{
    fl_network_info_t tmp;
    if (err != NULL) {
        err->msg = NULL;
        err->offset = 0;
        err->layer = UINT32_MAX;
    }
    if (blob == NULL && len != 0u) {
        return FL_ERR_ARG;
    }
    if (blob == NULL) {
        if (err != NULL) {
            err->msg = "truncated magic";
        }
        return FL_ERR_FORMAT;
    }
    return parse(blob, len, NULL, info != NULL ? info : &tmp, err);
}

fl_status_t fl_network_load(fl_network_t *net, const uint8_t *blob, size_t len, fl_arena_t *arena,
                            fl_network_error_t *err)
{
    fl_network_info_t info;
    void *mem = NULL;
    if (net == NULL || arena == NULL) {
        return FL_ERR_ARG;
    }
    memset(net, 0, sizeof *net);
    FL_TRY(fl_network_inspect(blob, len, &info, err));
    if (fl_arena_persist(arena, (size_t)info.n_layers * sizeof(fl_network_layer_t), sizeof(void *), &mem) != FL_OK) {
        if (err != NULL && err->msg == NULL) {
            err->msg = "arena too small for the layer table";
        }
        return FL_ERR_NO_MEM;
    }
    FL_TRY(parse(blob, len, (fl_network_layer_t *)mem, &info, err));
    net->layers = (const fl_network_layer_t *)mem;
    net->info = info;
    return FL_OK;
}
