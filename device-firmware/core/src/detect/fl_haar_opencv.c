/* SPDX-License-Identifier: MIT */
/* OpenCV mode: CascadeClassifier::detectMultiScale() of OpenCV 4.6 for stump-based Haar cascades
 * (objdetect/cascadedetect.cpp): the scale list, one INTER_LINEAR_EXACT resized image per scale with its
 * integral and squared integral, HaarEvaluator::setWindow() (variance over the window shrunk by one pixel on
 * each side), predictOrderedStump() in float/double as OpenCV computes it, the step rule of
 * CascadeClassifierInvoker, then groupRectangles(). The integral rows roll (window_h + 1 rows kept), so the
 * memory grows with the frame width only. */
#include <string.h>

#include "fl_haar_internal.h"

/* OpenCV subtracts this from every stage threshold when it loads a cascade (THRESHOLD_EPS). */
#define STAGE_EPS 1e-5f

typedef struct {
    int32_t w;             /* integral row length: scaled width + 1 */
    int32_t n_rows;        /* window_h + 1 */
    uint32_t *sum, *sq;    /* ring storage, n_rows * w each */
    int32_t next;          /* next integral row to compute */
    uint8_t *row;          /* one resized row */
    fl_haar_resizer_t rz;
    /* Integral rows of the current window row (window-relative 0..window_h), set once per y so the per-window
     * lookups need no modulo. */
    const uint32_t *srow[FL_CASCADE_MAX_WINDOW + 1];
    const uint32_t *qrow[FL_CASCADE_MAX_WINDOW + 1];
} roll_t;

static uint32_t *ring(uint32_t *base, const roll_t *r, int32_t row)
{
    return base + (size_t)(row % r->n_rows) * (size_t)r->w;
}

/* Integral rows up to and including `last`; row 0 is all zeros, row k sums resized rows 0..k-1 (exclusive
 * integral, as cv::integral). Column sums wrap modulo 2^32 for the squares on big frames, like OpenCV's int32
 * buffer; window sums are differences and stay exact. */
static void roll_to(roll_t *r, int32_t last)
{
    while (r->next <= last) {
        uint32_t *s = ring(r->sum, r, r->next);
        uint32_t *q = ring(r->sq, r, r->next);
        int32_t x;
        if (r->next == 0) {
            memset(s, 0, (size_t)r->w * sizeof *s);
            memset(q, 0, (size_t)r->w * sizeof *q);
        } else {
            const uint32_t *ps = ring(r->sum, r, r->next - 1);
            const uint32_t *pq = ring(r->sq, r, r->next - 1);
            uint32_t rs = 0, rq = 0;
            fl_haar_resizer_row(&r->rz, r->next - 1, r->row);
            s[0] = 0;
            q[0] = 0;
            for (x = 1; x < r->w; x++) {
                uint32_t v = r->row[x - 1];
                rs += v;
                rq += v * v;
                s[x] = ps[x] + rs;
                q[x] = pq[x] + rq;
            }
        }
        r->next++;
    }
}

/* Sum of [x, x + w) x [y, y + h) of the resized image, y relative to the current window row. */
static uint32_t box(const uint32_t *const *rows, int32_t x, int32_t y, int32_t w, int32_t h)
{
    const uint32_t *top = rows[y];
    const uint32_t *bot = rows[y + h];
    return top[x] - top[x + w] - bot[x] + bot[x + w];
}

static void set_window_row(roll_t *r, int32_t y)
{
    int32_t k;
    for (k = 0; k < r->n_rows; k++) {
        r->srow[k] = ring(r->sum, r, y + k);
        r->qrow[k] = ring(r->sq, r, y + k);
    }
}

/* OpenCV's runAt(): 1 = object, 0 = rejected by the first stage, -k = rejected by stage k, -1 also for a
 * flat window (setWindow() false). */
static int32_t run_at(const fl_cascade_t *c, const roll_t *r, int32_t x)
{
    int32_t nw = (int32_t)c->window_w - 2, nh = (int32_t)c->window_h - 2;
    int32_t valsum = fl_haar_wrap_i32(box(r->srow, x + 1, 1, nw, nh));
    uint32_t valsqsum = box(r->qrow, x + 1, 1, nw, nh);
    double area = (double)nw * (double)nh;
    double nf = area * (double)valsqsum - (double)valsum * (double)valsum;
    float vnf;
    uint32_t s, f = 0;
    if (!(nf > 0.0)) {
        return -1;
    }
    vnf = (float)(1.0 / fl_haar_sqrt_d(nf));
    if (!(area * (double)vnf < 1e-1)) {
        return -1;
    }
    for (s = 0; s < c->n_stages; s++) {
        const fl_cascade_stage_t *st = &c->stages[s];
        double tmp = 0.0;
        uint32_t j;
        for (j = 0; j < st->n_features; j++, f++) {
            const fl_cascade_feature_t *ft = &c->features[f];
            const fl_cascade_rect_t *rc = &c->rects[ft->first_rect];
            float ret, value;
            /* OptFeature::calc(): weight * rectangle sum in float, third rectangle only when its weight is
             * non-zero */
            ret = rc[0].weight * (float)fl_haar_wrap_i32(box(r->srow, x + rc[0].x, rc[0].y, rc[0].w, rc[0].h));
            if (ft->n_rects > 1u) {
                ret = ret + rc[1].weight *
                                (float)fl_haar_wrap_i32(box(r->srow, x + rc[1].x, rc[1].y, rc[1].w, rc[1].h));
            }
            if (ft->n_rects > 2u && rc[2].weight != 0.0f) {
                ret += rc[2].weight *
                       (float)fl_haar_wrap_i32(box(r->srow, x + rc[2].x, rc[2].y, rc[2].w, rc[2].h));
            }
            value = ret * vnf;
            tmp += value < ft->threshold ? ft->left : ft->right;
        }
        if (tmp < (double)(st->threshold - STAGE_EPS)) {
            return -(int32_t)s;
        }
    }
    return 1;
}

static size_t align8(size_t n)
{
    return (n + 7u) & ~(size_t)7u;
}

size_t fl_haar_opencv_scratch_bytes(const fl_cascade_t *c, const fl_haar_config_t *cfg, int32_t frame_w)
{
    /* The widest scaled image is the frame itself (scale 1); rounding can add one column. */
    size_t w = (size_t)frame_w + 2u;
    size_t rows = (size_t)c->window_h + 1u;
    return 2u * align8(rows * w * sizeof(uint32_t)) + align8(w) + align8(fl_haar_resizer_bytes((int32_t)w)) +
           align8((size_t)cfg->max_candidates * sizeof(fl_haar_rect_t)) +
           align8(fl_haar_group_bytes(cfg->max_candidates)) + 8u * 8u;
}

static fl_status_t take(fl_arena_t *a, size_t n, void **out)
{
    return fl_arena_scratch(a, n > 0u ? n : 1u, 8u, out);
}

fl_status_t fl_haar_detect_opencv(const fl_cascade_t *c, const fl_haar_config_t *cfg, const fl_haar_gray_t *img,
                                  fl_arena_t *arena, fl_haar_result_t *res)
{
    roll_t r;
    void *mem;
    fl_haar_rect_t *cand;
    void *group_mem;
    size_t wmax = (size_t)img->w + 2u;
    int32_t max_w = cfg->max_w, max_h = cfg->max_h;
    int32_t nstripes = -1;
    uint32_t n_store = 0, i;
    double factor;

    if (max_w == 0 || max_h == 0) {
        max_w = img->w;
        max_h = img->h;
    }
    r.n_rows = (int32_t)c->window_h + 1;
    FL_TRY(take(arena, (size_t)r.n_rows * wmax * sizeof(uint32_t), &mem));
    r.sum = (uint32_t *)mem;
    FL_TRY(take(arena, (size_t)r.n_rows * wmax * sizeof(uint32_t), &mem));
    r.sq = (uint32_t *)mem;
    FL_TRY(take(arena, wmax, &mem));
    r.row = (uint8_t *)mem;
    FL_TRY(take(arena, fl_haar_resizer_bytes((int32_t)wmax), &mem));
    r.rz.xofs = (int32_t *)mem; /* placed by fl_haar_resizer_init() per scale */
    FL_TRY(take(arena, (size_t)cfg->max_candidates * sizeof(fl_haar_rect_t), &mem));
    cand = (fl_haar_rect_t *)mem;
    FL_TRY(take(arena, fl_haar_group_bytes(cfg->max_candidates), &group_mem));

    if (img->w < (int32_t)c->window_w || img->h < (int32_t)c->window_h) {
        return FL_OK; /* OpenCV returns nothing for an image smaller than the window */
    }
    for (factor = 1.0;; factor *= (double)cfg->scale_factor) {
        float sc = (float)factor;
        int32_t win_w = fl_haar_round_f((float)c->window_w * sc);
        int32_t win_h = fl_haar_round_f((float)c->window_h * sc);
        int32_t sz_w, sz_h, work_w, work_h, ystep, stripe_size, y_end, x, y;
        void *rz_mem = r.rz.xofs;
        /* the scale list: windows that fit the image (double factor), then the min/max object size
         * (float factor, as OpenCV re-derives the window from its float scale list) */
        if (fl_haar_round_d((double)c->window_w * factor) > img->w ||
            fl_haar_round_d((double)c->window_h * factor) > img->h) {
            break;
        }
        if (win_w > max_w || win_h > max_h) {
            break;
        }
        if (win_w < cfg->min_w || win_h < cfg->min_h) {
            continue;
        }
        sz_w = fl_haar_round_f((float)img->w / sc);
        sz_h = fl_haar_round_f((float)img->h / sc);
        if (sz_w < 1 || sz_h < 1 || (size_t)sz_w + 1u > wmax) {
            break; /* cannot happen for factor >= 1; keeps the ring inside its allocation regardless */
        }
        ystep = sc >= 2.0f ? 1 : 2;
        work_w = sz_w + 1 - (int32_t)c->window_w;
        work_h = sz_h + 1 - (int32_t)c->window_h;
        work_w = work_w > 0 ? work_w : 0;
        work_h = work_h > 0 ? work_h : 0;
        if (nstripes < 0) {
            /* cvCeil(width / 32.) of the first scale's working size */
            nstripes = (work_w + 31) / 32;
        }
        if (nstripes == 0) {
            break; /* OpenCV's parallel_for_ over zero stripes scans nothing */
        }
        stripe_size = (work_h / ystep + nstripes - 1) / nstripes;
        stripe_size = (stripe_size > 1 ? stripe_size : 1) * ystep;
        /* The rows are cut into nstripes stripes of stripe_size rows; when those do not cover the working
         * height (odd heights), OpenCV never scans the last row. Single-threaded (the reference used
         * setNumThreads(1)) the stripes run as one range, so candidates come scale by scale, as here. */
        y_end = nstripes * stripe_size < work_h ? nstripes * stripe_size : work_h;
        res->stats.n_scales++;
        fl_haar_resizer_init(&r.rz, img, sz_w, sz_h, rz_mem);
        r.w = sz_w + 1;
        r.next = 0;
        for (y = 0; y < y_end; y += ystep) {
            roll_to(&r, y + (int32_t)c->window_h);
            set_window_row(&r, y);
            for (x = 0; x < work_w; x += ystep) {
                int32_t result = run_at(c, &r, x);
                res->stats.n_windows++;
                if (result > 0) {
                    res->stats.n_raw++;
                    if (n_store < cfg->max_candidates) {
                        cand[n_store].x = fl_haar_round_f((float)x * sc);
                        cand[n_store].y = fl_haar_round_f((float)y * sc);
                        cand[n_store].w = win_w;
                        cand[n_store].h = win_h;
                        n_store++;
                    }
                }
                /* rejected by the very first stage: the neighbour is skipped too */
                if (result == 0) {
                    x += ystep;
                }
            }
        }
    }
    if (res->stats.n_raw > n_store) {
        return FL_ERR_NO_MEM;
    }
    n_store = fl_haar_group_opencv(cand, n_store, cfg->min_neighbors, group_mem);
    res->stats.n_objects = n_store;
    for (i = 0; i < n_store && i < res->out_cap; i++) {
        res->out[i] = cand[i];
    }
    res->n_out = i;
    return FL_OK;
}
