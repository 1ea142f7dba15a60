/* SPDX-License-Identifier: MIT */
/* Parser for Fleet's "FLHC" cascade (docs/cascade-format.md): a 32-byte header with explicit counts and the
 * total size, then fixed-size stage (8 B), feature (20 B) and rectangle (12 B) records. Counts are checked
 * against the blob length before any loop, and the per-record sums against the header. */
#include <string.h>

#include "fl_haar_internal.h"

#define HEADER_BYTES 32u
#define STAGE_BYTES 8u
#define FEATURE_BYTES 20u
#define RECT_BYTES 12u
#define MAX_STAGE_FEATURES 4095u

static fl_status_t rd_i16(fl_haar_rd_t *r, int16_t *v, const char *what)
{
    uint16_t u;
    FL_TRY(fl_haar_rd_u16(r, &u, what));
    *v = fl_haar_as_i16(u);
    return FL_OK;
}

static fl_status_t parse_header(fl_haar_rd_t *r, fl_cascade_info_t *info)
{
    uint16_t version, header_size, win_w, win_h;
    uint32_t n_stages, n_features, n_rects, file_size, flags;
    uint64_t expect;
    FL_TRY(fl_haar_rd_need(r, HEADER_BYTES, "truncated header"));
    r->pos = 4u; /* magic checked by the caller */
    FL_TRY(fl_haar_rd_u16(r, &version, "truncated header"));
    if (version != FL_CASCADE_VERSION) {
        r->pos -= 2u;
        return fl_haar_rd_fail(r, FL_ERR_UNSUPPORTED, "unknown Fleet cascade version");
    }
    FL_TRY(fl_haar_rd_u16(r, &header_size, "truncated header"));
    if (header_size != HEADER_BYTES) {
        r->pos -= 2u;
        return fl_haar_rd_fail(r, FL_ERR_FORMAT, "header size is not 32");
    }
    FL_TRY(fl_haar_rd_u16(r, &win_w, "truncated header"));
    FL_TRY(fl_haar_rd_u16(r, &win_h, "truncated header"));
    if (win_w < 1u || win_h < 1u || win_w > FL_CASCADE_MAX_WINDOW || win_h > FL_CASCADE_MAX_WINDOW) {
        r->pos -= 4u;
        return fl_haar_rd_fail(r, FL_ERR_RANGE, "window size outside 1..64");
    }
    FL_TRY(fl_haar_rd_u32(r, &n_stages, "truncated header"));
    if (n_stages < 1u || n_stages > FL_CASCADE_MAX_STAGES) {
        r->pos -= 4u;
        return fl_haar_rd_fail(r, FL_ERR_RANGE, "stage count outside 1..1024");
    }
    FL_TRY(fl_haar_rd_u32(r, &n_features, "truncated header"));
    if (n_features < n_stages || n_features > FL_CASCADE_MAX_FEATURES) {
        r->pos -= 4u;
        return fl_haar_rd_fail(r, FL_ERR_RANGE, "feature count outside n_stages..262144");
    }
    FL_TRY(fl_haar_rd_u32(r, &n_rects, "truncated header"));
    if (n_rects < n_features || n_rects > FL_CASCADE_MAX_RECTS_PER_FEATURE * n_features) {
        r->pos -= 4u;
        return fl_haar_rd_fail(r, FL_ERR_RANGE, "rectangle count outside n_features..3 * n_features");
    }
    FL_TRY(fl_haar_rd_u32(r, &file_size, "truncated header"));
    expect = HEADER_BYTES + (uint64_t)STAGE_BYTES * n_stages + (uint64_t)FEATURE_BYTES * n_features +
             (uint64_t)RECT_BYTES * n_rects;
    if ((uint64_t)file_size != expect) {
        r->pos -= 4u;
        return fl_haar_rd_fail(r, FL_ERR_MISMATCH, "file size contradicts the counts");
    }
    FL_TRY(fl_haar_rd_u32(r, &flags, "truncated header"));
    if (flags != 0u) {
        r->pos -= 4u;
        return fl_haar_rd_fail(r, FL_ERR_UNSUPPORTED, "unknown header flags");
    }
    if ((uint64_t)r->len < expect) {
        return fl_haar_rd_fail(r, FL_ERR_FORMAT, "blob shorter than its declared size");
    }
    if ((uint64_t)r->len > expect) {
        r->pos = (size_t)expect;
        return fl_haar_rd_fail(r, FL_ERR_FORMAT, "trailing bytes after the declared size");
    }
    info->window_w = win_w;
    info->window_h = win_h;
    info->n_stages = n_stages;
    info->n_features = n_features;
    info->n_rects = n_rects;
    return FL_OK;
}

fl_status_t fl_haar_parse_fleet(fl_haar_rd_t *r, fl_cascade_info_t *info, const fl_haar_tables_t *t)
{
    uint32_t s, f, k, sum = 0;
    FL_TRY(parse_header(r, info));

    for (s = 0; s < info->n_stages; s++) {
        uint16_t n;
        int16_t tq;
        float th;
        FL_TRY(fl_haar_rd_u16(r, &n, "truncated stage record"));
        if (n < 1u || n > MAX_STAGE_FEATURES) {
            r->pos -= 2u;
            return fl_haar_rd_fail(r, FL_ERR_RANGE, "stage feature count outside 1..4095");
        }
        FL_TRY(rd_i16(r, &tq, "truncated stage record"));
        FL_TRY(fl_haar_rd_f32(r, &th, "truncated stage record"));
        sum += n;
        if (sum > info->n_features) {
            return fl_haar_rd_fail(r, FL_ERR_MISMATCH, "stages hold more features than the header says");
        }
        if (t != NULL) {
            t->stages[s].n_features = n;
            t->stages[s].threshold_q8 = tq;
            t->stages[s].threshold = th;
        }
    }
    if (sum != info->n_features) {
        return fl_haar_rd_fail(r, FL_ERR_MISMATCH, "stages hold fewer features than the header says");
    }

    sum = 0;
    for (f = 0; f < info->n_features; f++) {
        float th, left, right;
        int16_t tq, lq, rq;
        uint8_t n, flags;
        FL_TRY(fl_haar_rd_f32(r, &th, "truncated feature record"));
        FL_TRY(fl_haar_rd_f32(r, &left, "truncated feature record"));
        FL_TRY(fl_haar_rd_f32(r, &right, "truncated feature record"));
        FL_TRY(rd_i16(r, &tq, "truncated feature record"));
        FL_TRY(rd_i16(r, &lq, "truncated feature record"));
        FL_TRY(rd_i16(r, &rq, "truncated feature record"));
        FL_TRY(fl_haar_rd_u8(r, &n, "truncated feature record"));
        if (n < 1u || n > FL_CASCADE_MAX_RECTS_PER_FEATURE) {
            r->pos -= 1u;
            return fl_haar_rd_fail(r, FL_ERR_RANGE, "rectangles per feature outside 1..3");
        }
        FL_TRY(fl_haar_rd_u8(r, &flags, "truncated feature record"));
        if (flags != 0u) {
            r->pos -= 1u;
            /* bit 0 is reserved for tilted (45 degree) features, which neither detector implements */
            return fl_haar_rd_fail(r, FL_ERR_UNSUPPORTED, "feature flags set (tilted features unsupported)");
        }
        if (t != NULL) {
            fl_cascade_feature_t *ft = &t->features[f];
            ft->threshold = th;
            ft->left = left;
            ft->right = right;
            ft->threshold_q12 = tq;
            ft->left_q8 = lq;
            ft->right_q8 = rq;
            ft->n_rects = n;
            ft->reserved = 0u;
            ft->first_rect = sum;
        }
        sum += n;
        if (sum > info->n_rects) {
            return fl_haar_rd_fail(r, FL_ERR_MISMATCH, "features use more rectangles than the header says");
        }
    }
    if (sum != info->n_rects) {
        return fl_haar_rd_fail(r, FL_ERR_MISMATCH, "features use fewer rectangles than the header says");
    }

    for (k = 0; k < info->n_rects; k++) {
        uint8_t b[8];
        float w;
        size_t i;
        FL_TRY(fl_haar_rd_need(r, 8u, "truncated rectangle record"));
        memcpy(b, r->base + r->pos, 8u);
        if (!fl_haar_rect_fits(b[0], b[1], b[2], b[3], info->window_w, info->window_h)) {
            return fl_haar_rd_fail(r, FL_ERR_RANGE, "rectangle empty or outside the window");
        }
        for (i = 5; i < 8u; i++) {
            if (b[i] != 0u) {
                r->pos += i;
                return fl_haar_rd_fail(r, FL_ERR_FORMAT, "reserved rectangle bytes not zero");
            }
        }
        r->pos += 8u;
        FL_TRY(fl_haar_rd_f32(r, &w, "truncated rectangle record"));
        if (t != NULL) {
            fl_cascade_rect_t *rt = &t->rects[k];
            rt->x = b[0];
            rt->y = b[1];
            rt->w = b[2];
            rt->h = b[3];
            rt->weight_q0 = (int8_t)(b[4] <= 127u ? (int32_t)b[4] : (int32_t)b[4] - 256);
            rt->reserved[0] = rt->reserved[1] = rt->reserved[2] = 0u;
            rt->weight = w;
        }
    }
    return FL_OK;
}
