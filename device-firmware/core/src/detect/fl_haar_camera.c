/* SPDX-License-Identifier: MIT */
/* Camera mode: OpenMV firmware 3.0 imlib_detect_objects() (haar.c, integral_mw.c, rectangle.c; spec §7.2),
 * reproduced operation for operation, including its 32-bit wrap-arounds and float32 steps. */
#include <string.h>

#include "fl_haar_internal.h"

/* The moving-window integral images: win_h + 1 rows of inclusive cumulative sums (sum and squared sum) of
 * the nearest-neighbour scaled ROI. Logical row r holds scaled row y_first + r; rows[] maps logical rows to
 * storage so a shift only rotates pointers. */
typedef struct {
    const fl_haar_gray_t *img;
    fl_haar_rect_t roi;
    int32_t w;            /* scaled width (columns in use) */
    int32_t n_rows;       /* win_h + 1 */
    int32_t x_ratio, y_ratio;
    int32_t y_next;       /* next scaled row to compute (OpenMV's y_offs) */
    uint32_t **sum, **ssq;   /* [n_rows] row pointers */
    uint32_t **tmp;          /* [n_rows] rotation buffer */
} mw_t;

static const uint8_t *src_row(const mw_t *m, int32_t scaled_row)
{
    int32_t sy = m->roi.y + ((scaled_row * m->y_ratio) >> 16);
    /* Only reachable for a scale whose height equals the window (no window is scanned there, the firmware
     * reads past the ROI and ignores the result); clamp instead of reading outside the frame. */
    if (sy >= m->img->h) {
        sy = m->img->h - 1;
    }
    return m->img->pixels + (size_t)sy * (size_t)m->img->stride;
}

static void compute_row(mw_t *m, int32_t logical, int32_t scaled_row)
{
    const uint8_t *p = src_row(m, scaled_row);
    uint32_t *s_out = m->sum[logical];
    uint32_t *q_out = m->ssq[logical];
    const uint32_t *s_prev = logical > 0 ? m->sum[logical - 1] : NULL;
    const uint32_t *q_prev = logical > 0 ? m->ssq[logical - 1] : NULL;
    uint32_t s = 0, q = 0;
    int32_t x;
    for (x = 0; x < m->w; x++) {
        uint32_t v = p[m->roi.x + ((x * m->x_ratio) >> 16)];
        s += v;
        q += v * v;
        /* Column sums run from the top of the scaled image, so they wrap modulo 2^32 on big frames (as on
         * the camera); window lookups are differences and stay exact. */
        s_out[x] = s_prev != NULL ? s + s_prev[x] : s;
        q_out[x] = q_prev != NULL ? q + q_prev[x] : q;
    }
}

static void mw_fill(mw_t *m)
{
    int32_t r;
    for (r = 0; r < m->n_rows; r++) {
        compute_row(m, r, r);
    }
    m->y_next = m->n_rows;
}

/* Drop the top n rows and compute n new ones at the bottom (n < n_rows). */
static void mw_shift(mw_t *m, int32_t n)
{
    int32_t r;
    for (r = 0; r < m->n_rows; r++) {
        m->tmp[r] = m->sum[(r + n) % m->n_rows];
    }
    memcpy(m->sum, m->tmp, (size_t)m->n_rows * sizeof *m->sum);
    for (r = 0; r < m->n_rows; r++) {
        m->tmp[r] = m->ssq[(r + n) % m->n_rows];
    }
    memcpy(m->ssq, m->tmp, (size_t)m->n_rows * sizeof *m->ssq);
    for (r = m->n_rows - n; r < m->n_rows; r++) {
        compute_row(m, r, m->y_next++);
    }
}

static uint32_t lookup(uint32_t *const *rows, int32_t x, int32_t y, int32_t w, int32_t h)
{
    return rows[y + h][x + w] + rows[y][x] - rows[y][x + w] - rows[y + h][x];
}

static int run_cascade(const fl_cascade_t *c, const mw_t *m, int32_t x, float threshold)
{
    uint32_t n = (uint32_t)c->window_w * c->window_h;
    uint32_t i_s = lookup(m->sum, x, 0, c->window_w, c->window_h);
    uint32_t i_sq = lookup(m->ssq, x, 0, c->window_w, c->window_h);
    uint32_t mean = i_s / n;
    int32_t std;
    uint32_t s, f = 0;
    /* Skip flat windows: variance < 50^2 (integer mean and mean square, as the firmware computes them). */
    if (i_sq / n - mean * mean < 2500u) {
        return 0;
    }
    /* n^2 * variance in uint32: wraps for high-contrast windows on the camera too, and the wrapped value is
     * what the features are compared against. */
    std = fl_haar_sqrtf_trunc(i_sq * n - i_s * i_s);
    for (s = 0; s < c->n_stages; s++) {
        const fl_cascade_stage_t *st = &c->stages[s];
        int32_t stage_sum = 0;
        uint32_t j;
        for (j = 0; j < st->n_features; j++, f++) {
            const fl_cascade_feature_t *ft = &c->features[f];
            const fl_cascade_rect_t *rc = &c->rects[ft->first_rect];
            /* |threshold_q12| <= 2^15 and std <= 2^16: the product fits an int32. */
            int32_t t = (int32_t)ft->threshold_q12 * std;
            uint32_t sumw = 0;
            uint32_t k;
            for (k = 0; k < ft->n_rects; k++) {
                /* weight << 12 in 32-bit two's complement; products and sums wrap like the camera's int32 */
                uint32_t wq = (uint32_t)(int32_t)rc[k].weight_q0 * 4096u;
                sumw += lookup(m->sum, x + rc[k].x, rc[k].y, rc[k].w, rc[k].h) * wq;
            }
            stage_sum += fl_haar_wrap_i32(sumw) >= t ? ft->right_q8 : ft->left_q8;
        }
        /* float32 compare, as the firmware's `stage_sum < threshold * stage_thresh` */
        if ((float)stage_sum < threshold * (float)st->threshold_q8) {
            return 0;
        }
    }
    return 1;
}

static fl_haar_rect_t effective_roi(const fl_haar_config_t *cfg, const fl_haar_gray_t *img)
{
    fl_haar_rect_t roi = cfg->roi;
    if (roi.w == 0) {
        roi.x = 0;
        roi.y = 0;
        roi.w = img->w;
        roi.h = img->h;
    }
    return roi;
}

static size_t align8(size_t n)
{
    return (n + 7u) & ~(size_t)7u;
}

size_t fl_haar_camera_scratch_bytes(const fl_cascade_t *c, const fl_haar_config_t *cfg, int32_t frame_w)
{
    size_t rows = (size_t)c->window_h + 1u;
    size_t w = cfg->roi.w > 0 && cfg->roi.w < frame_w ? (size_t)cfg->roi.w : (size_t)frame_w;
    return 2u * rows * align8(w * sizeof(uint32_t)) + 3u * align8(rows * sizeof(uint32_t *)) +
           align8((size_t)cfg->max_candidates * sizeof(fl_haar_rect_t)) + 8u * (2u * rows + 5u);
}

static fl_status_t take(fl_arena_t *a, size_t n, void **out)
{
    return fl_arena_scratch(a, n > 0u ? n : 1u, 8u, out);
}

fl_status_t fl_haar_detect_camera(const fl_cascade_t *c, const fl_haar_config_t *cfg, const fl_haar_gray_t *img,
                                  fl_arena_t *arena, fl_haar_result_t *res)
{
    mw_t m;
    fl_haar_rect_t *cand;
    void *mem;
    int32_t r, step;
    uint32_t n_store = 0, i;
    float factor;
    const float sf = cfg->scale_factor;

    m.img = img;
    m.roi = effective_roi(cfg, img);
    if (m.roi.x < 0 || m.roi.y < 0 || m.roi.w < 1 || m.roi.h < 1 || m.roi.x > img->w - m.roi.w ||
        m.roi.y > img->h - m.roi.h) {
        return FL_ERR_RANGE;
    }
    if (m.roi.w < (int32_t)c->window_w || m.roi.h < (int32_t)c->window_h) {
        return FL_ERR_RANGE; /* the firmware raises "Region of interest is smaller than detector window" */
    }
    m.n_rows = (int32_t)c->window_h + 1;
    FL_TRY(take(arena, (size_t)m.n_rows * sizeof(uint32_t *), &mem));
    m.sum = (uint32_t **)mem;
    FL_TRY(take(arena, (size_t)m.n_rows * sizeof(uint32_t *), &mem));
    m.ssq = (uint32_t **)mem;
    FL_TRY(take(arena, (size_t)m.n_rows * sizeof(uint32_t *), &mem));
    m.tmp = (uint32_t **)mem;
    for (r = 0; r < m.n_rows; r++) {
        FL_TRY(take(arena, (size_t)m.roi.w * sizeof(uint32_t), &mem));
        m.sum[r] = (uint32_t *)mem;
        FL_TRY(take(arena, (size_t)m.roi.w * sizeof(uint32_t), &mem));
        m.ssq[r] = (uint32_t *)mem;
    }
    FL_TRY(take(arena, (size_t)cfg->max_candidates * sizeof(fl_haar_rect_t), &mem));
    cand = (fl_haar_rect_t *)mem;

    /* Start with a step of 5 % of the ROI width, at most the window height, divided by the scale factor
     * at every level (cumulatively: the firmware overwrites its step). */
    step = m.roi.w * 50 / 1000;
    if (step > (int32_t)c->window_h) {
        step = (int32_t)c->window_h;
    }
    for (factor = 1.0f;; factor *= sf) {
        int32_t szw = (int32_t)((float)m.roi.w / factor);
        int32_t szh = (int32_t)((float)m.roi.h / factor);
        int32_t x, y, x2, y2;
        if (szw < (int32_t)c->window_w || szh < (int32_t)c->window_h) {
            break;
        }
        res->stats.n_scales++;
        m.w = szw;
        m.x_ratio = (int32_t)((m.roi.w << 16) / szw) + 1;
        m.y_ratio = (int32_t)((m.roi.h << 16) / szh) + 1;
        mw_fill(&m);
        step = (int32_t)((float)step / factor);
        if (step == 0) {
            step = 1;
        }
        y2 = szh - (int32_t)c->window_h;
        x2 = szw - (int32_t)c->window_w;
        for (y = 0; y < y2; y += step) {
            for (x = 0; x < x2; x += step) {
                res->stats.n_windows++;
                if (run_cascade(c, &m, x, cfg->threshold)) {
                    res->stats.n_raw++;
                    if (n_store < cfg->max_candidates) {
                        fl_haar_rect_t *b = &cand[n_store++];
                        b->x = fl_haar_round_f((float)x * factor) + m.roi.x;
                        b->y = fl_haar_round_f((float)y * factor) + m.roi.y;
                        b->w = fl_haar_round_f((float)c->window_w * factor);
                        b->h = fl_haar_round_f((float)c->window_h * factor);
                    }
                }
            }
            if (y + step < y2) {
                mw_shift(&m, step);
            }
        }
    }
    if (res->stats.n_raw > n_store) {
        return FL_ERR_NO_MEM;
    }
    if (n_store > 1u) {
        n_store = fl_haar_merge_openmv(cand, n_store);
    }
    res->stats.n_objects = n_store;
    for (i = 0; i < n_store && i < res->out_cap; i++) {
        res->out[i] = cand[i];
    }
    res->n_out = i;
    return FL_OK;
}
