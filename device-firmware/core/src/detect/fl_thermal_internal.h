/* SPDX-License-Identifier: MIT */
/* Private helpers shared by the fl_thermal_*.c files; never included by application code. */
#ifndef FL_THERMAL_INTERNAL_H
#define FL_THERMAL_INTERNAL_H

#include <stdint.h>

#include "fl/fl_thermal.h"

/* Label values in the per-pixel label map (uint16_t; 160x120 = 19200 pixels, so ids fit below these). */
#define FL_THERMAL_LABEL_NONE 0u        /* background pixel */
#define FL_THERMAL_LABEL_FG 0xFFFFu     /* foreground, not yet visited */
#define FL_THERMAL_LABEL_REJECTED 0xFFFEu /* part of a component the filters dropped */
#define FL_THERMAL_LABEL_RESIDUE 0xFFFDu  /* cooling residue (see residue_frames): never foreground */
/* Any other non-zero label marks a pixel of an accepted person blob. */

/* Q8 fixed point <-> centi-degrees, rounding half away from zero (avoids implementation-defined >> on
 * negative values: rooms can be below 0 C). */
static inline int32_t fl_thermal_q8_to_cc(int32_t q8)
{
    return (q8 >= 0 ? q8 + 128 : q8 - 128) / 256;
}

static inline int32_t fl_thermal_cc_to_q8(int32_t cc)
{
    return cc * 256;
}

/* Cold start: fill the background from the first frame (see init_offset_cc). median_scratch holds
 * width*height int16_t. */
void fl_thermal_bg_init(fl_thermal_t *t, const int16_t *frame, int32_t ambient_cc, int16_t *median_scratch);

/* Residue model: update the fast/slow averages and cooling counts with this frame (no-op when off). */
void fl_thermal_residue_update(fl_thermal_t *t, const int16_t *frame);

/* Non-zero when pixel i is currently classed as cooling residue. */
int fl_thermal_is_residue(const fl_thermal_t *t, int32_t i);

/* Mark foreground pixels (ambient_cc may be FL_THERMAL_NO_AMBIENT): labels[i] = FL_THERMAL_LABEL_FG, _RESIDUE or _NONE. Returns their count. */
int32_t fl_thermal_foreground(const fl_thermal_t *t, const int16_t *frame, int32_t ambient_cc, uint16_t *labels);

/* Label the 8-connected foreground components, filter them and write accepted blobs to out (count, n_blobs,
 * blobs, rejected_blobs). queue holds width*height uint16_t. Accepted pixels keep a label 1..; pixels of
 * dropped components become FL_THERMAL_LABEL_REJECTED. */
void fl_thermal_components(const fl_thermal_t *t, const int16_t *frame, uint16_t *labels, uint16_t *queue,
                           fl_thermal_result_t *out);

/* Update the background (and the ghost memory) after labelling: pixels of accepted blobs are frozen. */
void fl_thermal_bg_update(fl_thermal_t *t, const int16_t *frame, const uint16_t *labels);

/* Presence hysteresis on this frame's count; sets out->present. */
void fl_thermal_presence_update(fl_thermal_t *t, fl_thermal_result_t *out);

/* Associate this frame's blobs with tracks, update entries/exits and blobs[].track_id. */
void fl_thermal_track_update(fl_thermal_t *t, fl_thermal_result_t *out);

#endif /* FL_THERMAL_INTERNAL_H */
