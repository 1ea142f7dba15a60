/* SPDX-License-Identifier: MIT */
/* Executed-instruction benchmark of the firmware's stages on the M7 under QEMU (docs/benchmarks-m7.md):
 * Haar face detection per QVGA (320x240) frame, the smile CNN per face (ROI preprocessing + network + scores),
 * the whole seed pipeline per frame, the thermal detector per frame (Omron D6T 4x4 recording, synthetic 32x24
 * and 80x60 scenes), and one forward pass of each seed .network. Each measured call sits between
 * bench_begin() and bench_end(); the qemu-insncount plugin writes one "region k N" line per pair, in the
 * order of the "region k <what>" lines printed here. Inputs are the handed-over files, read through
 * semihosting from the directory given as the second word of the command line (arg=<image>,arg=<shared>). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "fl/fl_pipeline.h"
#include "fl/fl_thermal.h"
#include "fl_app_frames.h"
#include "semihost.h"

__attribute__((noinline, noipa)) void bench_begin(void);
__attribute__((noinline, noipa)) void bench_end(void);
__attribute__((noinline, noipa)) void bench_begin(void) { __asm__ volatile(""); }
__attribute__((noinline, noipa)) void bench_end(void) { __asm__ volatile(""); }

static uint8_t g_file[256u * 1024u];
static uint8_t g_cascade_file[64u * 1024u];
static uint8_t g_net_file[4][128u * 1024u];
static uint8_t g_model_mem[512u * 1024u];
static uint8_t g_work_mem[1536u * 1024u];
static int16_t g_thermal[FL_THERMAL_MAX_WIDTH * FL_THERMAL_MAX_HEIGHT];
static int8_t g_tensor[64u * 64u * 3u];
static char g_line[512];

static char g_root[512];
static int g_region = 1;
static fl_arena_t g_models;
static fl_cascade_t g_cascade;
static fl_network_t g_nets[4];
static const char *const k_nets[4] = {"smile", "cifar10", "cifar10_fast", "lenet"};
static const char *const k_qvga[] = {"2007_007763", "2008_001322", "2008_002079", "2008_002506", "basketball1"};

static const char *shared_path(const char *rel)
{
    static char path[768];
    (void)snprintf(path, sizeof path, "%s/%s", g_root, rel);
    return path;
}

static int load_models(void)
{
    char rel[128];
    long n;
    int i;
    if (fl_arena_init(&g_models, g_model_mem, sizeof g_model_mem) != FL_OK) {
        return -1;
    }
    n = fl_app_read_file(shared_path("data/openmv/cascades/frontalface.cascade"), g_cascade_file,
                         sizeof g_cascade_file);
    if (n < 0 || fl_cascade_load(&g_cascade, g_cascade_file, (size_t)n, &g_models, NULL) != FL_OK) {
        printf("error: cannot load frontalface.cascade\n");
        return -1;
    }
    for (i = 0; i < 4; i++) {
        (void)snprintf(rel, sizeof rel, "data/openmv/models/v3.0/%s.network", k_nets[i]);
        n = fl_app_read_file(shared_path(rel), g_net_file[i], sizeof g_net_file[i]);
        if (n < 0 || fl_network_load(&g_nets[i], g_net_file[i], (size_t)n, &g_models, NULL) != FL_OK) {
            printf("error: cannot load %s\n", rel);
            return -1;
        }
    }
    return 0;
}

static int load_pgm(const char *name, fl_haar_gray_t *gray)
{
    char rel[128];
    long n;
    (void)snprintf(rel, sizeof rel, "data/faces/images/%s.pgm", name);
    n = fl_app_read_file(shared_path(rel), g_file, sizeof g_file);
    if (n < 0 || fl_app_parse_pgm(g_file, (size_t)n, gray) != 0) {
        printf("error: cannot read %s\n", rel);
        return -1;
    }
    return 0;
}

/* Haar alone, then per face the CNN alone, then the whole pipeline, on one QVGA photo. */
static int bench_photo(const char *name)
{
    fl_haar_gray_t gray;
    fl_pipeline_config_t cfg;
    fl_pipeline_result_t r;
    fl_haar_rect_t boxes[FL_PIPELINE_MAX_FACES];
    fl_haar_stats_t stats;
    fl_image_t frame;
    fl_arena_t work;
    fl_nn_ctx_t ctx;
    uint32_t n = 0u, i;
    fl_status_t st;
    if (load_pgm(name, &gray) != 0) {
        return -1;
    }
    fl_pipeline_config_default(&cfg, FL_HAAR_MODE_CAMERA);
    cfg.cascade = &g_cascade;
    cfg.network = &g_nets[0];
    frame.pixels = gray.pixels;
    frame.w = gray.w;
    frame.h = gray.h;
    frame.stride = gray.stride;
    frame.fmt = FL_PIXFMT_GRAYSCALE;

    if (fl_arena_init(&work, g_work_mem, sizeof g_work_mem) != FL_OK) {
        return -1;
    }
    bench_begin();
    st = fl_haar_detect(&g_cascade, &cfg.haar, &gray, &work, boxes, FL_PIPELINE_MAX_FACES, &n, &stats);
    bench_end();
    fl_arena_scratch_reset(&work);
    if (st != FL_OK) {
        printf("error: fl_haar_detect %d\n", (int)st);
        return -1;
    }
    printf("region %d haar %s %ldx%ld faces=%lu windows=%lu\n", g_region++, name, (long)gray.w, (long)gray.h,
           (unsigned long)n, (unsigned long)stats.n_windows);

    for (i = 0; i < n && i < FL_PIPELINE_MAX_FACES; i++) {
        fl_rect_t roi;
        int8_t q[16];
        float scores[16];
        if (!fl_pipeline_face_roi(&boxes[i], frame.w, frame.h, &roi)) {
            continue;
        }
        ctx.buf = g_work_mem;
        ctx.size = sizeof g_work_mem;
        bench_begin();
        st = fl_network_preprocess(&g_nets[0], FL_NETWORK_MODE_CAMERA, FL_RESIZE_NEAREST, &frame, &roi, g_tensor);
        if (st == FL_OK) {
            st = fl_network_run(&g_nets[0], FL_NETWORK_MODE_CAMERA, true, g_tensor, &ctx, q);
        }
        if (st == FL_OK) {
            st = fl_network_scores(FL_NETWORK_MODE_CAMERA, true, q, g_nets[0].info.n_outputs, scores);
        }
        bench_end();
        if (st != FL_OK) {
            printf("error: smile CNN %d\n", (int)st);
            return -1;
        }
        printf("region %d cnn_face %s face %lu roi=%ldx%ld score=%.4f\n", g_region++, name, (unsigned long)i,
               (long)roi.w, (long)roi.h, (double)scores[0]);
    }

    if (fl_arena_init(&work, g_work_mem, sizeof g_work_mem) != FL_OK) {
        return -1;
    }
    bench_begin();
    st = fl_pipeline_run(&cfg, &frame, &work, &r);
    bench_end();
    if (st != FL_OK) {
        printf("error: fl_pipeline_run %d\n", (int)st);
        return -1;
    }
    printf("region %d pipeline %s faces=%lu\n", g_region++, name, (unsigned long)r.n_faces);
    return 0;
}

/* Multiply-accumulates of one forward pass (conv: out c*h*w * k*k*c_in; ip: c * c_in*h_in*w_in), and the
 * architecture as "c5x5/32 relu pool3/2 ... ip10". */
static uint64_t network_macs(const fl_network_t *net, char *arch, size_t cap)
{
    uint64_t macs = 0u;
    uint32_t i, c = net->info.in_c, h = net->info.in_h, w = net->info.in_w;
    size_t used = 0u;
    arch[0] = '\0';
    for (i = 1; i < net->info.n_layers; i++) {
        const fl_network_layer_t *l = &net->layers[i];
        int n = 0;
        if (l->type == FL_NETWORK_LAYER_CONV) {
            macs += (uint64_t)l->c * l->h * l->w * l->krn_dim * l->krn_dim * c;
            n = snprintf(arch + used, cap - used, "c%lux%lu/%lu ", (unsigned long)l->krn_dim,
                         (unsigned long)l->krn_dim, (unsigned long)l->c);
        } else if (l->type == FL_NETWORK_LAYER_IP) {
            macs += (uint64_t)l->c * c * h * w;
            n = snprintf(arch + used, cap - used, "ip%lu ", (unsigned long)l->c);
        } else if (l->type == FL_NETWORK_LAYER_POOL) {
            n = snprintf(arch + used, cap - used, "%spool%lu/%lu ", l->pool_type == FL_NETWORK_POOL_MAX ? "max" : "ave",
                         (unsigned long)l->krn_dim, (unsigned long)l->krn_str);
        } else if (l->type == FL_NETWORK_LAYER_RELU) {
            n = snprintf(arch + used, cap - used, "relu ");
        }
        if (n > 0 && used + (size_t)n < cap) {
            used += (size_t)n;
        }
        c = l->c;
        h = l->h;
        w = l->w;
    }
    return macs;
}

/* One forward pass of a seed network on a deterministic input (camera mode, softmax). */
static int bench_network(int k)
{
    const fl_network_t *net = &g_nets[k];
    size_t len = (size_t)net->info.in_h * net->info.in_w * net->info.in_c, i;
    uint32_t x = 0x1234u;
    int8_t q[64];
    fl_nn_ctx_t ctx;
    fl_status_t st;
    if (len > sizeof g_tensor || net->info.n_outputs > sizeof q || net->info.scratch_bytes > sizeof g_work_mem) {
        printf("error: %s does not fit the benchmark's buffers\n", k_nets[k]);
        return -1;
    }
    for (i = 0; i < len; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        g_tensor[i] = (int8_t)(-64 + (int32_t)(x % 128u));
    }
    ctx.buf = g_work_mem;
    ctx.size = sizeof g_work_mem;
    bench_begin();
    st = fl_network_run(net, FL_NETWORK_MODE_CAMERA, true, g_tensor, &ctx, q);
    bench_end();
    if (st != FL_OK) {
        printf("error: %s run %d\n", k_nets[k], (int)st);
        return -1;
    }
    {
        char arch[256];
        uint64_t macs = network_macs(net, arch, sizeof arch);
        printf("region %d network %s %lux%lux%lu macs=%lu %s\n", g_region++, k_nets[k],
               (unsigned long)net->info.in_w, (unsigned long)net->info.in_h, (unsigned long)net->info.in_c,
               (unsigned long)macs, arch);
    }
    return 0;
}

/* `frames` frames of a thermal source in one region (the script divides by the frame count); the first
 * `warmup` frames run before the region so the cold start is not measured. */
static int bench_thermal_synth(int32_t w, int32_t h, uint32_t warmup, uint32_t frames)
{
    static fl_thermal_t t;
    fl_thermal_config_t cfg;
    fl_thermal_result_t r;
    fl_arena_t work;
    uint32_t i, total = warmup + frames, people = 0u;
    fl_status_t st = FL_OK;
    fl_thermal_config_default(&cfg, w, h);
    if (fl_arena_init(&work, g_work_mem, sizeof g_work_mem) != FL_OK) {
        return -1;
    }
    if (fl_thermal_init(&t, &cfg, w, h, &work) != FL_OK) {
        return -1;
    }
    for (i = 0; i < total && st == FL_OK; i++) {
        fl_app_synth_thermal(w, h, 99u, i, total, g_thermal);
        if (i == warmup) {
            bench_begin();
        }
        st = fl_thermal_process(&t, g_thermal, FL_THERMAL_NO_AMBIENT, &work, &r);
        fl_arena_scratch_reset(&work);
        people += (uint32_t)r.count;
    }
    bench_end();
    if (st != FL_OK) {
        return -1;
    }
    printf("region %d thermal synth%ldx%ld frames=%lu people_sum=%lu\n", g_region++, (long)w, (long)h,
           (unsigned long)frames, (unsigned long)people);
    return 0;
}

static int bench_thermal_d6t(const char *rel, uint32_t warmup, uint32_t frames)
{
    static fl_thermal_t t;
    fl_thermal_config_t cfg;
    fl_thermal_result_t r;
    fl_arena_t work;
    uint32_t i = 0u, people = 0u;
    int32_t ambient = 0;
    fl_status_t st = FL_OK;
    FILE *f = fopen(shared_path(rel), "rb");
    static int16_t rows[1024][16];
    static int32_t ambients[1024];
    if (f == NULL || warmup + frames > 1024u) {
        printf("error: cannot read %s\n", rel);
        return -1;
    }
    /* read first, so the region holds only the detector */
    while (i < warmup + frames && fgets(g_line, sizeof g_line, f) != NULL) {
        if (fl_app_parse_d6t_row(g_line, rows[i], &ambient)) {
            ambients[i++] = ambient;
        }
    }
    fclose(f);
    if (i < warmup + frames) {
        printf("error: %s has only %lu reliable rows\n", rel, (unsigned long)i);
        return -1;
    }
    fl_thermal_config_default(&cfg, 4, 4);
    if (fl_arena_init(&work, g_work_mem, sizeof g_work_mem) != FL_OK) {
        return -1;
    }
    if (fl_thermal_init(&t, &cfg, 4, 4, &work) != FL_OK) {
        return -1;
    }
    for (i = 0; i < warmup + frames && st == FL_OK; i++) {
        if (i == warmup) {
            bench_begin();
        }
        st = fl_thermal_process(&t, rows[i], ambients[i], &work, &r);
        fl_arena_scratch_reset(&work);
        people += (uint32_t)r.count;
    }
    bench_end();
    if (st != FL_OK) {
        return -1;
    }
    printf("region %d thermal d6t4x4 frames=%lu people_sum=%lu\n", g_region++, (unsigned long)frames,
           (unsigned long)people);
    return 0;
}

int main(void)
{
    static char cmdline[600];
    const char *root;
    size_t k;
    int i;
    if (fl_semihost_cmdline(cmdline, sizeof cmdline) != 0 || (root = strchr(cmdline, ' ')) == NULL) {
        printf("error: give the shared directory: -semihosting-config ...,arg=bench,arg=<shared dir>\n");
        return 1;
    }
    while (*root == ' ') {
        root++;
    }
    (void)snprintf(g_root, sizeof g_root, "%s", root);
    bench_begin(); /* region 0: the markers' own overhead, subtracted from the others */
    bench_end();
    printf("region 0 empty (marker overhead)\n");
    /* calibration: exactly 1 + 2 x 100 instructions (movs; 100 x subs + bne), which run_bench.py checks */
    bench_begin();
    __asm__ volatile("movs r0, #100\n1:\n\tsubs r0, #1\n\tbne 1b" ::: "r0", "cc");
    bench_end();
    printf("region %d calibration 201\n", g_region++);
    if (load_models() != 0) {
        return 1;
    }
    for (k = 0; k < sizeof k_qvga / sizeof k_qvga[0]; k++) {
        if (bench_photo(k_qvga[k]) != 0) {
            return 1;
        }
    }
    for (i = 0; i < 4; i++) {
        if (bench_network(i) != 0) {
            return 1;
        }
    }
    if (bench_thermal_d6t("data/thermal/d6t44l_presence_4x4/Dataset/Data-Bathroom-Day1/Bathroom-Day1-B-10.csv",
                          20u, 100u) != 0 ||
        bench_thermal_synth(32, 24, 16u, 64u) != 0 || bench_thermal_synth(80, 60, 16u, 64u) != 0) {
        return 1;
    }
    printf("done\n");
    return 0;
}
