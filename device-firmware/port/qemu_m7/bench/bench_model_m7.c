/* SPDX-License-Identifier: MIT */
/* Executed-instruction count of one inference of ANY model file on the M7 under QEMU (docs/benchmarks-m7.md,
 * "Instructions per inference of a model file"; fleet-model's M7InstructionCounter runs it).
 *
 * The file (Fleet FLMD or the seed's .network, told apart by the FLMD magic) is read through semihosting from the
 * path given as the second word of the command line, loaded as the firmware loads it, then measured in marker
 * regions (bench_begin .. bench_end), each printed as "region k <what>" for the qemu-insncount plugin's counts:
 *
 *   region 0  empty: the markers' own cost, which the caller subtracts from every other region
 *   region 1  calibration: exactly 201 instructions (the caller refuses the run if it reads otherwise)
 *   region 2  run: one forward pass (fl_network_run camera mode + softmax, as bench_stages_m7's "network" rows;
 *             fl_model_run for FLMD) on a deterministic input tensor
 *   region 3  inference (camera-input models only): what the firmware's pipeline does per face
 *             (fl_smile_pipeline.c classify()): the model's input tensor from a face ROI of a QVGA frame, the
 *             forward pass, and the scores. The ROI is the pipeline's for a 80-pixel face box (56 x 56 after the
 *             7/10 rule), the frame synthetic (the resize cost depends on the ROI size, not on the pixels).
 *
 * Loading, parsing and hashing are outside every region: they happen once per model, not per inference. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "fl/fl_model.h"
#include "fl/fl_model_network.h"
#include "fl/fl_pipeline.h"
#include "fl_app_frames.h"
#include "semihost.h"

__attribute__((noinline, noipa)) void bench_begin(void);
__attribute__((noinline, noipa)) void bench_end(void);
__attribute__((noinline, noipa)) void bench_begin(void) { __asm__ volatile(""); }
__attribute__((noinline, noipa)) void bench_end(void) { __asm__ volatile(""); }

#define BENCH_FILE_BYTES (1536u * 1024u)
#define BENCH_ARENA_BYTES (1280u * 1024u)
#define BENCH_TENSOR_BYTES (256u * 1024u)
#define BENCH_OUTPUTS 1024u
#define BENCH_FRAME_W 320
#define BENCH_FRAME_H 240

static uint8_t g_file[BENCH_FILE_BYTES] __attribute__((aligned(16)));
static uint8_t g_arena_mem[BENCH_ARENA_BYTES] __attribute__((aligned(16)));
static int8_t g_tensor[BENCH_TENSOR_BYTES];
static int8_t g_out[BENCH_OUTPUTS];
static float g_scores[BENCH_OUTPUTS];
static uint16_t g_frame[BENCH_FRAME_W * BENCH_FRAME_H]; /* RGB565, or the first half as grayscale bytes */
static int g_region = 2;

static void fill_input(int8_t *t, size_t len)
{
    uint32_t x = 0x1234u; /* bench_stages_m7's generator, so a .network's run row matches its "network" row */
    size_t i;
    for (i = 0; i < len; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        t[i] = (int8_t)(-64 + (int32_t)(x % 128u));
    }
}

static void fill_frame(fl_image_t *frame, uint32_t channels)
{
    uint32_t x = 0x9e3779b9u, i;
    for (i = 0; i < (uint32_t)(BENCH_FRAME_W * BENCH_FRAME_H); i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        g_frame[i] = (uint16_t)x;
    }
    frame->pixels = g_frame;
    frame->w = BENCH_FRAME_W;
    frame->h = BENCH_FRAME_H;
    frame->stride = BENCH_FRAME_W;
    frame->fmt = channels == 3u ? FL_PIXFMT_RGB565 : FL_PIXFMT_GRAYSCALE;
}

static void face_roi(fl_rect_t *roi)
{
    fl_haar_rect_t face;
    memset(&face, 0, sizeof face);
    face.x = 120;
    face.y = 60;
    face.w = 80;
    face.h = 80;
    (void)fl_pipeline_face_roi(&face, BENCH_FRAME_W, BENCH_FRAME_H, roi);
}

/* ---- .network ---- */

static int bench_network(size_t len)
{
    static fl_network_t net;
    fl_network_error_t err;
    fl_arena_t arena;
    fl_nn_ctx_t ctx;
    void *scratch = NULL;
    size_t in_len;
    fl_image_t frame;
    fl_rect_t roi;
    fl_status_t st;
    if (fl_arena_init(&arena, g_arena_mem, sizeof g_arena_mem) != FL_OK) {
        return 1;
    }
    memset(&err, 0, sizeof err);
    st = fl_network_load(&net, g_file, len, &arena, &err);
    if (st != FL_OK) {
        printf("error: .network rejected: %s (status %d, offset %lu)\n", err.msg ? err.msg : "?", (int)st,
               (unsigned long)err.offset);
        return 2;
    }
    in_len = (size_t)net.info.in_h * net.info.in_w * net.info.in_c;
    if (in_len > sizeof g_tensor || net.info.n_outputs > BENCH_OUTPUTS ||
        fl_arena_scratch(&arena, net.info.scratch_bytes, 16u, &scratch) != FL_OK) {
        printf("error: the model does not fit the benchmark's buffers (input %lu B, scratch %lu B)\n",
               (unsigned long)in_len, (unsigned long)net.info.scratch_bytes);
        return 3;
    }
    ctx.buf = scratch;
    ctx.size = net.info.scratch_bytes;
    fill_input(g_tensor, in_len);
    bench_begin();
    st = fl_network_run(&net, FL_NETWORK_MODE_CAMERA, true, g_tensor, &ctx, g_out);
    bench_end();
    if (st != FL_OK) {
        printf("error: fl_network_run %d\n", (int)st);
        return 2;
    }
    printf("region %d run network %lux%lux%lu macs=%lu arena=%lu flash=%lu outputs=%lu\n", g_region++,
           (unsigned long)net.info.in_h, (unsigned long)net.info.in_w, (unsigned long)net.info.in_c,
           (unsigned long)net.info.macs,
           (unsigned long)(net.info.persistent_bytes + net.info.scratch_bytes + in_len + net.info.n_outputs),
           (unsigned long)len, (unsigned long)net.info.n_outputs);

    fill_frame(&frame, net.info.in_c);
    face_roi(&roi);
    bench_begin();
    st = fl_network_preprocess(&net, FL_NETWORK_MODE_CAMERA, FL_RESIZE_NEAREST, &frame, &roi, g_tensor);
    if (st == FL_OK) {
        st = fl_network_run(&net, FL_NETWORK_MODE_CAMERA, true, g_tensor, &ctx, g_out);
    }
    if (st == FL_OK) {
        st = fl_network_scores(FL_NETWORK_MODE_CAMERA, true, g_out, net.info.n_outputs, g_scores);
    }
    bench_end();
    if (st != FL_OK) {
        printf("error: .network inference %d\n", (int)st);
        return 2;
    }
    printf("region %d inference roi=%ldx%ld\n", g_region++, (long)roi.w, (long)roi.h);
    return 0;
}

/* ---- FLMD ---- */

/* classify()'s scores for a Fleet model: s8 softmax output (q + 128) / 256; q7 softmax output q / 128; logits get
 * the base-2 softmax. The last layer's op is read from the file's layer table (72-byte records at the offset the
 * header gives), since the loaded plan is private to the core. */
static fl_status_t fleet_scores(const fl_model_t *model, int last_is_softmax, const int8_t *q, float *scores)
{
    uint32_t i, n = model->info.n_outputs;
    if (model->info.scheme == FL_MODEL_SCHEME_S8 && last_is_softmax) {
        for (i = 0; i < n; i++) {
            scores[i] = (float)((int32_t)q[i] + 128) / 256.0f;
        }
        return FL_OK;
    }
    return fl_network_scores(FL_NETWORK_MODE_CORRECTED, !last_is_softmax, q, n, scores);
}

static int bench_fleet(size_t len)
{
    static fl_model_t model;
    fl_model_error_t err;
    fl_arena_t arena;
    fl_image_t frame;
    fl_rect_t roi;
    fl_status_t st;
    size_t in_len, last_rec;
    int last_is_softmax;
    const fl_model_input_t *in;
    if (fl_arena_init(&arena, g_arena_mem, sizeof g_arena_mem) != FL_OK) {
        return 1;
    }
    memset(&err, 0, sizeof err);
    st = fl_model_load(&model, g_file, len, &arena, NULL, &err); /* hash: not what an inference costs */
    if (st != FL_OK) {
        printf("error: FLMD model rejected: %s (status %d, offset %lu)\n", err.msg ? err.msg : "?", (int)st,
               (unsigned long)err.offset);
        return 2;
    }
    in = &model.info.input;
    in_len = (size_t)in->h * in->w * in->c;
    if (in_len > sizeof g_tensor || model.info.n_outputs > BENCH_OUTPUTS) {
        printf("error: the model does not fit the benchmark's buffers (input %lu B)\n", (unsigned long)in_len);
        return 3;
    }
    /* header bytes 112..115: the layer table's offset (little-endian u32; the loader has checked it) */
    last_rec = ((size_t)g_file[112] | ((size_t)g_file[113] << 8) | ((size_t)g_file[114] << 16) |
                ((size_t)g_file[115] << 24)) +
               (size_t)(model.info.n_layers - 1u) * FL_MODEL_LAYER_RECORD_BYTES;
    last_is_softmax = last_rec < len && g_file[last_rec] == FL_MODEL_OP_SOFTMAX;

    fill_input(g_tensor, in_len);
    bench_begin();
    st = fl_model_run(&model, g_tensor, g_out);
    bench_end();
    if (st != FL_OK) {
        printf("error: fl_model_run %d\n", (int)st);
        return 2;
    }
    printf("region %d run flmd-%s %lux%lux%lu macs=%lu arena=%lu flash=%lu outputs=%lu\n", g_region++,
           model.info.scheme == FL_MODEL_SCHEME_Q7 ? "q7" : "s8", (unsigned long)in->h, (unsigned long)in->w,
           (unsigned long)in->c, (unsigned long)model.info.macs, (unsigned long)model.info.arena_bytes,
           (unsigned long)model.info.flash_bytes, (unsigned long)model.info.n_outputs);

    if (in->colour == FL_MODEL_COLOUR_TENSOR) {
        return 0; /* no camera frame to preprocess: the run is the inference */
    }
    fill_frame(&frame, in->c);
    face_roi(&roi);
    bench_begin();
    st = fl_model_preprocess(&model, &frame, &roi, g_tensor);
    if (st == FL_OK) {
        st = fl_model_run(&model, g_tensor, g_out);
    }
    if (st == FL_OK) {
        st = fleet_scores(&model, last_is_softmax, g_out, g_scores);
    }
    bench_end();
    if (st != FL_OK) {
        printf("error: FLMD inference %d\n", (int)st);
        return 2;
    }
    printf("region %d inference roi=%ldx%ld\n", g_region++, (long)roi.w, (long)roi.h);
    return 0;
}

int main(void)
{
    static char cmdline[600];
    const char *path;
    long n;
    int rc;
    if (fl_semihost_cmdline(cmdline, sizeof cmdline) != 0 || (path = strchr(cmdline, ' ')) == NULL) {
        printf("error: give the model file: -semihosting-config ...,arg=bench_model_m7,arg=<model file>\n");
        return 1;
    }
    while (*path == ' ') {
        path++;
    }
    n = fl_app_read_file(path, g_file, sizeof g_file);
    if (n < 0) {
        printf("error: cannot read %s (or larger than %lu bytes)\n", path, (unsigned long)sizeof g_file);
        return 3;
    }
    bench_begin(); /* region 0: the markers' own overhead, subtracted from the others */
    bench_end();
    printf("region 0 empty (marker overhead)\n");
    bench_begin(); /* region 1: exactly 1 + 2 x 100 instructions */
    __asm__ volatile("movs r0, #100\n1:\n\tsubs r0, #1\n\tbne 1b" ::: "r0", "cc");
    bench_end();
    printf("region 1 calibration 201\n");
    rc = n >= 4 && memcmp(g_file, "FLMD", 4) == 0 ? bench_fleet((size_t)n) : bench_network((size_t)n);
    if (rc == 0) {
        printf("done\n");
    }
    return rc;
}
