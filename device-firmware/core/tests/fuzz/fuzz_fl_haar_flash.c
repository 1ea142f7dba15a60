/* SPDX-License-Identifier: MIT */
/* libFuzzer target for Haar flash images (fl_haar_flash.h). Two kinds of input:
 *   - "FLHF..." is opened as a flash image as it is;
 *   - anything else is loaded as a cascade (OpenMV .cascade / FLHC); what loads is written as a flash image,
 *     which must open again with identical tables (round trip), and then one input-chosen byte of the image is
 *     changed and the image opened again (this drives the image validation with near-valid tables).
 * Every rejection must name its reason and leave the cascade zeroed; whatever opens is run through both
 * detectors on a small frame with an arena sized by fl_haar_scratch_bytes(), which must not fail.
 * Build: cmake -DCMAKE_C_COMPILER=clang -DFL_BUILD_FUZZERS=ON; run with the shared .cascade files as seeds
 * (copied into a corpus directory outside the repository). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fl/fl_haar.h"
#include "fl_fuzz_haar.h"
#include "fl/fl_haar_flash.h"

typedef union {
    uint32_t align;
    uint8_t b[1u << 19];
} aligned_buf_t;

static aligned_buf_t g_image;
static uint8_t g_arena[1u << 20];
static uint8_t g_scratch[1u << 20];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void open_and_run(size_t len, uint8_t seed)
{
    fl_cascade_t c;
    fl_cascade_error_t err;
    fl_status_t st = fl_haar_flash_open(&c, g_image.b, len, &err);
    if (st != FL_OK) {
        if (err.msg == NULL || c.stages != NULL || c.n_stages != 0u) {
            abort();
        }
        return;
    }
    fl_fuzz_haar_detect_both(&c, seed, g_scratch, sizeof g_scratch);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fl_arena_t arena;
    fl_cascade_t loaded;
    fl_cascade_t opened;
    fl_cascade_error_t err;
    size_t len = 0;
    uint8_t seed = size > 0u ? data[size - 1u] : 0u;
    if (size > sizeof g_image.b) {
        return 0;
    }
    if (size >= 4u && memcmp(data, FL_HAAR_FLASH_MAGIC, 4) == 0) {
        memcpy(g_image.b, data, size);
        open_and_run(size, seed);
        return 0;
    }
    if (fl_arena_init(&arena, g_arena, sizeof g_arena) != FL_OK) {
        abort();
    }
    if (fl_cascade_load(&loaded, data, size, &arena, &err) != FL_OK) {
        return 0;
    }
    if (fl_haar_flash_image_write(&loaded, g_image.b, sizeof g_image.b, &len) != FL_OK) {
        return 0; /* larger than the buffer: nothing to check */
    }
    if (fl_haar_flash_open(&opened, g_image.b, len, &err) != FL_OK || opened.n_stages != loaded.n_stages ||
        memcmp(opened.features, loaded.features, (size_t)loaded.n_features * sizeof *loaded.features) != 0 ||
        memcmp(opened.rects, loaded.rects, (size_t)loaded.n_rects * sizeof *loaded.rects) != 0) {
        abort();
    }
    if (size >= 8u) {
        /* One byte of the image changed, at a position and to a value the input chooses. */
        uint32_t pos = ((uint32_t)data[0] | ((uint32_t)data[1] << 8) | ((uint32_t)data[2] << 16)) % (uint32_t)len;
        g_image.b[pos] = (uint8_t)(g_image.b[pos] ^ (seed | 1u));
        open_and_run(len, seed);
    }
    return 0;
}
