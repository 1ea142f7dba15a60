/* SPDX-License-Identifier: MIT */
/* Shared by the Haar fuzzers (header-only: each fuzzer is one translation unit): run whatever cascade loaded
 * through both detectors on a small input-seeded frame. */
#ifndef FL_FUZZ_HAAR_H
#define FL_FUZZ_HAAR_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "fl/fl_arena.h"
#include "fl/fl_haar.h"

/* Both modes must succeed with an arena of exactly fl_haar_scratch_bytes(); the only allowed failure is a
 * cascade window larger than the frame in camera mode (FL_ERR_RANGE). */
static void fl_fuzz_haar_detect_both(const fl_cascade_t *full, uint8_t seed, uint8_t *scratch, size_t scratch_len)
{
    static uint8_t frame[48 * 40];
    fl_haar_gray_t img;
    fl_haar_rect_t out[8];
    fl_cascade_t cut = *full;
    size_t i;
    int mode;
    /* Keep each run fast: detect with the first stages only (at most ~300 features). */
    while (cut.n_stages > 1u && cut.n_features > 300u) {
        fl_cascade_truncate(&cut, cut.n_stages - 1u);
    }
    for (i = 0; i < sizeof frame; i++) {
        frame[i] = (uint8_t)((i * 131u) ^ (i / 48u * 29u) ^ seed);
    }
    img.pixels = frame;
    img.w = 48;
    img.h = 40;
    img.stride = 48;
    for (mode = 0; mode < 2; mode++) {
        fl_haar_config_t cfg;
        fl_arena_t a;
        size_t need = 0;
        uint32_t n = 0;
        fl_status_t st;
        fl_haar_config_default(&cfg, mode == 0 ? FL_HAAR_MODE_CAMERA : FL_HAAR_MODE_OPENCV);
        cfg.max_candidates = 4096;
        cfg.min_neighbors = seed & 3u;
        cfg.threshold = (float)(seed % 5u) * 0.25f;
        if (fl_haar_scratch_bytes(&cut, &cfg, img.w, &need) != FL_OK || need > scratch_len ||
            fl_arena_init(&a, scratch, need) != FL_OK) {
            abort();
        }
        st = fl_haar_detect(&cut, &cfg, &img, &a, out, 8, &n, NULL);
        if (st != FL_OK && !(st == FL_ERR_RANGE && mode == 0 && (cut.window_w > 48u || cut.window_h > 40u))) {
            abort();
        }
    }
}

#endif
