/* SPDX-License-Identifier: MIT */
/* Camera mode against OpenMV's own unit test (07-haarcascade.py, spec §7.2): dennis.pgm with the 15-stage
 * frontalface.cascade, threshold 0.75, scale 1.25 must give exactly [(189,53,88,88), (12,11,107,107)] from
 * 37 raw windows. Needs ../shared (returns 77 without it). */
#include <stdio.h>
#include <string.h>

#include "fl/fl_haar.h"
#include "fl_test.h"
#include "test_haar_support.h"

static uint8_t g_file[1u << 20];
static uint8_t g_image[1u << 20];
static uint8_t g_arena_mem[1u << 20];

static int load_cascade(const char *rel, fl_cascade_t *c, fl_arena_t *arena)
{
    char path[1024];
    long n;
    fl_cascade_error_t err;
    hts_shared_path(path, sizeof path, rel);
    n = hts_read_file(path, g_file, sizeof g_file);
    if (n < 0) {
        printf("  cannot read %s\n", path);
        return -1;
    }
    if (fl_cascade_load(c, g_file, (size_t)n, arena, &err) != FL_OK) {
        printf("  load %s: %s at %zu\n", rel, err.msg, err.offset);
        return -1;
    }
    return 0;
}

static int load_dennis(fl_haar_gray_t *img)
{
    char path[1024];
    long n;
    hts_shared_path(path, sizeof path, "data/openmv/testdata/dennis.pgm");
    n = hts_read_file(path, g_image, sizeof g_image);
    return n < 0 ? -1 : hts_parse_pgm(g_image, (size_t)n, img);
}

static void run_dennis(const char *cascade_rel, uint32_t expect_raw, const fl_haar_rect_t *expect, uint32_t n_expect)
{
    fl_arena_t arena;
    fl_cascade_t c;
    fl_haar_gray_t img;
    fl_haar_config_t cfg;
    fl_haar_rect_t out[16];
    fl_haar_stats_t stats;
    uint32_t n = 0, i;
    size_t need = 0;
    FL_CHECK(fl_arena_init(&arena, g_arena_mem, sizeof g_arena_mem) == FL_OK);
    FL_CHECK(load_cascade(cascade_rel, &c, &arena) == 0);
    FL_CHECK(load_dennis(&img) == 0);
    if (c.stages == NULL || img.pixels == NULL) {
        return;
    }
    fl_haar_config_default(&cfg, FL_HAAR_MODE_CAMERA);
    cfg.threshold = 0.75f;
    cfg.scale_factor = 1.25f;
    FL_CHECK(fl_haar_scratch_bytes(&c, &cfg, img.w, &need) == FL_OK);
    FL_CHECK_EQ_INT(FL_OK, fl_haar_detect(&c, &cfg, &img, &arena, out, 16, &n, &stats));
    printf("  %s: %u raw -> %u objects:", cascade_rel, (unsigned)stats.n_raw, (unsigned)n);
    for (i = 0; i < n; i++) {
        printf(" (%d,%d,%d,%d)", (int)out[i].x, (int)out[i].y, (int)out[i].w, (int)out[i].h);
    }
    printf("; scratch %zu of %zu B predicted\n", stats.scratch_bytes, need);
    FL_CHECK(stats.scratch_bytes <= need);
    FL_CHECK_EQ_INT(expect_raw, stats.n_raw);
    FL_CHECK_EQ_INT(n_expect, n);
    for (i = 0; i < n && i < n_expect; i++) {
        FL_CHECK_EQ_INT(expect[i].x, out[i].x);
        FL_CHECK_EQ_INT(expect[i].y, out[i].y);
        FL_CHECK_EQ_INT(expect[i].w, out[i].w);
        FL_CHECK_EQ_INT(expect[i].h, out[i].h);
    }
    fl_arena_scratch_reset(&arena);
}

static void test_dennis_15_stage_file_matches_openmv_unit_test(void)
{
    static const fl_haar_rect_t expect[2] = {{189, 53, 88, 88}, {12, 11, 107, 107}};
    run_dennis("data/openmv/cascades/frontalface.cascade", 37, expect, 2);
}

static void test_dennis_25_stage_builtin_matches_spec(void)
{
    static const fl_haar_rect_t expect[2] = {{188, 53, 90, 90}, {8, 8, 114, 114}};
    run_dennis("data/openmv/cascades/frontalface_builtin_from_cascade_h.cascade", 14, expect, 2);
}

/* The arena is the only memory: one byte less than the size query must fail cleanly with FL_ERR_NO_MEM. */
static void test_dennis_arena_exactly_sized_by_query(void)
{
    fl_arena_t arena;
    fl_cascade_t c;
    fl_haar_gray_t img;
    fl_haar_config_t cfg;
    fl_haar_rect_t out[4];
    uint32_t n;
    size_t need = 0;
    static uint8_t cascade_mem[1u << 17];
    fl_arena_t carena;
    FL_CHECK(fl_arena_init(&carena, cascade_mem, sizeof cascade_mem) == FL_OK);
    FL_CHECK(load_cascade("data/openmv/cascades/frontalface.cascade", &c, &carena) == 0);
    FL_CHECK(load_dennis(&img) == 0);
    if (c.stages == NULL || img.pixels == NULL) {
        return;
    }
    fl_haar_config_default(&cfg, FL_HAAR_MODE_CAMERA);
    cfg.threshold = 0.75f;
    cfg.scale_factor = 1.25f;
    cfg.max_candidates = 64;
    FL_CHECK(fl_haar_scratch_bytes(&c, &cfg, img.w, &need) == FL_OK);
    printf("  scratch for a %d px wide frame: %zu B (grows with width only)\n", (int)img.w, need);
    FL_CHECK(fl_arena_init(&arena, g_arena_mem, need) == FL_OK);
    FL_CHECK_EQ_INT(FL_OK, fl_haar_detect(&c, &cfg, &img, &arena, out, 4, &n, NULL));
    FL_CHECK_EQ_INT(2, n);
    FL_CHECK(fl_arena_init(&arena, g_arena_mem, need / 2u) == FL_OK);
    FL_CHECK_EQ_INT(FL_ERR_NO_MEM, fl_haar_detect(&c, &cfg, &img, &arena, out, 4, &n, NULL));
    /* more raw windows than max_candidates: refused, not silently truncated */
    cfg.max_candidates = 10;
    FL_CHECK(fl_arena_init(&arena, g_arena_mem, sizeof g_arena_mem) == FL_OK);
    FL_CHECK_EQ_INT(FL_ERR_NO_MEM, fl_haar_detect(&c, &cfg, &img, &arena, out, 4, &n, NULL));
}

int main(void)
{
    int passed = 0;
    if (!hts_have_shared()) {
        printf("SKIPPED: ../shared/data (OpenMV cascades and dennis.pgm) absent\n");
        return 77;
    }
    FL_RUN(test_dennis_15_stage_file_matches_openmv_unit_test, passed);
    FL_RUN(test_dennis_25_stage_builtin_matches_spec, passed);
    FL_RUN(test_dennis_arena_exactly_sized_by_query, passed);
    FL_TEST_MAIN_END(passed);
}
