/* SPDX-License-Identifier: MIT */
/* libFuzzer target for the cascade loaders (OpenMV .cascade and Fleet FLHC, chosen by the magic like
 * fl_cascade_load does) and, for what loads, both detectors on a small frame. Properties checked:
 *   - every rejection names its reason, and inspect and load agree;
 *   - a loaded OpenMV cascade re-encoded as FLHC loads again with identical fixed-point tables, and the same
 *     FLHC blob with one input-chosen byte changed either loads or fails cleanly (this drives the FLHC
 *     validation with near-valid records even before the corpus has found the magic);
 *   - detection never fails on a valid cascade with an arena sized by fl_haar_scratch_bytes().
 * Build and run: tools/run_fuzz.sh 60 fuzz_fl_cascade_load (seeds: the .cascade files in ../shared/data/openmv/cascades,
 * copied into the corpus directory at run time, never into the repository). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fl/fl_haar.h"
#include "fl_fuzz_haar.h"

static uint8_t g_arena[1u << 20];
static uint8_t g_scratch[1u << 20];
static uint8_t g_fleet[1u << 19];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void put16(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
    put16(p, v);
    put16(p + 2, v >> 16);
}

static void putf(uint8_t *p, float f)
{
    uint32_t u;
    memcpy(&u, &f, 4);
    put32(p, u);
}

/* FLHC encoding of a loaded cascade; 0 if it does not fit the buffer. */
static size_t encode_fleet(const fl_cascade_t *c)
{
    size_t n = 32u + 8u * c->n_stages + 20u * c->n_features + 12u * c->n_rects, pos = 32;
    uint32_t i;
    if (n > sizeof g_fleet) {
        return 0;
    }
    memset(g_fleet, 0, n);
    memcpy(g_fleet, "FLHC", 4);
    put16(g_fleet + 4, 1);
    put16(g_fleet + 6, 32);
    put16(g_fleet + 8, c->window_w);
    put16(g_fleet + 10, c->window_h);
    put32(g_fleet + 12, c->n_stages);
    put32(g_fleet + 16, c->n_features);
    put32(g_fleet + 20, c->n_rects);
    put32(g_fleet + 24, (uint32_t)n);
    for (i = 0; i < c->n_stages; i++, pos += 8) {
        put16(g_fleet + pos, c->stages[i].n_features);
        put16(g_fleet + pos + 2, (uint16_t)c->stages[i].threshold_q8);
        putf(g_fleet + pos + 4, c->stages[i].threshold);
    }
    for (i = 0; i < c->n_features; i++, pos += 20) {
        const fl_cascade_feature_t *f = &c->features[i];
        putf(g_fleet + pos, f->threshold);
        putf(g_fleet + pos + 4, f->left);
        putf(g_fleet + pos + 8, f->right);
        put16(g_fleet + pos + 12, (uint16_t)f->threshold_q12);
        put16(g_fleet + pos + 14, (uint16_t)f->left_q8);
        put16(g_fleet + pos + 16, (uint16_t)f->right_q8);
        g_fleet[pos + 18] = f->n_rects;
    }
    for (i = 0; i < c->n_rects; i++, pos += 12) {
        const fl_cascade_rect_t *r = &c->rects[i];
        g_fleet[pos] = r->x;
        g_fleet[pos + 1] = r->y;
        g_fleet[pos + 2] = r->w;
        g_fleet[pos + 3] = r->h;
        g_fleet[pos + 4] = (uint8_t)r->weight_q0;
        putf(g_fleet + pos + 8, r->weight);
    }
    return n;
}

static int same_fixed(const fl_cascade_t *a, const fl_cascade_t *b)
{
    uint32_t i;
    if (a->n_stages != b->n_stages || a->n_features != b->n_features || a->n_rects != b->n_rects) {
        return 0;
    }
    for (i = 0; i < a->n_features; i++) {
        if (a->features[i].threshold_q12 != b->features[i].threshold_q12 ||
            a->features[i].n_rects != b->features[i].n_rects || a->features[i].first_rect != b->features[i].first_rect) {
            return 0;
        }
    }
    for (i = 0; i < a->n_rects; i++) {
        if (memcmp(&a->rects[i], &b->rects[i], 5) != 0) {
            return 0;
        }
    }
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fl_arena_t arena;
    fl_cascade_t c, c2;
    fl_cascade_info_t info;
    fl_cascade_error_t err;
    fl_status_t st_inspect, st_load;
    uint8_t *copy = (uint8_t *)malloc(size > 0 ? size : 1u); /* exact size so ASan sees every byte past the end */
    if (copy == NULL) {
        return 0;
    }
    memcpy(copy, data, size);
    st_inspect = fl_cascade_inspect(size > 0 ? copy : NULL, size, &info, &err);
    if (st_inspect != FL_OK && err.msg == NULL) {
        abort();
    }
    if (fl_arena_init(&arena, g_arena, sizeof g_arena) != FL_OK) {
        abort();
    }
    st_load = fl_cascade_load(&c, size > 0 ? copy : NULL, size, &arena, &err);
    if ((st_load == FL_OK) != (st_inspect == FL_OK) && st_load != FL_ERR_NO_MEM) {
        abort();
    }
    if (st_load == FL_OK) {
        uint8_t seed = size > 0 ? data[size - 1] : 0;
        fl_fuzz_haar_detect_both(&c, seed, g_scratch, sizeof g_scratch);
        if (c.format == FL_CASCADE_FORMAT_OPENMV) {
            size_t n = encode_fleet(&c);
            if (n > 0u) {
                if (fl_cascade_load(&c2, g_fleet, n, &arena, &err) != FL_OK || !same_fixed(&c, &c2)) {
                    abort();
                }
                g_fleet[(size_t)seed * 131u % n] ^= (uint8_t)(seed | 1u);
                if (fl_cascade_load(&c2, g_fleet, n, &arena, &err) != FL_OK && err.msg == NULL) {
                    abort();
                }
            }
        }
    }
    free(copy);
    return 0;
}
