/* SPDX-License-Identifier: MIT */
/* The per-pixel background model: cold-start fill, foreground test and the asymmetric update. */
#include "fl_thermal_internal.h"

/* k-th smallest of v[0..n) by iterative quickselect (reorders v); bounded, no recursion. */
static int16_t select_kth(int16_t *v, int32_t n, int32_t k)
{
    int32_t lo = 0;
    int32_t hi = n - 1;
    while (lo < hi) {
        int16_t pivot = v[lo + (hi - lo) / 2];
        int32_t i = lo;
        int32_t j = hi;
        while (i <= j) {
            while (v[i] < pivot) {
                i++;
            }
            while (v[j] > pivot) {
                j--;
            }
            if (i <= j) {
                int16_t tmp = v[i];
                v[i] = v[j];
                v[j] = tmp;
                i++;
                j--;
            }
        }
        if (k <= j) {
            hi = j;
        } else if (k >= i) {
            lo = i;
        } else {
            break;
        }
    }
    return v[k];
}

void fl_thermal_bg_init(fl_thermal_t *t, const int16_t *frame, int32_t ambient_cc, int16_t *median_scratch)
{
    int32_t n = t->width * t->height;
    int32_t reference;
    int32_t cap_q8;
    int32_t i;
    if (ambient_cc != FL_THERMAL_NO_AMBIENT && !t->cfg.init_from_median) {
        reference = ambient_cc + t->cfg.init_offset_cc;
    } else if (t->cfg.init_from_median) {
        for (i = 0; i < n; i++) {
            median_scratch[i] = frame[i];
        }
        reference = select_kth(median_scratch, n, n / 2) + t->cfg.init_offset_cc;
    } else {
        /* Without an ambient reading the median is the most robust guess of the empty scene (people and hot
         * objects rarely cover half of the view); a margin above it keeps the typical pixel at its own value. */
        for (i = 0; i < n; i++) {
            median_scratch[i] = frame[i];
        }
        reference = select_kth(median_scratch, n, n / 2) + t->cfg.margin_cc;
    }
    /* Capping the start value makes anything warmer than the reference foreground at once (a person present
     * at power-up); pixels that are really background are colder and pull it down within bg_fall_frames. */
    cap_q8 = fl_thermal_cc_to_q8(reference);
    for (i = 0; i < n; i++) {
        int32_t v = fl_thermal_cc_to_q8(frame[i]);
        t->bg_q8[i] = v < cap_q8 ? v : cap_q8;
        if (t->ghost_q8 != NULL) {
            t->ghost_q8[i] = v;
        }
        if (t->res_count != NULL) {
            t->res_fast_q8[i] = v;
            t->res_slow_q8[i] = v;
            t->res_count[i] = 0;
        }
    }
}

int32_t fl_thermal_foreground(const fl_thermal_t *t, const int16_t *frame, int32_t ambient_cc, uint16_t *labels)
{
    int32_t n = t->width * t->height;
    int32_t count = 0;
    int32_t lo = t->cfg.band_lo_cc;
    int32_t i;
    /* The band's lower edge also follows the room: a person warms a pixel towards skin temperature, while a
     * surface merely warmer than its learned background (a wall in the evening sun, a vacated seat) stays near
     * the room's temperature, which the sensor's own ambient reading tracks. */
    if (ambient_cc != FL_THERMAL_NO_AMBIENT && ambient_cc + t->cfg.ambient_band_cc > lo) {
        lo = ambient_cc + t->cfg.ambient_band_cc;
    }
    for (i = 0; i < n; i++) {
        int32_t v = frame[i];
        int32_t above = v - fl_thermal_q8_to_cc(t->bg_q8[i]);
        if (fl_thermal_is_residue(t, i)) {
            labels[i] = FL_THERMAL_LABEL_RESIDUE;
        } else if (above >= t->cfg.margin_cc && v >= lo && v <= t->cfg.band_hi_cc) {
            labels[i] = FL_THERMAL_LABEL_FG;
            count++;
        } else {
            labels[i] = FL_THERMAL_LABEL_NONE;
        }
    }
    return count;
}

void fl_thermal_bg_update(fl_thermal_t *t, const int16_t *frame, const uint16_t *labels)
{
    int32_t n = t->width * t->height;
    int32_t i;
    for (i = 0; i < n; i++) {
        int32_t v = fl_thermal_cc_to_q8(frame[i]);
        uint16_t label = labels[i];
        if (t->ghost_q8 != NULL) {
            /* Peak memory: jumps up with the pixel, relaxes down over ghost_frames, so "now far below the
             * recent peak" means the spot is cooling off. */
            int32_t g = t->ghost_q8[i];
            t->ghost_q8[i] = v >= g ? v : g + (v - g) / t->cfg.ghost_frames;
        }
        /* Frozen under a person: otherwise someone sitting still would slowly become background. */
        if (label != FL_THERMAL_LABEL_NONE && label != FL_THERMAL_LABEL_REJECTED &&
            label != FL_THERMAL_LABEL_RESIDUE) {
            continue;
        }
        {
            int32_t diff = v - t->bg_q8[i];
            int32_t tau = diff < 0 ? t->cfg.bg_fall_frames : t->cfg.bg_rise_frames;
            /* Residue joins the background quickly, so the spot is clean when it has cooled down. */
            if (diff >= 0 && label == FL_THERMAL_LABEL_RESIDUE) {
                tau = t->cfg.residue_absorb_frames;
            }
            t->bg_q8[i] += diff / tau;
        }
    }
}
