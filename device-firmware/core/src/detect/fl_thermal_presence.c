/* SPDX-License-Identifier: MIT */
/* Presence with hysteresis: one noisy frame neither announces nor ends a presence, which keeps the MQTT
 * presence topic (and the radio) quiet. */
#include "fl_thermal_internal.h"

void fl_thermal_presence_update(fl_thermal_t *t, fl_thermal_result_t *out)
{
    if (out->count > 0) {
        t->off_run = 0;
        if (t->on_run < t->cfg.presence_on_frames) {
            t->on_run++;
        }
        if (t->on_run >= t->cfg.presence_on_frames) {
            t->present = 1;
        }
    } else {
        t->on_run = 0;
        if (t->off_run < t->cfg.presence_off_frames) {
            t->off_run++;
        }
        if (t->off_run >= t->cfg.presence_off_frames) {
            t->present = 0;
        }
    }
    out->present = t->present;
}
