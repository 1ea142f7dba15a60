/* SPDX-License-Identifier: MIT */
#include "fl/fl_thermal.h"

void fl_thermal_config_default(fl_thermal_config_t *cfg, int32_t width, int32_t height)
{
    /* Up to 8x8 a person is often a fraction of one pixel: the contrast is diluted by the rest of the pixel's
     * field of view, so the margin is small and a single pixel is a valid blob. */
    int low_res = (int64_t)width * (int64_t)height <= 64;
    if (cfg == NULL) {
        return;
    }
    cfg->margin_cc = low_res ? 50 : 150;
    cfg->band_lo_cc = 2200;
    cfg->band_hi_cc = 4000;
    cfg->ambient_band_cc = -5000;
    cfg->peak_contrast_cc = 2 * cfg->margin_cc;
    cfg->min_blob_permille = low_res ? 1 : 3;
    cfg->max_blob_permille = low_res ? 1000 : 250;
    cfg->bg_rise_frames = 512;
    cfg->bg_fall_frames = 8;
    /* Above the median at low resolution: the reference is the scene itself there (init_from_median). */
    cfg->init_offset_cc = low_res ? 50 : -100;
    cfg->ghost_drop_cc = 0;
    cfg->ghost_frames = 0;
    cfg->presence_on_frames = 2;
    cfg->presence_off_frames = 5;
    cfg->track_gate_permille = 250;
    cfg->track_confirm_frames = 3;
    cfg->track_lost_frames = 5;
    cfg->init_from_median = low_res ? 1 : 0;
    cfg->residue_score = low_res ? 100 : 0;
    cfg->residue_delta_cc = 1;
    cfg->residue_slow_frames = 16;
    cfg->residue_recover = 8;
    cfg->residue_absorb_frames = 16;
}

static int in_range(int32_t v, int32_t lo, int32_t hi)
{
    return v >= lo && v <= hi;
}

fl_status_t fl_thermal_config_validate(const fl_thermal_config_t *c)
{
    if (c == NULL) {
        return FL_ERR_ARG;
    }
    if (!in_range(c->margin_cc, 1, 2000) || !in_range(c->band_lo_cc, -2000, 6000) ||
        !in_range(c->band_hi_cc, -2000, 6000) || c->band_lo_cc >= c->band_hi_cc ||
        !in_range(c->ambient_band_cc, -5000, 5000) ||
        !in_range(c->peak_contrast_cc, c->margin_cc, 4000) || !in_range(c->min_blob_permille, 0, 1000) ||
        !in_range(c->max_blob_permille, c->min_blob_permille, 1000) || !in_range(c->bg_rise_frames, 1, 65535) ||
        !in_range(c->bg_fall_frames, 1, c->bg_rise_frames) || !in_range(c->init_offset_cc, -3000, 3000) ||
        !in_range(c->ghost_drop_cc, 0, 4000) || !in_range(c->ghost_frames, 0, 65535) ||
        (c->ghost_drop_cc > 0 && c->ghost_frames < 1) || !in_range(c->presence_on_frames, 1, 65535) ||
        !in_range(c->presence_off_frames, 1, 65535) || !in_range(c->track_gate_permille, 0, 1000) ||
        !in_range(c->track_confirm_frames, 1, 255) || !in_range(c->track_lost_frames, 1, 255) ||
        !in_range(c->init_from_median, 0, 1) || !in_range(c->residue_score, 0, 1000000) ||
        !in_range(c->residue_delta_cc, 0, 1000) || !in_range(c->residue_slow_frames, 8, 4096) ||
        !in_range(c->residue_recover, 1, 1000) || !in_range(c->residue_absorb_frames, 1, 65535)) {
        return FL_ERR_RANGE;
    }
    return FL_OK;
}
