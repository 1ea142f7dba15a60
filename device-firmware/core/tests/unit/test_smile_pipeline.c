/* SPDX-License-Identifier: MIT */
/* fl_pipeline_run() equals doing the steps by hand: fl_haar_detect, then per face the ROI rule,
 * fl_network_preprocess + fl_network_run(softmax) + fl_network_scores. Real photos from ../shared/data/faces with
 * the seed's 15-stage frontalface.cascade and smile.network (v3.0). Needs ../shared (returns 77 without it). */
#include <stdio.h>
#include <string.h>

#include "fl/fl_pipeline.h"
#include "fl_test.h"
#include "test_haar_support.h"

static uint8_t g_cascade_file[1u << 20];
static uint8_t g_net_file[1u << 20];
static uint8_t g_image_file[1u << 21];
static uint16_t g_rgb565[1u << 20];
static uint8_t g_model_mem[1u << 18];
static uint8_t g_arena_mem[1u << 22];

static fl_arena_t g_models; /* cascade + network, persistent */
static fl_cascade_t g_cascade;
static fl_network_t g_net;

static const char *const k_images[] = {"data/faces/images/dennis.pgm", "data/faces/images/faces.pgm",
                                       "data/faces/images/bald_guys.pgm", "data/faces/images/person.pgm"};

static int load_models(void)
{
    char path[1024];
    long n;
    if (fl_arena_init(&g_models, g_model_mem, sizeof g_model_mem) != FL_OK) {
        return -1;
    }
    hts_shared_path(path, sizeof path, "data/openmv/cascades/frontalface.cascade");
    n = hts_read_file(path, g_cascade_file, sizeof g_cascade_file);
    if (n < 0 || fl_cascade_load(&g_cascade, g_cascade_file, (size_t)n, &g_models, NULL) != FL_OK) {
        printf("  cannot load %s\n", path);
        return -1;
    }
    hts_shared_path(path, sizeof path, "data/openmv/models/v3.0/smile.network");
    n = hts_read_file(path, g_net_file, sizeof g_net_file);
    if (n < 0 || fl_network_load(&g_net, g_net_file, (size_t)n, &g_models, NULL) != FL_OK) {
        printf("  cannot load %s\n", path);
        return -1;
    }
    return 0;
}

static int load_image(const char *rel, fl_haar_gray_t *gray)
{
    char path[1024];
    long n;
    hts_shared_path(path, sizeof path, rel);
    n = hts_read_file(path, g_image_file, sizeof g_image_file);
    return n < 0 ? -1 : hts_parse_pgm(g_image_file, (size_t)n, gray);
}

/* The steps by hand, compared with one pipeline result. */
static void check_by_hand(const fl_pipeline_config_t *cfg, const fl_image_t *frame, const fl_haar_gray_t *gray,
                          const fl_pipeline_result_t *r)
{
    fl_arena_t arena;
    fl_haar_rect_t boxes[FL_PIPELINE_MAX_FACES];
    fl_haar_stats_t stats;
    uint32_t n = 0, i;
    FL_CHECK(fl_arena_init(&arena, g_arena_mem, sizeof g_arena_mem) == FL_OK);
    FL_CHECK_EQ_INT(FL_OK, fl_haar_detect(cfg->cascade, &cfg->haar, gray, &arena, boxes, FL_PIPELINE_MAX_FACES, &n,
                                          &stats));
    fl_arena_scratch_reset(&arena);
    FL_CHECK_EQ_INT(n, r->n_faces);
    FL_CHECK_EQ_INT(stats.n_objects, r->n_detected);
    FL_CHECK_EQ_INT(stats.n_raw, r->haar.n_raw);
    for (i = 0; i < n && i < r->n_faces; i++) {
        const fl_pipeline_face_t *f = &r->faces[i];
        fl_rect_t roi;
        int8_t tensor[32 * 32 * 3], q[16];
        float scores[16];
        static uint8_t scratch[1u << 20];
        fl_nn_ctx_t ctx;
        int32_t side = (int32_t)(0.7f * (float)boxes[i].w); /* the seed's int(r.w * 0.7) in float32 */
        FL_CHECK_MEM_EQ(&boxes[i], &f->face, sizeof boxes[i]);
        roi.x = boxes[i].x + 10;
        roi.y = boxes[i].y + 25;
        roi.w = side;
        roi.h = side;
        if (roi.x + roi.w > frame->w) {
            roi.w = frame->w - roi.x;
        }
        if (roi.y + roi.h > frame->h) {
            roi.h = frame->h - roi.y;
        }
        FL_CHECK_EQ_INT(roi.x, f->roi.x);
        FL_CHECK_EQ_INT(roi.y, f->roi.y);
        FL_CHECK_EQ_INT(roi.w, f->roi.w);
        FL_CHECK_EQ_INT(roi.h, f->roi.h);
        if (cfg->network == NULL) {
            FL_CHECK_EQ_INT(-1, f->smile);
            continue;
        }
        FL_CHECK(g_net.info.scratch_bytes <= sizeof scratch && g_net.info.n_outputs <= 16u);
        ctx.buf = scratch;
        ctx.size = sizeof scratch;
        FL_CHECK_EQ_INT(FL_OK, fl_network_preprocess(cfg->network, cfg->network_mode, FL_RESIZE_NEAREST, frame,
                                                     &roi, tensor));
        FL_CHECK_EQ_INT(FL_OK, fl_network_run(cfg->network, cfg->network_mode, true, tensor, &ctx, q));
        FL_CHECK_EQ_INT(FL_OK, fl_network_scores(cfg->network_mode, true, q, g_net.info.n_outputs, scores));
        FL_CHECK(memcmp(&scores[0], &f->score, sizeof(float)) == 0);
        FL_CHECK_EQ_INT(scores[0] > cfg->smile_threshold ? 1 : 0, f->smile);
        FL_CHECK(f->score >= 0.0f && f->score <= 1.0f);
    }
}

static void run_one(const char *rel, fl_haar_mode_t hmode, const fl_network_t *net, fl_network_mode_t nmode,
                    int rgb565)
{
    fl_haar_gray_t gray;
    fl_image_t frame;
    fl_pipeline_config_t cfg;
    fl_pipeline_result_t r;
    fl_arena_t arena;
    size_t need = 0, i, marker_before;
    void *marker = NULL;
    static uint8_t gray_rt[1u << 20];
    FL_CHECK(load_image(rel, &gray) == 0);
    if (gray.pixels == NULL) {
        return;
    }
    frame.pixels = gray.pixels;
    frame.w = gray.w;
    frame.h = gray.h;
    frame.stride = gray.stride;
    frame.fmt = FL_PIXFMT_GRAYSCALE;
    if (rgb565) {
        /* a colour frame from the gray photo; Haar by hand then sees its yuv_table gray, like the camera */
        FL_CHECK((size_t)gray.w * (size_t)gray.h <= sizeof g_rgb565 / sizeof g_rgb565[0]);
        for (i = 0; i < (size_t)gray.w * (size_t)gray.h; i++) {
            uint8_t p = gray.pixels[(i / (size_t)gray.w) * (size_t)gray.stride + i % (size_t)gray.w];
            g_rgb565[i] = (uint16_t)(((uint32_t)(p >> 3) << 11) | ((uint32_t)(p >> 2) << 5) | (uint32_t)(p >> 3));
        }
        fl_haar_rgb565_to_gray(g_rgb565, gray_rt, (size_t)gray.w * (size_t)gray.h);
        frame.pixels = g_rgb565;
        frame.stride = gray.w;
        frame.fmt = FL_PIXFMT_RGB565;
        gray.pixels = gray_rt;
        gray.stride = gray.w;
    }
    fl_pipeline_config_default(&cfg, hmode);
    cfg.cascade = &g_cascade;
    cfg.network = net;
    cfg.network_mode = nmode;
    FL_CHECK_EQ_INT(FL_OK, fl_pipeline_scratch_bytes(&cfg, frame.w, frame.h, frame.fmt, &need));
    /* exactly the predicted size after a caller's own scratch: enough, and the caller's scratch survives */
    FL_CHECK(need + 64u <= sizeof g_arena_mem);
    FL_CHECK(fl_arena_init(&arena, g_arena_mem, need + 64u) == FL_OK);
    FL_CHECK(fl_arena_scratch(&arena, 48u, 16u, &marker) == FL_OK);
    marker_before = arena.lo;
    FL_CHECK_EQ_INT(FL_OK, fl_pipeline_run(&cfg, &frame, &arena, &r));
    FL_CHECK_EQ_INT(marker_before, arena.lo);
    printf("  %s (%s, %s%s): %u faces", rel, hmode == FL_HAAR_MODE_CAMERA ? "camera" : "opencv",
           net == NULL ? "no model" : (nmode == FL_NETWORK_MODE_CAMERA ? "net camera" : "net corrected"),
           rgb565 ? ", rgb565" : "", (unsigned)r.n_faces);
    for (i = 0; i < r.n_faces; i++) {
        printf(" [%d,%d,%d,%d]=%.4f", (int)r.faces[i].face.x, (int)r.faces[i].face.y, (int)r.faces[i].face.w,
               (int)r.faces[i].face.h, (double)r.faces[i].score);
    }
    printf("; scratch %zu B\n", need);
    check_by_hand(&cfg, &frame, &gray, &r);
}

static void test_pipeline_equals_by_hand(void)
{
    size_t k;
    for (k = 0; k < sizeof k_images / sizeof k_images[0]; k++) {
        run_one(k_images[k], FL_HAAR_MODE_CAMERA, &g_net, FL_NETWORK_MODE_CAMERA, 0);
        run_one(k_images[k], FL_HAAR_MODE_CAMERA, &g_net, FL_NETWORK_MODE_CORRECTED, 0);
        run_one(k_images[k], FL_HAAR_MODE_OPENCV, &g_net, FL_NETWORK_MODE_CAMERA, 0);
    }
    run_one(k_images[0], FL_HAAR_MODE_CAMERA, &g_net, FL_NETWORK_MODE_CAMERA, 1);
    run_one(k_images[0], FL_HAAR_MODE_CAMERA, NULL, FL_NETWORK_MODE_CAMERA, 0);
}

/* dennis.pgm gives OpenMV's own boxes through the pipeline too (spec §7.2). */
static void test_dennis_boxes(void)
{
    fl_haar_gray_t gray;
    fl_image_t frame;
    fl_pipeline_config_t cfg;
    fl_pipeline_result_t r;
    fl_arena_t arena;
    static const int32_t expect[2][4] = {{189, 53, 88, 88}, {12, 11, 107, 107}};
    uint32_t i;
    FL_CHECK(load_image(k_images[0], &gray) == 0);
    if (gray.pixels == NULL) {
        return;
    }
    frame.pixels = gray.pixels;
    frame.w = gray.w;
    frame.h = gray.h;
    frame.stride = gray.stride;
    frame.fmt = FL_PIXFMT_GRAYSCALE;
    fl_pipeline_config_default(&cfg, FL_HAAR_MODE_CAMERA);
    cfg.cascade = &g_cascade;
    cfg.network = &g_net;
    FL_CHECK(fl_arena_init(&arena, g_arena_mem, sizeof g_arena_mem) == FL_OK);
    FL_CHECK_EQ_INT(FL_OK, fl_pipeline_run(&cfg, &frame, &arena, &r));
    FL_CHECK_EQ_INT(2, r.n_faces);
    for (i = 0; i < r.n_faces && i < 2u; i++) {
        FL_CHECK_EQ_INT(expect[i][0], r.faces[i].face.x);
        FL_CHECK_EQ_INT(expect[i][1], r.faces[i].face.y);
        FL_CHECK_EQ_INT(expect[i][2], r.faces[i].face.w);
        FL_CHECK_EQ_INT(expect[i][3], r.faces[i].face.h);
    }
}

static void test_errors(void)
{
    fl_haar_gray_t gray;
    fl_image_t frame;
    fl_pipeline_config_t cfg;
    fl_pipeline_result_t r;
    fl_arena_t arena;
    fl_model_t fake;
    size_t need = 0;
    FL_CHECK(load_image(k_images[0], &gray) == 0);
    if (gray.pixels == NULL) {
        return;
    }
    frame.pixels = gray.pixels;
    frame.w = gray.w;
    frame.h = gray.h;
    frame.stride = gray.stride;
    frame.fmt = FL_PIXFMT_GRAYSCALE;
    fl_pipeline_config_default(&cfg, FL_HAAR_MODE_CAMERA);
    cfg.cascade = &g_cascade;
    cfg.network = &g_net;
    FL_CHECK(fl_arena_init(&arena, g_arena_mem, 1024u) == FL_OK);
    FL_CHECK_EQ_INT(FL_ERR_NO_MEM, fl_pipeline_run(&cfg, &frame, &arena, &r));
    FL_CHECK_EQ_INT(0, r.n_faces);
    FL_CHECK_EQ_INT(0, arena.lo);
    FL_CHECK(fl_arena_init(&arena, g_arena_mem, sizeof g_arena_mem) == FL_OK);
    FL_CHECK_EQ_INT(FL_ERR_ARG, fl_pipeline_run(NULL, &frame, &arena, &r));
    FL_CHECK_EQ_INT(FL_ERR_ARG, fl_pipeline_run(&cfg, NULL, &arena, &r));
    FL_CHECK_EQ_INT(FL_ERR_ARG, fl_pipeline_run(&cfg, &frame, NULL, &r));
    FL_CHECK_EQ_INT(FL_ERR_ARG, fl_pipeline_run(&cfg, &frame, &arena, NULL));
    frame.stride = frame.w - 1;
    FL_CHECK_EQ_INT(FL_ERR_ARG, fl_pipeline_run(&cfg, &frame, &arena, &r));
    frame.stride = gray.stride;
    frame.fmt = (fl_pixfmt_t)7;
    FL_CHECK_EQ_INT(FL_ERR_ARG, fl_pipeline_run(&cfg, &frame, &arena, &r));
    FL_CHECK_EQ_INT(FL_ERR_ARG, fl_pipeline_scratch_bytes(&cfg, frame.w, frame.h, frame.fmt, &need));
    frame.fmt = FL_PIXFMT_GRAYSCALE;
    memset(&fake, 0, sizeof fake);
    cfg.model = &fake; /* both models */
    FL_CHECK_EQ_INT(FL_ERR_ARG, fl_pipeline_run(&cfg, &frame, &arena, &r));
    cfg.network = NULL; /* an unloaded Fleet model */
    FL_CHECK_EQ_INT(FL_ERR_ARG, fl_pipeline_run(&cfg, &frame, &arena, &r));
    cfg.model = NULL;
    cfg.network = &g_net;
    cfg.smile_output = g_net.info.n_outputs;
    FL_CHECK_EQ_INT(FL_ERR_RANGE, fl_pipeline_run(&cfg, &frame, &arena, &r));
    cfg.smile_output = 0;
    cfg.cascade = NULL;
    FL_CHECK_EQ_INT(FL_ERR_ARG, fl_pipeline_run(&cfg, &frame, &arena, &r));
    FL_CHECK_EQ_INT(FL_ERR_ARG, fl_pipeline_scratch_bytes(&cfg, frame.w, frame.h, frame.fmt, &need));
}

/* The integer ROI side equals the camera's float32 int(w * 0.7) for every width the detector allows, and the
 * ROI is clipped (or dropped) at the frame edges. */
static void test_roi_rule(void)
{
    int32_t w;
    fl_haar_rect_t face;
    fl_rect_t roi;
    int bad = 0;
    for (w = 1; w <= FL_HAAR_MAX_DIM; w++) {
        float v = (float)w * 0.7f;
        face.x = 0;
        face.y = 0;
        face.w = w;
        face.h = w;
        (void)fl_pipeline_face_roi(&face, 8192, 8192, &roi);
        if (roi.w != (int32_t)v && (int32_t)v > 0) {
            bad++;
        }
    }
    FL_CHECK_EQ_INT(0, bad);
    face.x = 90;
    face.y = 70;
    face.w = 40;
    face.h = 40;
    FL_CHECK_EQ_INT(1, fl_pipeline_face_roi(&face, 110, 100, &roi));
    FL_CHECK_EQ_INT(100, roi.x);
    FL_CHECK_EQ_INT(95, roi.y);
    FL_CHECK_EQ_INT(10, roi.w);
    FL_CHECK_EQ_INT(5, roi.h);
    FL_CHECK_EQ_INT(0, fl_pipeline_face_roi(&face, 100, 100, &roi));
    FL_CHECK_EQ_INT(0, roi.w);
}

int main(void)
{
    int passed = 0;
    FL_RUN(test_roi_rule, passed);
    if (!hts_have_shared()) {
        printf("SKIPPED: ../shared/data is absent (photos, cascade and smile.network)\n");
        return 77;
    }
    if (load_models() != 0) {
        printf("FAILED loading the models\n");
        return 1;
    }
    FL_RUN(test_dennis_boxes, passed);
    FL_RUN(test_pipeline_equals_by_hand, passed);
    FL_RUN(test_errors, passed);
    FL_TEST_MAIN_END(passed);
}
