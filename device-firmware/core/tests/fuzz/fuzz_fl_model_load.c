/* SPDX-License-Identifier: MIT */
/* libFuzzer target for the Fleet model loader (docs/model-format.md) and, for small nets, the runner.
 * Checks: inspect and load agree; every rejection says why; a loaded model stays within its arena figure; every
 * label is a 1..15 character string; running never fails. The hash is skipped (a mutated blob would otherwise
 * stop at the hash check); a second load with a stub hash function that returns 32 zero bytes exercises the hash
 * path (the generated seeds carry an all-zero hash field, so they pass it).
 * Seeds: tools/run_fuzz.sh writes them with fl_model_fuzz_seeds (tests/fuzz/fl_model_fuzz_seeds.c). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fl/fl_model.h"
#include "fl_fuzz_util.h"

static uint8_t g_arena[1u << 18];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static fl_status_t zero_sha(void *user, const uint8_t *data, size_t len, uint8_t digest[32])
{
    (void)user;
    (void)data;
    (void)len;
    memset(digest, 0, 32);
    return FL_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fl_arena_t arena;
    fl_model_t m;
    fl_model_error_t err;
    fl_model_info_t info;
    fl_model_load_options_t opts;
    uint8_t *copy;
    fl_status_t st_inspect, st_load;
    copy = fl_fuzz_copy(data, size);
    if (copy == NULL) {
        return 0;
    }
    st_inspect = fl_model_inspect(size > 0 ? copy : NULL, size, &info, &err);
    fl_fuzz_require_reason(st_inspect, err.msg);
    fl_fuzz_arena_init(&arena, g_arena, sizeof g_arena);
    st_load = fl_model_load(&m, size > 0 ? copy : NULL, size, &arena, NULL, &err);
    fl_fuzz_require_reason(st_load, err.msg);
    if ((st_load == FL_OK) != (st_inspect == FL_OK) && !(st_inspect == FL_OK && st_load == FL_ERR_NO_MEM)) {
        abort(); /* inspect and load must agree (load may only add "arena too small") */
    }
    if (st_load == FL_OK) {
        uint32_t i;
        if (fl_arena_high_water(&arena) > m.info.arena_bytes || memcmp(&m.info, &info, sizeof info) != 0) {
            abort();
        }
        for (i = 0; i < m.info.n_outputs; i++) {
            const char *l = fl_model_label(&m, i);
            size_t n = l != NULL ? strlen(l) : 0u;
            if (n < 1u || n > 15u) {
                abort();
            }
        }
        if (m.info.macs <= 200000u) {
            size_t in_n = (size_t)m.info.input.h * m.info.input.w * m.info.input.c;
            int8_t *input = (int8_t *)malloc(in_n);
            int8_t *out = (int8_t *)malloc(m.info.n_outputs);
            if (input != NULL && out != NULL) {
                for (i = 0; i < in_n; i++) {
                    input[i] = (int8_t)(uint8_t)(i * 37u + size);
                }
                if (fl_model_run(&m, input, out) != FL_OK) {
                    abort(); /* a loaded model cannot fail to run */
                }
            }
            free(input);
            free(out);
        }
        opts.sha256 = zero_sha;
        opts.sha256_user = NULL;
        fl_arena_reset(&arena);
        st_load = fl_model_load(&m, copy, size, &arena, &opts, &err);
        if (st_load != FL_OK && st_load != FL_ERR_MISMATCH) {
            abort();
        }
    }
    free(copy);
    return 0;
}
