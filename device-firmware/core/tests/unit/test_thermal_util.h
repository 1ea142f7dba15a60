/* SPDX-License-Identifier: MIT */
/* Shared fixtures for the thermal unit tests: a detector on a static arena and frame builders. */
#ifndef TEST_THERMAL_UTIL_H
#define TEST_THERMAL_UTIL_H

#include "fl/fl_thermal.h"

#define TT_MAX_PX (32 * 24)

typedef struct {
    uint8_t mem[16384];
    fl_arena_t arena;
    fl_thermal_t det;
    fl_thermal_result_t res;
    int16_t frame[TT_MAX_PX];
    int32_t w;
    int32_t h;
} tt_fixture_t;

static inline int tt_init(tt_fixture_t *f, const fl_thermal_config_t *cfg, int32_t w, int32_t h)
{
    f->w = w;
    f->h = h;
    if (fl_arena_init(&f->arena, f->mem, sizeof(f->mem)) != FL_OK) {
        return 0;
    }
    return fl_thermal_init(&f->det, cfg, w, h, &f->arena) == FL_OK;
}

static inline void tt_fill(tt_fixture_t *f, int16_t v)
{
    int32_t i;
    for (i = 0; i < f->w * f->h; i++) {
        f->frame[i] = v;
    }
}

static inline void tt_rect(tt_fixture_t *f, int32_t x, int32_t y, int32_t w, int32_t h, int16_t v)
{
    int32_t i;
    int32_t j;
    for (j = y; j < y + h; j++) {
        for (i = x; i < x + w; i++) {
            f->frame[j * f->w + i] = v;
        }
    }
}

static inline int tt_step(tt_fixture_t *f, int32_t ambient_cc)
{
    fl_status_t st = fl_thermal_process(&f->det, f->frame, ambient_cc, &f->arena, &f->res);
    fl_arena_scratch_reset(&f->arena);
    return st == FL_OK;
}

#endif /* TEST_THERMAL_UTIL_H */
