/* SPDX-License-Identifier: MIT */
/* The loaders on the real cascades in ../shared: the four OpenMV .cascade files and Fleet cascades built from
 * the staged OpenCV XML; truncation of each at every length must fail cleanly (an error and a message, nothing
 * allocated); the fixed-point fields of the XML conversions must equal the .cascade files that OpenMV's own
 * converter produced from the same XML (spec §7.1). Returns 77 without ../shared. */
#include <stdio.h>
#include <string.h>

#include "fl/fl_cascade.h"
#include "fl_test.h"
#include "test_haar_support.h"

static uint8_t g_file[1u << 17];
static uint8_t g_trunc[1u << 17];
static char g_xml[1u << 21];
static uint8_t g_blob[1u << 18];
static uint8_t g_mem[1u << 19];
static uint8_t g_mem2[1u << 19];

typedef struct {
    const char *rel;
    uint16_t win;
    uint32_t stages, features, rects;
} file_case_t;

static const file_case_t k_files[4] = {
    {"data/openmv/cascades/frontalface.cascade", 24, 15, 1109, 2393},
    {"data/openmv/cascades/frontalface_builtin_from_cascade_h.cascade", 24, 25, 2913, 6383},
    {"data/openmv/cascades/eye_builtin_from_cascade_h.cascade", 20, 24, 1066, 2299},
    {"data/openmv/cascades/cat.cascade", 24, 20, 1275, 2828},
};

static long read_rel(const char *rel, uint8_t *buf, size_t cap)
{
    char path[1024];
    hts_shared_path(path, sizeof path, rel);
    return hts_read_file(path, buf, cap);
}

static int truncations_fail(const uint8_t *blob, size_t len)
{
    size_t k;
    int bad = 0;
    for (k = 0; k < len; k++) {
        fl_arena_t a;
        fl_cascade_t c;
        fl_cascade_error_t err;
        fl_status_t st;
        memcpy(g_trunc, blob, k);
        if (fl_arena_init(&a, g_mem2, sizeof g_mem2) != FL_OK) {
            return 1;
        }
        st = fl_cascade_load(&c, k > 0 ? g_trunc : NULL, k, &a, &err);
        bad += st == FL_OK || err.msg == NULL || c.stages != NULL || fl_arena_high_water(&a) != 0u;
    }
    return bad;
}

static void test_openmv_files_load_and_truncations_fail(void)
{
    int i;
    for (i = 0; i < 4; i++) {
        long n = read_rel(k_files[i].rel, g_file, sizeof g_file);
        fl_arena_t a;
        fl_cascade_t c;
        fl_cascade_error_t err;
        FL_CHECK(n > 0);
        if (n <= 0) {
            continue;
        }
        FL_CHECK(fl_arena_init(&a, g_mem, sizeof g_mem) == FL_OK);
        FL_CHECK_EQ_INT(FL_OK, fl_cascade_load(&c, g_file, (size_t)n, &a, &err));
        FL_CHECK_EQ_INT(k_files[i].win, c.window_w);
        FL_CHECK_EQ_INT(k_files[i].stages, c.n_stages);
        FL_CHECK_EQ_INT(k_files[i].features, c.n_features);
        FL_CHECK_EQ_INT(k_files[i].rects, c.n_rects);
        FL_CHECK_EQ_INT(0, truncations_fail(g_file, (size_t)n));
        printf("  %s: %ux%u, %u stages, %u features, %u rects; %ld truncations rejected\n", k_files[i].rel,
               (unsigned)c.window_w, (unsigned)c.window_h, (unsigned)c.n_stages, (unsigned)c.n_features,
               (unsigned)c.n_rects, n);
    }
}

/* Fixed-point tables equal (what the camera runs). */
static int same_fixed(const fl_cascade_t *a, const fl_cascade_t *b)
{
    uint32_t i;
    if (a->window_w != b->window_w || a->window_h != b->window_h || a->n_stages != b->n_stages ||
        a->n_features != b->n_features || a->n_rects != b->n_rects) {
        return 0;
    }
    for (i = 0; i < a->n_stages; i++) {
        if (a->stages[i].n_features != b->stages[i].n_features ||
            a->stages[i].threshold_q8 != b->stages[i].threshold_q8) {
            return 0;
        }
    }
    for (i = 0; i < a->n_features; i++) {
        const fl_cascade_feature_t *x = &a->features[i], *y = &b->features[i];
        if (x->threshold_q12 != y->threshold_q12 || x->left_q8 != y->left_q8 || x->right_q8 != y->right_q8 ||
            x->n_rects != y->n_rects) {
            return 0;
        }
    }
    for (i = 0; i < a->n_rects; i++) {
        const fl_cascade_rect_t *x = &a->rects[i], *y = &b->rects[i];
        if (x->x != y->x || x->y != y->y || x->w != y->w || x->h != y->h || x->weight_q0 != y->weight_q0) {
            return 0;
        }
    }
    return 1;
}

static void xml_case(const char *xml_rel, uint32_t stages, const char *cascade_rel)
{
    char path[1024];
    long n;
    size_t len = 0;
    fl_arena_t a;
    fl_cascade_t fleet, openmv;
    fl_cascade_error_t err;
    hts_shared_path(path, sizeof path, xml_rel);
    n = hts_read_file(path, (uint8_t *)g_xml, sizeof g_xml - 1u);
    FL_CHECK(n > 0);
    if (n <= 0) {
        return;
    }
    g_xml[n] = '\0';
    FL_CHECK_EQ_INT(0, hts_xml_to_fleet(g_xml, stages, g_blob, sizeof g_blob, &len));
    FL_CHECK(fl_arena_init(&a, g_mem, sizeof g_mem) == FL_OK);
    FL_CHECK_EQ_INT(FL_OK, fl_cascade_load(&fleet, g_blob, len, &a, &err));
    FL_CHECK_EQ_INT(0, truncations_fail(g_blob, len));
    if (cascade_rel != NULL) {
        n = read_rel(cascade_rel, g_file, sizeof g_file);
        FL_CHECK(n > 0);
        FL_CHECK_EQ_INT(FL_OK, fl_cascade_load(&openmv, g_file, (size_t)n, &a, &err));
        FL_CHECK(same_fixed(&fleet, &openmv));
    }
    printf("  %s (%u stages) -> Fleet %zu B, loads%s%s\n", xml_rel, (unsigned)fleet.n_stages, len,
           cascade_rel != NULL ? ", fixed-point tables equal " : "", cascade_rel != NULL ? cascade_rel : "");
}

static void test_xml_conversions_load_and_match_openmv(void)
{
    xml_case("data/openmv/cascades/opencv-xml/haarcascade_frontalface_default.xml", 15,
             "data/openmv/cascades/frontalface.cascade");
    xml_case("data/openmv/cascades/opencv-xml/haarcascade_frontalface_default.xml", 0,
             "data/openmv/cascades/frontalface_builtin_from_cascade_h.cascade");
    xml_case("data/openmv/cascades/opencv-xml/haarcascade_eye.xml", 0,
             "data/openmv/cascades/eye_builtin_from_cascade_h.cascade");
    xml_case("data/faces/haarcascade_frontalface_alt.xml", 0, NULL);
}

int main(void)
{
    int passed = 0;
    if (!hts_have_shared()) {
        printf("SKIPPED: ../shared/data (OpenMV cascades, OpenCV XML) absent\n");
        return 77;
    }
    FL_RUN(test_openmv_files_load_and_truncations_fail, passed);
    FL_RUN(test_xml_conversions_load_and_match_openmv, passed);
    FL_TEST_MAIN_END(passed);
}
