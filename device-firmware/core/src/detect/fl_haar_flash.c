/* SPDX-License-Identifier: MIT */
/* Flash images of Haar cascades: write the loaded tables out in their in-memory layout, and open such an image
 * in place (validate, then point the cascade at it) so the tables never take arena RAM. */
#include <string.h>

#include "fl/fl_haar_flash.h"

/* Per-stage feature limit of the Fleet format (the larger of the two loaders' limits). */
#define MAX_STAGE_FEATURES 4095u

static void put_u16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)(v & 0xFFu);
    p[1] = (uint8_t)(v >> 8);
}

static void put_u32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v & 0xFFu);
    p[1] = (uint8_t)((v >> 8) & 0xFFu);
    p[2] = (uint8_t)((v >> 16) & 0xFFu);
    p[3] = (uint8_t)(v >> 24);
}

static uint16_t get_u16(const uint8_t *p)
{
    return (uint16_t)(p[0] | (p[1] << 8));
}

static uint32_t get_u32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

uint32_t fl_haar_flash_layout_tag(void)
{
    /* The tables are used as the CPU sees them, so the image must come from a machine with the same struct
     * sizes and byte order. */
    const uint16_t probe = 1u;
    uint8_t first;
    uint32_t order;
    memcpy(&first, &probe, 1);
    order = first == 1u ? 1u : 2u;
    return (uint32_t)sizeof(fl_cascade_stage_t) | ((uint32_t)sizeof(fl_cascade_feature_t) << 8) |
           ((uint32_t)sizeof(fl_cascade_rect_t) << 16) | (order << 24);
}

/* Table bytes of an image with these counts; 0 on overflow (the counts are range-checked first anyway). */
static size_t tables_bytes(uint32_t n_stages, uint32_t n_features, uint32_t n_rects)
{
    return (size_t)n_stages * sizeof(fl_cascade_stage_t) + (size_t)n_features * sizeof(fl_cascade_feature_t) +
           (size_t)n_rects * sizeof(fl_cascade_rect_t);
}

fl_status_t fl_haar_flash_image_bytes(const fl_cascade_t *cascade, size_t *bytes)
{
    if (cascade == NULL || bytes == NULL || cascade->stages == NULL) {
        return FL_ERR_ARG;
    }
    *bytes = FL_HAAR_FLASH_HEADER_BYTES + tables_bytes(cascade->n_stages, cascade->n_features, cascade->n_rects);
    return FL_OK;
}

fl_status_t fl_haar_flash_image_write(const fl_cascade_t *c, uint8_t *out, size_t cap, size_t *written)
{
    size_t need = 0;
    size_t pos;
    if (out == NULL || written == NULL) {
        return FL_ERR_ARG;
    }
    FL_TRY(fl_haar_flash_image_bytes(c, &need));
    if (cap < need) {
        return FL_ERR_NO_MEM;
    }
    memset(out, 0, FL_HAAR_FLASH_HEADER_BYTES);
    memcpy(out, FL_HAAR_FLASH_MAGIC, 4);
    put_u32(out + 4, FL_HAAR_FLASH_VERSION);
    put_u32(out + 8, fl_haar_flash_layout_tag());
    put_u16(out + 12, c->window_w);
    put_u16(out + 14, c->window_h);
    put_u32(out + 16, c->n_stages);
    put_u32(out + 20, c->n_features);
    put_u32(out + 24, c->n_rects);
    put_u32(out + 28, c->flags);
    put_u32(out + 32, (uint32_t)c->format);
    pos = FL_HAAR_FLASH_HEADER_BYTES;
    memcpy(out + pos, c->stages, (size_t)c->n_stages * sizeof(fl_cascade_stage_t));
    pos += (size_t)c->n_stages * sizeof(fl_cascade_stage_t);
    memcpy(out + pos, c->features, (size_t)c->n_features * sizeof(fl_cascade_feature_t));
    pos += (size_t)c->n_features * sizeof(fl_cascade_feature_t);
    memcpy(out + pos, c->rects, (size_t)c->n_rects * sizeof(fl_cascade_rect_t));
    *written = need;
    return FL_OK;
}

static fl_status_t fail(fl_cascade_error_t *err, fl_status_t st, const char *msg, size_t offset)
{
    if (err != NULL) {
        err->msg = msg;
        err->offset = offset;
    }
    return st;
}

static int finite_f32(float v)
{
    uint32_t u;
    memcpy(&u, &v, sizeof u);
    /* Exponent all ones = Inf/NaN: a NaN threshold would silently make a stage always pass or always fail. */
    return (u & 0x7F800000u) != 0x7F800000u;
}

static fl_status_t check_header(const uint8_t *image, size_t len, fl_cascade_error_t *err)
{
    uint16_t ww;
    uint16_t wh;
    uint32_t ns;
    uint32_t nf;
    uint32_t nr;
    uint32_t flags;
    uint32_t format;
    if (len < FL_HAAR_FLASH_HEADER_BYTES) {
        return fail(err, FL_ERR_FORMAT, "truncated header", len);
    }
    if (memcmp(image, FL_HAAR_FLASH_MAGIC, 4) != 0) {
        return fail(err, FL_ERR_FORMAT, "bad magic (not a flash image)", 0);
    }
    if (get_u32(image + 4) != FL_HAAR_FLASH_VERSION) {
        return fail(err, FL_ERR_UNSUPPORTED, "unknown flash image version", 4);
    }
    if (get_u32(image + 8) != fl_haar_flash_layout_tag()) {
        return fail(err, FL_ERR_UNSUPPORTED, "image written for another struct layout or byte order", 8);
    }
    ww = get_u16(image + 12);
    wh = get_u16(image + 14);
    ns = get_u32(image + 16);
    nf = get_u32(image + 20);
    nr = get_u32(image + 24);
    flags = get_u32(image + 28);
    format = get_u32(image + 32);
    if (ww < 1u || ww > FL_CASCADE_MAX_WINDOW || wh < 1u || wh > FL_CASCADE_MAX_WINDOW) {
        return fail(err, FL_ERR_RANGE, "window size out of range", ww < 1u || ww > FL_CASCADE_MAX_WINDOW ? 12 : 14);
    }
    if (ns < 1u || ns > FL_CASCADE_MAX_STAGES) {
        return fail(err, FL_ERR_RANGE, "stage count out of range", 16);
    }
    if (nf < ns || nf > FL_CASCADE_MAX_FEATURES) {
        return fail(err, FL_ERR_RANGE, "feature count out of range", 20);
    }
    if (nr < nf || nr > FL_CASCADE_MAX_RECTS_PER_FEATURE * nf) {
        return fail(err, FL_ERR_RANGE, "rectangle count out of range", 24);
    }
    if ((flags & ~FL_CASCADE_FLOAT_EXACT) != 0u) {
        return fail(err, FL_ERR_UNSUPPORTED, "unknown flags", 28);
    }
    if (format != (uint32_t)FL_CASCADE_FORMAT_OPENMV && format != (uint32_t)FL_CASCADE_FORMAT_FLEET) {
        return fail(err, FL_ERR_RANGE, "unknown source format", 32);
    }
    if (get_u32(image + 36) != 0u) {
        return fail(err, FL_ERR_RANGE, "reserved header field not zero", 36);
    }
    if (len < FL_HAAR_FLASH_HEADER_BYTES + tables_bytes(ns, nf, nr)) {
        return fail(err, FL_ERR_FORMAT, "truncated tables", len);
    }
    if (len > FL_HAAR_FLASH_HEADER_BYTES + tables_bytes(ns, nf, nr)) {
        return fail(err, FL_ERR_FORMAT, "trailing bytes after the tables",
                    FL_HAAR_FLASH_HEADER_BYTES + tables_bytes(ns, nf, nr));
    }
    return FL_OK;
}

static fl_status_t check_tables(const fl_cascade_t *c, fl_cascade_error_t *err)
{
    const size_t st_off = FL_HAAR_FLASH_HEADER_BYTES;
    const size_t ft_off = st_off + (size_t)c->n_stages * sizeof(fl_cascade_stage_t);
    const size_t rc_off = ft_off + (size_t)c->n_features * sizeof(fl_cascade_feature_t);
    uint32_t s;
    uint32_t f = 0;
    uint32_t k;
    uint32_t rects = 0;
    for (s = 0; s < c->n_stages; s++) {
        const fl_cascade_stage_t *st = &c->stages[s];
        size_t at = st_off + (size_t)s * sizeof *st;
        if (st->n_features < 1u || st->n_features > MAX_STAGE_FEATURES || st->n_features > c->n_features - f) {
            return fail(err, FL_ERR_MISMATCH, "stage feature count does not fit the feature table", at);
        }
        if (!finite_f32(st->threshold)) {
            return fail(err, FL_ERR_RANGE, "non-finite float", at);
        }
        f += st->n_features;
    }
    if (f != c->n_features) {
        return fail(err, FL_ERR_MISMATCH, "stage feature counts do not sum to the feature count", st_off);
    }
    for (f = 0; f < c->n_features; f++) {
        const fl_cascade_feature_t *ft = &c->features[f];
        size_t at = ft_off + (size_t)f * sizeof *ft;
        if (ft->n_rects < 1u || ft->n_rects > FL_CASCADE_MAX_RECTS_PER_FEATURE) {
            return fail(err, FL_ERR_RANGE, "rectangles per feature out of range", at);
        }
        /* The loaders lay rectangles out feature after feature; the detectors rely on first_rect only, but
         * demanding the same layout also bounds every index. */
        if (ft->first_rect != rects || ft->n_rects > c->n_rects - rects) {
            return fail(err, FL_ERR_MISMATCH, "feature rectangles out of order or past the table", at);
        }
        if (ft->reserved != 0u) {
            return fail(err, FL_ERR_RANGE, "reserved byte not zero", at);
        }
        if (!finite_f32(ft->threshold) || !finite_f32(ft->left) || !finite_f32(ft->right)) {
            return fail(err, FL_ERR_RANGE, "non-finite float", at);
        }
        rects += ft->n_rects;
    }
    if (rects != c->n_rects) {
        return fail(err, FL_ERR_MISMATCH, "feature rectangle counts do not sum to the rectangle count", ft_off);
    }
    for (k = 0; k < c->n_rects; k++) {
        const fl_cascade_rect_t *rc = &c->rects[k];
        size_t at = rc_off + (size_t)k * sizeof *rc;
        if (rc->w < 1u || rc->h < 1u || (uint32_t)rc->x + rc->w > c->window_w ||
            (uint32_t)rc->y + rc->h > c->window_h) {
            return fail(err, FL_ERR_RANGE, "rectangle empty or outside the window", at);
        }
        if (rc->reserved[0] != 0u || rc->reserved[1] != 0u || rc->reserved[2] != 0u) {
            return fail(err, FL_ERR_RANGE, "reserved byte not zero", at);
        }
        if (!finite_f32(rc->weight)) {
            return fail(err, FL_ERR_RANGE, "non-finite float", at);
        }
    }
    return FL_OK;
}

fl_status_t fl_haar_flash_open(fl_cascade_t *cascade, const uint8_t *image, size_t len, fl_cascade_error_t *err)
{
    fl_cascade_t c;
    fl_status_t st;
    if (err != NULL) {
        err->msg = NULL;
        err->offset = 0;
    }
    if (cascade != NULL) {
        memset(cascade, 0, sizeof *cascade);
    }
    if (cascade == NULL || image == NULL) {
        return fail(err, FL_ERR_ARG, "NULL argument", 0);
    }
    /* The tables hold int32/float fields read in place; flash sectors and the loaders' buffers are aligned. */
    if (((uintptr_t)image & 3u) != 0u) {
        return fail(err, FL_ERR_ARG, "image not 4-byte aligned", 0);
    }
    FL_TRY(check_header(image, len, err));
    memset(&c, 0, sizeof c);
    c.window_w = get_u16(image + 12);
    c.window_h = get_u16(image + 14);
    c.n_stages = get_u32(image + 16);
    c.n_features = get_u32(image + 20);
    c.n_rects = get_u32(image + 24);
    c.flags = get_u32(image + 28);
    c.format = (fl_cascade_format_t)get_u32(image + 32);
    c.stages = (const fl_cascade_stage_t *)(const void *)(image + FL_HAAR_FLASH_HEADER_BYTES);
    c.features = (const fl_cascade_feature_t *)(const void *)((const uint8_t *)c.stages +
                                                               (size_t)c.n_stages * sizeof(fl_cascade_stage_t));
    c.rects = (const fl_cascade_rect_t *)(const void *)((const uint8_t *)c.features +
                                                         (size_t)c.n_features * sizeof(fl_cascade_feature_t));
    st = check_tables(&c, err);
    if (st != FL_OK) {
        return st;
    }
    *cascade = c;
    return FL_OK;
}
