/* SPDX-License-Identifier: MIT */
/* Host benchmark of the Haar detector (prints figures; not a test). Times fl_haar_detect() per 320x240 frame
 * in both modes, then runs tools/bench_haar_opencv.py (OpenCV's own detectMultiScale, single-threaded) on the
 * same image, cascade and parameters, and prints the ratio. Build it optimised for meaningful numbers (Release
 * -O3 or RelWithDebInfo -O2 -g; it warns otherwise):
 *   cmake -S device-firmware/core -B /tmp/fl-haar-rel -DCMAKE_BUILD_TYPE=RelWithDebInfo
 *   cmake --build /tmp/fl-haar-rel --target bench_haar && /tmp/fl-haar-rel/bench_haar [iterations]
 * The machine is usually shared: run it several times and take the median ratio.
 * Needs ../shared (image and cascades) and, for the comparison, python3-opencv. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fl/fl_haar.h"
#include "test_haar_support.h"

#ifndef FL_BENCH_BUILD_TYPE
#define FL_BENCH_BUILD_TYPE "unknown"
#endif

static uint8_t g_image[1u << 18];
static uint8_t g_file[1u << 17];
static char g_xml[1u << 21];
static uint8_t g_blob[1u << 18];
static uint8_t g_cascade_mem[1u << 19];
static uint8_t g_scratch[1u << 21];

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Best of 3 rounds of `iters` detections, ms per frame; also the box count. */
static double time_detect(const fl_cascade_t *c, const fl_haar_config_t *cfg, const fl_haar_gray_t *img, int iters,
                          uint32_t *boxes, size_t *scratch)
{
    fl_haar_rect_t out[64];
    fl_haar_stats_t st;
    double best = 1e30;
    int round, i;
    for (round = 0; round < 3; round++) {
        double t0 = now_ms();
        for (i = 0; i < iters; i++) {
            fl_arena_t a;
            if (fl_arena_init(&a, g_scratch, sizeof g_scratch) != FL_OK ||
                fl_haar_detect(c, cfg, img, &a, out, 64, boxes, &st) != FL_OK) {
                fprintf(stderr, "bench_haar: detection failed\n");
                exit(1);
            }
        }
        if ((now_ms() - t0) / iters < best) {
            best = (now_ms() - t0) / iters;
        }
    }
    *scratch = st.scratch_bytes;
    return best;
}

int main(int argc, char **argv)
{
    const char *image_rel = "data/faces/images/2007_007763.pgm";
    const char *xml_rel = "data/faces/haarcascade_frontalface_alt.xml";
    char path[1024], xml_path[1024], cmd[4096], line[512];
    int iters = argc > 1 ? atoi(argv[1]) : 20;
    long n;
    size_t len = 0, scratch = 0;
    fl_haar_gray_t img;
    fl_arena_t ca;
    fl_cascade_t alt, cam;
    fl_haar_config_t cfg;
    uint32_t boxes = 0;
    double ms_cv, ms_cam, ms_py = -1.0;
    FILE *py;
    const char *python;
    if (iters < 1) {
        iters = 1;
    }
    hts_shared_path(path, sizeof path, image_rel);
    n = hts_read_file(path, g_image, sizeof g_image);
    if (n < 0 || hts_parse_pgm(g_image, (size_t)n, &img) != 0 || img.w != 320 || img.h != 240) {
        fprintf(stderr, "bench_haar: needs %s (320x240 PGM)\n", path);
        return 77;
    }
    hts_shared_path(xml_path, sizeof xml_path, xml_rel);
    n = hts_read_file(xml_path, (uint8_t *)g_xml, sizeof g_xml - 1u);
    if (n < 0) {
        fprintf(stderr, "bench_haar: needs %s\n", xml_path);
        return 77;
    }
    g_xml[n] = '\0';
    if (hts_xml_to_fleet(g_xml, 0, g_blob, sizeof g_blob, &len) != 0 ||
        fl_arena_init(&ca, g_cascade_mem, sizeof g_cascade_mem) != FL_OK ||
        fl_cascade_load(&alt, g_blob, len, &ca, NULL) != FL_OK) {
        fprintf(stderr, "bench_haar: cannot convert/load %s\n", xml_path);
        return 1;
    }
    hts_shared_path(path, sizeof path, "data/openmv/cascades/frontalface_builtin_from_cascade_h.cascade");
    n = hts_read_file(path, g_file, sizeof g_file);
    if (n < 0 || fl_cascade_load(&cam, g_file, (size_t)n, &ca, NULL) != FL_OK) {
        fprintf(stderr, "bench_haar: cannot load %s\n", path);
        return 1;
    }

    printf("bench_haar: %s (%dx%d), build type %s, %d iterations x best of 3, single thread\n", image_rel,
           (int)img.w, (int)img.h, FL_BENCH_BUILD_TYPE, iters);
    if (strcmp(FL_BENCH_BUILD_TYPE, "Release") != 0 && strcmp(FL_BENCH_BUILD_TYPE, "RelWithDebInfo") != 0) {
        /* an unoptimised build is several times slower and says nothing about the detector */
        printf("  WARNING: not a Release/RelWithDebInfo build; the figures below are not comparable\n");
    }
    fl_haar_config_default(&cfg, FL_HAAR_MODE_OPENCV); /* scaleFactor 1.1, minNeighbors 3 */
    ms_cv = time_detect(&alt, &cfg, &img, iters, &boxes, &scratch);
    printf("  fleet opencv mode  (haarcascade_frontalface_alt, scale 1.1, minNeighbors 3): %8.3f ms/frame, "
           "%u boxes, scratch %zu B\n", ms_cv, (unsigned)boxes, scratch);
    fl_haar_config_default(&cfg, FL_HAAR_MODE_CAMERA);
    cfg.threshold = 0.75f;
    cfg.scale_factor = 1.25f;
    ms_cam = time_detect(&cam, &cfg, &img, iters, &boxes, &scratch);
    printf("  fleet camera mode  (25-stage built-in frontalface, threshold 0.75, scale 1.25): %8.3f ms/frame, "
           "%u boxes, scratch %zu B\n", ms_cam, (unsigned)boxes, scratch);

    /* Debian's interpreter, where apt's python3-opencv lives, unless FL_PYTHON names another (a pyenv shim on
     * PATH would not see it). */
    python = getenv("FL_PYTHON");
    if (python == NULL) {
        FILE *f = fopen("/usr/bin/python3", "rb");
        python = f != NULL ? "/usr/bin/python3" : "python3";
        if (f != NULL) {
            fclose(f);
        }
    }
    snprintf(cmd, sizeof cmd, "%s %s/device-firmware/core/tools/bench_haar_opencv.py %s/../shared/%s %s 1.1 3 %d",
             python, FL_REPO_ROOT, FL_REPO_ROOT, image_rel, xml_path, iters);
    py = popen(cmd, "r");
    if (py != NULL) {
        while (fgets(line, sizeof line, py) != NULL) {
            char ver[64];
            double ms;
            unsigned nb;
            if (sscanf(line, "opencv %63s ms_per_frame %lf boxes %u", ver, &ms, &nb) == 3) {
                ms_py = ms;
                printf("  OpenCV %s detectMultiScale (same cascade, image, parameters):       %8.3f ms/frame, "
                       "%u boxes\n", ver, ms, nb);
            }
        }
        pclose(py);
    }
    if (ms_py > 0.0) {
        printf("  ratio fleet opencv mode / OpenCV: %.2f\n", ms_cv / ms_py);
    } else {
        printf("  OpenCV comparison unavailable (python3-opencv missing?): %s\n", cmd);
    }
    return 0;
}
