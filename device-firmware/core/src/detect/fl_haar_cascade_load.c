/* SPDX-License-Identifier: MIT */
/* Cascade inspect/load: picks the format by its magic, runs the parser's validating first pass, places the
 * tables in the arena, then runs the filling second pass (plan, then run). */
#include <string.h>

#include "fl_haar_internal.h"

static fl_status_t parse(const uint8_t *blob, size_t len, fl_cascade_info_t *info, const fl_haar_tables_t *t,
                         fl_cascade_error_t *err)
{
    fl_haar_rd_t r;
    r.base = blob;
    r.len = len;
    r.pos = 0;
    r.err = err;
    memset(info, 0, sizeof *info);
    if (len >= 4u && memcmp(blob, FL_CASCADE_MAGIC, 4) == 0) {
        info->format = FL_CASCADE_FORMAT_FLEET;
        return fl_haar_parse_fleet(&r, info, t);
    }
    info->format = FL_CASCADE_FORMAT_OPENMV;
    return fl_haar_parse_openmv(&r, info, t);
}

/* Table sizes, each rounded up to 8 so the three tables can share one aligned allocation. */
static size_t round8(size_t n)
{
    return (n + 7u) & ~(size_t)7u;
}

static size_t stage_bytes(const fl_cascade_info_t *i)
{
    return round8((size_t)i->n_stages * sizeof(fl_cascade_stage_t));
}

static size_t feature_bytes(const fl_cascade_info_t *i)
{
    return round8((size_t)i->n_features * sizeof(fl_cascade_feature_t));
}

static size_t rect_bytes(const fl_cascade_info_t *i)
{
    return round8((size_t)i->n_rects * sizeof(fl_cascade_rect_t));
}

fl_status_t fl_cascade_inspect(const uint8_t *blob, size_t len, fl_cascade_info_t *info, fl_cascade_error_t *err)
{
    fl_status_t st;
    if (err != NULL) {
        err->msg = NULL;
        err->offset = 0;
    }
    if (info == NULL || (blob == NULL && len > 0u)) {
        if (err != NULL) {
            err->msg = "NULL argument";
        }
        return FL_ERR_ARG;
    }
    if (blob == NULL) {
        if (err != NULL) {
            err->msg = "empty blob";
        }
        memset(info, 0, sizeof *info);
        return FL_ERR_FORMAT;
    }
    st = parse(blob, len, info, NULL, err);
    if (st == FL_OK) {
        /* + 8: the persistent end may need up to 7 bytes of alignment padding. */
        info->persistent_bytes = stage_bytes(info) + feature_bytes(info) + rect_bytes(info) + 8u;
    }
    return st;
}

fl_status_t fl_cascade_load(fl_cascade_t *cascade, const uint8_t *blob, size_t len, fl_arena_t *arena,
                            fl_cascade_error_t *err)
{
    fl_cascade_info_t info;
    fl_haar_tables_t t;
    void *mem = NULL;
    uint8_t *p;
    fl_status_t st;
    if (cascade == NULL || arena == NULL) {
        if (err != NULL) {
            err->msg = "NULL argument";
            err->offset = 0;
        }
        return FL_ERR_ARG;
    }
    memset(cascade, 0, sizeof *cascade);
    FL_TRY(fl_cascade_inspect(blob, len, &info, err));
    st = fl_arena_persist(arena, info.persistent_bytes - 8u, 8u, &mem);
    if (st != FL_OK) {
        if (err != NULL && err->msg == NULL) {
            err->msg = "arena too small for the cascade tables";
        }
        return st;
    }
    p = (uint8_t *)mem;
    t.stages = (fl_cascade_stage_t *)(void *)p;
    t.features = (fl_cascade_feature_t *)(void *)(p + stage_bytes(&info));
    t.rects = (fl_cascade_rect_t *)(void *)(p + stage_bytes(&info) + feature_bytes(&info));
    /* The first pass validated everything, so the filling pass cannot fail; keep the check anyway so a
     * future parser change cannot hand out half-filled tables. */
    st = parse(blob, len, &info, &t, err);
    if (st != FL_OK) {
        return st;
    }
    cascade->window_w = info.window_w;
    cascade->window_h = info.window_h;
    cascade->n_stages = info.n_stages;
    cascade->n_features = info.n_features;
    cascade->n_rects = info.n_rects;
    cascade->format = info.format;
    cascade->flags = info.format == FL_CASCADE_FORMAT_FLEET ? FL_CASCADE_FLOAT_EXACT : 0u;
    cascade->stages = t.stages;
    cascade->features = t.features;
    cascade->rects = t.rects;
    return FL_OK;
}

void fl_cascade_truncate(fl_cascade_t *cascade, uint32_t n_stages)
{
    uint32_t s, nf = 0;
    if (cascade == NULL || n_stages == 0u || n_stages >= cascade->n_stages) {
        return;
    }
    for (s = 0; s < n_stages; s++) {
        nf += cascade->stages[s].n_features;
    }
    cascade->n_stages = n_stages;
    cascade->n_features = nf;
    cascade->n_rects = nf < 1u ? 0u
                               : cascade->features[nf - 1u].first_rect + cascade->features[nf - 1u].n_rects;
}
