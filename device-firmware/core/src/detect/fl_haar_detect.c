/* SPDX-License-Identifier: MIT */
/* The public detection entry points: defaults, argument checks, the scratch-size twin and the per-mode
 * dispatch. */
#include <string.h>

#include "fl_haar_internal.h"

#define DEFAULT_MAX_CANDIDATES 2048u
#define MAX_CANDIDATES (1u << 20)

void fl_haar_config_default(fl_haar_config_t *cfg, fl_haar_mode_t mode)
{
    if (cfg == NULL) {
        return;
    }
    memset(cfg, 0, sizeof *cfg);
    cfg->mode = mode;
    /* find_features(threshold=0.5, scale_factor=1.5) vs detectMultiScale(scaleFactor=1.1, minNeighbors=3) */
    cfg->scale_factor = mode == FL_HAAR_MODE_CAMERA ? 1.5f : 1.1f;
    cfg->threshold = 0.5f;
    cfg->min_neighbors = 3;
    cfg->max_candidates = DEFAULT_MAX_CANDIDATES;
}

static int cascade_ok(const fl_cascade_t *c)
{
    return c != NULL && c->stages != NULL && c->features != NULL && c->rects != NULL && c->n_stages > 0u &&
           c->window_w >= 1u && c->window_h >= 1u && c->window_w <= FL_CASCADE_MAX_WINDOW &&
           c->window_h <= FL_CASCADE_MAX_WINDOW;
}

static int config_ok(const fl_haar_config_t *cfg, const fl_cascade_t *c)
{
    if (cfg == NULL || (cfg->mode != FL_HAAR_MODE_CAMERA && cfg->mode != FL_HAAR_MODE_OPENCV)) {
        return 0;
    }
    /* written so that NaN fails too */
    if (!(cfg->scale_factor > 1.0f && cfg->scale_factor <= 4.0f) || cfg->max_candidates > MAX_CANDIDATES) {
        return 0;
    }
    if (cfg->mode == FL_HAAR_MODE_CAMERA) {
        /* the firmware accepts any float; beyond +-1000 the compare is meaningless, NaN never rejects */
        if (!(cfg->threshold >= -1000.0f && cfg->threshold <= 1000.0f) || cfg->roi.w < 0 || cfg->roi.h < 0 ||
            (cfg->roi.w > 0 && cfg->roi.w < (int32_t)c->window_w)) {
            return 0;
        }
    } else if (cfg->min_neighbors < 0 || cfg->min_w < 0 || cfg->min_h < 0 || cfg->max_w < 0 || cfg->max_h < 0 ||
               cfg->min_w > FL_HAAR_MAX_DIM || cfg->min_h > FL_HAAR_MAX_DIM) {
        return 0;
    }
    return 1;
}

fl_status_t fl_haar_scratch_bytes(const fl_cascade_t *cascade, const fl_haar_config_t *cfg, int32_t frame_w,
                                  size_t *bytes)
{
    if (bytes == NULL || !cascade_ok(cascade) || !config_ok(cfg, cascade) || frame_w < 1 ||
        frame_w > FL_HAAR_MAX_DIM) {
        return FL_ERR_ARG;
    }
    *bytes = cfg->mode == FL_HAAR_MODE_CAMERA ? fl_haar_camera_scratch_bytes(cascade, cfg, frame_w)
                                              : fl_haar_opencv_scratch_bytes(cascade, cfg, frame_w);
    return FL_OK;
}

fl_status_t fl_haar_detect(const fl_cascade_t *cascade, const fl_haar_config_t *cfg, const fl_haar_gray_t *img,
                           fl_arena_t *arena, fl_haar_rect_t *out, uint32_t out_cap, uint32_t *n_out,
                           fl_haar_stats_t *stats)
{
    fl_haar_result_t res;
    size_t before;
    fl_status_t st;
    if (n_out != NULL) {
        *n_out = 0;
    }
    if (stats != NULL) {
        memset(stats, 0, sizeof *stats);
    }
    if (!cascade_ok(cascade) || !config_ok(cfg, cascade) || img == NULL || img->pixels == NULL || arena == NULL ||
        n_out == NULL || (out == NULL && out_cap > 0u)) {
        return FL_ERR_ARG;
    }
    if (img->w < 1 || img->h < 1 || img->w > FL_HAAR_MAX_DIM || img->h > FL_HAAR_MAX_DIM || img->stride < img->w) {
        return FL_ERR_ARG;
    }
    memset(&res, 0, sizeof res);
    res.out = out;
    res.out_cap = out_cap;
    before = fl_arena_available(arena);
    st = cfg->mode == FL_HAAR_MODE_CAMERA ? fl_haar_detect_camera(cascade, cfg, img, arena, &res)
                                          : fl_haar_detect_opencv(cascade, cfg, img, arena, &res);
    res.stats.scratch_bytes = before - fl_arena_available(arena);
    *n_out = res.n_out;
    if (stats != NULL) {
        *stats = res.stats;
    }
    return st;
}
