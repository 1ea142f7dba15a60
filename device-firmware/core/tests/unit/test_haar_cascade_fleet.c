/* SPDX-License-Identifier: MIT */
/* The cascade loaders on hand-built blobs (no shared data needed): a minimal valid Fleet cascade and a
 * minimal OpenMV .cascade, every truncation, and one corruption per validated field with its status code. */
#include <string.h>

#include "fl/fl_cascade.h"
#include "fl_test.h"

/* 2 stages (1 and 2 features), 3 features with 2, 3 and 2 rectangles, 24x24 window. */
static size_t build_fleet(uint8_t *b)
{
    static const uint8_t hdr[32] = {'F', 'L', 'H', 'C', 1, 0, 32, 0, 24, 0, 24, 0, 2, 0, 0, 0,
                                    3, 0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    size_t pos = 32, total = 32 + 2 * 8 + 3 * 20 + 7 * 12;
    uint32_t i;
    const uint8_t nr[3] = {2, 3, 2};
    memcpy(b, hdr, 32);
    b[24] = (uint8_t)total;
    b[25] = (uint8_t)(total >> 8);
    /* stages: n, thr_q8, thr f32 (-1.0f) */
    b[pos] = 1; b[pos + 1] = 0; b[pos + 2] = 0x00; b[pos + 3] = 0xFF; /* -256 */
    b[pos + 4] = 0; b[pos + 5] = 0; b[pos + 6] = 0x80; b[pos + 7] = 0xBF;
    pos += 8;
    b[pos] = 2; b[pos + 1] = 0; b[pos + 2] = 0x00; b[pos + 3] = 0xFF;
    b[pos + 4] = 0; b[pos + 5] = 0; b[pos + 6] = 0x80; b[pos + 7] = 0xBF;
    pos += 8;
    for (i = 0; i < 3; i++) {
        memset(b + pos, 0, 20);
        b[pos + 18] = nr[i];
        pos += 20;
    }
    for (i = 0; i < 7; i++) {
        memset(b + pos, 0, 12);
        b[pos] = (uint8_t)i;      /* x */
        b[pos + 1] = 2;           /* y */
        b[pos + 2] = 4;           /* w */
        b[pos + 3] = 6;           /* h */
        b[pos + 4] = 0xFF;        /* weight -1 */
        b[pos + 10] = 0x80;       /* -1.0f */
        b[pos + 11] = 0xBF;
        pos += 12;
    }
    return pos;
}

/* Same shape as an OpenMV .cascade: 20x20, 1 stage, 2 features with 2 and 3 rectangles. */
static size_t build_openmv(uint8_t *b)
{
    size_t pos = 0, i;
    const uint8_t head[12] = {20, 0, 0, 0, 20, 0, 0, 0, 1, 0, 0, 0};
    memcpy(b, head, 12);
    pos = 12;
    b[pos++] = 2;                          /* features in stage 0 */
    b[pos++] = 0x00; b[pos++] = 0xFF;      /* stage thr -256 */
    for (i = 0; i < 6; i++) {
        b[pos++] = (uint8_t)(i * 7);       /* tree thr, alpha1, alpha2: 2 x i16 each */
        b[pos++] = 0;
    }
    b[pos++] = 2;
    b[pos++] = 3;
    for (i = 0; i < 5; i++) {
        b[pos++] = (uint8_t)(i % 2 ? 2 : 0xFF); /* weights */
    }
    for (i = 0; i < 5; i++) {
        b[pos++] = 1; b[pos++] = 1; b[pos++] = 18; b[pos++] = 18;
    }
    return pos;
}

static uint8_t g_mem[1u << 14];

static fl_status_t load(const uint8_t *b, size_t n, fl_cascade_t *c, fl_cascade_error_t *err)
{
    fl_arena_t a;
    if (fl_arena_init(&a, g_mem, sizeof g_mem) != FL_OK) {
        return FL_ERR_STATE;
    }
    return fl_cascade_load(c, b, n, &a, err);
}

static void test_fleet_minimal_loads(void)
{
    uint8_t b[256];
    size_t n = build_fleet(b);
    fl_cascade_t c;
    fl_cascade_error_t err;
    fl_cascade_info_t info;
    FL_CHECK_EQ_INT(FL_OK, load(b, n, &c, &err));
    FL_CHECK_EQ_INT(FL_CASCADE_FORMAT_FLEET, c.format);
    FL_CHECK_EQ_INT(2, c.n_stages);
    FL_CHECK_EQ_INT(3, c.n_features);
    FL_CHECK_EQ_INT(7, c.n_rects);
    FL_CHECK_EQ_INT(2, c.stages[1].n_features);
    FL_CHECK_EQ_INT(-256, c.stages[1].threshold_q8);
    FL_CHECK(c.stages[1].threshold == -1.0f);
    FL_CHECK_EQ_INT(5, c.features[2].first_rect);
    FL_CHECK_EQ_INT(-1, c.rects[6].weight_q0);
    FL_CHECK(c.rects[6].weight == -1.0f);
    FL_CHECK(c.flags == FL_CASCADE_FLOAT_EXACT);
    FL_CHECK_EQ_INT(FL_OK, fl_cascade_inspect(b, n, &info, NULL));
    FL_CHECK(info.persistent_bytes >= 2 * sizeof(fl_cascade_stage_t) + 3 * sizeof(fl_cascade_feature_t) +
                                          7 * sizeof(fl_cascade_rect_t));
    fl_cascade_truncate(&c, 1);
    FL_CHECK_EQ_INT(1, c.n_stages);
    FL_CHECK_EQ_INT(1, c.n_features);
    FL_CHECK_EQ_INT(2, c.n_rects);
}

static void test_openmv_minimal_loads(void)
{
    uint8_t b[256];
    size_t n = build_openmv(b);
    fl_cascade_t c;
    fl_cascade_error_t err;
    FL_CHECK_EQ_INT(FL_OK, load(b, n, &c, &err));
    FL_CHECK_EQ_INT(FL_CASCADE_FORMAT_OPENMV, c.format);
    FL_CHECK_EQ_INT(20, c.window_w);
    FL_CHECK_EQ_INT(5, c.n_rects);
    FL_CHECK_EQ_INT(7, c.features[1].threshold_q12);
    FL_CHECK_EQ_INT(35, c.features[1].right_q8);
    FL_CHECK(c.features[1].right == 35.0f / 256.0f);
    FL_CHECK_EQ_INT(2, c.features[1].first_rect);
    FL_CHECK_EQ_INT(0, c.flags);
}

static void test_every_truncation_fails_cleanly(void)
{
    uint8_t b[256], t[256];
    size_t n, k;
    int bad = 0, which;
    for (which = 0; which < 2; which++) {
        n = which == 0 ? build_fleet(b) : build_openmv(b);
        for (k = 0; k < n; k++) {
            fl_cascade_t c;
            fl_cascade_error_t err;
            fl_status_t st;
            memcpy(t, b, k);
            st = load(k > 0 ? t : NULL, k, &c, &err);
            bad += st == FL_OK || err.msg == NULL || c.stages != NULL;
        }
        /* one trailing byte too */
        b[n] = 0;
        {
            fl_cascade_t c;
            bad += load(b, n + 1, &c, NULL) != FL_ERR_FORMAT;
        }
    }
    FL_CHECK_EQ_INT(0, bad);
}

static void expect_fleet(size_t off, uint8_t value, fl_status_t want)
{
    uint8_t b[256];
    size_t n = build_fleet(b);
    fl_cascade_t c;
    fl_cascade_error_t err;
    fl_status_t st;
    b[off] = value;
    st = load(b, n, &c, &err);
    if (st != want) {
        printf("  offset %u value %u: got %s (%s)\n", (unsigned)off, value, fl_status_name(st),
               err.msg != NULL ? err.msg : "-");
    }
    FL_CHECK_EQ_INT(want, st);
}

static void test_fleet_each_field_validated(void)
{
    expect_fleet(0, 'X', FL_ERR_RANGE);       /* magic: then parsed as OpenMV, window out of range */
    expect_fleet(4, 2, FL_ERR_UNSUPPORTED);   /* version */
    expect_fleet(6, 31, FL_ERR_FORMAT);       /* header size */
    expect_fleet(8, 0, FL_ERR_RANGE);         /* window w */
    expect_fleet(10, 65, FL_ERR_RANGE);       /* window h */
    expect_fleet(12, 0, FL_ERR_RANGE);        /* stage count */
    expect_fleet(16, 9, FL_ERR_RANGE);        /* feature count vs rects (7 < 9) */
    expect_fleet(20, 8, FL_ERR_MISMATCH);     /* rect count: size then differs */
    expect_fleet(24, 0, FL_ERR_MISMATCH);     /* file size */
    expect_fleet(28, 1, FL_ERR_UNSUPPORTED);  /* header flags */
    expect_fleet(32, 0, FL_ERR_RANGE);        /* stage with no features */
    expect_fleet(32, 2, FL_ERR_MISMATCH);     /* stage sums */
    expect_fleet(32 + 7, 0x7F, FL_ERR_RANGE); /* stage threshold is NaN/Inf (exponent all ones) */
    expect_fleet(48 + 18, 0, FL_ERR_RANGE);   /* rects per feature */
    expect_fleet(48 + 18, 3, FL_ERR_MISMATCH); /* rect sums */
    expect_fleet(48 + 19, 1, FL_ERR_UNSUPPORTED); /* tilted */
    expect_fleet(108 + 2, 0, FL_ERR_RANGE);   /* rect w = 0 */
    expect_fleet(108 + 0, 21, FL_ERR_RANGE);  /* x + w > 24 */
    expect_fleet(108 + 6, 1, FL_ERR_FORMAT);  /* reserved byte */
}

static void test_openmv_each_field_validated(void)
{
    static const struct {
        size_t off;
        uint8_t v;
        fl_status_t want;
    } cases[] = {
        {0, 0, FL_ERR_RANGE},   /* window w 0 */
        {3, 0x80, FL_ERR_RANGE}, /* window w negative */
        {4, 65, FL_ERR_RANGE},  /* window h */
        {8, 0, FL_ERR_RANGE},   /* no stages */
        {8, 2, FL_ERR_RANGE},   /* 2 stages: the second count is the old threshold's 0 byte */
        {12, 0, FL_ERR_RANGE},  /* stage without features */
        {27, 0, FL_ERR_RANGE},  /* rectangles per feature 0 */
        {28, 4, FL_ERR_RANGE},  /* 4 rectangles */
        {28, 2, FL_ERR_FORMAT}, /* one rectangle fewer: trailing bytes */
        {34, 3, FL_ERR_RANGE},  /* rect x + w = 21 > 20 */
    };
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint8_t b[256];
        size_t n = build_openmv(b);
        fl_cascade_t c;
        fl_cascade_error_t err;
        fl_status_t st;
        b[cases[i].off] = cases[i].v;
        st = load(b, n, &c, &err);
        if (st != cases[i].want) {
            printf("  case %u: got %s (%s)\n", (unsigned)i, fl_status_name(st), err.msg != NULL ? err.msg : "-");
        }
        FL_CHECK_EQ_INT(cases[i].want, st);
    }
}

static void test_arena_too_small_leaves_nothing(void)
{
    uint8_t b[256], mem[64];
    size_t n = build_fleet(b);
    fl_arena_t a;
    fl_cascade_t c;
    size_t req, avail;
    FL_CHECK(fl_arena_init(&a, mem, sizeof mem) == FL_OK);
    FL_CHECK_EQ_INT(FL_ERR_NO_MEM, fl_cascade_load(&c, b, n, &a, NULL));
    FL_CHECK(c.stages == NULL);
    fl_arena_last_failure(&a, &req, &avail);
    FL_CHECK(req > avail);
    FL_CHECK_EQ_INT(FL_ERR_ARG, fl_cascade_load(NULL, b, n, &a, NULL));
    FL_CHECK_EQ_INT(FL_ERR_ARG, fl_cascade_inspect(NULL, 5, NULL, NULL));
}

int main(void)
{
    int passed = 0;
    FL_RUN(test_fleet_minimal_loads, passed);
    FL_RUN(test_openmv_minimal_loads, passed);
    FL_RUN(test_every_truncation_fails_cleanly, passed);
    FL_RUN(test_fleet_each_field_validated, passed);
    FL_RUN(test_openmv_each_field_validated, passed);
    FL_RUN(test_arena_too_small_leaves_nothing, passed);
    FL_TEST_MAIN_END(passed);
}
