/* SPDX-License-Identifier: MIT */
/* The seed's camera pipeline as one call: Haar faces -> ROI -> smile CNN (see include/fl/fl_pipeline.h). */
#include "fl/fl_pipeline.h"

#include <string.h>

#include "model/fl_model_internal.h"

#define ALIGN_SLACK 16u /* per scratch allocation: fl_arena_scratch pads to the requested alignment */

void fl_pipeline_config_default(fl_pipeline_config_t *cfg, fl_haar_mode_t mode)
{
    if (cfg == NULL) {
        return;
    }
    memset(cfg, 0, sizeof *cfg);
    fl_haar_config_default(&cfg->haar, mode);
    if (mode == FL_HAAR_MODE_CAMERA) {
        /* §8: find_features(face_cascade, threshold=0.75, scale=1.25) in the smile example */
        cfg->haar.threshold = 0.75f;
        cfg->haar.scale_factor = 1.25f;
    }
    cfg->network_mode = FL_NETWORK_MODE_CAMERA;
    cfg->smile_output = 0u;
    cfg->smile_threshold = 0.8f;
}

int fl_pipeline_face_roi(const fl_haar_rect_t *face, int32_t frame_w, int32_t frame_h, fl_rect_t *roi)
{
    int64_t x0, y0, x1, y1, side;
    if (roi == NULL) {
        return 0;
    }
    memset(roi, 0, sizeof *roi);
    if (face == NULL || face->w <= 0 || frame_w <= 0 || frame_h <= 0) {
        return 0;
    }
    /* int(0.7 * w) in the camera's float32 == 7w / 10 for w <= FL_HAAR_MAX_DIM (unit-tested exhaustively) */
    side = ((int64_t)face->w * 7) / 10;
    x0 = (int64_t)face->x + FL_PIPELINE_ROI_DX;
    y0 = (int64_t)face->y + FL_PIPELINE_ROI_DY;
    x1 = x0 + side;
    y1 = y0 + side;
    if (x0 < 0) {
        x0 = 0;
    }
    if (y0 < 0) {
        y0 = 0;
    }
    if (x1 > frame_w) {
        x1 = frame_w;
    }
    if (y1 > frame_h) {
        y1 = frame_h;
    }
    if (x1 <= x0 || y1 <= y0) {
        return 0;
    }
    roi->x = (int32_t)x0;
    roi->y = (int32_t)y0;
    roi->w = (int32_t)(x1 - x0);
    roi->h = (int32_t)(y1 - y0);
    return 1;
}

static int fmt_ok(fl_pixfmt_t fmt)
{
    return fmt == FL_PIXFMT_GRAYSCALE || fmt == FL_PIXFMT_RGB565 || fmt == FL_PIXFMT_RGB565_SWAPPED;
}

static int model_ok(const fl_pipeline_config_t *cfg)
{
    if (cfg->network != NULL && cfg->model != NULL) {
        return 0;
    }
    if (cfg->network != NULL) {
        return cfg->network->layers != NULL && cfg->network->info.n_layers > 0u &&
               (cfg->network_mode == FL_NETWORK_MODE_CAMERA || cfg->network_mode == FL_NETWORK_MODE_CORRECTED);
    }
    if (cfg->model != NULL) {
        return cfg->model->layers != NULL && cfg->model->info.n_layers > 0u;
    }
    return 1;
}

/* Bytes of the classification phase: input tensor, .network scratch, int8 outputs, float scores. */
static size_t classify_bytes(const fl_pipeline_config_t *cfg)
{
    size_t in_len, n_out, net_scratch = 0u;
    if (cfg->network != NULL) {
        in_len = (size_t)cfg->network->info.in_h * cfg->network->info.in_w * cfg->network->info.in_c;
        n_out = cfg->network->info.n_outputs;
        net_scratch = cfg->network->info.scratch_bytes;
    } else if (cfg->model != NULL) {
        in_len = (size_t)cfg->model->info.input.h * cfg->model->info.input.w * cfg->model->info.input.c;
        n_out = cfg->model->info.n_outputs;
    } else {
        return 0u;
    }
    return in_len + net_scratch + n_out + n_out * sizeof(float) + 4u * ALIGN_SLACK;
}

static fl_status_t detect_bytes(const fl_pipeline_config_t *cfg, int32_t w, int32_t h, fl_pixfmt_t fmt,
                                size_t *bytes)
{
    size_t haar = 0u, gray = 0u;
    fl_status_t st = fl_haar_scratch_bytes(cfg->cascade, &cfg->haar, w, &haar);
    if (st != FL_OK) {
        return st;
    }
    if (fmt != FL_PIXFMT_GRAYSCALE) {
        /* a packed gray copy for Haar; swapped RGB565 also needs one native-order row */
        gray = (size_t)w * (size_t)h + ALIGN_SLACK;
        if (fmt == FL_PIXFMT_RGB565_SWAPPED) {
            gray += (size_t)w * sizeof(uint16_t) + ALIGN_SLACK;
        }
    }
    *bytes = haar + gray;
    return FL_OK;
}

fl_status_t fl_pipeline_scratch_bytes(const fl_pipeline_config_t *cfg, int32_t frame_w, int32_t frame_h,
                                      fl_pixfmt_t fmt, size_t *bytes)
{
    size_t det = 0u, cls;
    fl_status_t st;
    if (bytes != NULL) {
        *bytes = 0u;
    }
    if (cfg == NULL || bytes == NULL || !fmt_ok(fmt) || frame_w < 1 || frame_h < 1 || frame_w > FL_HAAR_MAX_DIM ||
        frame_h > FL_HAAR_MAX_DIM || !model_ok(cfg)) {
        return FL_ERR_ARG;
    }
    st = detect_bytes(cfg, frame_w, frame_h, fmt, &det);
    if (st != FL_OK) {
        return st;
    }
    cls = classify_bytes(cfg);
    *bytes = det > cls ? det : cls;
    return FL_OK;
}

/* The frame as Haar wants it: gray pixels in place, or a packed gray copy from scratch. */
static fl_status_t to_gray(const fl_image_t *frame, fl_arena_t *arena, fl_haar_gray_t *gray)
{
    void *dst = NULL, *row = NULL;
    const uint16_t *src = (const uint16_t *)frame->pixels;
    int32_t y, x;
    fl_status_t st;
    gray->w = frame->w;
    gray->h = frame->h;
    if (frame->fmt == FL_PIXFMT_GRAYSCALE) {
        gray->pixels = (const uint8_t *)frame->pixels;
        gray->stride = frame->stride;
        return FL_OK;
    }
    st = fl_arena_scratch(arena, (size_t)frame->w * (size_t)frame->h, 4u, &dst);
    if (st != FL_OK) {
        return st;
    }
    if (frame->fmt == FL_PIXFMT_RGB565_SWAPPED) {
        st = fl_arena_scratch(arena, (size_t)frame->w * sizeof(uint16_t), 4u, &row);
        if (st != FL_OK) {
            return st;
        }
    }
    for (y = 0; y < frame->h; y++) {
        const uint16_t *s = src + (size_t)y * (size_t)frame->stride;
        uint8_t *d = (uint8_t *)dst + (size_t)y * (size_t)frame->w;
        if (row != NULL) {
            uint16_t *r = (uint16_t *)row;
            for (x = 0; x < frame->w; x++) {
                r[x] = (uint16_t)((uint16_t)(s[x] << 8) | (uint16_t)(s[x] >> 8));
            }
            s = r;
        }
        fl_haar_rgb565_to_gray(s, d, (size_t)frame->w);
    }
    gray->pixels = (const uint8_t *)dst;
    gray->stride = frame->w;
    return FL_OK;
}

/* Preprocess + run + scores for one ROI; *score is the smile output's score. */
static fl_status_t classify(const fl_pipeline_config_t *cfg, const fl_image_t *frame, const fl_rect_t *roi,
                            fl_arena_t *arena, float *score)
{
    void *tensor = NULL, *net_scratch = NULL, *q = NULL, *scores = NULL;
    size_t in_len, n_out;
    fl_status_t st;
    if (cfg->network != NULL) {
        const fl_network_info_t *info = &cfg->network->info;
        fl_nn_ctx_t ctx;
        in_len = (size_t)info->in_h * info->in_w * info->in_c;
        n_out = info->n_outputs;
        if ((st = fl_arena_scratch(arena, in_len, 4u, &tensor)) != FL_OK ||
            (st = fl_arena_scratch(arena, info->scratch_bytes, 16u, &net_scratch)) != FL_OK ||
            (st = fl_arena_scratch(arena, n_out, 4u, &q)) != FL_OK ||
            (st = fl_arena_scratch(arena, n_out * sizeof(float), 4u, &scores)) != FL_OK) {
            return st;
        }
        ctx.buf = net_scratch;
        ctx.size = info->scratch_bytes;
        /* Net.forward(softmax=True) in the seed's example: camera softmax on q7, corrected softmax in scores */
        st = fl_network_preprocess(cfg->network, cfg->network_mode, FL_RESIZE_NEAREST, frame, roi, (int8_t *)tensor);
        if (st == FL_OK) {
            st = fl_network_run(cfg->network, cfg->network_mode, true, (const int8_t *)tensor, &ctx, (int8_t *)q);
        }
        if (st == FL_OK) {
            st = fl_network_scores(cfg->network_mode, true, (const int8_t *)q, (uint32_t)n_out, (float *)scores);
        }
    } else {
        const fl_model_info_t *info = &cfg->model->info;
        const struct fl_model_layer_s *last = &cfg->model->layers[info->n_layers - 1u];
        in_len = (size_t)info->input.h * info->input.w * info->input.c;
        n_out = info->n_outputs;
        if ((st = fl_arena_scratch(arena, in_len, 4u, &tensor)) != FL_OK ||
            (st = fl_arena_scratch(arena, n_out, 4u, &q)) != FL_OK ||
            (st = fl_arena_scratch(arena, n_out * sizeof(float), 4u, &scores)) != FL_OK) {
            return st;
        }
        st = fl_model_preprocess(cfg->model, frame, roi, (int8_t *)tensor);
        if (st == FL_OK) {
            st = fl_model_run(cfg->model, (const int8_t *)tensor, (int8_t *)q);
        }
        if (st == FL_OK) {
            if (info->scheme == FL_MODEL_SCHEME_S8 && last->op == FL_MODEL_OP_SOFTMAX) {
                size_t i;
                for (i = 0; i < n_out; i++) {
                    ((float *)scores)[i] = (float)((int32_t)((const int8_t *)q)[i] + 128) / 256.0f;
                }
            } else {
                /* q7 ending in a softmax layer already holds arm_softmax_q7's Q0.7 probabilities: q / 128, not a
                 * second softmax; otherwise the outputs are logits and get corrected mode's base-2 softmax. */
                st = fl_network_scores(FL_NETWORK_MODE_CORRECTED, last->op != FL_MODEL_OP_SOFTMAX,
                                       (const int8_t *)q, (uint32_t)n_out, (float *)scores);
            }
        }
    }
    if (st == FL_OK) {
        *score = ((const float *)scores)[cfg->smile_output];
    }
    return st;
}

fl_status_t fl_pipeline_run(const fl_pipeline_config_t *cfg, const fl_image_t *frame, fl_arena_t *arena,
                            fl_pipeline_result_t *result)
{
    fl_haar_rect_t boxes[FL_PIPELINE_MAX_FACES];
    fl_haar_gray_t gray;
    uint32_t n = 0u, i, n_outputs = 0u;
    size_t mark;
    fl_status_t st;
    if (result != NULL) {
        memset(result, 0, sizeof *result);
    }
    if (cfg == NULL || frame == NULL || arena == NULL || result == NULL || frame->pixels == NULL ||
        !fmt_ok(frame->fmt) || frame->w < 1 || frame->h < 1 || frame->w > FL_HAAR_MAX_DIM ||
        frame->h > FL_HAAR_MAX_DIM || frame->stride < frame->w || !model_ok(cfg) ||
        !(cfg->smile_threshold == cfg->smile_threshold)) {
        return FL_ERR_ARG;
    }
    if (cfg->network != NULL) {
        n_outputs = cfg->network->info.n_outputs;
    } else if (cfg->model != NULL) {
        n_outputs = cfg->model->info.n_outputs;
    }
    if ((cfg->network != NULL || cfg->model != NULL) && cfg->smile_output >= n_outputs) {
        return FL_ERR_RANGE;
    }
    /* Release only what this call takes: the caller's earlier scratch stays valid. */
    mark = arena->lo;
    st = to_gray(frame, arena, &gray);
    if (st == FL_OK) {
        st = fl_haar_detect(cfg->cascade, &cfg->haar, &gray, arena, boxes, FL_PIPELINE_MAX_FACES, &n,
                            &result->haar);
    }
    /* The detection phase's scratch (gray copy, integral rows) is not needed to classify: the CNN reads the
     * original frame, as nn_transform_input did on the camera. */
    arena->lo = mark;
    if (st != FL_OK) {
        memset(result, 0, sizeof *result);
        return st;
    }
    result->n_detected = result->haar.n_objects;
    result->n_faces = n;
    for (i = 0; i < n; i++) {
        fl_pipeline_face_t *f = &result->faces[i];
        f->face = boxes[i];
        f->score = -1.0f;
        f->smile = -1;
        if (!fl_pipeline_face_roi(&boxes[i], frame->w, frame->h, &f->roi) ||
            (cfg->network == NULL && cfg->model == NULL)) {
            continue;
        }
        st = classify(cfg, frame, &f->roi, arena, &f->score);
        arena->lo = mark;
        if (st != FL_OK) {
            memset(result, 0, sizeof *result);
            return st;
        }
        f->smile = f->score > cfg->smile_threshold ? 1 : 0;
    }
    return FL_OK;
}
