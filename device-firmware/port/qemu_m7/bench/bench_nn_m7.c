/* SPDX-License-Identifier: MIT */
/* Executed-instruction benchmark of the NN kernels on the fixed layer shapes of
 * shared/specs/cmsis-nn-and-cortex-m7.md §4, portable (_ref) against DSP (_dsp), on the M7 under QEMU.
 * Each kernel call sits between bench_begin() and bench_end(); the qemu-insncount plugin prints one
 * "region k N" line per pair, in the order of the "region k" lines this program prints. Data as in §4.2:
 * xorshift32 re-seeded per buffer, activations -128 + r % 256, weights -127 + r % 255, bias r % 8192 - 4096,
 * multiplier 0x40000000 + (r & 0x3FFFFFFF). The FNV-1a hash of each output is printed so the two variants
 * (and CMSIS-NN's figures in §4.3) can be compared. Exit status 1 if the variants' outputs differ. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "fl/fl_nn.h"

__attribute__((noinline, noipa)) void bench_begin(void);
__attribute__((noinline, noipa)) void bench_end(void);
__attribute__((noinline, noipa)) void bench_begin(void) { __asm__ volatile(""); }
__attribute__((noinline, noipa)) void bench_end(void) { __asm__ volatile(""); }

typedef fl_status_t conv_q7_fn(const fl_nn_ctx_t *, const fl_nn_conv_q7_params_t *, const fl_nn_dims_t *,
                               const int8_t *, const fl_nn_dims_t *, const int8_t *, const int8_t *,
                               const fl_nn_dims_t *, int8_t *);
typedef fl_status_t conv_s8_fn(const fl_nn_ctx_t *, const fl_nn_conv_s8_params_t *,
                               const fl_nn_per_channel_quant_t *, const fl_nn_dims_t *, const int8_t *,
                               const fl_nn_dims_t *, const int8_t *, const int32_t *, const fl_nn_dims_t *,
                               int8_t *);
typedef fl_status_t dwconv_s8_fn(const fl_nn_ctx_t *, const fl_nn_dwconv_s8_params_t *,
                                 const fl_nn_per_channel_quant_t *, const fl_nn_dims_t *, const int8_t *,
                                 const fl_nn_dims_t *, const int8_t *, const int32_t *, const fl_nn_dims_t *,
                                 int8_t *);
typedef fl_status_t fc_q7_fn(const fl_nn_ctx_t *, const fl_nn_q7_shift_t *, const int8_t *, int32_t,
                             const int8_t *, const int8_t *, int32_t, int8_t *);
typedef fl_status_t fc_s8_fn(const fl_nn_ctx_t *, const fl_nn_fc_s8_params_t *, const fl_nn_per_tensor_quant_t *,
                             const int8_t *, int32_t, const int8_t *, const int32_t *, int32_t, int8_t *);
conv_q7_fn fl_nn_conv_q7_ref, fl_nn_conv_q7_dsp;
conv_s8_fn fl_nn_conv_s8_ref, fl_nn_conv_s8_dsp;
size_t fl_nn_conv_s8_scratch_size_ref(const fl_nn_dims_t *, const fl_nn_dims_t *);
size_t fl_nn_conv_s8_scratch_size_dsp(const fl_nn_dims_t *, const fl_nn_dims_t *);
size_t fl_nn_conv_q7_scratch_size_ref(const fl_nn_dims_t *, const fl_nn_dims_t *);
size_t fl_nn_conv_q7_scratch_size_dsp(const fl_nn_dims_t *, const fl_nn_dims_t *);
dwconv_s8_fn fl_nn_dwconv_s8_ref, fl_nn_dwconv_s8_dsp;
fc_q7_fn fl_nn_fc_q7_ref, fl_nn_fc_q7_dsp, fl_nn_fc_q7_x4_ref, fl_nn_fc_q7_x4_dsp;
fc_s8_fn fl_nn_fc_s8_ref, fl_nn_fc_s8_dsp;
/* Checked against the public prototypes. */
static conv_q7_fn *const conv_q7_check = fl_nn_conv_q7;
static conv_s8_fn *const conv_s8_check = fl_nn_conv_s8;
static dwconv_s8_fn *const dwconv_s8_check = fl_nn_dwconv_s8;
static fc_q7_fn *const fc_q7_check = fl_nn_fc_q7;
static fc_s8_fn *const fc_s8_check = fl_nn_fc_s8;

static int8_t g_in[48 * 48 * 16];
static int8_t g_w[64 * 5 * 5 * 32];
static int8_t g_out[2][48 * 48 * 32];
static int32_t g_bias[64];
static int8_t g_bias8[64];
static int32_t g_mult[64];
static int32_t g_shift[64];
/* Caller-owned kernel scratch (the convs' im2col columns: 2 x 5*5*3 int16 for the RGB shapes, and for the q7
 * convs with 32 input channels 2 x 5*5*32 int16). */
static uint8_t g_scratch[2 * 5 * 5 * 32 * 2];
static int g_region;
static int g_mismatch;

static uint32_t xs;
static uint32_t next(void)
{
    xs ^= xs << 13;
    xs ^= xs >> 17;
    xs ^= xs << 5;
    return xs;
}

static void gen_act(int8_t *p, size_t n, uint32_t seed)
{
    size_t i;
    xs = seed;
    for (i = 0; i < n; i++) {
        p[i] = (int8_t)(-128 + (int32_t)(next() % 256u));
    }
}

static void gen_w(int8_t *p, size_t n, uint32_t seed)
{
    size_t i;
    xs = seed;
    for (i = 0; i < n; i++) {
        p[i] = (int8_t)(-127 + (int32_t)(next() % 255u));
    }
}

static void gen_bias(int32_t n, uint32_t seed)
{
    int32_t i;
    xs = seed;
    for (i = 0; i < n; i++) {
        g_bias[i] = (int32_t)(next() % 8192u) - 4096;
        /* q7 layers get a small bias: the legacy scheme shifts it left into the accumulator format */
        g_bias8[i] = (int8_t)(g_bias[i] / 64);
    }
}

static void gen_quant(int32_t n, uint32_t seed, int32_t shift)
{
    int32_t i;
    xs = seed;
    for (i = 0; i < n; i++) {
        g_mult[i] = (int32_t)(0x40000000u + (next() & 0x3FFFFFFFu));
        g_shift[i] = shift;
    }
}

static uint32_t fnv1a(const int8_t *p, size_t n)
{
    uint32_t h = 2166136261u;
    size_t i;
    for (i = 0; i < n; i++) {
        h = (h ^ (uint8_t)p[i]) * 16777619u;
    }
    return h;
}

/* Prints the region numbers of the two runs and both hashes; flags a mismatch. */
static void report(const char *name, size_t n)
{
    uint32_t h0 = fnv1a(g_out[0], n), h1 = fnv1a(g_out[1], n);
    printf("region %d %s portable fnv=0x%08lx\n", g_region, name, (unsigned long)h0);
    printf("region %d %s dsp      fnv=0x%08lx%s\n", g_region + 1, name, (unsigned long)h1,
           h0 == h1 ? "" : "  MISMATCH");
    g_region += 2;
    if (h0 != h1 || memcmp(g_out[0], g_out[1], n) != 0) {
        g_mismatch = 1;
    }
}

static fl_nn_dims_t dims(int32_t n, int32_t h, int32_t w, int32_t c)
{
    fl_nn_dims_t d;
    d.n = n;
    d.h = h;
    d.w = w;
    d.c = c;
    return d;
}

static void bench_conv_s8(const char *name, int32_t hw, int32_t cin, int32_t k, int32_t cout, int32_t pad,
                          int32_t shift)
{
    conv_s8_fn *fn[2] = {fl_nn_conv_s8_ref, fl_nn_conv_s8_dsp};
    fl_nn_ctx_t ctx;
    fl_nn_dims_t id = dims(1, hw, hw, cin), fd = dims(cout, k, k, cin), od = dims(1, hw, hw, cout);
    fl_nn_conv_s8_params_t p;
    fl_nn_per_channel_quant_t q;
    int v;
    gen_act(g_in, (size_t)(hw * hw * cin), 0x1234u);
    gen_w(g_w, (size_t)(cout * k * k * cin), 0x5678u);
    gen_bias(cout, 0x9abcu);
    gen_quant(cout, 0xdef0u, shift);
    p.input_offset = 128;
    p.output_offset = -128;
    p.stride.h = p.stride.w = 1;
    p.pad.h = p.pad.w = pad;
    p.act.min = -128;
    p.act.max = 127;
    q.multiplier = g_mult;
    q.shift = g_shift;
    ctx.buf = g_scratch;
    ctx.size = fl_nn_conv_s8_scratch_size_ref(&id, &fd);
    if (ctx.size > sizeof g_scratch || ctx.size != fl_nn_conv_s8_scratch_size_dsp(&id, &fd)) {
        g_mismatch = 1;
        return;
    }
    for (v = 0; v < 2; v++) {
        fl_status_t st;
        bench_begin();
        st = fn[v](&ctx, &p, &q, &id, g_in, &fd, g_w, g_bias, &od, g_out[v]);
        bench_end();
        if (st != FL_OK) {
            g_mismatch = 1;
        }
    }
    report(name, (size_t)(hw * hw * cout));
}

static void bench_conv_q7(const char *name, int32_t hw, int32_t cin, int32_t k, int32_t cout, int32_t pad)
{
    conv_q7_fn *fn[2] = {fl_nn_conv_q7_ref, fl_nn_conv_q7_dsp};
    fl_nn_dims_t id = dims(1, hw, hw, cin), fd = dims(cout, k, k, cin), od = dims(1, hw, hw, cout);
    fl_nn_conv_q7_params_t p;
    fl_nn_ctx_t ctx;
    int v;
    gen_act(g_in, (size_t)(hw * hw * cin), 0x1234u);
    gen_w(g_w, (size_t)(cout * k * k * cin), 0x5678u);
    gen_bias(cout, 0x9abcu);
    p.stride.h = p.stride.w = 1;
    p.pad.h = p.pad.w = pad;
    p.shift.bias_lshift = 6;
    p.shift.out_rshift = 9;
    p.shift.rounding = FL_NN_Q7_TRUNCATE;
    ctx.buf = g_scratch;
    ctx.size = fl_nn_conv_q7_scratch_size_ref(&id, &fd);
    if (ctx.size > sizeof g_scratch || ctx.size != fl_nn_conv_q7_scratch_size_dsp(&id, &fd)) {
        g_mismatch = 1;
        return;
    }
    for (v = 0; v < 2; v++) {
        fl_status_t st;
        bench_begin();
        st = fn[v](&ctx, &p, &id, g_in, &fd, g_w, g_bias8, &od, g_out[v]);
        bench_end();
        if (st != FL_OK) {
            g_mismatch = 1;
        }
    }
    report(name, (size_t)(hw * hw * cout));
}

static void bench_dwconv_s8(void)
{
    dwconv_s8_fn *fn[2] = {fl_nn_dwconv_s8_ref, fl_nn_dwconv_s8_dsp};
    fl_nn_dims_t id = dims(1, 48, 48, 16), fd = dims(1, 3, 3, 16), od = dims(1, 48, 48, 16);
    fl_nn_dwconv_s8_params_t p;
    fl_nn_per_channel_quant_t q;
    int v;
    gen_act(g_in, 48 * 48 * 16, 0x1111u);
    gen_w(g_w, 3 * 3 * 16, 0x2222u);
    gen_bias(16, 0x3333u);
    gen_quant(16, 0x4444u, -8);
    p.input_offset = 128;
    p.output_offset = -128;
    p.ch_mult = 1;
    p.stride.h = p.stride.w = 1;
    p.pad.h = p.pad.w = 1;
    p.act.min = -128;
    p.act.max = 127;
    q.multiplier = g_mult;
    q.shift = g_shift;
    for (v = 0; v < 2; v++) {
        fl_status_t st;
        bench_begin();
        st = fn[v](NULL, &p, &q, &id, g_in, &fd, g_w, g_bias, &od, g_out[v]);
        bench_end();
        if (st != FL_OK) {
            g_mismatch = 1;
        }
    }
    report("dw3x3_48x48x16", 48 * 48 * 16);
}

static void bench_fc_s8(void)
{
    fc_s8_fn *fn[2] = {fl_nn_fc_s8_ref, fl_nn_fc_s8_dsp};
    fl_nn_fc_s8_params_t p;
    fl_nn_per_tensor_quant_t q;
    int v;
    gen_act(g_in, 1024, 0x5555u);
    gen_w(g_w, 10 * 1024, 0x6666u);
    gen_bias(10, 0x7777u);
    p.input_offset = 128;
    p.output_offset = -128;
    p.act.min = -128;
    p.act.max = 127;
    q.multiplier = 0x5A82799A;
    q.shift = -11;
    for (v = 0; v < 2; v++) {
        fl_status_t st;
        bench_begin();
        st = fn[v](NULL, &p, &q, g_in, 1024, g_w, g_bias, 10, g_out[v]);
        bench_end();
        if (st != FL_OK) {
            g_mismatch = 1;
        }
    }
    report("fc_1024_to10", 10);
}

static void bench_fc_q7(const char *name, fc_q7_fn *ref, fc_q7_fn *dsp)
{
    fc_q7_fn *fn[2];
    fl_nn_q7_shift_t s;
    int v;
    fn[0] = ref;
    fn[1] = dsp;
    gen_act(g_in, 1024, 0x5555u);
    gen_w(g_w, 10 * 1024, 0x6666u);
    gen_bias(10, 0x7777u);
    s.bias_lshift = 6;
    s.out_rshift = 11;
    s.rounding = FL_NN_Q7_TRUNCATE;
    for (v = 0; v < 2; v++) {
        fl_status_t st;
        bench_begin();
        st = fn[v](NULL, &s, g_in, 1024, g_w, g_bias8, 10, g_out[v]);
        bench_end();
        if (st != FL_OK) {
            g_mismatch = 1;
        }
    }
    report(name, 10);
}

int main(void)
{
    (void)conv_q7_check;
    (void)conv_s8_check;
    (void)dwconv_s8_check;
    (void)fc_q7_check;
    (void)fc_s8_check;
    bench_begin(); /* region 0: the markers' own overhead, subtracted from the others */
    bench_end();
    printf("region 0 empty (marker overhead)\n");
    g_region = 1;
    bench_conv_s8("conv3x3_32x32x3_to32", 32, 3, 3, 32, 1, -9);
    bench_conv_s8("conv5x5_32x32x3_to32", 32, 3, 5, 32, 2, -10);
    bench_conv_s8("conv5x5_16x16x32_to32", 16, 32, 5, 32, 2, -12);
    bench_conv_s8("conv5x5_8x8x32_to64", 8, 32, 5, 64, 2, -12);
    bench_conv_s8("conv1x1_48x48x16_to32", 48, 16, 1, 32, 0, -9);
    bench_dwconv_s8();
    bench_fc_s8();
    bench_conv_q7("q7_conv3x3_32x32x3_to32", 32, 3, 3, 32, 1);
    bench_conv_q7("q7_conv5x5_32x32x3_to32", 32, 3, 5, 32, 2);
    bench_conv_q7("q7_conv5x5_16x16x32_to32", 16, 32, 5, 32, 2);
    bench_conv_q7("q7_conv5x5_8x8x32_to64", 8, 32, 5, 64, 2);
    bench_fc_q7("q7_fc_1024_to10", fl_nn_fc_q7_ref, fl_nn_fc_q7_dsp);
    bench_fc_q7("q7_fc_x4_1024_to10", fl_nn_fc_q7_x4_ref, fl_nn_fc_q7_x4_dsp);
    printf("%s\n", g_mismatch ? "portable and DSP outputs DIFFER" : "portable and DSP outputs identical");
    return g_mismatch;
}
