/* SPDX-License-Identifier: MIT */
/* 8-connected components by breadth-first flood fill with an explicit queue: every pixel is queued at most
 * once, so time and memory are bounded by width*height and there is no recursion (stack depth is fixed). */
#include "fl_thermal_internal.h"

typedef struct {
    int32_t min_x;
    int32_t min_y;
    int32_t max_x;
    int32_t max_y;
    int32_t pixels;
    int32_t sum_x;
    int32_t sum_y;
    int32_t peak_cc;
    int32_t peak_index;
    int32_t contrast_cc;
} blob_stats_t;

/* Flood one component from seed; returns the number of queued pixels (queue[0..n) are its pixels). */
static int32_t flood(const fl_thermal_t *t, const int16_t *frame, uint16_t *labels, uint16_t *queue, int32_t seed,
                     uint16_t id, blob_stats_t *s)
{
    int32_t w = t->width;
    int32_t h = t->height;
    int32_t head = 0;
    int32_t tail = 0;
    s->min_x = w;
    s->min_y = h;
    s->max_x = -1;
    s->max_y = -1;
    s->pixels = 0;
    s->sum_x = 0;
    s->sum_y = 0;
    s->peak_cc = INT32_MIN;
    s->peak_index = seed;
    s->contrast_cc = INT32_MIN;
    labels[seed] = id;
    queue[tail++] = (uint16_t)seed;
    while (head < tail) {
        int32_t p = queue[head++];
        int32_t px = p % w;
        int32_t py = p / w;
        int32_t v = frame[p];
        int32_t rise = v - fl_thermal_q8_to_cc(t->bg_q8[p]);
        int32_t dy;
        s->min_x = px < s->min_x ? px : s->min_x;
        s->max_x = px > s->max_x ? px : s->max_x;
        s->min_y = py < s->min_y ? py : s->min_y;
        s->max_y = py > s->max_y ? py : s->max_y;
        s->pixels++;
        s->sum_x += px;
        s->sum_y += py;
        if (v > s->peak_cc) {
            s->peak_cc = v;
            s->peak_index = p;
        }
        s->contrast_cc = rise > s->contrast_cc ? rise : s->contrast_cc;
        for (dy = -1; dy <= 1; dy++) {
            int32_t dx;
            int32_t ny = py + dy;
            if (ny < 0 || ny >= h) {
                continue;
            }
            for (dx = -1; dx <= 1; dx++) {
                int32_t nx = px + dx;
                int32_t q = ny * w + nx;
                if (nx < 0 || nx >= w || labels[q] != FL_THERMAL_LABEL_FG) {
                    continue;
                }
                labels[q] = id;
                queue[tail++] = (uint16_t)q;
            }
        }
    }
    return tail;
}

static int is_ghost(const fl_thermal_t *t, const int16_t *frame, const blob_stats_t *s)
{
    int32_t p = s->peak_index;
    if (t->ghost_q8 == NULL) {
        return 0;
    }
    return fl_thermal_q8_to_cc(t->ghost_q8[p]) - frame[p] >= t->cfg.ghost_drop_cc;
}

void fl_thermal_components(const fl_thermal_t *t, const int16_t *frame, uint16_t *labels, uint16_t *queue,
                           fl_thermal_result_t *out)
{
    int32_t n = t->width * t->height;
    uint16_t next_id = 1u;
    int32_t i;
    for (i = 0; i < n; i++) {
        blob_stats_t s;
        int32_t queued;
        if (labels[i] != FL_THERMAL_LABEL_FG) {
            continue;
        }
        queued = flood(t, frame, labels, queue, i, next_id, &s);
        if (s.pixels < t->min_blob_px || s.pixels > t->max_blob_px || s.contrast_cc < t->cfg.peak_contrast_cc ||
            is_ghost(t, frame, &s)) {
            int32_t k;
            for (k = 0; k < queued; k++) {
                labels[queue[k]] = FL_THERMAL_LABEL_REJECTED;
            }
            out->rejected_blobs++;
            continue;
        }
        next_id++;
        out->count++;
        if (out->n_blobs < FL_THERMAL_MAX_BLOBS) {
            fl_thermal_blob_t *b = &out->blobs[out->n_blobs++];
            b->x = s.min_x;
            b->y = s.min_y;
            b->w = s.max_x - s.min_x + 1;
            b->h = s.max_y - s.min_y + 1;
            b->pixels = s.pixels;
            b->peak_cc = s.peak_cc;
            b->contrast_cc = s.contrast_cc;
            /* Centroid of pixel centres (+0.5 px), Q8. */
            b->cx_q8 = (s.sum_x * 256 + s.pixels * 128) / s.pixels;
            b->cy_q8 = (s.sum_y * 256 + s.pixels * 128) / s.pixels;
            b->track_id = 0;
        }
    }
}
