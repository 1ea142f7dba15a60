/* SPDX-License-Identifier: MIT */
/* Haar cascades opened in place from a flash image (fl_haar_flash.h):
 *  - a hand-built cascade round-trips through write/open without touching an arena, and every truncation and
 *    one corruption per validated field fails with its documented status (runs without ../shared);
 *  - on the staged faces images (../shared/data/faces, all files of opencv_reference.json) the flash form gives
 *    detections identical to the RAM form for the 15-stage frontalface.cascade and the 25-stage built-in, in
 *    camera and opencv mode, and the arena high-water mark of both paths is printed (docs/detection.md).
 * The shared part returns 77 ("SKIPPED") when ../shared is absent. */
#include <stdio.h>
#include <string.h>

#include "fl/fl_haar.h"
#include "fl/fl_haar_flash.h"
#include "fl_test.h"
#include "test_haar_support.h"

/* 4-byte aligned buffers (a union with uint32_t), as a flash sector would be. */
typedef union {
    uint32_t align;
    uint8_t b[1u << 20];
} aligned_buf_t;

static aligned_buf_t g_image_buf;   /* flash image */
static aligned_buf_t g_corrupt;     /* scratch copy for corruptions */
static uint8_t g_file[1u << 20];
static uint8_t g_pgm[1u << 20];
static char g_ref[1u << 20];
static uint8_t g_arena_ram[1u << 20];
static uint8_t g_arena_flash[1u << 20];

/* ---- a hand-built two-stage cascade (no ../shared needed) ---- */

static const fl_cascade_stage_t k_stages[2] = {{1u, -128, -0.5f}, {2u, 10, 0.04f}};
static const fl_cascade_feature_t k_features[3] = {
    {0.01f, -1.0f, 1.0f, 41, -256, 256, 2u, 0u, 0u},
    {-0.02f, 0.5f, -0.5f, -82, 128, -128, 1u, 0u, 2u},
    {0.0f, 0.25f, -0.75f, 0, 64, -192, 3u, 0u, 3u},
};
static const fl_cascade_rect_t k_rects[6] = {
    {0, 0, 20, 20, -1, {0, 0, 0}, -1.0f}, {5, 5, 10, 10, 4, {0, 0, 0}, 4.0f},
    {2, 3, 8, 6, 1, {0, 0, 0}, 1.0f},    {0, 0, 10, 20, -1, {0, 0, 0}, -1.0f},
    {10, 0, 10, 20, 2, {0, 0, 0}, 2.0f}, {4, 4, 12, 12, 0, {0, 0, 0}, 0.0f},
};

static fl_cascade_t tiny(void)
{
    fl_cascade_t c;
    memset(&c, 0, sizeof c);
    c.window_w = 20;
    c.window_h = 20;
    c.n_stages = 2;
    c.n_features = 3;
    c.n_rects = 6;
    c.flags = FL_CASCADE_FLOAT_EXACT;
    c.format = FL_CASCADE_FORMAT_FLEET;
    c.stages = k_stages;
    c.features = k_features;
    c.rects = k_rects;
    return c;
}

static size_t write_tiny(void)
{
    fl_cascade_t c = tiny();
    size_t n = 0;
    FL_CHECK_EQ_INT(FL_OK, fl_haar_flash_image_write(&c, g_image_buf.b, sizeof g_image_buf.b, &n));
    return n;
}

static void tiny_round_trips_in_place(void)
{
    fl_cascade_t c = tiny();
    fl_cascade_t f;
    fl_cascade_error_t err;
    size_t need = 0;
    size_t n = write_tiny();
    FL_CHECK_EQ_INT(FL_OK, fl_haar_flash_image_bytes(&c, &need));
    FL_CHECK_EQ_INT(need, n);
    FL_CHECK_EQ_INT(FL_HAAR_FLASH_HEADER_BYTES + 2 * sizeof(fl_cascade_stage_t) + 3 * sizeof(fl_cascade_feature_t) +
                        6 * sizeof(fl_cascade_rect_t),
                    n);
    FL_CHECK_EQ_INT(FL_OK, fl_haar_flash_open(&f, g_image_buf.b, n, &err));
    /* In place: the tables are the image's bytes, nothing was copied anywhere else. */
    FL_CHECK((const uint8_t *)f.stages == g_image_buf.b + FL_HAAR_FLASH_HEADER_BYTES);
    FL_CHECK((const uint8_t *)f.rects + 6 * sizeof(fl_cascade_rect_t) == g_image_buf.b + n);
    FL_CHECK_EQ_INT(20, f.window_w);
    FL_CHECK_EQ_INT(3, f.n_features);
    FL_CHECK_EQ_INT(FL_CASCADE_FLOAT_EXACT, f.flags);
    FL_CHECK_MEM_EQ(k_features, f.features, sizeof k_features);
    FL_CHECK_MEM_EQ(k_rects, f.rects, sizeof k_rects);
    /* Too small an output buffer: an error, nothing written past it. */
    memset(g_corrupt.b, 0xAB, 64);
    FL_CHECK_EQ_INT(FL_ERR_NO_MEM, fl_haar_flash_image_write(&c, g_corrupt.b, 40, &need));
    FL_CHECK_EQ_INT(0xAB, g_corrupt.b[40]);
}

static void every_truncation_fails(void)
{
    fl_cascade_t f;
    fl_cascade_error_t err;
    size_t n = write_tiny();
    size_t len;
    for (len = 0; len < n; len++) {
        fl_status_t st = fl_haar_flash_open(&f, g_image_buf.b, len, &err);
        FL_CHECK(st == FL_ERR_FORMAT);
        FL_CHECK(err.msg != NULL);
        FL_CHECK(f.stages == NULL);
    }
    memcpy(g_corrupt.b, g_image_buf.b, n);
    g_corrupt.b[n] = 0;
    FL_CHECK_EQ_INT(FL_ERR_FORMAT, fl_haar_flash_open(&f, g_corrupt.b, n + 1u, &err));
}

/* Copy the image, overwrite `width` bytes at `off` with `value` (little-endian), expect `want`. */
static void expect_corrupt(size_t off, uint32_t value, size_t width, fl_status_t want)
{
    fl_cascade_t f;
    fl_cascade_error_t err;
    size_t n = write_tiny();
    size_t i;
    memcpy(g_corrupt.b, g_image_buf.b, n);
    for (i = 0; i < width; i++) {
        g_corrupt.b[off + i] = (uint8_t)(value >> (8u * i));
    }
    if (fl_haar_flash_open(&f, g_corrupt.b, n, &err) != want) {
        printf("  offset %zu value %u: expected %d (%s)\n", off, (unsigned)value, (int)want, err.msg);
        FL_CHECK(0);
    }
    FL_CHECK(want == FL_OK || (f.stages == NULL && err.msg != NULL));
}

static void each_field_validated(void)
{
    const size_t st = FL_HAAR_FLASH_HEADER_BYTES;
    const size_t ft = st + 2 * sizeof(fl_cascade_stage_t);
    const size_t rc = ft + 3 * sizeof(fl_cascade_feature_t);
    fl_cascade_t f;
    fl_cascade_error_t err;
    size_t n = write_tiny();
    expect_corrupt(0, 'X', 1, FL_ERR_FORMAT);                                  /* magic */
    expect_corrupt(4, 2, 4, FL_ERR_UNSUPPORTED);                               /* version */
    expect_corrupt(8, fl_haar_flash_layout_tag() ^ 0x04u, 4, FL_ERR_UNSUPPORTED); /* struct layout */
    expect_corrupt(12, 0, 2, FL_ERR_RANGE);                                    /* window_w */
    expect_corrupt(14, FL_CASCADE_MAX_WINDOW + 1u, 2, FL_ERR_RANGE);           /* window_h */
    expect_corrupt(16, 0, 4, FL_ERR_RANGE);                                    /* n_stages */
    expect_corrupt(20, 1, 4, FL_ERR_RANGE);                                    /* n_features < n_stages */
    expect_corrupt(24, 10, 4, FL_ERR_RANGE);                                   /* n_rects > 3 per feature */
    expect_corrupt(28, 2, 4, FL_ERR_UNSUPPORTED);                              /* flags */
    expect_corrupt(32, 7, 4, FL_ERR_RANGE);                                    /* format */
    expect_corrupt(36, 1, 4, FL_ERR_RANGE);                                    /* reserved */
    expect_corrupt(st + offsetof(fl_cascade_stage_t, n_features), 3, 2, FL_ERR_MISMATCH);
    expect_corrupt(st + offsetof(fl_cascade_stage_t, threshold), 0x7FC00000u, 4, FL_ERR_RANGE); /* NaN */
    expect_corrupt(ft + offsetof(fl_cascade_feature_t, n_rects), 4, 1, FL_ERR_RANGE);
    expect_corrupt(ft + offsetof(fl_cascade_feature_t, first_rect), 1, 4, FL_ERR_MISMATCH);
    expect_corrupt(ft + offsetof(fl_cascade_feature_t, reserved), 1, 1, FL_ERR_RANGE);
    expect_corrupt(ft + offsetof(fl_cascade_feature_t, left), 0x7F800000u, 4, FL_ERR_RANGE); /* +Inf */
    expect_corrupt(rc + offsetof(fl_cascade_rect_t, x), 1, 1, FL_ERR_RANGE);   /* 1 + 20 > window */
    expect_corrupt(rc + offsetof(fl_cascade_rect_t, h), 0, 1, FL_ERR_RANGE);   /* empty */
    expect_corrupt(rc + offsetof(fl_cascade_rect_t, reserved), 1, 1, FL_ERR_RANGE);
    expect_corrupt(rc + offsetof(fl_cascade_rect_t, weight), 0xFFC00000u, 4, FL_ERR_RANGE);
    expect_corrupt(rc + offsetof(fl_cascade_rect_t, weight), 0x40000000u, 4, FL_OK); /* 2.0f: still valid */
    /* Misaligned start and NULLs are contract breaches. */
    memcpy(g_corrupt.b + 1, g_image_buf.b, n);
    FL_CHECK_EQ_INT(FL_ERR_ARG, fl_haar_flash_open(&f, g_corrupt.b + 1, n, &err));
    FL_CHECK_EQ_INT(FL_ERR_ARG, fl_haar_flash_open(&f, NULL, n, &err));
    FL_CHECK_EQ_INT(FL_ERR_ARG, fl_haar_flash_open(NULL, g_image_buf.b, n, &err));
}

/* ---- staged cascades and images ---- */

typedef struct {
    const char *rel;
    uint32_t stages;
} cascade_src_t;

static const cascade_src_t k_cascades[2] = {
    {"data/openmv/cascades/frontalface.cascade", 15u},
    {"data/openmv/cascades/frontalface_builtin_from_cascade_h.cascade", 25u},
};

#define MAX_OUT 256

static int read_pgm(const char *file, fl_haar_gray_t *img)
{
    char rel[512];
    char path[1024];
    long n;
    snprintf(rel, sizeof rel, "data/faces/%s", file);
    hts_shared_path(path, sizeof path, rel);
    n = hts_read_file(path, g_pgm, sizeof g_pgm);
    return n < 0 ? -1 : hts_parse_pgm(g_pgm, (size_t)n, img);
}

static void config_for(fl_haar_mode_t mode, fl_haar_config_t *cfg)
{
    fl_haar_config_default(cfg, mode);
    cfg->scale_factor = 1.25f;
    if (mode == FL_HAAR_MODE_CAMERA) {
        cfg->threshold = 0.75f;
    }
}

static void flash_detects_like_ram(const cascade_src_t *src)
{
    char path[1024];
    long blob_len;
    fl_arena_t ram_arena;
    fl_arena_t flash_arena;
    fl_cascade_t ram;
    fl_cascade_t flash;
    fl_cascade_error_t err;
    fl_cascade_info_t info;
    size_t image_len = 0;
    size_t ram_high[2] = {0, 0};
    size_t flash_high[2] = {0, 0};
    size_t ram_persist;
    long boxes[2] = {0, 0};
    int images = 0;
    int fi;
    int mode;
    char file[256];
    static fl_haar_rect_t out_ram[MAX_OUT];
    static fl_haar_rect_t out_flash[MAX_OUT];

    hts_shared_path(path, sizeof path, src->rel);
    blob_len = hts_read_file(path, g_file, sizeof g_file);
    FL_CHECK(blob_len > 0);
    if (blob_len <= 0) {
        return;
    }
    FL_CHECK_EQ_INT(FL_OK, fl_cascade_inspect(g_file, (size_t)blob_len, &info, &err));
    FL_CHECK(fl_arena_init(&ram_arena, g_arena_ram, sizeof g_arena_ram) == FL_OK);
    FL_CHECK_EQ_INT(FL_OK, fl_cascade_load(&ram, g_file, (size_t)blob_len, &ram_arena, &err));
    FL_CHECK_EQ_INT(src->stages, ram.n_stages);
    ram_persist = fl_arena_high_water(&ram_arena);
    FL_CHECK_EQ_INT(FL_OK, fl_haar_flash_image_write(&ram, g_image_buf.b, sizeof g_image_buf.b, &image_len));
    FL_CHECK_EQ_INT(FL_OK, fl_haar_flash_open(&flash, g_image_buf.b, image_len, &err));
    FL_CHECK(fl_arena_init(&flash_arena, g_arena_flash, sizeof g_arena_flash) == FL_OK);
    if (flash.stages == NULL) {
        printf("  open: %s at %zu\n", err.msg, err.offset);
        return;
    }
    for (fi = 0; hts_json_file_at(g_ref, fi, NULL, file, sizeof file) == 0; fi++) {
        fl_haar_gray_t img;
        if (read_pgm(file, &img) != 0) {
            printf("  cannot read %s\n", file);
            FL_CHECK(0);
            continue;
        }
        images++;
        for (mode = 0; mode < 2; mode++) {
            fl_haar_config_t cfg;
            fl_haar_stats_t sr;
            fl_haar_stats_t sf;
            uint32_t nr = 0;
            uint32_t nf = 0;
            uint32_t i;
            config_for(mode == 0 ? FL_HAAR_MODE_CAMERA : FL_HAAR_MODE_OPENCV, &cfg);
            FL_CHECK_EQ_INT(FL_OK, fl_haar_detect(&ram, &cfg, &img, &ram_arena, out_ram, MAX_OUT, &nr, &sr));
            FL_CHECK_EQ_INT(FL_OK, fl_haar_detect(&flash, &cfg, &img, &flash_arena, out_flash, MAX_OUT, &nf, &sf));
            /* Arena in use at the peak of this frame: persistent tables (RAM form only) + this frame's scratch. */
            if (ram_persist + sr.scratch_bytes > ram_high[mode]) {
                ram_high[mode] = ram_persist + sr.scratch_bytes;
            }
            if (fl_arena_high_water(&flash_arena) != 0u && sf.scratch_bytes > flash_high[mode]) {
                flash_high[mode] = sf.scratch_bytes;
            }
            FL_CHECK_EQ_INT(sr.scratch_bytes, sf.scratch_bytes);
            fl_arena_scratch_reset(&ram_arena);
            fl_arena_scratch_reset(&flash_arena);
            FL_CHECK_EQ_INT(sr.n_raw, sf.n_raw);
            FL_CHECK_EQ_INT(sr.n_windows, sf.n_windows);
            FL_CHECK_EQ_INT(nr, nf);
            for (i = 0; i < nr && i < nf; i++) {
                FL_CHECK_MEM_EQ(&out_ram[i], &out_flash[i], sizeof out_ram[i]);
            }
            boxes[mode] += (long)nr;
        }
    }
    FL_CHECK(images > 0);
    printf("  %u stages: %d images, camera %ld boxes, opencv %ld boxes, identical; image %zu B in flash\n",
           (unsigned)src->stages, images, boxes[0], boxes[1], image_len);
    printf("    arena RAM form:   tables %zu B (inspect says %zu), peak camera %zu B, opencv %zu B\n", ram_persist,
           info.persistent_bytes, ram_high[0], ram_high[1]);
    printf("    arena flash form: tables 0 B, peak camera %zu B, opencv %zu B (whole arena high water %zu B)\n",
           flash_high[0], flash_high[1], fl_arena_high_water(&flash_arena));
    /* The flash form keeps nothing persistent: its whole arena use is the per-frame scratch. */
    FL_CHECK(ram_persist > 0u);
    FL_CHECK_EQ_INT(ram_high[0] - ram_persist, flash_high[0]);
    FL_CHECK_EQ_INT(ram_high[1] - ram_persist, flash_high[1]);
    FL_CHECK_EQ_INT(flash_high[0] > flash_high[1] ? flash_high[0] : flash_high[1], fl_arena_high_water(&flash_arena));
}

static void staged_cascades_detect_identically(void)
{
    int i;
    for (i = 0; i < 2; i++) {
        flash_detects_like_ram(&k_cascades[i]);
    }
}

int main(void)
{
    int passed = 0;
    char path[1024];
    long n;
    FL_RUN(tiny_round_trips_in_place, passed);
    FL_RUN(every_truncation_fails, passed);
    FL_RUN(each_field_validated, passed);
    if (!hts_have_shared()) {
        printf("%d passed, %d failed\n", passed, fl_test_failures_);
        printf("SKIPPED: ../shared (staged cascades and faces images) not found\n");
        return fl_test_failures_ == 0 ? 77 : 1;
    }
    hts_shared_path(path, sizeof path, "data/faces/opencv_reference.json");
    n = hts_read_file(path, (uint8_t *)g_ref, sizeof g_ref - 1u);
    if (n < 0) {
        printf("SKIPPED: %s not found\n", path);
        return fl_test_failures_ == 0 ? 77 : 1;
    }
    g_ref[n] = '\0';
    FL_RUN(staged_cascades_detect_identically, passed);
    FL_TEST_MAIN_END(passed);
}
