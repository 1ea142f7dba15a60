/* SPDX-License-Identifier: MIT */
/* The firmware's own unit test (scripts/unittest/script/21-nn_cifar10.py @3.0): v3.0 cifar10_fast.network on the
 * 21 PPM images must classify 19 correctly in camera mode. Like the camera, each PPM is loaded to RGB565 with
 * the rb825/g826 tables (ppm.c), the ROI is the whole image, softmax is off and the label is the first max of
 * the scores. Also checks the 2019 (20/21) and Oct-2018 (18/21) versions measured in openmv-nn-and-haar.md §4,
 * and prints what corrected mode and bilinear resizing give (measured, not asserted). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fl/fl_model_network.h"
#include "fl_test.h"
#include "fl_test_io.h"

#define SHARED FL_TEST_OPENMV_DIR

static const char *const k_labels[10] = {"airplane", "automobile", "bird", "cat", "deer",
                                         "dog", "frog", "horse", "ship", "truck"};
static const char *const k_images[21] = {
    "airplane-1", "airplane-2", "airplane-3", "bird-1", "bird-2", "bird-3", "cat-1", "cat-2", "cat-3",
    "dog-1", "dog-2", "dog-3", "frog-1", "frog-2", "frog-3", "horse-1", "horse-2", "horse-3",
    "ship-1", "ship-2", "ship-3"};

/* Minimal binary PPM (P6, maxval 255, '#' comments) reader -> RGB565 like OpenMV's ppm.c. */
static uint16_t *load_ppm_rgb565(const char *path, int32_t *w, int32_t *h)
{
    size_t len, pos = 2;
    uint8_t *d = fl_test_read_file(path, &len);
    long vals[3];
    int k;
    uint16_t *px;
    size_t i, n;
    if (d == NULL || len < 2 || d[0] != 'P' || d[1] != '6') {
        free(d);
        return NULL;
    }
    for (k = 0; k < 3; k++) {
        long v = 0;
        for (;;) {
            while (pos < len && (d[pos] == ' ' || d[pos] == '\n' || d[pos] == '\r' || d[pos] == '\t')) {
                pos++;
            }
            if (pos < len && d[pos] == '#') {
                while (pos < len && d[pos] != '\n') {
                    pos++;
                }
                continue;
            }
            break;
        }
        while (pos < len && d[pos] >= '0' && d[pos] <= '9') {
            v = v * 10 + (d[pos] - '0');
            pos++;
        }
        vals[k] = v;
    }
    pos++; /* single whitespace after maxval */
    *w = (int32_t)vals[0];
    *h = (int32_t)vals[1];
    n = (size_t)vals[0] * (size_t)vals[1];
    if (vals[2] != 255 || pos + 3 * n > len) {
        free(d);
        return NULL;
    }
    px = (uint16_t *)malloc(n * sizeof *px);
    for (i = 0; px != NULL && i < n; i++) {
        uint32_t r = d[pos + 3 * i], g = d[pos + 3 * i + 1], b = d[pos + 3 * i + 2];
        uint32_t r5 = (62u * r + 255u) / 510u; /* rb825[i] = floor((31 i + 127.5) / 255) */
        uint32_t g6 = (126u * g + 255u) / 510u; /* g826[i] = floor((63 i + 127.5) / 255) */
        uint32_t b5 = (62u * b + 255u) / 510u;
        px[i] = (uint16_t)((r5 << 11) | (g6 << 5) | b5);
    }
    free(d);
    return px;
}

static int argmax_first(const float *s, int n)
{
    int i, best = 0;
    for (i = 1; i < n; i++) {
        if (s[i] > s[best]) {
            best = i;
        }
    }
    return best;
}

static uint8_t g_arena_mem[256 * 1024];

/* Returns the number of correct images, or -1 on an error. */
static int classify_all(const char *model, fl_network_mode_t mode, fl_resize_t resize, int verbose)
{
    size_t len;
    uint8_t *blob = fl_test_read_file(model, &len);
    fl_arena_t arena;
    fl_network_t net;
    fl_network_error_t err;
    void *scratch_mem = NULL;
    fl_nn_ctx_t scratch;
    int8_t input[32 * 32 * 3];
    int8_t out[10];
    float scores[10];
    int i, match = 0;
    if (blob == NULL || fl_arena_init(&arena, g_arena_mem, sizeof g_arena_mem) != FL_OK ||
        fl_network_load(&net, blob, len, &arena, &err) != FL_OK ||
        fl_arena_scratch(&arena, net.info.scratch_bytes, 4, &scratch_mem) != FL_OK || net.info.n_outputs != 10 ||
        net.info.in_c != 3 || net.info.in_h != 32) {
        free(blob);
        return -1;
    }
    scratch.buf = scratch_mem;
    scratch.size = net.info.scratch_bytes;
    for (i = 0; i < 21; i++) {
        char path[512];
        int32_t w, h;
        uint16_t *px;
        fl_image_t img;
        int best;
        snprintf(path, sizeof path, "%s/testdata/cifar10/%s.ppm", SHARED, k_images[i]);
        px = load_ppm_rgb565(path, &w, &h);
        if (px == NULL) {
            free(blob);
            return -1;
        }
        img.pixels = px;
        img.w = w;
        img.h = h;
        img.stride = w;
        img.fmt = FL_PIXFMT_RGB565;
        if (fl_network_preprocess(&net, mode, resize, &img, NULL, input) != FL_OK ||
            fl_network_run(&net, mode, false, input, &scratch, out) != FL_OK ||
            fl_network_scores(mode, false, out, 10, scores) != FL_OK) {
            free(px);
            free(blob);
            return -1;
        }
        best = argmax_first(scores, 10);
        if (strncmp(k_images[i], k_labels[best], strlen(k_labels[best])) == 0 &&
            k_images[i][strlen(k_labels[best])] == '-') {
            match++;
        } else if (verbose) {
            printf("    %s -> %s\n", k_images[i], k_labels[best]);
        }
        free(px);
    }
    free(blob);
    return match;
}

static void test_v30_camera_mode_matches_firmware_unit_test(void)
{
    int n = classify_all(SHARED "/models/v3.0/cifar10_fast.network", FL_NETWORK_MODE_CAMERA, FL_RESIZE_NEAREST, 1);
    printf("  v3.0 cifar10_fast, camera mode: %d/21\n", n);
    FL_CHECK_EQ_INT(19, n);
}

static void test_later_versions_camera_mode(void)
{
    int n2019 = classify_all(SHARED "/models/final/cifar10_fast.network", FL_NETWORK_MODE_CAMERA,
                             FL_RESIZE_NEAREST, 0);
    int n2018 = classify_all(SHARED "/models/history/cifar10_fast_20181008_67ce39ee5.network",
                             FL_NETWORK_MODE_CAMERA, FL_RESIZE_NEAREST, 0);
    printf("  2019 cifar10_fast camera: %d/21, Oct-2018 cifar10_fast camera: %d/21\n", n2019, n2018);
    FL_CHECK_EQ_INT(20, n2019);
    FL_CHECK_EQ_INT(18, n2018);
}

static void test_corrected_mode_measured(void)
{
    static const char *const models[4] = {"/models/v3.0/cifar10_fast.network", "/models/v3.0/cifar10.network",
                                          "/models/final/cifar10_fast.network", "/models/final/cifar10.network"};
    int m;
    for (m = 0; m < 4; m++) {
        char path[512];
        int cam, cam_bl, cor, cor_bl;
        snprintf(path, sizeof path, "%s%s", SHARED, models[m]);
        cam = classify_all(path, FL_NETWORK_MODE_CAMERA, FL_RESIZE_NEAREST, 0);
        cam_bl = classify_all(path, FL_NETWORK_MODE_CAMERA, FL_RESIZE_BILINEAR, 0);
        cor = classify_all(path, FL_NETWORK_MODE_CORRECTED, FL_RESIZE_NEAREST, 0);
        cor_bl = classify_all(path, FL_NETWORK_MODE_CORRECTED, FL_RESIZE_BILINEAR, 0);
        printf("  %-36s camera/nearest %2d, camera/bilinear %2d, corrected/nearest %2d, corrected/bilinear %2d\n",
               models[m], cam, cam_bl, cor, cor_bl);
        FL_CHECK(cam >= 0 && cam_bl >= 0 && cor >= 0 && cor_bl >= 0);
    }
}

int main(void)
{
    int passed = 0;
    FILE *probe = fopen(SHARED "/models/v3.0/cifar10_fast.network", "rb");
    if (probe == NULL) {
        printf("SKIPPED: %s not found (../shared is not beside the repository)\n", SHARED);
        return 77;
    }
    fclose(probe);
    FL_RUN(test_v30_camera_mode_matches_firmware_unit_test, passed);
    FL_RUN(test_later_versions_camera_mode, passed);
    FL_RUN(test_corrected_mode_measured, passed);
    FL_TEST_MAIN_END(passed);
}
