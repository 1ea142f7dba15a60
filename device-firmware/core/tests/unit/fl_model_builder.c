/* SPDX-License-Identifier: MIT */
/* Test-side writer of Fleet model blobs; see fl_model_builder.h. Follows docs/model-format.md byte by byte. */
#include "fl_model_builder.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(FL_MODEL_BUILDER_MBEDTLS)
#include <mbedtls/sha256.h>
#include <mbedtls/version.h>

fl_status_t fl_mb_sha256_mbedtls(void *user, const uint8_t *data, size_t len, uint8_t digest[32])
{
    (void)user;
#if MBEDTLS_VERSION_MAJOR >= 3
    return mbedtls_sha256(data, len, digest, 0) == 0 ? FL_OK : FL_ERR_IO;
#else
    return mbedtls_sha256_ret(data, len, digest, 0) == 0 ? FL_OK : FL_ERR_IO; /* 2.x: the non-deprecated name */
#endif
}
#endif

static void die(const char *why)
{
    fprintf(stderr, "fl_model_builder: %s\n", why);
    abort();
}

void fl_mb_put16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

void fl_mb_put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

static uint32_t f32_bits(float f)
{
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    return u;
}

static size_t align4(size_t v)
{
    return (v + 3u) & ~(size_t)3u;
}

void fl_mb_init(fl_mb_t *b, uint8_t scheme, const char *id, uint32_t version)
{
    memset(b, 0, sizeof *b);
    b->scheme = scheme;
    strncpy(b->model_id, id, 31);
    b->model_version = version;
}

static void input_common(fl_mb_t *b, uint16_t h, uint16_t w, uint16_t c, uint8_t resize, const uint8_t mean[3])
{
    memset(b->input, 0, sizeof b->input);
    fl_mb_put16(b->input + 0, h);
    fl_mb_put16(b->input + 2, w);
    fl_mb_put16(b->input + 4, c);
    b->input[6] = c == 3u ? 1u : 0u;
    b->input[7] = resize;
    memcpy(b->input + 8, mean, 3);
    b->in_h = b->prev_h = h;
    b->in_w = b->prev_w = w;
    b->in_c = b->prev_c = c;
    b->max_elems = (size_t)h * w * c;
}

void fl_mb_input_q7(fl_mb_t *b, uint16_t h, uint16_t w, uint16_t c, uint8_t resize, const uint8_t mean[3],
                    const uint8_t shift[3])
{
    input_common(b, h, w, c, resize, mean);
    memcpy(b->input + 12, shift, 3);
}

void fl_mb_input_s8(fl_mb_t *b, uint16_t h, uint16_t w, uint16_t c, uint8_t resize, const uint8_t mean[3],
                    const float scale[3], float input_scale, int8_t zero_point)
{
    int k;
    input_common(b, h, w, c, resize, mean);
    for (k = 0; k < 3; k++) {
        fl_mb_put32(b->input + 16 + 4 * k, k < c ? f32_bits(scale[k]) : 0u);
    }
    fl_mb_put32(b->input + 28, f32_bits(input_scale));
    b->input[32] = (uint8_t)zero_point;
}

void fl_mb_input_tensor(fl_mb_t *b, uint16_t h, uint16_t w, uint16_t c, float input_scale, int8_t zero_point)
{
    static const uint8_t no_mean[3] = {0, 0, 0};
    input_common(b, h, w, c, FL_MODEL_RESIZE_NEAREST, no_mean);
    b->input[6] = FL_MODEL_COLOUR_TENSOR;
    fl_mb_put32(b->input + 28, f32_bits(input_scale));
    b->input[32] = (uint8_t)zero_point;
}

void fl_mb_label(fl_mb_t *b, const char *label)
{
    if (b->n_labels >= FL_MODEL_MAX_LABELS) {
        die("too many labels");
    }
    /* Labels are NUL-padded to 16 bytes in the file; longer ones are cut at 15 so the last byte stays NUL. */
    size_t len = strlen(label);
    memset(b->labels[b->n_labels], 0, 16);
    memcpy(b->labels[b->n_labels], label, len < 15 ? len : 15);
    b->n_labels++;
}

void fl_mb_labels_numbered(fl_mb_t *b, uint32_t n)
{
    uint32_t i;
    for (i = 0; i < n; i++) {
        char s[16];
        snprintf(s, sizeof s, "class%u", (unsigned)i);
        fl_mb_label(b, s);
    }
}

/* Append a tensor at the next 4-aligned offset; writes (off, len) into rec. */
static void put_tensor(fl_mb_t *b, uint8_t *rec, const void *data, size_t len)
{
    size_t off = b->weights_len, need = align4(off + len);
    if (data == NULL || len == 0u) {
        fl_mb_put32(rec, 0);
        fl_mb_put32(rec + 4, 0);
        return;
    }
    if (need > b->weights_cap) {
        size_t cap = need * 2u + 64u;
        uint8_t *p = (uint8_t *)realloc(b->weights, cap);
        if (p == NULL) {
            die("out of memory");
        }
        b->weights = p;
        b->weights_cap = cap;
    }
    memcpy(b->weights + off, data, len);
    memset(b->weights + off + len, 0, need - off - len);
    b->weights_len = need;
    fl_mb_put32(rec, (uint32_t)off);
    fl_mb_put32(rec + 4, (uint32_t)len);
}

void fl_mb_layer(fl_mb_t *b, const fl_mb_layer_t *l)
{
    uint8_t *r;
    size_t budget = 0, out_e;
    uint16_t ih = l->in_h, iw = l->in_w, ic = l->in_c;
    if (b->n_layers >= FL_MODEL_MAX_LAYERS) {
        die("too many layers");
    }
    if (ih == 0u) {
        ih = b->prev_h;
        iw = b->prev_w;
        ic = b->prev_c;
    }
    r = b->records[b->n_layers++];
    memset(r, 0, FL_MODEL_LAYER_RECORD_BYTES);
    r[0] = l->op;
    fl_mb_put16(r + 4, ih);
    fl_mb_put16(r + 6, iw);
    fl_mb_put16(r + 8, ic);
    fl_mb_put16(r + 10, l->out_h);
    fl_mb_put16(r + 12, l->out_w);
    fl_mb_put16(r + 14, l->out_c);
    r[16] = l->kh;
    r[17] = l->kw;
    r[18] = l->sh;
    r[19] = l->sw;
    r[20] = l->ph;
    r[21] = l->pw;
    r[22] = l->ch_mult;
    if (b->scheme == FL_MODEL_SCHEME_Q7) {
        r[24] = l->lshift;
        r[25] = l->rshift;
        r[26] = l->rounding;
        r[27] = l->frac_bits;
    } else {
        r[24] = (uint8_t)l->in_zp;
        r[25] = (uint8_t)l->out_zp;
        r[26] = (uint8_t)l->act_min;
        r[27] = (uint8_t)l->act_max;
        fl_mb_put32(r + 28, (uint32_t)l->sm_mult);
        fl_mb_put32(r + 32, (uint32_t)l->sm_shift);
        fl_mb_put32(r + 36, (uint32_t)l->sm_diff_min);
    }
    put_tensor(b, r + 40, l->weights, l->weights_len);
    put_tensor(b, r + 48, l->bias, l->bias_len);
    put_tensor(b, r + 56, l->mult, l->quant_count * 4u);
    put_tensor(b, r + 64, l->shift, l->quant_count * 4u);
    /* The format's scratch budget (docs/model-format.md, "arena_bytes"). */
    if (l->op == FL_MODEL_OP_CONV) {
        budget = 4u * (size_t)ic * l->kh * l->kw;
    } else if (l->op == FL_MODEL_OP_DWCONV && b->scheme == FL_MODEL_SCHEME_S8) {
        budget = 2u * (size_t)ic * l->kh * l->kw;
    } else if (l->op == FL_MODEL_OP_FC && b->scheme == FL_MODEL_SCHEME_Q7) {
        budget = 2u * (size_t)ih * iw * ic;
    }
    b->scratch = budget > b->scratch ? budget : b->scratch;
    out_e = (size_t)l->out_h * l->out_w * l->out_c;
    b->max_elems = out_e > b->max_elems ? out_e : b->max_elems;
    b->prev_h = l->out_h;
    b->prev_w = l->out_w;
    b->prev_c = l->out_c;
}

void fl_mb_rehash(uint8_t *blob, size_t len, fl_sha256_fn sha, void *sha_user)
{
    if (sha == NULL) {
        memset(blob + 8, 0, 32);
        return;
    }
    if (sha(sha_user, blob + 40, len - 40u, blob + 8) != FL_OK) {
        die("hash failed");
    }
}

uint8_t *fl_mb_finish(fl_mb_t *b, size_t *len, fl_sha256_fn sha, void *sha_user)
{
    size_t labels_len = 4u + 16u * b->n_labels;
    size_t layers_len = (size_t)FL_MODEL_LAYER_RECORD_BYTES * b->n_layers;
    size_t off_in = 128u, off_lab = off_in + 36u, off_lay = off_lab + labels_len, off_w = off_lay + layers_len;
    size_t total = off_w + b->weights_len;
    uint64_t arena = (uint64_t)FL_MODEL_PLAN_BYTES_PER_LAYER * b->n_layers + 2u * (uint64_t)align4(b->max_elems) +
                     align4(b->scratch) + 8u;
    uint8_t *p = (uint8_t *)calloc(total + 4u, 1); /* malloc is aligned for any type */
    uint32_t i;
    if (p == NULL) {
        die("out of memory");
    }
    memcpy(p, "FLMD", 4);
    fl_mb_put16(p + 4, FL_MODEL_FORMAT_VERSION);
    fl_mb_put16(p + 6, FL_MODEL_HEADER_BYTES);
    fl_mb_put32(p + 40, (uint32_t)total);
    fl_mb_put32(p + 44, 0);
    memcpy(p + 48, b->model_id, strlen(b->model_id));
    fl_mb_put32(p + 80, b->model_version);
    p[84] = b->scheme;
    p[85] = (uint8_t)b->n_layers;
    fl_mb_put32(p + 88, (uint32_t)arena);
    fl_mb_put32(p + 96, (uint32_t)off_in);
    fl_mb_put32(p + 100, 36u);
    fl_mb_put32(p + 104, (uint32_t)off_lab);
    fl_mb_put32(p + 108, (uint32_t)labels_len);
    fl_mb_put32(p + 112, (uint32_t)off_lay);
    fl_mb_put32(p + 116, (uint32_t)layers_len);
    fl_mb_put32(p + 120, (uint32_t)off_w);
    fl_mb_put32(p + 124, (uint32_t)b->weights_len);
    memcpy(p + off_in, b->input, 36);
    fl_mb_put16(p + off_lab, (uint16_t)b->n_labels);
    for (i = 0; i < b->n_labels; i++) {
        memcpy(p + off_lab + 4u + 16u * i, b->labels[i], 16);
    }
    for (i = 0; i < b->n_layers; i++) {
        memcpy(p + off_lay + (size_t)FL_MODEL_LAYER_RECORD_BYTES * i, b->records[i], FL_MODEL_LAYER_RECORD_BYTES);
    }
    if (b->weights_len > 0u) {
        memcpy(p + off_w, b->weights, b->weights_len);
    }
    fl_mb_rehash(p, total, sha, sha_user);
    *len = total;
    return p;
}

void fl_mb_free(fl_mb_t *b)
{
    free(b->weights);
    b->weights = NULL;
    b->weights_len = b->weights_cap = 0;
}
