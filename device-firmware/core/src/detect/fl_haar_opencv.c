/* SPDX-License-Identifier: MIT */
/* OpenCV mode: CascadeClassifier::detectMultiScale() of OpenCV 4.6 for stump-based Haar cascades
 * (objdetect/cascadedetect.cpp): the scale list, one INTER_LINEAR_EXACT resized image per scale with its
 * integral and squared integral, HaarEvaluator::setWindow() (variance over the window shrunk by one pixel on
 * each side), predictOrderedStump() in float/double as OpenCV computes it, the step rule of
 * CascadeClassifierInvoker, then groupRectangles(). The integral rows roll (window_h + 1 + BAND_SPARE_ROWS rows
 * of the integral, window_h + 1 of the squared one), so the memory grows with the frame width only. */
#include <string.h>

#include "fl_haar_internal.h"

/* OpenCV subtracts this from every stage threshold when it loads a cascade (THRESHOLD_EPS). */
#define STAGE_EPS 1e-5f

/* Band rows beyond the window_h + 1 a window reads (see roll_t). More spare rows mean fewer, equally long moves of
 * the kept rows; 8 moves about 2.5 rows per computed row for a 20- or 24-pixel window (window_h + 1 doubled would
 * move about one) and costs 8 rows of RAM instead of window_h + 1 (10 KB instead of 27 KB at 320 pixels wide). */
#define BAND_SPARE_ROWS 8

/* Integral images. The squared integral (4 lookups per window) rolls in a ring of window_h + 1 rows. The plain
 * integral, read by every rectangle of every feature, lives in a linear BAND of window_h + 1 + BAND_SPARE_ROWS rows with one
 * stride (the scaled width + 1): every integral row of the current window is then at a fixed offset from the window's corner,
 * so a rectangle corner is `p + y * stride + x` (what OpenCV's per-scale offsets precompute) with no ring
 * modulo or row-pointer table per lookup. When the band is full, the rows still needed (from the current window
 * row) are moved to its top; a few row copies per computed row, small next to the feature work.
 * Only where the values are stored changes, never a value, so results are unchanged. */
typedef struct {
    int32_t w;             /* integral row length and band stride: scaled width + 1 */
    int32_t n_rows;        /* window_h + 1 */
    int32_t cap;           /* band rows: n_rows + BAND_SPARE_ROWS */
    int32_t base;          /* integral row held in band row 0 */
    uint32_t *sum;         /* band, cap * w */
    uint32_t *sq;          /* ring storage, n_rows * w */
    int32_t next;          /* next integral row to compute */
    uint8_t *row;          /* one resized row */
    fl_haar_resizer_t rz;
} roll_t;

static uint32_t *ring(uint32_t *base, const roll_t *r, int32_t row)
{
    return base + (size_t)(row % r->n_rows) * (size_t)r->w;
}

static uint32_t *band_row(const roll_t *r, int32_t row)
{
    return r->sum + (size_t)(row - r->base) * (size_t)r->w;
}

/* Integral rows up to and including `last` (the window row being scanned is `y`); row 0 is all zeros, row k sums
 * resized rows 0..k-1 (exclusive integral, as cv::integral). Column sums wrap modulo 2^32 for the squares on big
 * frames, like OpenCV's int32 buffer; window sums are differences and stay exact. */
static void roll_to(roll_t *r, int32_t y, int32_t last)
{
    while (r->next <= last) {
        int32_t k = r->next;
        uint32_t *s, *q = ring(r->sq, r, k);
        int32_t x;
        if (k - r->base >= r->cap) {
            /* keep rows y .. k-1 (at most window_h of them) and always row k-1, which row k adds to */
            int32_t from = y < k - 1 ? y : k - 1;
            memmove(r->sum, band_row(r, from), (size_t)(k - from) * (size_t)r->w * sizeof *r->sum);
            r->base = from;
        }
        s = band_row(r, k);
        if (k == 0) {
            memset(s, 0, (size_t)r->w * sizeof *s);
            memset(q, 0, (size_t)r->w * sizeof *q);
        } else {
            const uint32_t *ps = band_row(r, k - 1);
            const uint32_t *pq = ring(r->sq, r, k - 1);
            uint32_t rs = 0, rq = 0;
            fl_haar_resizer_row(&r->rz, k - 1, r->row);
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

/* Sum of one rectangle of the window whose top-left band entry is p, as a float. The corners are found from the
 * rectangle's bytes and the stride on the fly: a per-detection table of precomputed corner offsets (what OpenCV
 * keeps per scale) was measured no faster here and costs 8 bytes of RAM per rectangle. The true sum of at most
 * 64 * 64 pixels of 8 bits is below 2^21, and the uint32 difference of wrapped column sums is exact modulo 2^32,
 * so it is that true sum: the int32 view equals OpenCV's int sum and converts to float exactly (this replaces
 * the general fl_haar_wrap_i32() call, whose wrap-around branch cannot occur). */
static inline float rect_sum(const uint32_t *p, const fl_cascade_rect_t *rc, int32_t stride)
{
    const uint32_t *t = p + (ptrdiff_t)rc->y * stride + rc->x;
    const uint32_t *b = t + (ptrdiff_t)rc->h * stride;
    uint32_t w = rc->w;
    return (float)(int32_t)(t[0] - t[w] - b[0] + b[w]);
}

/* OpenCV's runAt(): 1 = object, 0 = rejected by the first stage, -k = rejected by stage k, -1 also for a
 * flat window (setWindow() false). p: band entry of the window's top-left corner; q1, q2: squared-integral rows
 * 1 and window_h - 1 of the window, already offset by the window's x. The arithmetic (float products and sums
 * in OpenCV's order, double stage sums, OpenCV's compares) is unchanged by the speed-ups; only the addressing
 * and the leaf selection are written differently. */
static int32_t run_at(const fl_cascade_t *c, const uint32_t *p, int32_t stride, const uint32_t *q1,
                      const uint32_t *q2)
{
    int32_t nw = (int32_t)c->window_w - 2, nh = (int32_t)c->window_h - 2;
    const uint32_t *v1 = p + stride + 1;
    const uint32_t *v2 = v1 + (ptrdiff_t)nh * stride;
    /* both below 2^31 (62 * 62 pixels, squares below 2^16), see rect_sum() */
    int32_t valsum = (int32_t)(v1[0] - v1[nw] - v2[0] + v2[nw]);
    uint32_t valsqsum = q1[1] - q1[1 + nw] - q2[1] + q2[1 + nw];
    double area = (double)nw * (double)nh;
    double nf = area * (double)valsqsum - (double)valsum * (double)valsum;
    float vnf;
    const fl_cascade_stage_t *st = c->stages, *st_end = c->stages + c->n_stages;
    const fl_cascade_feature_t *ft = c->features;
    if (!(nf > 0.0)) {
        return -1;
    }
    vnf = (float)(1.0 / fl_haar_sqrt_d(nf));
    if (!(area * (double)vnf < 1e-1)) {
        return -1;
    }
    for (; st != st_end; st++) {
        const fl_cascade_feature_t *ft_end = ft + st->n_features;
        double tmp = 0.0;
        for (; ft != ft_end; ft++) {
            const fl_cascade_rect_t *rc = c->rects + ft->first_rect;
            float ret, value;
            /* OptFeature::calc(): weight * rectangle sum in float, third rectangle only when its weight is
             * non-zero */
            ret = rc[0].weight * rect_sum(p, &rc[0], stride);
            if (ft->n_rects > 1u) {
                ret = ret + rc[1].weight * rect_sum(p, &rc[1], stride);
                if (ft->n_rects > 2u && rc[2].weight != 0.0f) {
                    ret += rc[2].weight * rect_sum(p, &rc[2], stride);
                }
            }
            value = ret * vnf;
            {
                /* the same leaf as `value < threshold ? left : right` (NaN would pick right in both), selected
                 * by an index instead of a branch: which side a window takes is data-dependent and a
                 * mispredicted branch per feature cost more than the rest of the feature */
                const float leaf[2] = {ft->left, ft->right};
                tmp += (double)leaf[!(value < ft->threshold)];
            }
        }
        if (tmp < (double)(st->threshold - STAGE_EPS)) {
            return -(int32_t)(st - c->stages);
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
    /* band (rows + BAND_SPARE_ROWS) + squared ring (rows) */
    return align8((rows + BAND_SPARE_ROWS) * w * sizeof(uint32_t)) + align8(rows * w * sizeof(uint32_t)) +
           align8(w) + align8(fl_haar_resizer_bytes((int32_t)w)) +
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
    r.cap = r.n_rows + BAND_SPARE_ROWS;
    FL_TRY(take(arena, (size_t)r.cap * wmax * sizeof(uint32_t), &mem));
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
        r.base = 0;
        for (y = 0; y < y_end; y += ystep) {
            const uint32_t *p, *q1, *q2;
            roll_to(&r, y, y + (int32_t)c->window_h);
            p = band_row(&r, y);
            q1 = ring(r.sq, &r, y + 1);
            q2 = ring(r.sq, &r, y + (int32_t)c->window_h - 1);
            for (x = 0; x < work_w; x += ystep) {
                int32_t result = run_at(c, p + x, r.w, q1 + x, q2 + x);
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
