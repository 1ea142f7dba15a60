/* SPDX-License-Identifier: MIT */
/* The per-frame pipeline; each stage lives in its own file. */
#include <string.h>

#include "fl_thermal_internal.h"

fl_status_t fl_thermal_process(fl_thermal_t *t, const int16_t *frame, int32_t ambient_cc, fl_arena_t *scratch,
                               fl_thermal_result_t *out)
{
    void *labels_mem = NULL;
    void *queue_mem = NULL;
    size_t n;
    if (out != NULL) {
        memset(out, 0, sizeof(*out));
    }
    if (t == NULL || frame == NULL || scratch == NULL || out == NULL) {
        return FL_ERR_ARG;
    }
    if (t->bg_q8 == NULL) {
        return FL_ERR_STATE;
    }
    n = (size_t)t->width * (size_t)t->height;
    FL_TRY(fl_arena_scratch(scratch, n * sizeof(uint16_t), sizeof(uint16_t), &labels_mem));
    FL_TRY(fl_arena_scratch(scratch, n * sizeof(uint16_t), sizeof(uint16_t), &queue_mem));
    if (t->frames == 0u) {
        fl_thermal_bg_init(t, frame, ambient_cc, (int16_t *)queue_mem);
    }
    fl_thermal_residue_update(t, frame);
    out->fg_pixels = fl_thermal_foreground(t, frame, ambient_cc, (uint16_t *)labels_mem);
    fl_thermal_components(t, frame, (uint16_t *)labels_mem, (uint16_t *)queue_mem, out);
    fl_thermal_bg_update(t, frame, (const uint16_t *)labels_mem);
    fl_thermal_presence_update(t, out);
    fl_thermal_track_update(t, out);
    out->entries = t->entries;
    out->exits = t->exits;
    if (t->frames < UINT32_MAX) {
        t->frames++;
    }
    return FL_OK;
}
