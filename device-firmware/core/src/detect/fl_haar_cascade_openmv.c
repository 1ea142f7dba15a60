/* SPDX-License-Identifier: MIT */
/* Parser for OpenMV's binary .cascade (openmv-nn-and-haar.md §7.1): packed little-endian i32 window_w,
 * window_h, n_stages, then u8 features-per-stage, i16 stage thresholds (Q8), i16 node thresholds (Q12),
 * i16 left and right leaf values (Q8), u8 rectangles-per-feature, i8 rectangle weights and u8 x, y, w, h per
 * rectangle. The firmware checks none of this; every field is checked here. */
#include "fl_haar_internal.h"

/* Float views of the fixed-point values, for OpenCV mode on a cascade that only has these. */
static float q12(int16_t v)
{
    return (float)v / 4096.0f;
}

static float q8(int16_t v)
{
    return (float)v / 256.0f;
}

static fl_status_t rd_i16(fl_haar_rd_t *r, int16_t *v, const char *what)
{
    uint16_t u;
    FL_TRY(fl_haar_rd_u16(r, &u, what));
    *v = fl_haar_as_i16(u);
    return FL_OK;
}

fl_status_t fl_haar_parse_openmv(fl_haar_rd_t *r, fl_cascade_info_t *info, const fl_haar_tables_t *t)
{
    uint32_t u, s, f, k;
    int32_t win_w, win_h, n_stages;
    uint32_t n_feat = 0, n_rect = 0;
    size_t rect_weights, rect_boxes;

    FL_TRY(fl_haar_rd_u32(r, &u, "truncated window width"));
    win_w = fl_haar_as_i32(u);
    FL_TRY(fl_haar_rd_u32(r, &u, "truncated window height"));
    win_h = fl_haar_as_i32(u);
    if (win_w < 1 || win_h < 1 || win_w > (int32_t)FL_CASCADE_MAX_WINDOW || win_h > (int32_t)FL_CASCADE_MAX_WINDOW) {
        r->pos -= 8u;
        return fl_haar_rd_fail(r, FL_ERR_RANGE, "window size outside 1..64");
    }
    FL_TRY(fl_haar_rd_u32(r, &u, "truncated stage count"));
    n_stages = fl_haar_as_i32(u);
    if (n_stages < 1 || n_stages > (int32_t)FL_CASCADE_MAX_STAGES) {
        r->pos -= 4u;
        return fl_haar_rd_fail(r, FL_ERR_RANGE, "stage count outside 1..1024");
    }
    info->window_w = (uint16_t)win_w;
    info->window_h = (uint16_t)win_h;
    info->n_stages = (uint32_t)n_stages;

    /* Features per stage: each stage needs 1 + 2 bytes of stage data before anything else. */
    FL_TRY(fl_haar_rd_need(r, 3u * info->n_stages, "truncated stage table"));
    for (s = 0; s < info->n_stages; s++) {
        uint8_t n;
        FL_TRY(fl_haar_rd_u8(r, &n, "truncated stage table"));
        if (n == 0u) {
            r->pos -= 1u;
            return fl_haar_rd_fail(r, FL_ERR_RANGE, "stage without features");
        }
        if (t != NULL) {
            t->stages[s].n_features = n;
        }
        n_feat += n;
    }
    info->n_features = n_feat;
    for (s = 0; s < info->n_stages; s++) {
        int16_t v;
        FL_TRY(rd_i16(r, &v, "truncated stage thresholds"));
        if (t != NULL) {
            t->stages[s].threshold_q8 = v;
            t->stages[s].threshold = q8(v);
        }
    }

    /* Node thresholds, alpha1, alpha2 (2 bytes each) and the rectangle count (1 byte): 7 bytes per feature. */
    FL_TRY(fl_haar_rd_need(r, 7u * (uint64_t)n_feat, "truncated feature tables"));
    for (k = 0; k < 3u; k++) {
        for (f = 0; f < n_feat; f++) {
            int16_t v;
            FL_TRY(rd_i16(r, &v, "truncated feature tables"));
            if (t != NULL) {
                fl_cascade_feature_t *ft = &t->features[f];
                if (k == 0u) {
                    ft->threshold_q12 = v;
                    ft->threshold = q12(v);
                } else if (k == 1u) {
                    ft->left_q8 = v;
                    ft->left = q8(v);
                } else {
                    ft->right_q8 = v;
                    ft->right = q8(v);
                }
            }
        }
    }
    for (f = 0; f < n_feat; f++) {
        uint8_t n;
        FL_TRY(fl_haar_rd_u8(r, &n, "truncated rectangle counts"));
        /* The firmware reads this into an int8: 1..3 is what OpenCV's Haar features have. */
        if (n < 1u || n > FL_CASCADE_MAX_RECTS_PER_FEATURE) {
            r->pos -= 1u;
            return fl_haar_rd_fail(r, FL_ERR_RANGE, "rectangles per feature outside 1..3");
        }
        if (t != NULL) {
            t->features[f].n_rects = n;
            t->features[f].reserved = 0u;
            t->features[f].first_rect = n_rect;
        }
        n_rect += n;
    }
    info->n_rects = n_rect;

    /* Weights (1 byte) and boxes (4 bytes) per rectangle, then the blob must end. */
    rect_weights = r->pos;
    rect_boxes = r->pos + n_rect;
    if ((uint64_t)(r->len - r->pos) != 5u * (uint64_t)n_rect) {
        if ((uint64_t)(r->len - r->pos) < 5u * (uint64_t)n_rect) {
            return fl_haar_rd_fail(r, FL_ERR_FORMAT, "truncated rectangle tables");
        }
        r->pos += 5u * (size_t)n_rect;
        return fl_haar_rd_fail(r, FL_ERR_FORMAT, "trailing bytes after the rectangle tables");
    }
    for (k = 0; k < n_rect; k++) {
        const uint8_t *b = r->base + rect_boxes + 4u * (size_t)k;
        r->pos = rect_boxes + 4u * (size_t)k;
        if (!fl_haar_rect_fits(b[0], b[1], b[2], b[3], info->window_w, info->window_h)) {
            return fl_haar_rd_fail(r, FL_ERR_RANGE, "rectangle empty or outside the window");
        }
        if (t != NULL) {
            fl_cascade_rect_t *rt = &t->rects[k];
            uint8_t w8 = r->base[rect_weights + k];
            rt->x = b[0];
            rt->y = b[1];
            rt->w = b[2];
            rt->h = b[3];
            rt->weight_q0 = (int8_t)(w8 <= 127u ? (int32_t)w8 : (int32_t)w8 - 256);
            rt->reserved[0] = rt->reserved[1] = rt->reserved[2] = 0u;
            rt->weight = (float)rt->weight_q0;
        }
    }
    r->pos = r->len;
    return FL_OK;
}
