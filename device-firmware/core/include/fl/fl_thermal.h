/* SPDX-License-Identifier: MIT */
/* People detection on low-resolution thermal frames (Omron D6T 4x4, MLX90640 32x24, Lepton 80x60/160x120).
 *
 * Pipeline per frame: per-pixel background (adapts slowly, falls fast, frozen under accepted people) ->
 * cooling-residue model (pixels that keep cooling are a vacated spot, not a person; see residue_score) ->
 * foreground = "above background by a margin AND inside the human temperature band" -> 8-connected components
 * (explicit queue, no recursion, bounded by the frame size) -> blob filters (size, peak contrast) -> person count
 * and boxes -> presence with hysteresis -> optional nearest-centroid tracking with entry/exit counts.
 *
 * Units: every temperature is centi-degrees Celsius in int16_t/int32_t (`_cc`, 2250 = 22.50 C); durations are
 * frames (`_frames`); blob sizes are per mille of the frame area (`_permille`), so one parameter set means the
 * same fraction of the field of view on every sensor. Frames are row-major, width*height int16_t.
 *
 * Memory: no malloc. fl_thermal_t lives where the caller puts it (stack, .bss); the per-pixel background is taken
 * from the caller's arena at init (persistent, fl_thermal_state_bytes() bytes) and must outlive the detector;
 * each fl_thermal_process() takes fl_thermal_scratch_bytes() bytes of arena scratch, which the caller releases
 * with fl_arena_scratch_reset() after the call (nothing is kept in it between frames).
 * Not thread-safe: one detector per thread. Not ISR-safe (a 160x120 frame is ~20k pixels of work). */
#ifndef FL_THERMAL_H
#define FL_THERMAL_H

#include <stddef.h>
#include <stdint.h>

#include "fl_arena.h"
#include "fl_export.h"
#include "fl_status.h"

#ifdef __cplusplus
extern "C" {
#endif

#define FL_THERMAL_MIN_WIDTH 4
#define FL_THERMAL_MIN_HEIGHT 4
#define FL_THERMAL_MAX_WIDTH 160
#define FL_THERMAL_MAX_HEIGHT 120
/* People reported per frame (boxes kept); more accepted blobs are still counted in `count`. */
#define FL_THERMAL_MAX_BLOBS 16
/* Tracks kept at once; a person beyond this is counted but not tracked. */
#define FL_THERMAL_MAX_TRACKS 16
/* Pass as ambient_cc when the sensor has no ambient (die/PTAT) reading. */
#define FL_THERMAL_NO_AMBIENT INT16_MIN

/* Parameters. Fill with fl_thermal_config_default() and override; fl_thermal_init() validates every field
 * (FL_ERR_RANGE names nothing, so keep overrides inside the ranges below). */
typedef struct {
    /* Foreground pixel: value - background >= margin_cc. Range 1..2000. Default 50 (4x4) / 150 (larger):
     * a person filling a fraction of one 4x4 pixel raises it by well under a degree, so low-resolution
     * sensors need a smaller margin than 32x24, where a person covers whole pixels. */
    int32_t margin_cc;
    /* Human band: a foreground pixel must also lie in [band_lo_cc, band_hi_cc]. Range -2000..6000, lo < hi.
     * Default 2200..4000: clothing and diluted skin at 4x4 read low 20s, bare skin ~34 C; a radiator
     * (50-70 C) or a lamp is above the band. */
    int32_t band_lo_cc;
    int32_t band_hi_cc;
    /* When the frame comes with an ambient reading, the band's lower edge is raised to
     * ambient_cc + ambient_band_cc. Range -5000..5000; default -5000 (no effect). The D6T's ambient is its
     * die temperature, a few degrees above the empty scene. */
    int32_t ambient_band_cc;
    /* Blob filter: the largest rise of a blob pixel above its own background. Range margin_cc..4000.
     * Default 2 x margin_cc: rejects blobs made only of pixels that just cross the margin (noise, drift). */
    int32_t peak_contrast_cc;
    /* Blob filter: pixel count within [min, max] per mille of width*height (min at least 1 pixel).
     * Range 0..1000, min <= max. Default 1..1000 (4x4: one pixel may be a person and one may fill the view),
     * 3..250 (larger). */
    int32_t min_blob_permille;
    int32_t max_blob_permille;
    /* Background time constants (frames) of the exponential update of non-person pixels: upward (slow, so a
     * person who stands still is not absorbed before the freeze takes over) and downward (fast: a pixel colder
     * than its background proves the background is too warm, e.g. a person present at start-up).
     * Range 1..65535, fall <= rise. Defaults 512 and 8. */
    int32_t bg_rise_frames;
    int32_t bg_fall_frames;
    /* Cold start: background = min(pixel, reference), where reference = the first frame's median +
     * init_offset_cc with init_from_median, else its ambient reading + init_offset_cc, or (no ambient) its
     * median + margin_cc. Pixels warmer than that start as
     * foreground, so a person present at power-up is seen at once. Range -3000..3000. Default -100 above 8x8
     * (the MLX ambient is the sensor die, a little warmer than the room's surfaces); 50 up to 8x8, where the
     * reference is the frame median (init_from_median) and a pixel may carry a little structure above it. */
    int32_t init_offset_cc;
    /* Older cooling-residue rule, kept for compatibility (the residue_* model below replaces it; on the Omron
     * data this one costs recall, because a person's peak pixel also drops when they move): a blob whose peak has fallen by at least ghost_drop_cc below the
     * highest peak seen at that spot within the last ghost_frames is not a person, and its pixels adapt as
     * background. 0 disables. Range 0..4000 / 0..65535. Default 0 (off). */
    int32_t ghost_drop_cc;
    int32_t ghost_frames;
    /* Presence hysteresis: frames in a row with >= 1 person to turn presence on, with 0 people to turn it off.
     * Range 1..65535. Defaults 2 and 5. */
    int32_t presence_on_frames;
    int32_t presence_off_frames;
    /* Tracking: association gate as per mille of the frame diagonal (0 disables tracking); a track is
     * confirmed (and counted as an entry) after track_confirm_frames hits and ends (an exit, if confirmed)
     * after track_lost_frames misses. Ranges 0..1000, 1..255, 1..255. Defaults 250, 3, 5. */
    int32_t track_gate_permille;
    int32_t track_confirm_frames;
    int32_t track_lost_frames;
    /* Cold-start reference: 0 = the ambient reading + init_offset_cc (falls back to the median without one);
     * 1 = the frame's median + init_offset_cc, even with an ambient reading. The median is the scene itself
     * (a person rarely covers half of the view), while the D6T's ambient sits 1..2.5 C above the empty scene
     * by an amount that changes from room to room and after a sensor restart. Default 1 (<= 8x8), 0 above. */
    int32_t init_from_median;
    /* Cooling-residue model, per pixel (residue_score 0 disables). A fast (4-frame) and a slow
     * (residue_slow_frames) average of each pixel are compared every frame. A frame in which the fast one is
     * more than residue_delta_cc below the slow one is a cooling frame and adds 1 to the pixel's score; a
     * frame in which it is as far above takes residue_recover off. At residue_score the pixel is residue: a
     * vacated bed or seat relaxing towards the room, not a person, who holds a steady temperature or
     * fluctuates. A person who changes posture in place makes one step down, which the slow average absorbs
     * within a few of its time constants, so it stops adding long before a decay that goes on for minutes.
     * Residue pixels are not foreground and their background follows them (residue_absorb_frames).
     * Ranges: score 0..1000000, delta 0..1000, slow 8..4096, recover 1..1000, absorb 1..65535.
     * Defaults up to 8x8: 100, 1, 16, 8, 16 (the point the leave-one-room-out search on the Omron D6T data
     * chose on Bathroom for Bedroom, see docs/detection.md); above 8x8 the score is 0 (off: not measured on
     * real data at those sizes). */
    int32_t residue_score;
    int32_t residue_delta_cc;
    int32_t residue_slow_frames;
    int32_t residue_recover;
    int32_t residue_absorb_frames;
} fl_thermal_config_t;

/* One person-sized blob. Box in pixels (x, y = top-left, inclusive), centroid in Q8 pixels. */
typedef struct {
    int32_t x;
    int32_t y;
    int32_t w;
    int32_t h;
    int32_t pixels;
    int32_t peak_cc;     /* hottest pixel of the blob */
    int32_t contrast_cc; /* hottest pixel minus its background */
    int32_t cx_q8;
    int32_t cy_q8;
    int32_t track_id;    /* 0 when tracking is off or the blob has no confirmed track yet */
} fl_thermal_blob_t;

/* Output of one frame. entries/exits are cumulative since init. */
typedef struct {
    int32_t count;          /* people in this frame (accepted blobs, may exceed n_blobs) */
    int32_t present;        /* presence after hysteresis: 0 or 1 */
    int32_t fg_pixels;      /* foreground pixels before blob filtering */
    int32_t rejected_blobs; /* components dropped by the size/contrast/ghost filters */
    int32_t entries;
    int32_t exits;
    int32_t n_blobs;        /* valid entries in blobs[] */
    fl_thermal_blob_t blobs[FL_THERMAL_MAX_BLOBS];
} fl_thermal_result_t;

/* Internal: one track. */
typedef struct {
    int32_t id;
    int32_t cx_q8;
    int32_t cy_q8;
    int32_t hits;
    int32_t misses;
    int32_t active;
} fl_thermal_track_t;

/* Detector state. Treat as opaque: the fields are visible only so it can live on the caller's stack or in .bss.
 * C# callers allocate fl_thermal_sizeof() bytes. */
typedef struct {
    fl_thermal_config_t cfg;
    int32_t width;
    int32_t height;
    int32_t min_blob_px;  /* derived from the per-mille limits at init */
    int32_t max_blob_px;
    int32_t *bg_q8;       /* width*height backgrounds, Q8 centi-degrees; in the caller's arena */
    int32_t *ghost_q8;    /* width*height decaying peak memory (only when ghost_drop_cc > 0), else NULL */
    int32_t *res_fast_q8; /* width*height fast / slow pixel averages and cooling counts of the residue model */
    int32_t *res_slow_q8; /* (only when residue_score > 0), else NULL */
    int32_t *res_count;
    uint32_t frames;      /* frames processed */
    int32_t on_run;
    int32_t off_run;
    int32_t present;
    int32_t next_track_id;
    int32_t entries;
    int32_t exits;
    fl_thermal_track_t tracks[FL_THERMAL_MAX_TRACKS];
} fl_thermal_t;

/* Defaults for a width x height sensor (see each field). Sizes outside the supported range still get the
 * large-sensor defaults; fl_thermal_init() rejects them. Cannot fail (NULL cfg is a contract breach: no-op). */
FL_API void fl_thermal_config_default(fl_thermal_config_t *cfg, int32_t width, int32_t height);

/* FL_OK if every field is in range; FL_ERR_ARG on NULL; FL_ERR_RANGE otherwise. */
FL_API FL_NODISCARD fl_status_t fl_thermal_config_validate(const fl_thermal_config_t *cfg);

/* Size-query twins: persistent arena bytes fl_thermal_init() takes and scratch bytes fl_thermal_process() takes
 * for a width x height frame, each including worst-case alignment padding. 0 for an unsupported size. */
FL_API size_t fl_thermal_state_bytes(int32_t width, int32_t height, const fl_thermal_config_t *cfg);
FL_API size_t fl_thermal_scratch_bytes(int32_t width, int32_t height);

/* sizeof(fl_thermal_t), for bindings that cannot see the struct. */
FL_API size_t fl_thermal_sizeof(void);

/* Validate cfg (copied into t), check width x height is within 4x4..160x120, and take the persistent
 * background from the arena. The arena must outlive t. Errors: FL_ERR_ARG (NULL), FL_ERR_RANGE (config or
 * size), FL_ERR_NO_MEM (arena too small; nothing is kept). */
FL_API FL_NODISCARD fl_status_t fl_thermal_init(fl_thermal_t *t, const fl_thermal_config_t *cfg, int32_t width,
                                                int32_t height, fl_arena_t *arena);

/* Forget the background, presence and tracks (the next frame is a cold start); keeps config and memory. */
FL_API void fl_thermal_reset(fl_thermal_t *t);

/* Process one frame of width*height centi-degree pixels. ambient_cc is the sensor's ambient reading for this
 * frame or FL_THERMAL_NO_AMBIENT (used at cold start and by ambient_band_cc). Scratch comes from the
 * arena's scratch end; call fl_arena_scratch_reset() afterwards. On error *out is left zeroed and the state is
 * unchanged. Errors: FL_ERR_ARG (NULL), FL_ERR_STATE (t not initialised), FL_ERR_NO_MEM (scratch). */
FL_API FL_NODISCARD fl_status_t fl_thermal_process(fl_thermal_t *t, const int16_t *frame, int32_t ambient_cc,
                                                   fl_arena_t *scratch, fl_thermal_result_t *out);

/* Background of pixel (x, y) in centi-degrees (rounded); for tests and diagnostics. 0 if out of range. */
FL_API int32_t fl_thermal_background_cc(const fl_thermal_t *t, int32_t x, int32_t y);

/* ABI layout queries for bindings (struct ids: 1 config, 2 blob, 3 result). sizeof: 0 for an unknown id;
 * offsetof: UINT32_MAX for an unknown id or field index (fields numbered in declaration order). */
FL_API uint32_t fl_thermal_abi_sizeof(uint32_t struct_id);
FL_API uint32_t fl_thermal_abi_offsetof(uint32_t struct_id, uint32_t field_index);

#ifdef __cplusplus
}
#endif

#endif /* FL_THERMAL_H */
