/* SPDX-License-Identifier: MIT */
/* The loop on real frames from ../shared (skipped without them): what it publishes equals what the detectors
 * give when called by hand on the same frames.
 *   - camera: a photo with faces -> one detection event whose boxes are fl_pipeline_run's faces;
 *   - thermal: a real Omron D6T-44L recording -> one event per frame where fl_thermal_process counts people. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fl/fl_cascade.h"
#include "fl/fl_loop.h"
#include "fl/fl_model_network.h"
#include "fl_test.h"
#include "test_loop_support.h"

#define SHARED FL_REPO_ROOT "/../shared/data"
#define D6T SHARED "/thermal/d6t44l_presence_4x4/Dataset/Data-Bedroom-Day7/Bedroom-Day7-B-1.csv"

static uint8_t g_file[1u << 20];
static uint8_t g_models_mem[1u << 20];
static uint8_t g_img[640u * 480u];
static uint8_t g_ref_mem[1u << 20];
static fl_loop_wake_result_t g_r;
static fl_msg_t g_msg;
static fl_pipeline_result_t g_ref;
static fl_thermal_result_t g_tref;

static long load(const char *path)
{
    FILE *f = fopen(path, "rb");
    size_t n;
    if (f == NULL) {
        return -1;
    }
    n = fread(g_file, 1, sizeof g_file, f);
    fclose(f);
    return (long)n;
}

static void test_camera_event_equals_the_pipeline(void)
{
    char dir[] = "/tmp/test_loop_frames_XXXXXX", dst[256];
    fl_arena_t models, ref_arena;
    fl_cascade_t cascade;
    fl_network_t net;
    fl_pipeline_config_t pipe;
    fl_image_t img;
    int32_t w = 0, h = 0;
    uint32_t i;
    long n = load(SHARED "/openmv/cascades/frontalface.cascade");

    FL_CHECK_EQ_INT(FL_OK, fl_arena_init(&models, g_models_mem, sizeof g_models_mem));
    FL_CHECK_EQ_INT(FL_OK, fl_cascade_load(&cascade, g_file, (size_t)n, &models, NULL));
    n = load(SHARED "/openmv/models/v3.0/smile.network");
    FL_CHECK_EQ_INT(FL_OK, fl_network_load(&net, g_file, (size_t)n, &models, NULL));
    fl_pipeline_config_default(&pipe, FL_HAAR_MODE_CAMERA);
    pipe.cascade = &cascade;
    pipe.network = &net;

    /* By hand. */
    FL_CHECK_EQ_INT(FL_OK, fl_host_read_pgm(SHARED "/faces/images/faces.pgm", g_img, sizeof g_img, &w, &h));
    img.pixels = g_img;
    img.w = w;
    img.h = h;
    img.stride = w;
    img.fmt = FL_PIXFMT_GRAYSCALE;
    FL_CHECK_EQ_INT(FL_OK, fl_arena_init(&ref_arena, g_ref_mem, sizeof g_ref_mem));
    FL_CHECK_EQ_INT(FL_OK, fl_pipeline_run(&pipe, &img, &ref_arena, &g_ref));
    FL_CHECK(g_ref.n_faces > 0);

    /* Through the loop. */
    FL_CHECK(mkdtemp(dir) != NULL);
    snprintf(dst, sizeof dst, "%s/faces.pgm", dir);
    FL_CHECK_EQ_INT(0, symlink(SHARED "/faces/images/faces.pgm", dst));
    tl_prepare("openmv-h7", "wifi");
    tl_env.lc.detect = FL_LOOP_DETECT_SMILE;
    tl_env.lc.pipeline = &pipe;
    tl_env.hc.frames = dir;
    snprintf(tl_env.lc.model_id, sizeof tl_env.lc.model_id, "smile");
    FL_CHECK_EQ_INT(0, tl_start());
    FL_CHECK_EQ_INT(0, tl_wake(&g_r, 0));
    FL_CHECK_EQ_INT(FL_OK, g_r.detect_status);
    FL_CHECK_EQ_INT(g_ref.n_detected, g_r.objects);
    FL_CHECK_EQ_INT(1, g_r.published);
    FL_CHECK_EQ_INT(FL_OK, fl_proto_decode_expect(tl_host.msgs[0].data, tl_host.msgs[0].len, FL_MSG_DETECTION,
                                                  &g_msg));
    FL_CHECK_EQ_INT(FL_DETECTOR_SMILE, g_msg.body.detection.detector);
    FL_CHECK_EQ_INT(g_ref.n_faces < FL_LOOP_EVENT_BOXES ? g_ref.n_faces : FL_LOOP_EVENT_BOXES,
                    g_msg.body.detection.box_count);
    for (i = 0; i < g_msg.body.detection.box_count; i++) {
        const fl_box_t *b = &g_msg.body.detection.boxes[i];
        FL_CHECK_EQ_INT(g_ref.faces[i].face.x, b->x);
        FL_CHECK_EQ_INT(g_ref.faces[i].face.y, b->y);
        FL_CHECK_EQ_INT(g_ref.faces[i].face.w, b->w);
        FL_CHECK_EQ_INT(g_ref.faces[i].face.h, b->h);
        FL_CHECK_EQ_INT((uint16_t)(g_ref.faces[i].score * 10000.0f + 0.5f), b->score_pmy);
    }
    /* the detect time the host clock charged is the profile's Haar-by-area plus one CNN per classified face */
    FL_CHECK_EQ_INT(fl_board_detect_us(tl_env.lc.board, 0, w, h, g_ref.n_faces), g_r.duration_us[FL_LEDGER_DETECT]);
    remove(dst);
    rmdir(dir);
}

static void test_thermal_events_equal_the_detector(void)
{
    fl_thermal_t ref;
    fl_thermal_config_t tc;
    fl_arena_t ref_arena;
    uint32_t f, frames, expected_events = 0, got_events = 0;

    tl_prepare("openmv-h7", "lora-sf7");
    tl_use_thermal(D6T);
    tl_env.lc.batch_max = FL_LOOP_QUEUE_MAX;
    FL_CHECK_EQ_INT(0, tl_start());
    frames = tl_host.n_frames;
    FL_CHECK(frames > 100);

    fl_thermal_config_default(&tc, 4, 4);
    FL_CHECK_EQ_INT(FL_OK, fl_arena_init(&ref_arena, g_ref_mem, sizeof g_ref_mem));
    FL_CHECK_EQ_INT(FL_OK, fl_thermal_init(&ref, &tc, 4, 4, &ref_arena));
    for (f = 0; f < frames; f++) {
        FL_CHECK_EQ_INT(FL_OK, fl_thermal_process(&ref, tl_host.thermal_frames[f], tl_host.thermal_ambient[f],
                                                  &ref_arena, &g_tref));
        fl_arena_scratch_reset(&ref_arena);
        expected_events += g_tref.count > 0 ? 1u : 0u;
        FL_CHECK_EQ_INT(0, tl_wake(&g_r, 1));
        FL_CHECK_EQ_INT(FL_OK, g_r.detect_status);
        FL_CHECK_EQ_INT(g_tref.count, g_r.objects);
        got_events += g_r.detections;
    }
    FL_CHECK_EQ_INT(expected_events, got_events);
    printf("  D6T recording: %u frames, %u with people\n", frames, expected_events);
}

int main(void)
{
    int passed = 0;
    if (access(SHARED "/faces/images/faces.pgm", R_OK) != 0 || access(D6T, R_OK) != 0 ||
        access(SHARED "/openmv/cascades/frontalface.cascade", R_OK) != 0) {
        printf("SKIPPED: ../shared/data is absent (faces, frontalface.cascade, smile.network, D6T recording)\n");
        return 77;
    }
    FL_RUN(test_camera_event_equals_the_pipeline, passed);
    FL_RUN(test_thermal_events_equal_the_detector, passed);
    FL_TEST_MAIN_END(passed);
}
