/* SPDX-License-Identifier: MIT */
/* The seed's .network models converted to the Fleet format must give bit-identical outputs to fl_network_run in
 * CORRECTED mode (softmax off: corrected mode leaves logits untouched). The converter below is test code: it maps
 * DATA -> input spec (per-channel mean and shift, nearest resize), CONV -> conv (truncating q7 shifts), RELU ->
 * relu, POOL -> max/avg pool (the Caffe sizes satisfy the format's window rule), IP -> fully connected with the
 * x4-interleaved weights de-interleaved to row-major. Labels are "class<i>" (the files carry none). Every staged
 * model is tried; one the format cannot express is reported and skipped, not failed.
 * Needs ../shared: returns 77 with "SKIPPED: <reason>" without it. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fl/fl_model.h"
#include "fl/fl_model_network.h"
#include "fl/fl_nn.h"
#include "fl_model_builder.h"
#include "fl_test.h"
#include "fl_test_io.h"

#define SHARED FL_TEST_OPENMV_DIR "/models"

static uint8_t g_net_arena[1u << 20];
static uint8_t g_model_arena[1u << 20];
static fl_mb_t g_b;
static int g_converted, g_skipped;

/* Returns NULL with *why set when a layer does not fit the format. */
static uint8_t *convert(const fl_network_t *net, const char *id, size_t *len, const char **why)
{
    uint32_t i;
    const fl_network_layer_t *d = &net->layers[0];
    uint8_t mean[3] = {0, 0, 0}, shift[3] = {0, 0, 0};
    int8_t *dense = NULL;
    uint8_t *blob;
    fl_mb_free(&g_b);
    fl_mb_init(&g_b, FL_MODEL_SCHEME_Q7, id, 1u);
    if (net->info.n_layers - 1u > FL_MODEL_MAX_LAYERS) {
        *why = "more than 64 layers";
        return NULL;
    }
    for (i = 0; i < d->c; i++) {
        mean[i] = (uint8_t)d->mean[i];
        shift[i] = (uint8_t)d->scale;
    }
    fl_mb_input_q7(&g_b, (uint16_t)d->h, (uint16_t)d->w, (uint16_t)d->c, FL_MODEL_RESIZE_NEAREST, mean, shift);
    for (i = 1; i < net->info.n_layers; i++) {
        const fl_network_layer_t *l = &net->layers[i];
        const fl_network_layer_t *p = &net->layers[i - 1u];
        fl_mb_layer_t m;
        memset(&m, 0, sizeof m);
        m.out_h = (uint16_t)l->h;
        m.out_w = (uint16_t)l->w;
        m.out_c = (uint16_t)l->c;
        if (l->type == FL_NETWORK_LAYER_CONV || l->type == FL_NETWORK_LAYER_POOL) {
            if (l->krn_dim > FL_MODEL_MAX_KERNEL || l->krn_str > FL_MODEL_MAX_KERNEL) {
                *why = "kernel or stride above 64";
                free(dense);
                return NULL;
            }
            m.kh = m.kw = (uint8_t)l->krn_dim;
            m.sh = m.sw = (uint8_t)l->krn_str;
            m.ph = m.pw = (uint8_t)l->krn_pad;
        }
        switch (l->type) {
        case FL_NETWORK_LAYER_CONV:
            m.op = FL_MODEL_OP_CONV;
            m.lshift = (uint8_t)l->l_shift;
            m.rshift = (uint8_t)l->r_shift;
            m.weights = l->weights;
            m.weights_len = l->w_size;
            m.bias = l->bias;
            m.bias_len = l->b_size;
            break;
        case FL_NETWORK_LAYER_RELU:
            m.op = FL_MODEL_OP_RELU;
            break;
        case FL_NETWORK_LAYER_POOL:
            m.op = l->pool_type == FL_NETWORK_POOL_MAX ? FL_MODEL_OP_MAXPOOL : FL_MODEL_OP_AVGPOOL;
            break;
        case FL_NETWORK_LAYER_IP: {
            int32_t rows = (int32_t)l->c, cols = (int32_t)(p->c * p->h * p->w), r, c;
            free(dense);
            dense = (int8_t *)malloc((size_t)rows * (size_t)cols);
            for (r = 0; r < rows; r++) {
                for (c = 0; c < cols; c++) {
                    dense[(size_t)r * (size_t)cols + (size_t)c] = l->weights[fl_nn_fc_q7_x4_index(rows, cols, r, c)];
                }
            }
            m.op = FL_MODEL_OP_FC;
            m.lshift = (uint8_t)l->l_shift;
            m.rshift = (uint8_t)l->r_shift;
            m.weights = dense;
            m.weights_len = (size_t)rows * (size_t)cols;
            m.bias = l->bias;
            m.bias_len = l->b_size;
            break;
        }
        case FL_NETWORK_LAYER_DATA:
        default:
            *why = "unexpected layer type";
            free(dense);
            return NULL;
        }
        fl_mb_layer(&g_b, &m); /* copies the tensors */
    }
    free(dense);
    fl_mb_labels_numbered(&g_b, net->info.n_outputs);
    blob = fl_mb_finish(&g_b, len, fl_mb_sha256_mbedtls, NULL);
    return blob;
}

static uint32_t g_rng = 2024u;
static int8_t rnd8(void)
{
    g_rng = g_rng * 1103515245u + 12345u;
    return (int8_t)(uint8_t)(g_rng >> 16);
}

static void check_model(const char *dir, const char *name)
{
    char path[512], id[32];
    size_t len, blob_len, k;
    uint8_t *src, *blob;
    fl_arena_t na, ma;
    fl_network_t net;
    fl_network_error_t nerr;
    fl_model_t m;
    fl_model_error_t err;
    fl_model_load_options_t opts;
    const char *why = NULL;
    void *scratch_mem;
    fl_nn_ctx_t scratch;
    int trial, identical = 0;
    snprintf(path, sizeof path, "%s/%s/%s", SHARED, dir, name);
    src = fl_test_read_file(path, &len);
    FL_CHECK(src != NULL);
    if (src == NULL) {
        return;
    }
    FL_CHECK_EQ_INT(FL_OK, fl_arena_init(&na, g_net_arena, sizeof g_net_arena));
    FL_CHECK_EQ_INT(FL_OK, fl_network_load(&net, src, len, &na, &nerr));
    FL_CHECK_EQ_INT(FL_OK, fl_arena_scratch(&na, net.info.scratch_bytes, 4, &scratch_mem));
    scratch.buf = scratch_mem;
    scratch.size = net.info.scratch_bytes;
    snprintf(id, sizeof id, "seed.%.*s", (int)(strlen(name) - 8u > 24u ? 24u : strlen(name) - 8u), name);
    for (k = 0; id[k] != 0; k++) {
        if (!((id[k] >= 'a' && id[k] <= 'z') || (id[k] >= '0' && id[k] <= '9') || id[k] == '.' || id[k] == '_')) {
            id[k] = '_';
        }
    }
    blob = convert(&net, id, &blob_len, &why);
    if (blob == NULL) {
        printf("  %-45s not expressible: %s (skipped)\n", name, why);
        g_skipped++;
        free(src);
        return;
    }
    opts.sha256 = fl_mb_sha256_mbedtls;
    opts.sha256_user = NULL;
    FL_CHECK_EQ_INT(FL_OK, fl_arena_init(&ma, g_model_arena, sizeof g_model_arena));
    FL_CHECK_EQ_INT(FL_OK, fl_model_load(&m, blob, blob_len, &ma, &opts, &err));
    if (m.layers == NULL) {
        printf("  %s/%s: %s at %zu layer %u\n", dir, name, err.msg, err.offset, (unsigned)err.layer);
        free(blob);
        free(src);
        return;
    }
    FL_CHECK_EQ_INT(net.info.n_outputs, m.info.n_outputs);
    FL_CHECK_EQ_INT(net.info.macs, m.info.macs);
    FL_CHECK(fl_arena_high_water(&ma) <= m.info.arena_bytes);
    for (trial = 0; trial < 6; trial++) {
        size_t n_in = (size_t)net.info.in_h * net.info.in_w * net.info.in_c, i;
        int8_t *in = (int8_t *)malloc(n_in);
        int8_t want[16], got[16];
        for (i = 0; i < n_in; i++) {
            in[i] = trial == 0 ? 127 : trial == 1 ? -128 : rnd8();
        }
        FL_CHECK_EQ_INT(FL_OK, fl_network_run(&net, FL_NETWORK_MODE_CORRECTED, false, in, &scratch, want));
        FL_CHECK_EQ_INT(FL_OK, fl_model_run(&m, in, got));
        FL_CHECK_MEM_EQ(want, got, net.info.n_outputs);
        identical += memcmp(want, got, net.info.n_outputs) == 0;
        free(in);
    }
    printf("  %-7s %-40s %2u layers -> %6zu-byte Fleet blob, arena %6u B: %d/6 inputs bit-identical\n", dir, name,
           (unsigned)m.info.n_layers, blob_len, (unsigned)m.info.arena_bytes, identical);
    g_converted++;
    free(blob);
    free(src);
}

static void test_every_seed_model_converts_bit_identical(void)
{
    static const char *const dirs[3] = {"v3.0", "final", "history"};
    int d;
    for (d = 0; d < 3; d++) {
        FL_CHECK(fl_test_each_network(SHARED, dirs[d], check_model) == 0);
    }
    printf("  %d seed models converted and compared, %d not expressible\n", g_converted, g_skipped);
    FL_CHECK(g_converted > 0);
    FL_CHECK_EQ_INT(23, g_converted + g_skipped);
}

int main(void)
{
    int passed = 0;
    DIR *probe = opendir(SHARED);
    if (probe == NULL) {
        printf("SKIPPED: %s not found (../shared is not beside the repository)\n", SHARED);
        return 77;
    }
    closedir(probe);
    FL_RUN(test_every_seed_model_converts_bit_identical, passed);
    fl_mb_free(&g_b);
    FL_TEST_MAIN_END(passed);
}
