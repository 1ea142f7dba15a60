/* SPDX-License-Identifier: MIT */
/* Loader for Fleet's model format v1 (docs/model-format.md): header, section directory, content hash, input
 * spec and labels; the layer table is in fl_model_layers.c. Plan, then run: inspect validates and sizes,
 * load validates again and places the plan and buffers in the caller's arena. */
#include <string.h>

#include "fl_model_internal.h"

#define HASH_FROM 40u /* the hash covers [40, flash_bytes): everything after the hash field */

typedef struct {
    uint32_t off, len;
} section_t;

/* What the header and small sections yield for the layer parser and for load. */
typedef struct {
    uint32_t flash_bytes, arena_bytes;
    section_t input, labels, layers, weights;
    section_t selftest;               /* len 0 when flags bit 0 is clear */
    uint32_t st_in_len, st_out_len;   /* the self-test vector lengths, as stored */
} layout_t;

static size_t align4z(size_t v)
{
    return (v + 3u) & ~(size_t)3u;
}

/* The arena figure of the format: the plan, two ping-pong activation buffers, the kernels' scratch budget and
 * 8 bytes so the 8-aligned block fits whatever the arena's alignment is. */
static uint64_t arena_figure(uint32_t n_layers, size_t max_elems, size_t scratch)
{
    return (uint64_t)FL_MODEL_PLAN_BYTES_PER_LAYER * n_layers + 2u * (uint64_t)align4z(max_elems) +
           (uint64_t)align4z(scratch) + 8u;
}

static int id_char_ok(uint8_t ch)
{
    return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '.' ||
           ch == '_' || ch == '-';
}

static int label_char_ok(uint8_t ch)
{
    return ch >= 0x20u && ch <= 0x7Eu;
}

/* A NUL-padded text slot: 1..size-1 accepted characters, then only NUL bytes. */
static int text_ok(const uint8_t *p, size_t size, int (*accept)(uint8_t))
{
    size_t n = 0, i;
    while (n < size && p[n] != 0u) {
        if (!accept(p[n])) {
            return 0;
        }
        n++;
    }
    if (n == 0u || n == size) {
        return 0;
    }
    for (i = n; i < size; i++) {
        if (p[i] != 0u) {
            return 0;
        }
    }
    return 1;
}

/* IEEE-754 binary32 that is positive, normal and finite (no libm, no float compares on NaN). */
static int scale_ok(uint32_t bits)
{
    uint32_t exp = (bits >> 23) & 0xFFu;
    return (bits >> 31) == 0u && exp != 0u && exp != 0xFFu;
}

static float f32_of(uint32_t bits)
{
    float f;
    memcpy(&f, &bits, sizeof f);
    return f;
}

static FL_NODISCARD fl_status_t parse_header(fl_model_rd_t *r, size_t len, const fl_model_load_options_t *opts,
                                             fl_model_info_t *info, layout_t *lay)
{
    uint16_t version, header_size, reserved16;
    uint32_t flags, reserved32, v;
    uint8_t scheme, n_layers;
    section_t *secs[4];
    int k;
    if (len < 4u) {
        return fl_model_fail(r, FL_ERR_FORMAT, "truncated magic");
    }
    if (memcmp(r->blob, "FLMD", 4) != 0) {
        return fl_model_fail(r, FL_ERR_FORMAT, "magic is not \"FLMD\"");
    }
    r->pos = 4;
    FL_TRY(fl_model_rd_u16(r, &version));
    /* Before anything else: a later version may change every byte after offset 6. */
    if (version != FL_MODEL_FORMAT_VERSION) {
        r->pos = 4;
        return fl_model_fail(r, FL_ERR_UNSUPPORTED, "format version is not 1");
    }
    FL_TRY(fl_model_rd_u16(r, &header_size));
    if (header_size != FL_MODEL_HEADER_BYTES) {
        return fl_model_fail(r, FL_ERR_FORMAT, "header size is not 128");
    }
    if (len < FL_MODEL_HEADER_BYTES) {
        return fl_model_fail(r, FL_ERR_FORMAT, "truncated header");
    }
    memcpy(info->sha256, r->blob + 8, 32);
    r->pos = 40;
    FL_TRY(fl_model_rd_u32(r, &lay->flash_bytes));
    if ((size_t)lay->flash_bytes > len) {
        return fl_model_fail(r, FL_ERR_FORMAT, "blob shorter than flash_bytes (truncated)");
    }
    if ((size_t)lay->flash_bytes < len) {
        return fl_model_fail(r, FL_ERR_FORMAT, "trailing bytes after flash_bytes");
    }
    if (lay->flash_bytes > FL_MODEL_MAX_BYTES) {
        return fl_model_fail(r, FL_ERR_RANGE, "flash_bytes above 16 MiB");
    }
    /* The hash before the content: a bit flipped in transit is reported as such, not as whatever field it hit. */
    if (opts != NULL && opts->sha256 != NULL) {
        uint8_t digest[32];
        uint8_t diff = 0;
        int i;
        if (opts->sha256(opts->sha256_user, r->blob + HASH_FROM, len - HASH_FROM, digest) != FL_OK) {
            return fl_model_fail(r, FL_ERR_IO, "the caller's SHA-256 function failed");
        }
        for (i = 0; i < 32; i++) {
            diff = (uint8_t)(diff | (digest[i] ^ info->sha256[i]));
        }
        if (diff != 0u) {
            r->pos = 8;
            return fl_model_fail(r, FL_ERR_MISMATCH, "content hash does not match");
        }
    }
    FL_TRY(fl_model_rd_u32(r, &flags));
    if ((flags & ~FL_MODEL_FLAG_SELFTEST) != 0u) {
        return fl_model_fail(r, FL_ERR_UNSUPPORTED, "flags set that v1 does not define");
    }
    if (!text_ok(r->blob + r->pos, FL_MODEL_ID_BYTES, id_char_ok)) {
        return fl_model_fail(r, FL_ERR_RANGE, "model id is not 1..31 characters of [A-Za-z0-9._-] + NUL padding");
    }
    memcpy(info->model_id, r->blob + r->pos, FL_MODEL_ID_BYTES);
    r->pos += FL_MODEL_ID_BYTES;
    FL_TRY(fl_model_rd_u32(r, &info->model_version));
    FL_TRY(fl_model_rd_u8(r, &scheme));
    if (scheme != FL_MODEL_SCHEME_Q7 && scheme != FL_MODEL_SCHEME_S8) {
        return fl_model_fail(r, FL_ERR_UNSUPPORTED, "unknown quantization scheme");
    }
    info->scheme = scheme;
    FL_TRY(fl_model_rd_u8(r, &n_layers));
    if (n_layers < 1u || n_layers > FL_MODEL_MAX_LAYERS) {
        return fl_model_fail(r, FL_ERR_RANGE, "layer count outside 1..64");
    }
    info->n_layers = n_layers;
    FL_TRY(fl_model_rd_u16(r, &reserved16));
    FL_TRY(fl_model_rd_u32(r, &lay->arena_bytes));
    FL_TRY(fl_model_rd_u32(r, &reserved32));
    if (reserved16 != 0u || reserved32 != 0u) {
        r->pos -= reserved32 != 0u ? 4u : 10u;
        return fl_model_fail(r, FL_ERR_FORMAT, "reserved header field is not zero");
    }
    secs[0] = &lay->input;
    secs[1] = &lay->labels;
    secs[2] = &lay->layers;
    secs[3] = &lay->weights;
    for (k = 0; k < 4; k++) {
        FL_TRY(fl_model_rd_u32(r, &secs[k]->off));
        FL_TRY(fl_model_rd_u32(r, &secs[k]->len));
    }
    /* v1 has one layout: the sections follow the header in this order with no gaps (every length is a multiple
     * of 4, so every section is 4-aligned). */
    r->pos = 96;
    v = FL_MODEL_HEADER_BYTES;
    for (k = 0; k < 4; k++) {
        if (secs[k]->off != v || secs[k]->len % 4u != 0u || secs[k]->len > FL_MODEL_MAX_BYTES) {
            return fl_model_fail(r, FL_ERR_FORMAT, "section directory: sections must follow each other from byte 128");
        }
        v += secs[k]->len; /* <= 128 + 4 * 2^24: cannot wrap */
        r->pos += 8u;
    }
    r->pos = 96;
    if (lay->input.len != FL_MODEL_INPUT_SECTION_BYTES) {
        return fl_model_fail(r, FL_ERR_FORMAT, "input section is not 36 bytes");
    }
    r->pos = 112;
    if (lay->layers.len != FL_MODEL_LAYER_RECORD_BYTES * (uint32_t)n_layers) {
        return fl_model_fail(r, FL_ERR_MISMATCH, "layer table length differs from 72 x layer count");
    }
    lay->selftest.off = v;
    lay->selftest.len = 0;
    if ((flags & FL_MODEL_FLAG_SELFTEST) != 0u) {
        /* The section has no directory entry: it starts where the weights end and says its own two lengths. */
        uint64_t st_len;
        if ((uint64_t)v + FL_MODEL_SELFTEST_HEAD_BYTES > (uint64_t)lay->flash_bytes) {
            r->pos = 44;
            return fl_model_fail(r, FL_ERR_FORMAT, "flags announce a self-test section but the blob ends before it");
        }
        lay->st_in_len = fl_model_le32(r->blob + v);
        lay->st_out_len = fl_model_le32(r->blob + v + 4u);
        st_len = FL_MODEL_SELFTEST_HEAD_BYTES + (((uint64_t)lay->st_in_len + 3u) & ~(uint64_t)3u) +
                 (((uint64_t)lay->st_out_len + 3u) & ~(uint64_t)3u);
        if ((uint64_t)v + st_len != (uint64_t)lay->flash_bytes) {
            r->pos = 40;
            return fl_model_fail(r, FL_ERR_MISMATCH, "flash_bytes differs from the end of the self-test section");
        }
        lay->selftest.len = (uint32_t)st_len;
        v += lay->selftest.len;
    }
    r->pos = 40;
    if (v != lay->flash_bytes) {
        return fl_model_fail(r, FL_ERR_MISMATCH, "flash_bytes differs from the end of the weight section");
    }
    r->pos = FL_MODEL_HEADER_BYTES;
    return FL_OK;
}

/* A tensor input has no pixel transform, so every preprocessing field must be zero: a non-zero one would be a
 * writer's mistake that a device would otherwise silently ignore. */
static FL_NODISCARD fl_status_t parse_tensor_input(fl_model_rd_t *r, uint32_t scheme, uint16_t h, uint16_t w,
                                                   uint16_t c, uint8_t resize, const uint8_t mean[3],
                                                   const uint8_t shift[3], const uint32_t scale[3],
                                                   uint32_t in_scale, uint8_t zp, fl_model_input_t *in)
{
    uint32_t k;
    if (h < 1u || w < 1u || h > FL_MODEL_MAX_HW || w > FL_MODEL_MAX_HW || c < 1u || c > FL_MODEL_MAX_TENSOR_C) {
        return fl_model_fail(r, FL_ERR_RANGE, "tensor input shape outside h,w 1..2048, c 1..256");
    }
    if ((size_t)h * w * c > FL_MODEL_MAX_ELEMS) {
        return fl_model_fail(r, FL_ERR_RANGE, "input above 2^20 elements");
    }
    if (scheme != FL_MODEL_SCHEME_S8) {
        return fl_model_fail(r, FL_ERR_FORMAT, "a tensor input needs the s8 scheme");
    }
    for (k = 0; k < 3; k++) {
        if (mean[k] != 0u || shift[k] != 0u || scale[k] != 0u) {
            return fl_model_fail(r, FL_ERR_FORMAT, "pixel preprocessing set for a tensor input");
        }
    }
    if (resize != FL_MODEL_RESIZE_NEAREST) {
        return fl_model_fail(r, FL_ERR_FORMAT, "resize set for a tensor input");
    }
    if (!scale_ok(in_scale)) {
        return fl_model_fail(r, FL_ERR_RANGE, "s8 input quantization scale not a positive normal float");
    }
    memset(in, 0, sizeof *in);
    in->h = h;
    in->w = w;
    in->c = c;
    in->colour = FL_MODEL_COLOUR_TENSOR;
    in->resize = FL_MODEL_RESIZE_NEAREST;
    in->s8_input_scale = f32_of(in_scale);
    in->s8_input_zero_point = zp <= 127u ? (int32_t)zp : (int32_t)zp - 256;
    return FL_OK;
}

static FL_NODISCARD fl_status_t parse_input(fl_model_rd_t *r, uint32_t scheme, fl_model_input_t *in)
{
    uint16_t h, w, c;
    uint8_t colour, resize, mean[3], shift[3], zp;
    uint32_t scale[3], in_scale;
    uint32_t k;
    FL_TRY(fl_model_rd_u16(r, &h));
    FL_TRY(fl_model_rd_u16(r, &w));
    FL_TRY(fl_model_rd_u16(r, &c));
    FL_TRY(fl_model_rd_u8(r, &colour));
    FL_TRY(fl_model_rd_u8(r, &resize));
    for (k = 0; k < 3; k++) {
        FL_TRY(fl_model_rd_u8(r, &mean[k]));
    }
    FL_TRY(fl_model_rd_zero(r, 1u, "reserved input byte is not zero"));
    for (k = 0; k < 3; k++) {
        FL_TRY(fl_model_rd_u8(r, &shift[k]));
    }
    FL_TRY(fl_model_rd_zero(r, 1u, "reserved input byte is not zero"));
    for (k = 0; k < 3; k++) {
        FL_TRY(fl_model_rd_u32(r, &scale[k]));
    }
    FL_TRY(fl_model_rd_u32(r, &in_scale));
    FL_TRY(fl_model_rd_u8(r, &zp));
    FL_TRY(fl_model_rd_zero(r, 3u, "reserved input bytes are not zero"));
    r->pos = r->end - FL_MODEL_INPUT_SECTION_BYTES; /* errors below point at the section */
    if (colour > FL_MODEL_COLOUR_TENSOR || resize > FL_MODEL_RESIZE_BILINEAR) {
        return fl_model_fail(r, FL_ERR_RANGE, "colour or resize value undefined");
    }
    if (colour == FL_MODEL_COLOUR_TENSOR) {
        return parse_tensor_input(r, scheme, h, w, c, resize, mean, shift, scale, in_scale, zp, in);
    }
    if (h < 1u || w < 1u || h > FL_MODEL_MAX_HW || w > FL_MODEL_MAX_HW || (c != 1u && c != 3u)) {
        return fl_model_fail(r, FL_ERR_RANGE, "input shape outside h,w 1..2048, c 1 or 3");
    }
    if ((size_t)h * w * c > FL_MODEL_MAX_ELEMS) {
        return fl_model_fail(r, FL_ERR_RANGE, "input above 2^20 elements");
    }
    if ((colour == FL_MODEL_COLOUR_GRAY) != (c == 1u)) {
        return fl_model_fail(r, FL_ERR_MISMATCH, "colour contradicts the channel count");
    }
    memset(in, 0, sizeof *in);
    in->h = h;
    in->w = w;
    in->c = c;
    in->colour = colour;
    in->resize = resize;
    for (k = 0; k < 3; k++) {
        int used = k < c;
        if (!used && (mean[k] != 0u || shift[k] != 0u || scale[k] != 0u)) {
            return fl_model_fail(r, FL_ERR_FORMAT, "preprocessing set for a channel the input does not have");
        }
        if (used && scheme == FL_MODEL_SCHEME_Q7 && (shift[k] < 1u || shift[k] > 16u)) {
            return fl_model_fail(r, FL_ERR_RANGE, "q7 input shift outside 1..16");
        }
        if (used && scheme == FL_MODEL_SCHEME_S8 && !scale_ok(scale[k])) {
            return fl_model_fail(r, FL_ERR_RANGE, "s8 input scale not a positive normal float");
        }
        in->mean[k] = mean[k];
        in->q7_shift[k] = shift[k];
        in->s8_scale[k] = f32_of(scale[k]);
    }
    if (scheme == FL_MODEL_SCHEME_Q7) {
        if (scale[0] != 0u || scale[1] != 0u || scale[2] != 0u ||
            in_scale != 0u || zp != 0u) {
            return fl_model_fail(r, FL_ERR_FORMAT, "s8 input fields set in a q7 model");
        }
    } else {
        if (shift[0] != 0u || shift[1] != 0u || shift[2] != 0u) {
            return fl_model_fail(r, FL_ERR_FORMAT, "q7 input shifts set in an s8 model");
        }
        if (!scale_ok(in_scale)) {
            return fl_model_fail(r, FL_ERR_RANGE, "s8 input quantization scale not a positive normal float");
        }
        in->s8_input_scale = f32_of(in_scale);
        in->s8_input_zero_point = zp <= 127u ? (int32_t)zp : (int32_t)zp - 256;
    }
    return FL_OK;
}

static FL_NODISCARD fl_status_t parse_labels(fl_model_rd_t *r, uint32_t *count)
{
    uint16_t n;
    uint32_t i;
    FL_TRY(fl_model_rd_u16(r, &n));
    FL_TRY(fl_model_rd_zero(r, 2u, "reserved label bytes are not zero"));
    if (n < 1u || n > FL_MODEL_MAX_LABELS) {
        r->pos -= 4u;
        return fl_model_fail(r, FL_ERR_RANGE, "label count outside 1..1024");
    }
    if (r->end - r->pos != (size_t)n * FL_MODEL_LABEL_SLOT_BYTES) {
        r->pos -= 4u;
        return fl_model_fail(r, FL_ERR_MISMATCH, "labels section length differs from 4 + 16 x count");
    }
    for (i = 0; i < n; i++) {
        if (!text_ok(r->blob + r->pos, FL_MODEL_LABEL_SLOT_BYTES, label_char_ok)) {
            return fl_model_fail(r, FL_ERR_RANGE, "label is not 1..15 printable ASCII characters + NUL padding");
        }
        r->pos += FL_MODEL_LABEL_SLOT_BYTES;
    }
    *count = n;
    return FL_OK;
}

/* The self-test section: input_len must be the input tensor's size, output_len the output's; padding zero. */
static FL_NODISCARD fl_status_t parse_selftest(fl_model_rd_t *r, const layout_t *lay, const fl_model_info_t *info)
{
    size_t in_pad = ((size_t)lay->st_in_len + 3u) & ~(size_t)3u;
    size_t out_pad = ((size_t)lay->st_out_len + 3u) & ~(size_t)3u;
    size_t base = r->pos;
    if ((size_t)lay->st_in_len != (size_t)info->input.h * info->input.w * info->input.c) {
        return fl_model_fail(r, FL_ERR_MISMATCH, "self-test input length differs from the input tensor's h*w*c");
    }
    r->pos = base + 4u;
    if (lay->st_out_len != info->n_outputs) {
        return fl_model_fail(r, FL_ERR_MISMATCH, "self-test output length differs from the output elements");
    }
    r->pos = base + FL_MODEL_SELFTEST_HEAD_BYTES + lay->st_in_len;
    FL_TRY(fl_model_rd_zero(r, in_pad - lay->st_in_len, "self-test input padding is not zero"));
    r->pos = base + FL_MODEL_SELFTEST_HEAD_BYTES + in_pad + lay->st_out_len;
    FL_TRY(fl_model_rd_zero(r, out_pad - lay->st_out_len, "self-test output padding is not zero"));
    return FL_OK;
}

/* Parse and validate everything. plan may be NULL (inspect); otherwise it has info->n_layers entries. */
static fl_status_t parse(const uint8_t *blob, size_t len, const fl_model_load_options_t *opts,
                         fl_model_layer_t *plan, fl_model_info_t *info, fl_model_error_t *err, layout_t *lay_out)
{
    fl_model_rd_t root, sec, ws;
    layout_t lay;
    fl_model_totals_t tot;
    uint32_t n_labels = 0;
    uint64_t arena;
    memset(info, 0, sizeof *info);
    memset(&tot, 0, sizeof tot);
    root.blob = blob;
    root.pos = 0;
    root.end = len;
    root.layer = UINT32_MAX;
    root.err = err;
    FL_TRY(parse_header(&root, len, opts, info, &lay));
    root.pos = 0;

    FL_TRY(fl_model_rd_sub(&root, lay.input.off, lay.input.len, &sec, "input section outside the blob"));
    FL_TRY(parse_input(&sec, info->scheme, &info->input));
    FL_TRY(fl_model_rd_sub(&root, lay.labels.off, lay.labels.len, &sec, "labels section outside the blob"));
    FL_TRY(parse_labels(&sec, &n_labels));
    FL_TRY(fl_model_rd_sub(&root, lay.weights.off, lay.weights.len, &ws, "weight section outside the blob"));
    FL_TRY(fl_model_rd_sub(&root, lay.layers.off, lay.layers.len, &sec, "layer table outside the blob"));
    FL_TRY(fl_model_parse_layers(&sec, &ws, info->scheme, info->n_layers, &info->input, plan, &tot));

    info->out_h = tot.out_h;
    info->out_w = tot.out_w;
    info->out_c = tot.out_c;
    info->n_outputs = tot.out_h * tot.out_w * tot.out_c;
    if (info->n_outputs != n_labels) {
        root.pos = lay.labels.off;
        return fl_model_fail(&root, FL_ERR_MISMATCH, "label count differs from the output elements");
    }
    if (lay.selftest.len != 0u) {
        FL_TRY(fl_model_rd_sub(&root, lay.selftest.off, lay.selftest.len, &sec, "self-test section outside the blob"));
        FL_TRY(parse_selftest(&sec, &lay, info));
    }
    arena = arena_figure(info->n_layers, tot.max_elems, tot.scratch_bytes);
    if (arena != (uint64_t)lay.arena_bytes) {
        root.pos = 88;
        return fl_model_fail(&root, FL_ERR_MISMATCH, "arena_bytes differs from the figure the layers imply");
    }
    info->arena_bytes = lay.arena_bytes;
    info->flash_bytes = lay.flash_bytes;
    info->weight_bytes = lay.weights.len;
    info->macs = tot.macs;
    if (lay_out != NULL) {
        *lay_out = lay;
    }
    return FL_OK;
}

static void clear_err(fl_model_error_t *err)
{
    if (err != NULL) {
        err->msg = NULL;
        err->offset = 0;
        err->layer = UINT32_MAX;
    }
}

/* The format is little-endian and int32 tensors are read in place. */
static int little_endian(void)
{
    const uint16_t probe = 1u;
    uint8_t first;
    memcpy(&first, &probe, 1);
    return first == 1u;
}

fl_status_t fl_model_inspect(const uint8_t *blob, size_t len, fl_model_info_t *info, fl_model_error_t *err)
{
    clear_err(err);
    if (info == NULL || (blob == NULL && len != 0u)) {
        return FL_ERR_ARG;
    }
    if (blob == NULL) {
        if (err != NULL) {
            err->msg = "truncated magic";
        }
        return FL_ERR_FORMAT;
    }
    return parse(blob, len, NULL, NULL, info, err, NULL);
}

fl_status_t fl_model_load(fl_model_t *model, const uint8_t *blob, size_t len, fl_arena_t *arena,
                          const fl_model_load_options_t *opts, fl_model_error_t *err)
{
    fl_model_info_t info;
    layout_t lay;
    fl_model_layer_t *plan;
    uint8_t *mem = NULL;
    void *p = NULL;
    size_t plan_bytes, act_bytes, scratch_bytes, total;
    size_t max_elems = 0;
    uint32_t i;
    clear_err(err);
    if (model == NULL || arena == NULL || (blob == NULL && len != 0u)) {
        return FL_ERR_ARG;
    }
    memset(model, 0, sizeof *model);
    if (blob != NULL && ((uintptr_t)blob & 3u) != 0u) {
        if (err != NULL) {
            err->msg = "blob is not 4-byte aligned";
        }
        return FL_ERR_ARG;
    }
    if (!little_endian()) {
        if (err != NULL) {
            err->msg = "the format is read in place and needs a little-endian target";
        }
        return FL_ERR_UNSUPPORTED;
    }
    if (blob == NULL) {
        if (err != NULL) {
            err->msg = "truncated magic";
        }
        return FL_ERR_FORMAT;
    }
    FL_TRY(parse(blob, len, opts, NULL, &info, err, &lay));

    /* Recompute the block from the layers (the figure is verified equal to arena_figure). */
    plan_bytes = (size_t)FL_MODEL_PLAN_BYTES_PER_LAYER * info.n_layers;
    total = (size_t)info.arena_bytes - 8u; /* the 8 bytes are alignment headroom */
    if (fl_arena_persist(arena, total, 8u, &p) != FL_OK) {
        if (err != NULL && err->msg == NULL) {
            err->msg = "arena has less than arena_bytes free";
        }
        return FL_ERR_NO_MEM;
    }
    mem = (uint8_t *)p;
    plan = (fl_model_layer_t *)(void *)mem;
    /* Second pass fills the plan; the hash was checked in the first. */
    if (parse(blob, len, NULL, plan, &info, err, NULL) != FL_OK) {
        return FL_ERR_STATE; /* unreachable: the same bytes passed a moment ago */
    }
    for (i = 0; i < info.n_layers; i++) {
        size_t e = (size_t)plan[i].out_h * plan[i].out_w * plan[i].out_c;
        max_elems = e > max_elems ? e : max_elems;
    }
    {
        size_t in_e = (size_t)info.input.h * info.input.w * info.input.c;
        max_elems = in_e > max_elems ? in_e : max_elems;
    }
    act_bytes = align4z(max_elems);
    scratch_bytes = total - plan_bytes - 2u * act_bytes;
    model->layers = plan;
    model->blob = blob;
    model->labels = blob + FL_MODEL_HEADER_BYTES + FL_MODEL_INPUT_SECTION_BYTES + 4u;
    model->act[0] = (int8_t *)(void *)(mem + plan_bytes);
    model->act[1] = model->act[0] + act_bytes;
    model->scratch = mem + plan_bytes + 2u * act_bytes;
    model->act_bytes = act_bytes;
    model->scratch_bytes = scratch_bytes;
    model->info = info;
    if (lay.selftest.len != 0u) {
        const uint8_t *st = blob + lay.selftest.off + FL_MODEL_SELFTEST_HEAD_BYTES;
        model->selftest_input = (const int8_t *)(const void *)st;
        model->selftest_input_len = lay.st_in_len;
        model->selftest_expected = (const int8_t *)(const void *)(st + align4z(lay.st_in_len));
        model->selftest_expected_len = lay.st_out_len;
    }
    return FL_OK;
}
