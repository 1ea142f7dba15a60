/* SPDX-License-Identifier: MIT */
/* Cooling-residue model. A bed or seat someone has just left stays warmer than the room for minutes and relaxes
 * towards it smoothly and monotonically; the background under it was frozen while the person was there, so
 * without this model the warm spot reads as a person until it has cooled. A person, by contrast, holds a steady
 * temperature or fluctuates as they breathe and shift. The test per pixel: a fast average that keeps falling
 * below a slow one is cooling; enough cooling frames, with warming frames counting back faster, mark residue. */
#include "fl_thermal_internal.h"

/* The fast average follows the pixel within about a second at the D6T's ~3 fps (it only smooths the 0.1 C
 * quantisation); the slow one is residue_slow_frames. */
#define RESIDUE_FAST_FRAMES 4

void fl_thermal_residue_update(fl_thermal_t *t, const int16_t *frame)
{
    int32_t n = t->width * t->height;
    int32_t delta_q8;
    int32_t cap;
    int32_t i;
    if (t->res_count == NULL) {
        return;
    }
    delta_q8 = fl_thermal_cc_to_q8(t->cfg.residue_delta_cc);
    /* Saturate one recover step past the threshold: a single warming frame (a person back on the spot) clears
     * even a pixel that has been residue for an hour. */
    cap = t->cfg.residue_score + t->cfg.residue_recover;
    for (i = 0; i < n; i++) {
        int32_t v = fl_thermal_cc_to_q8(frame[i]);
        int32_t f = t->res_fast_q8[i] + (v - t->res_fast_q8[i]) / RESIDUE_FAST_FRAMES;
        int32_t s = t->res_slow_q8[i] + (v - t->res_slow_q8[i]) / t->cfg.residue_slow_frames;
        int32_t c = t->res_count[i];
        t->res_fast_q8[i] = f;
        t->res_slow_q8[i] = s;
        if (f < s - delta_q8) {
            if (c < cap) {
                c++;
            }
        } else if (f > s + delta_q8) {
            c = c > t->cfg.residue_recover ? c - t->cfg.residue_recover : 0;
        }
        t->res_count[i] = c;
    }
}

int fl_thermal_is_residue(const fl_thermal_t *t, int32_t i)
{
    return t->res_count != NULL && t->res_count[i] >= t->cfg.residue_score;
}
