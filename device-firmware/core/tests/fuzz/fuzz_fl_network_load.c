/* SPDX-License-Identifier: MIT */
/* libFuzzer target for the OpenMV ".network" loader (and, for small nets, the runner and preprocessing).
 * Build and run: see docs/nn-engine.md ("Fuzzing"). Seeds: the staged .network files in
 * ../shared/data/openmv/models (copied into the corpus directory at run time, never into the repository). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fl/fl_model_network.h"
#include "fl_fuzz_util.h"

static uint8_t g_arena[1u << 16];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fl_arena_t arena;
    fl_network_t net;
    fl_network_error_t err;
    fl_network_info_t info;
    uint8_t *copy;
    fl_status_t st_inspect, st_load;
    copy = fl_fuzz_copy(data, size);
    if (copy == NULL) {
        return 0;
    }
    st_inspect = fl_network_inspect(size > 0 ? copy : NULL, size, &info, &err);
    fl_fuzz_require_reason(st_inspect, err.msg);
    fl_fuzz_arena_init(&arena, g_arena, sizeof g_arena);
    st_load = fl_network_load(&net, size > 0 ? copy : NULL, size, &arena, &err);
    if (st_load == FL_OK && st_inspect != FL_OK) {
        abort(); /* load and inspect must agree */
    }
    if (st_load == FL_OK && net.info.macs <= 200000u && net.info.scratch_bytes <= (1u << 20)) {
        size_t in_n = (size_t)net.info.in_c * net.info.in_h * net.info.in_w;
        int8_t *input = (int8_t *)malloc(in_n);
        uint8_t *scratch = (uint8_t *)malloc(net.info.scratch_bytes);
        int8_t *out = (int8_t *)malloc(net.info.n_outputs);
        float *scores = (float *)malloc(net.info.n_outputs * sizeof(float));
        uint8_t gray[7 * 5];
        fl_image_t img;
        fl_rect_t roi;
        fl_nn_ctx_t ctx;
        int mode;
        if (input != NULL && scratch != NULL && out != NULL && scores != NULL) {
            size_t i;
            for (i = 0; i < sizeof gray; i++) {
                gray[i] = (uint8_t)(i * 37u + size);
            }
            img.pixels = gray;
            img.w = 7;
            img.h = 5;
            img.stride = 7;
            img.fmt = FL_PIXFMT_GRAYSCALE;
            roi.x = -2;
            roi.y = 1;
            roi.w = 6;
            roi.h = 9;
            ctx.buf = scratch;
            ctx.size = net.info.scratch_bytes;
            for (mode = 0; mode < 2; mode++) {
                fl_network_mode_t m = mode == 0 ? FL_NETWORK_MODE_CAMERA : FL_NETWORK_MODE_CORRECTED;
                if (fl_network_preprocess(&net, m, mode == 0 ? FL_RESIZE_NEAREST : FL_RESIZE_BILINEAR, &img, &roi,
                                          input) != FL_OK) {
                    abort();
                }
                if (fl_network_run(&net, m, mode == 0, input, &ctx, out) == FL_OK) {
                    if (fl_network_scores(m, true, out, net.info.n_outputs, scores) != FL_OK) {
                        abort();
                    }
                }
            }
        }
        free(input);
        free(scratch);
        free(out);
        free(scores);
    }
    free(copy);
    return 0;
}
