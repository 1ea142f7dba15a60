/* SPDX-License-Identifier: MIT */
/* .network loader: every staged model loads with the shapes/MACs/weights of openmv-nn-and-haar.md §6;
 * truncation at every length and single-byte corruption never crash and truncation always fails;
 * hand-made blobs hit each validation rule. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fl/fl_model_network.h"
#include "fl_test.h"
#include "fl_test_io.h"

#define SHARED FL_TEST_OPENMV_DIR

static uint8_t g_arena_mem[64 * 1024];

typedef struct {
    const char *name;
    uint32_t n_layers, in_h, in_c, n_out;
    size_t macs, weights, file_size;
} expect_t;

/* openmv-nn-and-haar.md §6 */
static const expect_t k_expect[] = {
    {"v3.0/smile.network", 11, 32, 1, 2, 3245056u, 19842u, 20234u},
    {"v3.0/lenet.network", 8, 28, 1, 10, 1969000u, 106680u, 106984u},
    {"v3.0/cifar10.network", 11, 32, 3, 10, 12298240u, 89578u, 89970u},
    {"v3.0/cifar10_fast.network", 11, 32, 3, 10, 6558720u, 33210u, 33602u},
    {"final/smile.network", 11, 64, 3, 2, 15339520u, 23490u, 23882u},
    {"history/smile_20180616_175315fd3.network", 11, 32, 1, 2, 1557504u, 16338u, 16730u},
    {"history/smile_20180619_32f2e97cd.network", 11, 32, 1, 2, 4293632u, 36226u, 36618u},
};

static int g_files_loaded;

static void check_one(const char *dir, const char *name)
{
    char path[512];
    size_t len, k;
    uint8_t *blob;
    fl_arena_t arena;
    fl_network_t net;
    fl_network_error_t err;
    fl_status_t st;
    snprintf(path, sizeof path, "%s/%s/%s", SHARED, dir, name);
    blob = fl_test_read_file(path, &len);
    FL_CHECK(blob != NULL);
    if (blob == NULL) {
        return;
    }
    FL_CHECK_EQ_INT(FL_OK, fl_arena_init(&arena, g_arena_mem, sizeof g_arena_mem));
    st = fl_network_load(&net, blob, len, &arena, &err);
    if (st != FL_OK) {
        printf("  %s/%s: %s at offset %zu layer %u\n", dir, name, err.msg, err.offset, (unsigned)err.layer);
    }
    FL_CHECK_EQ_INT(FL_OK, st);
    if (st == FL_OK) {
        char rel[256];
        g_files_loaded++;
        printf("  %-45s layers %2u in %ux%ux%u out %u, %zu MACs, %zu weight bytes, scratch %zu B, table %zu B\n",
               name, (unsigned)net.info.n_layers, (unsigned)net.info.in_h, (unsigned)net.info.in_w,
               (unsigned)net.info.in_c, (unsigned)net.info.n_outputs, net.info.macs, net.info.weight_bytes,
               net.info.scratch_bytes, net.info.persistent_bytes);
        snprintf(rel, sizeof rel, "%s/%s", dir, name);
        for (k = 0; k < sizeof k_expect / sizeof k_expect[0]; k++) {
            if (strcmp(rel, k_expect[k].name) == 0) {
                FL_CHECK_EQ_INT(k_expect[k].n_layers, net.info.n_layers);
                FL_CHECK_EQ_INT(k_expect[k].in_h, net.info.in_h);
                FL_CHECK_EQ_INT(k_expect[k].in_c, net.info.in_c);
                FL_CHECK_EQ_INT(k_expect[k].n_out, net.info.n_outputs);
                FL_CHECK_EQ_INT(k_expect[k].macs, net.info.macs);
                FL_CHECK_EQ_INT(k_expect[k].weights, net.info.weight_bytes);
                FL_CHECK_EQ_INT(k_expect[k].file_size, len);
            }
        }
        FL_CHECK(fl_arena_high_water(&arena) <= net.info.persistent_bytes);
    }
    free(blob);
}

static void test_every_staged_model_loads(void)
{
    static const char *const dirs[3] = {"models/v3.0", "models/final", "models/history"};
    int d;
    g_files_loaded = 0;
    for (d = 0; d < 3; d++) {
        FL_CHECK(fl_test_each_network(SHARED, dirs[d], check_one) == 0);
    }
    printf("  %d .network files loaded\n", g_files_loaded);
    FL_CHECK_EQ_INT(23, g_files_loaded); /* 4 v3.0 + 4 final + 15 history */
}

static void test_truncation_at_every_length_fails(void)
{
    static const char *const models[2] = {"/models/v3.0/smile.network", "/models/v3.0/cifar10_fast.network"};
    int m;
    for (m = 0; m < 2; m++) {
        char path[512];
        size_t len, cut, failures = 0;
        uint8_t *blob;
        snprintf(path, sizeof path, "%s%s", SHARED, models[m]);
        blob = fl_test_read_file(path, &len);
        FL_CHECK(blob != NULL);
        if (blob == NULL) {
            continue;
        }
        for (cut = 0; cut < len; cut++) {
            /* copy into an exact-size allocation so ASan catches any read past the end */
            uint8_t *t = (uint8_t *)malloc(cut > 0 ? cut : 1u);
            fl_network_info_t info;
            fl_network_error_t err;
            memcpy(t, blob, cut);
            if (fl_network_inspect(cut > 0 ? t : NULL, cut, &info, &err) == FL_OK) {
                failures++;
            } else if (err.msg == NULL) {
                failures++;
            }
            free(t);
        }
        printf("  %s: %zu truncations tried, %zu accepted or without a message\n", models[m], len, failures);
        FL_CHECK_EQ_INT(0, failures);
        free(blob);
    }
}

static void test_single_byte_corruption_never_crashes(void)
{
    size_t len, i;
    uint8_t *blob;
    int v;
    unsigned ok = 0, rejected = 0;
    blob = fl_test_read_file(SHARED "/models/v3.0/smile.network", &len);
    FL_CHECK(blob != NULL);
    if (blob == NULL) {
        return;
    }
    /* every header/record byte of the first two layers and a stride over the rest */
    for (i = 0; i < len; i += (i < 512 ? 1u : 97u)) {
        for (v = 0; v < 4; v++) {
            static const uint8_t vals[4] = {0x00, 0xFF, 0x80, 0x7F};
            uint8_t *t = (uint8_t *)malloc(len);
            fl_network_info_t info;
            memcpy(t, blob, len);
            t[i] = (uint8_t)(t[i] ^ vals[v]) == t[i] ? (uint8_t)(t[i] + 1u) : vals[v];
            if (fl_network_inspect(t, len, &info, NULL) == FL_OK) {
                ok++;
            } else {
                rejected++;
            }
            free(t);
        }
    }
    printf("  corruption: %u accepted (weight bytes), %u rejected\n", ok, rejected);
    FL_CHECK(rejected > 0);
    free(blob);
}

/* ---- hand-made blobs ---- */

typedef struct {
    uint8_t b[512];
    size_t n;
} blob_t;

static void put(blob_t *x, uint32_t v)
{
    x->b[x->n++] = (uint8_t)v;
    x->b[x->n++] = (uint8_t)(v >> 8);
    x->b[x->n++] = (uint8_t)(v >> 16);
    x->b[x->n++] = (uint8_t)(v >> 24);
}

static void put_bytes(blob_t *x, const int8_t *v, size_t n)
{
    memcpy(x->b + x->n, v, n);
    x->n += n;
}

/* DATA 2x2x1 (mean 128, scale 8) -> CONV 1@1x1 (w 2, b 1, l 1, r 1) -> RELU -> IP 2 (w as given). */
static void tiny(blob_t *x)
{
    static const int8_t cw[1] = {2}, cb[1] = {1};
    static const int8_t iw[8] = {1, 1, 1, 1, -1, -1, -1, -1}, ib[2] = {0, 0};
    x->n = 0;
    memcpy(x->b, "CAFE", 4);
    x->n = 4;
    put(x, 4);
    put(x, 0); put(x, 1); put(x, 1); put(x, 2); put(x, 2);
    put(x, 128); put(x, 128); put(x, 128); put(x, 8);
    put(x, 1); put(x, 1); put(x, 1); put(x, 2); put(x, 2);
    put(x, 1); put(x, 1); put(x, 1); put(x, 0); put(x, 1);
    put(x, 1); put_bytes(x, cw, 1); put(x, 1); put_bytes(x, cb, 1);
    put(x, 2); put(x, 1); put(x, 1); put(x, 2); put(x, 2);
    put(x, 4); put(x, 1); put(x, 2); put(x, 1); put(x, 1);
    put(x, 0); put(x, 0);
    put(x, 8); put_bytes(x, iw, 8); put(x, 2); put_bytes(x, ib, 2);
}

static fl_status_t inspect_patched(size_t off, uint32_t v, fl_network_error_t *err)
{
    blob_t x;
    fl_network_info_t info;
    tiny(&x);
    x.b[off] = (uint8_t)v;
    x.b[off + 1] = (uint8_t)(v >> 8);
    x.b[off + 2] = (uint8_t)(v >> 16);
    x.b[off + 3] = (uint8_t)(v >> 24);
    return fl_network_inspect(x.b, x.n, &info, err);
}

static void test_tiny_blob_runs_in_both_modes(void)
{
    blob_t x;
    fl_arena_t arena;
    fl_network_t net;
    fl_network_error_t err;
    void *mem;
    fl_nn_ctx_t ctx;
    /* input (64, -64, 10, -10): conv (1<<1) + 2x = 2 + 2x, >> 1 = 1 + x: 65, -63, 11, -9; relu -> 65, 0, 11, 0;
     * ip: row0 = 76, row1 = -76. */
    const int8_t in[4] = {64, -64, 10, -10};
    int8_t out[2];
    float s[2];
    tiny(&x);
    FL_CHECK_EQ_INT(FL_OK, fl_arena_init(&arena, g_arena_mem, sizeof g_arena_mem));
    FL_CHECK_EQ_INT(FL_OK, fl_network_load(&net, x.b, x.n, &arena, &err));
    FL_CHECK_EQ_INT(FL_OK, fl_arena_scratch(&arena, net.info.scratch_bytes, 1, &mem));
    ctx.buf = mem;
    ctx.size = net.info.scratch_bytes;
    FL_CHECK_EQ_INT(FL_OK, fl_network_run(&net, FL_NETWORK_MODE_CAMERA, false, in, &ctx, out));
    FL_CHECK_EQ_INT(76, out[0]);
    FL_CHECK_EQ_INT(-76, out[1]);
    FL_CHECK_EQ_INT(FL_OK, fl_network_scores(FL_NETWORK_MODE_CAMERA, false, out, 2, s));
    FL_CHECK(s[0] > 0.7999f && s[0] < 0.8001f); /* (76 + 128) / 255 = 0.8 */
    FL_CHECK_EQ_INT(FL_OK, fl_network_run(&net, FL_NETWORK_MODE_CAMERA, true, in, &ctx, out));
    FL_CHECK_EQ_INT(127, out[0]);
    FL_CHECK_EQ_INT(0, out[1]);
    FL_CHECK_EQ_INT(FL_OK, fl_network_run(&net, FL_NETWORK_MODE_CORRECTED, true, in, &ctx, out));
    FL_CHECK_EQ_INT(76, out[0]); /* corrected: logits untouched, softmax lives in the scores */
    FL_CHECK_EQ_INT(FL_OK, fl_network_scores(FL_NETWORK_MODE_CORRECTED, true, out, 2, s));
    FL_CHECK(s[0] > 0.999f && s[1] < 0.001f && s[0] + s[1] > 0.9999f);
    ctx.size = net.info.scratch_bytes - 1u;
    FL_CHECK_EQ_INT(FL_ERR_NO_MEM, fl_network_run(&net, FL_NETWORK_MODE_CAMERA, false, in, &ctx, out));
    /* arena too small for the table */
    FL_CHECK_EQ_INT(FL_OK, fl_arena_init(&arena, g_arena_mem, 16));
    FL_CHECK_EQ_INT(FL_ERR_NO_MEM, fl_network_load(&net, x.b, x.n, &arena, &err));
}

static void test_validation_rules(void)
{
    fl_network_error_t err;
    blob_t x;
    fl_network_info_t info;
    /* offsets in tiny(): 0 magic, 4 n_layers, 8 DATA type, 12 n, 16 c, 20 h, 24 w, 28..36 means, 40 scale,
     * 44 CONV type, 48..60 nchw, 64 l_shift, 68 r_shift, 72 k, 76 pad, 80 stride, 84 w_size, 88 w, 89 b_size,
     * 93 b, 94 RELU type, 98 n c h w, 114 IP type ... */
    FL_CHECK_EQ_INT(FL_ERR_FORMAT, inspect_patched(0, 0x45464143u + 1u, &err)); /* "CAFE" + 1 */
    FL_CHECK_EQ_INT(FL_ERR_RANGE, inspect_patched(4, 1000, &err));
    FL_CHECK_EQ_INT(FL_ERR_FORMAT, inspect_patched(4, 5, &err));
    FL_CHECK_EQ_INT(FL_ERR_RANGE, inspect_patched(28, 256, &err));
    FL_CHECK_EQ_INT(FL_ERR_RANGE, inspect_patched(40, 0, &err));
    FL_CHECK_EQ_INT(FL_ERR_UNSUPPORTED, inspect_patched(16, 2, &err));
    FL_CHECK_EQ_INT(FL_ERR_UNSUPPORTED, inspect_patched(44, 7, &err));
    FL_CHECK_EQ_INT(FL_ERR_UNSUPPORTED, inspect_patched(44, 0, &err)); /* second DATA */
    FL_CHECK_EQ_INT(FL_ERR_RANGE, inspect_patched(64, 32, &err));
    FL_CHECK_EQ_INT(FL_ERR_RANGE, inspect_patched(68, 0xFFFFFFFFu, &err));
    FL_CHECK_EQ_INT(FL_ERR_RANGE, inspect_patched(80, 0, &err));
    FL_CHECK_EQ_INT(FL_ERR_MISMATCH, inspect_patched(84, 2, &err));
    FL_CHECK_EQ_INT(FL_ERR_UNSUPPORTED, inspect_patched(56, 3, &err)); /* conv 3x2: non-square */
    FL_CHECK_EQ_INT(FL_ERR_MISMATCH, inspect_patched(72, 2, &err)); /* k 2 with pad 0 -> 1x1, not 2x2 */
    FL_CHECK_EQ_INT(FL_ERR_RANGE, inspect_patched(16, 0, &err));
    FL_CHECK_EQ_INT(FL_ERR_RANGE, inspect_patched(20, 5000, &err));
    FL_CHECK(err.msg != NULL);
    tiny(&x);
    x.b[x.n++] = 0; /* trailing byte */
    FL_CHECK_EQ_INT(FL_ERR_FORMAT, fl_network_inspect(x.b, x.n, &info, &err));
    FL_CHECK(err.msg != NULL && strstr(err.msg, "trailing") != NULL);
    /* RELU last: drop the IP record and fix the count */
    tiny(&x);
    x.n = 114;
    x.b[4] = 3;
    FL_CHECK_EQ_INT(FL_ERR_UNSUPPORTED, fl_network_inspect(x.b, x.n, &info, &err));
}

int main(void)
{
    int passed = 0;
    DIR *probe = opendir(SHARED "/models");
    FL_RUN(test_tiny_blob_runs_in_both_modes, passed);
    FL_RUN(test_validation_rules, passed);
    if (probe == NULL) {
        printf("SKIPPED: %s/models not found (../shared is not beside the repository)\n", SHARED);
        return fl_test_failures_ != 0 ? 1 : 77;
    }
    closedir(probe);
    FL_RUN(test_every_staged_model_loads, passed);
    FL_RUN(test_truncation_at_every_length_fails, passed);
    FL_RUN(test_single_byte_corruption_never_crashes, passed);
    FL_TEST_MAIN_END(passed);
}
