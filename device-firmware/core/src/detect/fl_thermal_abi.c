/* SPDX-License-Identifier: MIT */
/* Layout of the structs C# mirrors, so a binding test can compare sizes and offsets field by field. */
#include <stddef.h>

#include "fl/fl_thermal.h"

static const uint32_t config_offsets[] = {
    offsetof(fl_thermal_config_t, margin_cc),          offsetof(fl_thermal_config_t, band_lo_cc),
    offsetof(fl_thermal_config_t, band_hi_cc),         offsetof(fl_thermal_config_t, ambient_band_cc),
    offsetof(fl_thermal_config_t, peak_contrast_cc),
    offsetof(fl_thermal_config_t, min_blob_permille),  offsetof(fl_thermal_config_t, max_blob_permille),
    offsetof(fl_thermal_config_t, bg_rise_frames),     offsetof(fl_thermal_config_t, bg_fall_frames),
    offsetof(fl_thermal_config_t, init_offset_cc),     offsetof(fl_thermal_config_t, ghost_drop_cc),
    offsetof(fl_thermal_config_t, ghost_frames),       offsetof(fl_thermal_config_t, presence_on_frames),
    offsetof(fl_thermal_config_t, presence_off_frames), offsetof(fl_thermal_config_t, track_gate_permille),
    offsetof(fl_thermal_config_t, track_confirm_frames), offsetof(fl_thermal_config_t, track_lost_frames),
    offsetof(fl_thermal_config_t, init_from_median),   offsetof(fl_thermal_config_t, residue_score),
    offsetof(fl_thermal_config_t, residue_delta_cc),   offsetof(fl_thermal_config_t, residue_slow_frames),
    offsetof(fl_thermal_config_t, residue_recover),    offsetof(fl_thermal_config_t, residue_absorb_frames),
};

static const uint32_t blob_offsets[] = {
    offsetof(fl_thermal_blob_t, x),           offsetof(fl_thermal_blob_t, y),
    offsetof(fl_thermal_blob_t, w),           offsetof(fl_thermal_blob_t, h),
    offsetof(fl_thermal_blob_t, pixels),      offsetof(fl_thermal_blob_t, peak_cc),
    offsetof(fl_thermal_blob_t, contrast_cc), offsetof(fl_thermal_blob_t, cx_q8),
    offsetof(fl_thermal_blob_t, cy_q8),       offsetof(fl_thermal_blob_t, track_id),
};

static const uint32_t result_offsets[] = {
    offsetof(fl_thermal_result_t, count),   offsetof(fl_thermal_result_t, present),
    offsetof(fl_thermal_result_t, fg_pixels), offsetof(fl_thermal_result_t, rejected_blobs),
    offsetof(fl_thermal_result_t, entries), offsetof(fl_thermal_result_t, exits),
    offsetof(fl_thermal_result_t, n_blobs), offsetof(fl_thermal_result_t, blobs),
};

uint32_t fl_thermal_abi_sizeof(uint32_t struct_id)
{
    switch (struct_id) {
    case 1u: return (uint32_t)sizeof(fl_thermal_config_t);
    case 2u: return (uint32_t)sizeof(fl_thermal_blob_t);
    case 3u: return (uint32_t)sizeof(fl_thermal_result_t);
    default: return 0u;
    }
}

uint32_t fl_thermal_abi_offsetof(uint32_t struct_id, uint32_t field_index)
{
    const uint32_t *table;
    size_t count;
    switch (struct_id) {
    case 1u: table = config_offsets; count = sizeof(config_offsets) / sizeof(config_offsets[0]); break;
    case 2u: table = blob_offsets; count = sizeof(blob_offsets) / sizeof(blob_offsets[0]); break;
    case 3u: table = result_offsets; count = sizeof(result_offsets) / sizeof(result_offsets[0]); break;
    default: return UINT32_MAX;
    }
    return field_index < count ? table[field_index] : UINT32_MAX;
}
