/* SPDX-License-Identifier: MIT */
#include <string.h>

#include "fl/fl_thermal.h"
#include "fl_thermal_internal.h"

/* int32 alignment padding the arena may add in front of each block. */
#define ALIGN_SLACK (sizeof(int32_t) - 1u)

static int size_ok(int32_t width, int32_t height)
{
    return width >= FL_THERMAL_MIN_WIDTH && width <= FL_THERMAL_MAX_WIDTH && height >= FL_THERMAL_MIN_HEIGHT &&
           height <= FL_THERMAL_MAX_HEIGHT;
}

static int ghost_on(const fl_thermal_config_t *cfg)
{
    return cfg != NULL && cfg->ghost_drop_cc > 0;
}

static int residue_on(const fl_thermal_config_t *cfg)
{
    return cfg != NULL && cfg->residue_score > 0;
}

size_t fl_thermal_state_bytes(int32_t width, int32_t height, const fl_thermal_config_t *cfg)
{
    size_t plane;
    size_t planes = 1u;
    if (!size_ok(width, height)) {
        return 0u;
    }
    plane = (size_t)width * (size_t)height * sizeof(int32_t) + ALIGN_SLACK;
    planes += ghost_on(cfg) ? 1u : 0u;
    planes += residue_on(cfg) ? 3u : 0u;
    return planes * plane;
}

size_t fl_thermal_scratch_bytes(int32_t width, int32_t height)
{
    size_t n;
    if (!size_ok(width, height)) {
        return 0u;
    }
    /* labels + BFS queue (uint16 each); the cold-start median copy (int16) reuses the queue. */
    n = (size_t)width * (size_t)height;
    return 2u * (n * sizeof(uint16_t) + sizeof(uint16_t) - 1u);
}

size_t fl_thermal_sizeof(void)
{
    return sizeof(fl_thermal_t);
}

static int32_t permille_px(int32_t area, int32_t permille)
{
    return (int32_t)(((int64_t)area * permille + 500) / 1000);
}

fl_status_t fl_thermal_init(fl_thermal_t *t, const fl_thermal_config_t *cfg, int32_t width, int32_t height,
                            fl_arena_t *arena)
{
    void *bg = NULL;
    void *ghost = NULL;
    void *res[3] = {NULL, NULL, NULL};
    size_t plane;
    int k;
    int32_t area;
    if (t == NULL || cfg == NULL || arena == NULL) {
        return FL_ERR_ARG;
    }
    FL_TRY(fl_thermal_config_validate(cfg));
    if (!size_ok(width, height)) {
        return FL_ERR_RANGE;
    }
    plane = (size_t)width * (size_t)height * sizeof(int32_t);
    FL_TRY(fl_arena_persist(arena, plane, sizeof(int32_t), &bg));
    if (ghost_on(cfg)) {
        FL_TRY(fl_arena_persist(arena, plane, sizeof(int32_t), &ghost));
    }
    if (residue_on(cfg)) {
        for (k = 0; k < 3; k++) {
            FL_TRY(fl_arena_persist(arena, plane, sizeof(int32_t), &res[k]));
        }
    }
    memset(t, 0, sizeof(*t));
    t->cfg = *cfg;
    t->width = width;
    t->height = height;
    area = width * height;
    t->min_blob_px = permille_px(area, cfg->min_blob_permille);
    if (t->min_blob_px < 1) {
        t->min_blob_px = 1;
    }
    t->max_blob_px = permille_px(area, cfg->max_blob_permille);
    if (t->max_blob_px < t->min_blob_px) {
        t->max_blob_px = t->min_blob_px;
    }
    t->bg_q8 = (int32_t *)bg;
    t->ghost_q8 = (int32_t *)ghost;
    t->res_fast_q8 = (int32_t *)res[0];
    t->res_slow_q8 = (int32_t *)res[1];
    t->res_count = (int32_t *)res[2];
    fl_thermal_reset(t);
    return FL_OK;
}

void fl_thermal_reset(fl_thermal_t *t)
{
    if (t == NULL) {
        return;
    }
    t->frames = 0u;
    t->on_run = 0;
    t->off_run = 0;
    t->present = 0;
    t->next_track_id = 1;
    t->entries = 0;
    t->exits = 0;
    memset(t->tracks, 0, sizeof(t->tracks));
}

int32_t fl_thermal_background_cc(const fl_thermal_t *t, int32_t x, int32_t y)
{
    if (t == NULL || t->bg_q8 == NULL || x < 0 || y < 0 || x >= t->width || y >= t->height) {
        return 0;
    }
    return fl_thermal_q8_to_cc(t->bg_q8[y * t->width + x]);
}
