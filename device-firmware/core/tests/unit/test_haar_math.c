/* SPDX-License-Identifier: MIT */
/* The exact-arithmetic helpers and building blocks of the Haar detectors, against libm and hand-worked
 * cases: the integer emulation of (int)sqrtf((float)u), half-to-even rounding, OpenMV's rectangle_merge,
 * OpenCV's groupRectangles, the INTER_LINEAR_EXACT row resizer, RGB565 to gray, argument checks. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../../src/detect/fl_haar_internal.h"
#include "fl_test.h"

static void test_sqrtf_trunc_matches_libm(void)
{
    uint32_t u, i, bad = 0, x = 12345u;
    for (u = 0; u < (1u << 20); u++) {
        bad += fl_haar_sqrtf_trunc(u) != (int32_t)sqrtf((float)u);
    }
    for (i = 0; i < 2000000u; i++) {
        x = x * 1664525u + 1013904223u; /* LCG: the whole 32-bit range */
        bad += fl_haar_sqrtf_trunc(x) != (int32_t)sqrtf((float)x);
    }
    for (i = 1; i < 65536u; i++) { /* around every perfect square */
        uint32_t sq = i * i;
        bad += fl_haar_sqrtf_trunc(sq - 1u) != (int32_t)sqrtf((float)(sq - 1u));
        bad += fl_haar_sqrtf_trunc(sq) != (int32_t)sqrtf((float)sq);
        bad += fl_haar_sqrtf_trunc(sq + 1u) != (int32_t)sqrtf((float)(sq + 1u));
    }
    bad += fl_haar_sqrtf_trunc(UINT32_MAX) != (int32_t)sqrtf((float)UINT32_MAX);
    FL_CHECK_EQ_INT(0, bad);
}

static void test_sqrt_d_close_to_libm(void)
{
    double v;
    int bad = 0;
    for (v = 0.25; v < 4.0e12; v = v * 1.37 + 1.0) {
        double a = fl_haar_sqrt_d(v), b = sqrt(v);
        bad += fabs(a - b) > b * 4.0e-16;
    }
    FL_CHECK_EQ_INT(0, bad);
}

/* The previous fl_haar_sqrt_d() (bit-loop integer root, always six Newton steps), kept as the reference: the
 * faster one (estimate + exact correction, stop at the fixed point) must return the same bits, or opencv-mode
 * windows could change. */
static double ref_sqrt_d(double v)
{
    uint64_t x, res = 0, bit = (uint64_t)1 << 62;
    double y;
    int i;
    if (!(v > 0.0)) {
        return 0.0;
    }
    x = (uint64_t)v;
    while (bit > x) {
        bit >>= 2;
    }
    while (bit != 0u) {
        if (x >= res + bit) {
            x -= res + bit;
            res = (res >> 1) + bit;
        } else {
            res >>= 1;
        }
        bit >>= 2;
    }
    y = (double)res;
    if (y < 1.0) {
        y = 1.0;
    }
    for (i = 0; i < 6; i++) {
        y = 0.5 * (y + v / y);
    }
    return y;
}

static void test_sqrt_d_bit_exact(void)
{
    uint64_t k, s = 88172645463325252u;
    int bad = 0, i;
    double v;
    for (v = 0.25; v < 4.0e15; v = v * 1.0173 + 1.0) {
        bad += fl_haar_sqrt_d(v) != ref_sqrt_d(v);
    }
    /* perfect squares and their neighbours (where a floor root off by one would show), up to 2^52 */
    for (k = 1u; k < ((uint64_t)1 << 26); k = k * 3u / 2u + 1u) {
        for (i = -1; i <= 1; i++) {
            v = (double)(k * k) + (double)i;
            bad += fl_haar_sqrt_d(v) != ref_sqrt_d(v);
        }
    }
    /* the values the detector feeds it: area * sqsum - sum^2, integers below 2^52 */
    for (i = 0; i < 300000; i++) {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        v = (double)(s >> (12 + (s & 31u)));
        bad += fl_haar_sqrt_d(v) != ref_sqrt_d(v);
    }
    FL_CHECK_EQ_INT(0, bad);
}

static void test_round_half_even(void)
{
    FL_CHECK_EQ_INT(2, fl_haar_round_f(2.5f));
    FL_CHECK_EQ_INT(4, fl_haar_round_f(3.5f));
    FL_CHECK_EQ_INT(-2, fl_haar_round_f(-2.5f));
    FL_CHECK_EQ_INT(3, fl_haar_round_f(2.5001f));
    FL_CHECK_EQ_INT(0, fl_haar_round_d(0.5));
    FL_CHECK_EQ_INT(2, fl_haar_round_d(1.5));
    FL_CHECK_EQ_INT(-1, fl_haar_floor_d(-0.25));
    FL_CHECK_EQ_INT(3, fl_haar_floor_d(3.0));
    FL_CHECK_EQ_INT(INT32_MIN, fl_haar_wrap_i32(0x80000000u));
    FL_CHECK_EQ_INT(-1, fl_haar_wrap_i32(0xFFFFFFFFu));
}

static void test_merge_openmv_groups_by_first_box(void)
{
    /* b intersects a, c intersects b but not a: c stays separate (the group is tested against a only) */
    fl_haar_rect_t r[4] = {{0, 0, 10, 10}, {5, 5, 10, 10}, {14, 14, 10, 10}, {100, 100, 5, 5}};
    uint32_t n = fl_haar_merge_openmv(r, 4);
    FL_CHECK_EQ_INT(3, n);
    FL_CHECK_EQ_INT(2, r[0].x); /* (0 + 5) / 2, C division */
    FL_CHECK_EQ_INT(10, r[0].w);
    FL_CHECK_EQ_INT(14, r[1].x);
    FL_CHECK_EQ_INT(100, r[2].x);
}

static void test_group_opencv_threshold_and_average(void)
{
    static uint8_t scratch[1024];
    fl_haar_rect_t r[6] = {{10, 10, 20, 20}, {11, 10, 20, 20}, {10, 11, 21, 21}, {12, 12, 20, 20},
                           {80, 80, 20, 20}, {81, 80, 20, 20}};
    uint32_t n = fl_haar_group_opencv(r, 6, 3, scratch);
    FL_CHECK_EQ_INT(1, n); /* 4 similar boxes > 3 neighbours survive; the pair does not */
    FL_CHECK_EQ_INT(11, r[0].x); /* (10 + 11 + 10 + 12) / 4 = 10.75 -> 11 */
    FL_CHECK_EQ_INT(11, r[0].y); /* 10.75 */
    FL_CHECK_EQ_INT(20, r[0].w); /* 20.25 */
    n = fl_haar_group_opencv(r, 1, 0, scratch);
    FL_CHECK_EQ_INT(1, n); /* threshold 0: untouched */
}

static void test_resizer_identity_and_half(void)
{
    static uint8_t src[12 * 10], row[16];
    static uint8_t mem[1024];
    fl_haar_gray_t img;
    fl_haar_resizer_t z;
    int32_t x, y, bad = 0;
    for (y = 0; y < 10; y++) {
        for (x = 0; x < 12; x++) {
            src[y * 12 + x] = (uint8_t)(x * 20 + y * 3);
        }
    }
    img.pixels = src;
    img.w = 12;
    img.h = 10;
    img.stride = 12;
    fl_haar_resizer_init(&z, &img, 12, 10, mem);
    for (y = 0; y < 10; y++) {
        fl_haar_resizer_row(&z, y, row);
        bad += memcmp(row, src + y * 12, 12) != 0;
    }
    FL_CHECK_EQ_INT(0, bad);
    /* exact 2x: OpenCV's INTER_AREA path, (a + b + c + d + 2) >> 2 */
    fl_haar_resizer_init(&z, &img, 6, 5, mem);
    fl_haar_resizer_row(&z, 1, row);
    FL_CHECK_EQ_INT((src[24] + src[25] + src[36] + src[37] + 2) >> 2, row[0]);
    /* 12 -> 5 columns: f = 2.4 (d + 0.5) - 0.5; d = 0 -> 0.7: left 0, weight round(0.7 * 256) = 179 */
    fl_haar_resizer_init(&z, &img, 5, 10, mem);
    fl_haar_resizer_row(&z, 0, row);
    FL_CHECK_EQ_INT((((256 - 179) * src[0] + 179 * src[1]) * 256 + 32768) >> 16, row[0]);
}

static void test_rgb565_to_gray(void)
{
    uint16_t px[4] = {0x0000u, 0xFFFFu, 0xF800u, 0x07E0u};
    uint8_t g[4];
    fl_haar_rgb565_to_gray(px, g, 4);
    FL_CHECK_EQ_INT(0, g[0]);
    FL_CHECK_EQ_INT(255, g[1]);
    FL_CHECK_EQ_INT(76, g[2]);  /* (int)(0.299 * 255) */
    FL_CHECK_EQ_INT(149, g[3]); /* (int)(0.587 * 255) */
}

static void test_detect_rejects_bad_arguments(void)
{
    static const uint8_t blob[] = {
        'F', 'L', 'H', 'C', 1, 0, 32, 0, 4, 0, 4, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0,
        72, 0, 0, 0, 0, 0, 0, 0,
        1, 0, 0, 0, 0, 0, 0, 0,                                     /* stage: 1 feature, thr 0 */
        0, 0, 0, 0, 0, 0, 128, 191, 0, 0, 128, 63, 0, 0, 0, 255, 0, 1, 1, 0, /* feature */
        0, 0, 4, 4, 1, 0, 0, 0, 0, 0, 128, 63};                     /* rect: whole window, weight 1 */
    static uint8_t mem[1u << 18];
    static uint8_t pix[64 * 48];
    fl_arena_t a;
    fl_cascade_t c;
    fl_haar_config_t cfg;
    fl_haar_gray_t img = {pix, 64, 48, 64};
    fl_haar_rect_t out[4];
    uint32_t n;
    size_t need;
    FL_CHECK(fl_arena_init(&a, mem, sizeof mem) == FL_OK);
    FL_CHECK_EQ_INT(FL_OK, fl_cascade_load(&c, blob, sizeof blob, &a, NULL));
    fl_haar_config_default(&cfg, FL_HAAR_MODE_OPENCV);
    FL_CHECK_EQ_INT(FL_ERR_ARG, fl_haar_detect(NULL, &cfg, &img, &a, out, 4, &n, NULL));
    FL_CHECK_EQ_INT(FL_ERR_ARG, fl_haar_detect(&c, &cfg, &img, &a, NULL, 4, &n, NULL));
    cfg.scale_factor = 1.0f;
    FL_CHECK_EQ_INT(FL_ERR_ARG, fl_haar_detect(&c, &cfg, &img, &a, out, 4, &n, NULL));
    FL_CHECK_EQ_INT(FL_ERR_ARG, fl_haar_scratch_bytes(&c, &cfg, 64, &need));
    fl_haar_config_default(&cfg, FL_HAAR_MODE_CAMERA);
    cfg.roi.x = 40;
    cfg.roi.y = 0;
    cfg.roi.w = 30;
    cfg.roi.h = 10;
    FL_CHECK_EQ_INT(FL_ERR_RANGE, fl_haar_detect(&c, &cfg, &img, &a, out, 4, &n, NULL));
    /* a flat frame has no variance: nothing found, in both modes */
    fl_haar_config_default(&cfg, FL_HAAR_MODE_CAMERA);
    FL_CHECK_EQ_INT(FL_OK, fl_haar_detect(&c, &cfg, &img, &a, out, 4, &n, NULL));
    FL_CHECK_EQ_INT(0, n);
    fl_arena_scratch_reset(&a);
    fl_haar_config_default(&cfg, FL_HAAR_MODE_OPENCV);
    FL_CHECK_EQ_INT(FL_OK, fl_haar_detect(&c, &cfg, &img, &a, out, 4, &n, NULL));
    FL_CHECK_EQ_INT(0, n);
}

int main(void)
{
    int passed = 0;
    FL_RUN(test_sqrtf_trunc_matches_libm, passed);
    FL_RUN(test_sqrt_d_close_to_libm, passed);
    FL_RUN(test_sqrt_d_bit_exact, passed);
    FL_RUN(test_round_half_even, passed);
    FL_RUN(test_merge_openmv_groups_by_first_box, passed);
    FL_RUN(test_group_opencv_threshold_and_average, passed);
    FL_RUN(test_resizer_identity_and_half, passed);
    FL_RUN(test_rgb565_to_gray, passed);
    FL_RUN(test_detect_rejects_bad_arguments, passed);
    FL_TEST_MAIN_END(passed);
}
