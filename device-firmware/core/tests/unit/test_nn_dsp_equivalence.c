/* SPDX-License-Identifier: MIT */
/* The ARMv7E-M DSP kernels (src/nn/fl_nn_*_dsp.c, linked here as *_dsp) must give the portable kernels' output
 * (*_ref) bit for bit, for every input. Random shapes (odd channel counts, lengths that are not multiples of 4,
 * padding larger than the kernel, strides, outputs whose windows fall outside the input) and random or extreme
 * data (all -128 / 127, biases that make the 32-bit sum wrap, every shift, both q7 roundings, the ends of the
 * s8 offset ranges). The library's own symbol (whichever variant FL_NN_DSP chose) must agree too.
 * On the host the DSP files run on the exact C emulation of the instructions; cross-compiled for the
 * Cortex-M7 (device-firmware/port/qemu_m7) they run on the real SMLAD/SXTB16, and the first test also checks
 * the emulation against the instructions. */
#include <stdint.h>
#include <string.h>

#include "fl/fl_nn.h"
#include "fl_nn_dsp_intrinsics.h"
#include "fl_nn_dsp_support.h"
#include "fl_test.h"

#ifndef FL_NN_LIB_VARIANT
#define FL_NN_LIB_VARIANT "?" /* set by the build: which variant the library's own symbols are */
#endif

#ifndef FL_DSP_EQ_CASES
#define FL_DSP_EQ_CASES 3000 /* random cases per kernel */
#endif

/* ---- the two variants, declared through the public prototypes' types ---------------------------------- */

typedef size_t conv_size_fn(const fl_nn_dims_t *, const fl_nn_dims_t *);
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
typedef size_t fc_size_fn(int32_t);
typedef fl_status_t fc_q7_fn(const fl_nn_ctx_t *, const fl_nn_q7_shift_t *, const int8_t *, int32_t,
                             const int8_t *, const int8_t *, int32_t, int8_t *);
typedef fl_status_t fc_s8_fn(const fl_nn_ctx_t *, const fl_nn_fc_s8_params_t *, const fl_nn_per_tensor_quant_t *,
                             const int8_t *, int32_t, const int8_t *, const int32_t *, int32_t, int8_t *);
typedef size_t x4_index_fn(int32_t, int32_t, int32_t, int32_t);

conv_size_fn fl_nn_conv_q7_scratch_size_ref, fl_nn_conv_q7_scratch_size_dsp;
conv_size_fn fl_nn_conv_s8_scratch_size_ref, fl_nn_conv_s8_scratch_size_dsp;
conv_size_fn fl_nn_dwconv_s8_scratch_size_ref, fl_nn_dwconv_s8_scratch_size_dsp;
fc_size_fn fl_nn_fc_q7_scratch_size_ref, fl_nn_fc_q7_scratch_size_dsp;
fc_size_fn fl_nn_fc_s8_scratch_size_ref, fl_nn_fc_s8_scratch_size_dsp;
conv_q7_fn fl_nn_conv_q7_ref, fl_nn_conv_q7_dsp;
conv_s8_fn fl_nn_conv_s8_ref, fl_nn_conv_s8_dsp;
dwconv_s8_fn fl_nn_dwconv_s8_ref, fl_nn_dwconv_s8_dsp;
fc_q7_fn fl_nn_fc_q7_ref, fl_nn_fc_q7_dsp, fl_nn_fc_q7_x4_ref, fl_nn_fc_q7_x4_dsp;
fc_s8_fn fl_nn_fc_s8_ref, fl_nn_fc_s8_dsp;
x4_index_fn fl_nn_fc_q7_x4_index_ref, fl_nn_fc_q7_x4_index_dsp;

/* [0] = the library's symbol, [1] = portable, [2] = DSP. Initialising [0] from the public declaration makes
 * the compiler check that the typedefs above match fl_nn.h. */
static conv_size_fn *const conv_q7_size[3] = {fl_nn_conv_q7_scratch_size, fl_nn_conv_q7_scratch_size_ref,
                                              fl_nn_conv_q7_scratch_size_dsp};
static conv_size_fn *const conv_s8_size[3] = {fl_nn_conv_s8_scratch_size, fl_nn_conv_s8_scratch_size_ref,
                                              fl_nn_conv_s8_scratch_size_dsp};
static conv_size_fn *const dwconv_s8_size[3] = {fl_nn_dwconv_s8_scratch_size, fl_nn_dwconv_s8_scratch_size_ref,
                                                fl_nn_dwconv_s8_scratch_size_dsp};
static fc_size_fn *const fc_q7_size[3] = {fl_nn_fc_q7_scratch_size, fl_nn_fc_q7_scratch_size_ref,
                                          fl_nn_fc_q7_scratch_size_dsp};
static fc_size_fn *const fc_s8_size[3] = {fl_nn_fc_s8_scratch_size, fl_nn_fc_s8_scratch_size_ref,
                                          fl_nn_fc_s8_scratch_size_dsp};
static conv_q7_fn *const conv_q7[3] = {fl_nn_conv_q7, fl_nn_conv_q7_ref, fl_nn_conv_q7_dsp};
static conv_s8_fn *const conv_s8[3] = {fl_nn_conv_s8, fl_nn_conv_s8_ref, fl_nn_conv_s8_dsp};
static dwconv_s8_fn *const dwconv_s8[3] = {fl_nn_dwconv_s8, fl_nn_dwconv_s8_ref, fl_nn_dwconv_s8_dsp};
static fc_q7_fn *const fc_q7[3] = {fl_nn_fc_q7, fl_nn_fc_q7_ref, fl_nn_fc_q7_dsp};
static fc_q7_fn *const fc_q7_x4[3] = {fl_nn_fc_q7_x4, fl_nn_fc_q7_x4_ref, fl_nn_fc_q7_x4_dsp};
static fc_s8_fn *const fc_s8[3] = {fl_nn_fc_s8, fl_nn_fc_s8_ref, fl_nn_fc_s8_dsp};
static x4_index_fn *const x4_index[3] = {fl_nn_fc_q7_x4_index, fl_nn_fc_q7_x4_index_ref, fl_nn_fc_q7_x4_index_dsp};

/* ---- deterministic data ------------------------------------------------------------------------------- */

static uint32_t rng_state = 0x2545F491u;

static uint32_t rnd(void)
{
    uint32_t x = rng_state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    rng_state = x;
    return x;
}

/* Uniform in [lo, hi] (hi - lo < 2^31). */
static int32_t rnd_in(int32_t lo, int32_t hi)
{
    return lo + (int32_t)(rnd() % (uint32_t)(hi - lo + 1));
}

static int chance(uint32_t percent)
{
    return rnd() % 100u < percent;
}

enum { MODE_RANDOM, MODE_MIN, MODE_MAX, MODE_EXTREMES, MODE_COUNT };

static void fill_s8(int8_t *p, size_t n, int mode)
{
    size_t i;
    for (i = 0; i < n; i++) {
        switch (mode) {
        case MODE_MIN: p[i] = -128; break;
        case MODE_MAX: p[i] = 127; break;
        case MODE_EXTREMES: p[i] = (rnd() & 1u) ? 127 : -128; break;
        default: p[i] = (int8_t)rnd_in(-128, 127); break;
        }
    }
}

static int32_t rnd_bias32(void)
{
    switch (rnd() % 6u) {
    case 0: return INT32_MAX - rnd_in(0, 1000); /* the first products push the sum past 2^31: wrap */
    case 1: return INT32_MIN + rnd_in(0, 1000);
    case 2: return 0;
    case 3: return (int32_t)rnd();
    default: return rnd_in(-100000, 100000);
    }
}

static int32_t rnd_multiplier(void)
{
    switch (rnd() % 5u) {
    case 0: return INT32_MAX;
    case 1: return 1 << 30;
    case 2: return rnd_in(1, 1000);
    default: return (int32_t)(0x40000000u + (rnd() & 0x3FFFFFFFu));
    }
}

static int32_t rnd_shift_s8(void)
{
    return chance(20) ? rnd_in(-31, 30) : rnd_in(-14, 2);
}

/* Per-channel (multiplier, shift) for a layer: half of the layers have right shifts only, like real models
 * (mostly -14..-1, all in the DSP kernels' fast requantization form; sometimes down to -31, past its -23 end, so
 * the block falls back to the generic form), the others mix in any shift. */
static void rnd_channel_quant(int32_t *mult, int32_t *shift, int32_t n)
{
    int real = chance(50);
    int32_t o;
    for (o = 0; o < n; o++) {
        mult[o] = rnd_multiplier();
        shift[o] = real ? (chance(20) ? rnd_in(-31, -1) : rnd_in(-14, -1)) : rnd_shift_s8();
    }
}

static int32_t rnd_input_offset(void)
{
    switch (rnd() % 4u) {
    case 0: return -127;
    case 1: return 128;
    default: return rnd_in(-127, 128);
    }
}

static fl_nn_act_t rnd_act(void)
{
    fl_nn_act_t a;
    a.min = -128;
    a.max = 127;
    if (chance(30)) {
        a.min = rnd_in(-128, 127);
        a.max = rnd_in(a.min, 127);
    }
    return a;
}

static fl_nn_q7_shift_t rnd_q7_shift(void)
{
    fl_nn_q7_shift_t s;
    s.bias_lshift = (uint32_t)(chance(15) ? rnd_in(0, 31) : rnd_in(0, 8));
    s.out_rshift = (uint32_t)(chance(15) ? rnd_in(0, 31) : rnd_in(0, 12));
    s.rounding = chance(50) ? FL_NN_Q7_ROUND : FL_NN_Q7_TRUNCATE;
    return s;
}

/* Mostly small, sometimes the lengths that exercise the 4-lane loops and their tails well. */
static int32_t rnd_channels(void)
{
    return chance(75) ? rnd_in(1, 9) : rnd_in(10, 37);
}

/* Output extent along one axis: usually the TF/Caffe "valid" size, sometimes more (windows beyond the input,
 * entirely in the padding or entirely outside) or less. */
static int32_t rnd_out_extent(int32_t in, int32_t k, int32_t stride, int32_t pad)
{
    int32_t natural = (in + 2 * pad - k) / stride + 1;
    if (natural < 1 || chance(15)) {
        return rnd_in(1, in + 2);
    }
    return natural;
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

/* ---- buffers ------------------------------------------------------------------------------------------ */

#define BUF 40000
#define GUARD 16
static int8_t g_in[BUF];
static int8_t g_w[BUF];
static int8_t g_b8[1024];
static int32_t g_b32[1024];
static int32_t g_mult[1024];
static int32_t g_shift[1024];
static int8_t g_out[3][BUF + GUARD];
static uint8_t g_scratch[4096];

static void clear_outputs(size_t n)
{
    int v;
    for (v = 0; v < 3; v++) {
        memset(g_out[v], 0x5A, n + GUARD);
    }
}

/* All three outputs equal and nobody wrote past n bytes. Prints the first difference. */
static int outputs_agree(size_t n, const char *what, int case_no)
{
    int v;
    size_t i;
    for (v = 0; v < 3; v++) {
        for (i = n; i < n + GUARD; i++) {
            if ((uint8_t)g_out[v][i] != 0x5Au) {
                printf("  %s case %d: variant %d wrote past the output (byte %u)\n", what, case_no, v, (unsigned)i);
                return 0;
            }
        }
    }
    for (v = 1; v < 3; v++) {
        for (i = 0; i < n; i++) {
            if (g_out[v][i] != g_out[0][i]) {
                printf("  %s case %d: variant %d differs at %u: %d vs %d\n", what, case_no, v, (unsigned)i,
                       (int)g_out[v][i], (int)g_out[0][i]);
                return 0;
            }
        }
    }
    return 1;
}

static fl_nn_ctx_t ctx_for(size_t need)
{
    fl_nn_ctx_t c;
    /* at an odd address half of the time: the kernels may not assume any alignment of the caller's buffer */
    c.buf = need > 0u ? g_scratch + (rnd() & 1u) : NULL;
    c.size = need;
    memset(g_scratch, 0xA5, sizeof g_scratch);
    return c;
}

/* Nothing was written in the 16 bytes after the scratch a kernel was given. */
static int scratch_intact(const fl_nn_ctx_t *c)
{
    const uint8_t *end = c->buf != NULL ? (const uint8_t *)c->buf + c->size : g_scratch;
    size_t i;
    for (i = 0; i < 16u; i++) {
        if (end[i] != 0xA5u) {
            return 0;
        }
    }
    return 1;
}

/* ---- tests -------------------------------------------------------------------------------------------- */

static void test_intrinsics_match_emulation(void)
{
    int i;
    /* Hand-computed values of the instructions (ARMv7-M Architecture Reference Manual, A7.7). */
    FL_CHECK_EQ_INT(0xFF80007Fu, fl_dsp_emu_sxtb16(0x1280347Fu));       /* bytes 0, 2: 0x7F, 0x80 */
    FL_CHECK_EQ_INT(0x0012FF80u, fl_dsp_emu_sxtb16_ror8(0x1234807Fu));  /* bytes 1, 3: 0x80, 0x12 */
    FL_CHECK_EQ_INT(0x00000000u, fl_dsp_emu_sxtab16(0x00010001u, 0x00FF00FFu)); /* 1 + -1 in both lanes */
    FL_CHECK_EQ_INT(0x80007FFFu, fl_dsp_emu_sxtab16(0x7FFF8000u, 0x00010000u | 0xFFu)); /* lanes wrap mod 2^16 */
    FL_CHECK_EQ_INT(0x80000000u, fl_dsp_emu_smlad(0x80008000u, 0x80008000u, 0u)); /* 2^30 + 2^30 */
    FL_CHECK_EQ_INT(0x00000000u, fl_dsp_emu_smlad(0x80008000u, 0x80008000u, 0x80000000u)); /* 2^32 wraps */
    FL_CHECK_EQ_INT(2 * 4 + 3 * 5, fl_dsp_emu_smlad(0x00030002u, 0x00050004u, 0u));
    FL_CHECK_EQ_INT(2 * 5 + 3 * 4, fl_dsp_emu_smladx(0x00030002u, 0x00050004u, 0u));
    FL_CHECK_EQ_INT(0xFFFFFFF9u, fl_dsp_emu_smlabb(0x7777FFFFu, 0x00000007u, 0u)); /* -1 * 7 */
    FL_CHECK_EQ_INT(0xFFFFFFF9u, fl_dsp_emu_smlatt(0xFFFF7777u, 0x00070000u, 0u));
    FL_CHECK_EQ_INT(0x01123456u, fl_dsp_emu_ror(0x12345601u, 8));
    /* Random operands: what the kernels call (the real instructions on an M7) against the emulation. */
    for (i = 0; i < 20000; i++) {
        uint32_t a = rnd(), b = rnd(), c = rnd();
        if ((i & 3) == 0) {
            a |= 0x80008000u; /* make -32768 lanes and the largest products frequent */
            b |= 0x80008000u;
        }
        FL_CHECK_EQ_INT(fl_dsp_emu_sxtb16(a), fl_dsp_sxtb16(a));
        FL_CHECK_EQ_INT(fl_dsp_emu_sxtb16_ror8(a), fl_dsp_sxtb16_ror8(a));
        FL_CHECK_EQ_INT(fl_dsp_emu_sxtab16(a, b), fl_dsp_sxtab16(a, b));
        FL_CHECK_EQ_INT(fl_dsp_emu_sxtab16_ror8(a, b), fl_dsp_sxtab16_ror8(a, b));
        FL_CHECK_EQ_INT(fl_dsp_emu_smlad(a, b, c), fl_dsp_smlad(a, b, c));
        FL_CHECK_EQ_INT(fl_dsp_emu_smladx(a, b, c), fl_dsp_smladx(a, b, c));
        FL_CHECK_EQ_INT(fl_dsp_emu_smlabb(a, b, c), fl_dsp_smlabb(a, b, c));
        FL_CHECK_EQ_INT(fl_dsp_emu_smlatt(a, b, c), fl_dsp_smlatt(a, b, c));
        if (fl_test_current_failed_) {
            printf("  operands a=0x%08lx b=0x%08lx c=0x%08lx\n", (unsigned long)a, (unsigned long)b,
                   (unsigned long)c);
            return;
        }
    }
    printf("  intrinsics: %s vs the C emulation, 20000 operand triples\n",
           FL_DSP_NATIVE ? "real instructions" : "host build (emulation vs itself)");
}

/* Random conv geometry shared by the q7 and s8 conv tests. */
static void rnd_conv_geometry(fl_nn_hw_t *stride, fl_nn_hw_t *pad, fl_nn_dims_t *id, fl_nn_dims_t *fd,
                              fl_nn_dims_t *od, int32_t oc)
{
    int32_t H = rnd_in(1, 10), W = rnd_in(1, 10), C = rnd_channels(), KH = rnd_in(1, 5), KW = rnd_in(1, 5);
    stride->h = rnd_in(1, 3);
    stride->w = rnd_in(1, 3);
    pad->h = chance(10) ? rnd_in(0, KH + 2) : rnd_in(0, KH / 2);
    pad->w = chance(10) ? rnd_in(0, KW + 2) : rnd_in(0, KW / 2);
    *id = dims(1, H, W, C);
    *fd = dims(oc, KH, KW, C);
    *od = dims(1, rnd_out_extent(H, KH, stride->h, pad->h), rnd_out_extent(W, KW, stride->w, pad->w), oc);
}

/* Both prepared forms of the DSP kernels' requantization against the portable fl_nn_requant (the fast form
 * includes the output offset, which is tried at both ends and in between). */
static long requant_mismatch(int32_t v, int32_t m, int32_t shift)
{
    static const int32_t offs[] = {0, -128, 127, 5};
    int32_t off = offs[(uint32_t)v % 4u];
    fl_nn_dsp_rq_t r = fl_nn_dsp_rq_prepare(m, shift, off);
    int32_t want = fl_nn_requant(v, m, shift);
    int32_t got = fl_nn_dsp_rq_apply(v, &r);
    int32_t fast = fl_nn_dsp_rq_fast_ok(m, shift) ? fl_nn_dsp_rq_apply_fast(v, &r) - off : want;
    if (got == want && fast == want) {
        return 0;
    }
    printf("  requant(%ld, %ld, %d) off %d: portable %ld generic %ld fast %ld\n", (long)v, (long)m, (int)shift,
           (int)off, (long)want, (long)got, (long)fast);
    return 1;
}

/* Every shift -33..33 (clamped at +-31 by both), values and multipliers at and around the int32 ends, powers
 * of two and their neighbours (where the rounding remainder sits exactly at a tie: for the fast form, values
 * whose product lands on +-2^(30+r) +- 2^30 and the -2^30 edge where [y < 0] and [val < 0] part), and random
 * pairs, 20,000 per shift, half of them with the Q31 multipliers of real models. */
static void test_requant_matches_portable(void)
{
    static const int32_t edges[] = {0, 1, -1, 2, -2, 3, -3, 127, -128, 255, -256, 0x3FFFFFFF, -0x40000000,
                                    0x40000000, -0x3FFFFFFF, INT32_MAX, INT32_MIN, INT32_MAX - 1, INT32_MIN + 1};
    int32_t vals[19 + 3 * 31 * 2 + 1];
    size_t nv = 0, i, j;
    int32_t shift, k;
    long mismatches = 0, fast_checked = 0;
    for (i = 0; i < sizeof edges / sizeof edges[0]; i++) {
        vals[nv++] = edges[i];
    }
    for (k = 1; k < 31; k++) {
        int32_t pw = (int32_t)1 << k;
        vals[nv++] = pw + (pw >> 1);
        vals[nv++] = -(pw + (pw >> 1));
        vals[nv++] = pw - 1;
        vals[nv++] = -pw;
        vals[nv++] = (pw >> 1) - pw * 3;
        vals[nv++] = pw + 1;
    }
    for (shift = -33; shift <= 33; shift++) {
        for (i = 0; i < nv; i++) {
            for (j = 0; j < nv; j++) {
                if (mismatches < 5) {
                    mismatches += requant_mismatch(vals[i], vals[j], shift);
                }
                fast_checked += fl_nn_dsp_rq_fast_ok(vals[j], shift);
            }
        }
        for (k = 0; k < 20000 && mismatches < 5; k++) {
            int32_t v = fl_nn_u2s(rnd());
            int32_t m = (k & 1) ? (int32_t)(0x40000000u + (rnd() & 0x3FFFFFFFu)) : fl_nn_u2s(rnd());
            if (chance(30)) {
                v >>= rnd_in(0, 31);
            }
            if (chance(10) && shift <= -1 && shift >= -29) {
                /* multiplier 2^30: y = floor((v + 1) / 2), so v = 2 (k 2^r + 2^(r-1)) puts y exactly on a tie of
                 * the final rounding, for positive and negative k; +-1 next to it */
                m = 1 << 30;
                v = (int32_t)(((uint32_t)rnd_in(-500, 500) << (1 - shift)) + (1u << -shift)) + rnd_in(-1, 1);
            }
            mismatches += requant_mismatch(v, m, shift);
            fast_checked += fl_nn_dsp_rq_fast_ok(m, shift);
        }
    }
    FL_CHECK(fast_checked > 100000);
    FL_CHECK_EQ_INT(0, mismatches);
}

static void test_conv_q7_equivalent(void)
{
    int t, v;
    for (t = 0; t < FL_DSP_EQ_CASES; t++) {
        fl_nn_conv_q7_params_t p;
        fl_nn_dims_t id, fd, od;
        fl_nn_ctx_t ctx;
        size_t need, n_out;
        int mode = (int)(rnd() % MODE_COUNT);
        const int8_t *bias = chance(10) ? NULL : g_b8;
        rnd_conv_geometry(&p.stride, &p.pad, &id, &fd, &od, rnd_in(1, 9));
        p.shift = rnd_q7_shift();
        fill_s8(g_in, (size_t)id.h * (size_t)id.w * (size_t)id.c, mode);
        fill_s8(g_w, (size_t)fd.n * (size_t)fd.h * (size_t)fd.w * (size_t)fd.c, chance(50) ? mode : MODE_RANDOM);
        fill_s8(g_b8, (size_t)od.c, chance(50) ? mode : MODE_RANDOM);
        need = conv_q7_size[0](&id, &fd);
        FL_CHECK_EQ_INT(need, conv_q7_size[1](&id, &fd));
        FL_CHECK_EQ_INT(need, conv_q7_size[2](&id, &fd));
        ctx = ctx_for(need);
        n_out = (size_t)od.h * (size_t)od.w * (size_t)od.c;
        clear_outputs(n_out);
        for (v = 0; v < 3; v++) {
            FL_CHECK_EQ_INT(FL_OK, conv_q7[v](&ctx, &p, &id, g_in, &fd, g_w, bias, &od, g_out[v]));
        }
        FL_CHECK(scratch_intact(&ctx));
        if (!outputs_agree(n_out, "conv_q7", t)) {
            printf("  in %dx%dx%d k %dx%d oc %d stride %d,%d pad %d,%d out %dx%d shift l%u r%u %s mode %d\n",
                   (int)id.h, (int)id.w, (int)id.c, (int)fd.h, (int)fd.w, (int)fd.n, (int)p.stride.h,
                   (int)p.stride.w, (int)p.pad.h, (int)p.pad.w, (int)od.h, (int)od.w,
                   (unsigned)p.shift.bias_lshift, (unsigned)p.shift.out_rshift,
                   p.shift.rounding == FL_NN_Q7_ROUND ? "round" : "trunc", mode);
            FL_CHECK(0);
            return;
        }
    }
}

static void test_conv_s8_equivalent(void)
{
    int t, v;
    int32_t o;
    for (t = 0; t < FL_DSP_EQ_CASES; t++) {
        fl_nn_conv_s8_params_t p;
        fl_nn_per_channel_quant_t q;
        fl_nn_dims_t id, fd, od;
        fl_nn_ctx_t ctx;
        size_t need, n_out;
        int mode = (int)(rnd() % MODE_COUNT);
        const int32_t *bias = chance(10) ? NULL : g_b32;
        rnd_conv_geometry(&p.stride, &p.pad, &id, &fd, &od, rnd_in(1, 9));
        if (chance(25)) {
            /* the DSP kernel's pointwise path: 1x1, stride 1, no padding, out_w == in_w */
            fd.h = fd.w = 1;
            p.stride.h = p.stride.w = 1;
            p.pad.h = p.pad.w = 0;
            od.h = rnd_in(1, id.h);
            od.w = id.w;
        }
        p.input_offset = rnd_input_offset();
        p.output_offset = chance(20) ? (chance(50) ? -128 : 127) : rnd_in(-128, 127);
        p.act = rnd_act();
        q.multiplier = g_mult;
        q.shift = g_shift;
        for (o = 0; o < od.c; o++) {
            g_b32[o] = rnd_bias32();
        }
        rnd_channel_quant(g_mult, g_shift, od.c);
        fill_s8(g_in, (size_t)id.h * (size_t)id.w * (size_t)id.c, mode);
        fill_s8(g_w, (size_t)fd.n * (size_t)fd.h * (size_t)fd.w * (size_t)fd.c, chance(50) ? mode : MODE_RANDOM);
        need = conv_s8_size[0](&id, &fd);
        FL_CHECK_EQ_INT(need, conv_s8_size[1](&id, &fd));
        FL_CHECK_EQ_INT(need, conv_s8_size[2](&id, &fd));
        ctx = ctx_for(need);
        n_out = (size_t)od.h * (size_t)od.w * (size_t)od.c;
        clear_outputs(n_out);
        for (v = 0; v < 3; v++) {
            FL_CHECK_EQ_INT(FL_OK, conv_s8[v](&ctx, &p, &q, &id, g_in, &fd, g_w, bias, &od, g_out[v]));
        }
        FL_CHECK(scratch_intact(&ctx));
        if (!outputs_agree(n_out, "conv_s8", t)) {
            printf("  in %dx%dx%d k %dx%d oc %d stride %d,%d pad %d,%d out %dx%d in_off %d out_off %d mode %d\n",
                   (int)id.h, (int)id.w, (int)id.c, (int)fd.h, (int)fd.w, (int)fd.n, (int)p.stride.h,
                   (int)p.stride.w, (int)p.pad.h, (int)p.pad.w, (int)od.h, (int)od.w, (int)p.input_offset,
                   (int)p.output_offset, mode);
            FL_CHECK(0);
            return;
        }
    }
}

static void test_dwconv_s8_equivalent(void)
{
    int t, v;
    int32_t o;
    for (t = 0; t < FL_DSP_EQ_CASES; t++) {
        fl_nn_dwconv_s8_params_t p;
        fl_nn_per_channel_quant_t q;
        fl_nn_dims_t id, fd, od;
        fl_nn_ctx_t ctx;
        size_t need, n_out;
        int mode = (int)(rnd() % MODE_COUNT);
        const int32_t *bias = chance(10) ? NULL : g_b32;
        int32_t H = rnd_in(1, 10), W = rnd_in(1, 10), C = rnd_channels(), KH = rnd_in(1, 5), KW = rnd_in(1, 5);
        p.ch_mult = chance(75) ? 1 : rnd_in(2, 3);
        p.stride.h = rnd_in(1, 3);
        p.stride.w = rnd_in(1, 3);
        p.pad.h = chance(10) ? rnd_in(0, KH + 2) : rnd_in(0, KH / 2);
        p.pad.w = chance(10) ? rnd_in(0, KW + 2) : rnd_in(0, KW / 2);
        p.input_offset = rnd_input_offset();
        p.output_offset = chance(20) ? (chance(50) ? -128 : 127) : rnd_in(-128, 127);
        p.act = rnd_act();
        id = dims(1, H, W, C);
        fd = dims(1, KH, KW, C * p.ch_mult);
        od = dims(1, rnd_out_extent(H, KH, p.stride.h, p.pad.h), rnd_out_extent(W, KW, p.stride.w, p.pad.w),
                  C * p.ch_mult);
        q.multiplier = g_mult;
        q.shift = g_shift;
        for (o = 0; o < od.c; o++) {
            g_b32[o] = rnd_bias32();
        }
        rnd_channel_quant(g_mult, g_shift, od.c);
        fill_s8(g_in, (size_t)H * (size_t)W * (size_t)C, mode);
        fill_s8(g_w, (size_t)KH * (size_t)KW * (size_t)od.c, chance(50) ? mode : MODE_RANDOM);
        need = dwconv_s8_size[0](&id, &fd);
        FL_CHECK_EQ_INT(need, dwconv_s8_size[1](&id, &fd));
        FL_CHECK_EQ_INT(need, dwconv_s8_size[2](&id, &fd));
        ctx = ctx_for(need);
        n_out = (size_t)od.h * (size_t)od.w * (size_t)od.c;
        clear_outputs(n_out);
        for (v = 0; v < 3; v++) {
            FL_CHECK_EQ_INT(FL_OK, dwconv_s8[v](&ctx, &p, &q, &id, g_in, &fd, g_w, bias, &od, g_out[v]));
        }
        if (!outputs_agree(n_out, "dwconv_s8", t)) {
            printf("  in %dx%dx%d k %dx%d mult %d stride %d,%d pad %d,%d out %dx%d in_off %d mode %d\n", (int)H,
                   (int)W, (int)C, (int)KH, (int)KW, (int)p.ch_mult, (int)p.stride.h, (int)p.stride.w,
                   (int)p.pad.h, (int)p.pad.w, (int)od.h, (int)od.w, (int)p.input_offset, mode);
            FL_CHECK(0);
            return;
        }
    }
}

static int32_t rnd_cols(void)
{
    return chance(80) ? rnd_in(1, 40) : rnd_in(41, 1100);
}

static void test_fc_q7_equivalent(void)
{
    int t, v, x4;
    for (t = 0; t < FL_DSP_EQ_CASES; t++) {
        int32_t rows = rnd_in(1, 13), cols = rnd_cols();
        fl_nn_q7_shift_t s = rnd_q7_shift();
        fl_nn_ctx_t ctx;
        size_t need = fc_q7_size[0](cols);
        int mode = (int)(rnd() % MODE_COUNT);
        const int8_t *bias = chance(10) ? NULL : g_b8;
        FL_CHECK_EQ_INT(need, fc_q7_size[1](cols));
        FL_CHECK_EQ_INT(need, fc_q7_size[2](cols));
        ctx = ctx_for(need);
        fill_s8(g_in, (size_t)cols, mode);
        fill_s8(g_w, (size_t)rows * (size_t)cols, chance(50) ? mode : MODE_RANDOM);
        fill_s8(g_b8, (size_t)rows, chance(50) ? mode : MODE_RANDOM);
        /* The x4 kernels read the same bytes in the interleaved order; any bytes are a valid x4 matrix. */
        for (x4 = 0; x4 < 2; x4++) {
            clear_outputs((size_t)rows);
            for (v = 0; v < 3; v++) {
                fc_q7_fn *fn = x4 ? fc_q7_x4[v] : fc_q7[v];
                FL_CHECK_EQ_INT(FL_OK, fn(&ctx, &s, g_in, cols, g_w, bias, rows, g_out[v]));
            }
            if (!outputs_agree((size_t)rows, x4 ? "fc_q7_x4" : "fc_q7", t)) {
                printf("  rows %d cols %d shift l%u r%u mode %d\n", (int)rows, (int)cols,
                       (unsigned)s.bias_lshift, (unsigned)s.out_rshift, mode);
                FL_CHECK(0);
                return;
            }
        }
    }
}

static void test_fc_q7_x4_index_equivalent(void)
{
    int32_t rows, cols, r, c;
    for (rows = 1; rows <= 9; rows++) {
        for (cols = 1; cols <= 11; cols++) {
            for (r = 0; r < rows; r++) {
                for (c = 0; c < cols; c++) {
                    size_t k = x4_index[1](rows, cols, r, c);
                    FL_CHECK_EQ_INT(k, x4_index[0](rows, cols, r, c));
                    FL_CHECK_EQ_INT(k, x4_index[2](rows, cols, r, c));
                }
            }
        }
    }
}

static void test_fc_s8_equivalent(void)
{
    int t, v;
    int32_t r;
    for (t = 0; t < FL_DSP_EQ_CASES; t++) {
        int32_t rows = rnd_in(1, 13), cols = rnd_cols();
        fl_nn_fc_s8_params_t p;
        fl_nn_per_tensor_quant_t q;
        fl_nn_ctx_t ctx;
        size_t need = fc_s8_size[0](cols);
        int mode = (int)(rnd() % MODE_COUNT);
        const int32_t *bias = chance(10) ? NULL : g_b32;
        FL_CHECK_EQ_INT(need, fc_s8_size[1](cols));
        FL_CHECK_EQ_INT(need, fc_s8_size[2](cols));
        ctx = ctx_for(need);
        p.input_offset = rnd_input_offset();
        p.output_offset = chance(20) ? (chance(50) ? -128 : 127) : rnd_in(-128, 127);
        p.act = rnd_act();
        q.multiplier = rnd_multiplier();
        q.shift = rnd_shift_s8();
        for (r = 0; r < rows; r++) {
            g_b32[r] = rnd_bias32();
        }
        fill_s8(g_in, (size_t)cols, mode);
        fill_s8(g_w, (size_t)rows * (size_t)cols, chance(50) ? mode : MODE_RANDOM);
        clear_outputs((size_t)rows);
        for (v = 0; v < 3; v++) {
            FL_CHECK_EQ_INT(FL_OK, fc_s8[v](&ctx, &p, &q, g_in, cols, g_w, bias, rows, g_out[v]));
        }
        if (!outputs_agree((size_t)rows, "fc_s8", t)) {
            printf("  rows %d cols %d in_off %d out_off %d mult %ld shift %d mode %d\n", (int)rows, (int)cols,
                   (int)p.input_offset, (int)p.output_offset, (long)q.multiplier, (int)q.shift, mode);
            FL_CHECK(0);
            return;
        }
    }
}

/* Bad arguments get the same status from every variant (the DSP files repeat the portable validation). */
static void test_invalid_arguments_agree(void)
{
    static const int8_t x[64] = {0};
    static const int32_t m[4] = {1 << 30, 1 << 30, 1 << 30, 1 << 30};
    static const int32_t sh[4] = {0, 0, 0, 0};
    int8_t o[64];
    fl_nn_dims_t id = dims(1, 2, 2, 4), fd = dims(4, 1, 1, 4), od = dims(1, 2, 2, 4);
    fl_nn_dims_t bad_fd = dims(4, 1, 1, 3), bad_od = dims(2, 2, 2, 4), dw_fd = dims(1, 1, 1, 4);
    fl_nn_conv_q7_params_t pq;
    fl_nn_conv_s8_params_t ps;
    fl_nn_dwconv_s8_params_t pd;
    fl_nn_fc_s8_params_t pf;
    fl_nn_per_channel_quant_t q;
    fl_nn_per_tensor_quant_t qt;
    fl_nn_q7_shift_t s;
    fl_nn_ctx_t small, cs;
    int v;
    memset(&pq, 0, sizeof pq);
    pq.stride.h = pq.stride.w = 1;
    memset(&ps, 0, sizeof ps);
    ps.stride.h = ps.stride.w = 1;
    ps.act.min = -128;
    ps.act.max = 127;
    memset(&pd, 0, sizeof pd);
    pd.stride.h = pd.stride.w = 1;
    pd.ch_mult = 1;
    pd.act = ps.act;
    memset(&pf, 0, sizeof pf);
    pf.act = ps.act;
    q.multiplier = m;
    q.shift = sh;
    qt.multiplier = 1 << 30;
    qt.shift = 0;
    s = pq.shift;
    small.buf = g_scratch;
    small.size = 0;
    /* 1x1 over 4 channels: a run of 4 bytes, so both variants of both schemes ask for the im2col columns */
    cs = ctx_for(conv_s8_size[0](&id, &fd));
    FL_CHECK(cs.size > 0u);
    FL_CHECK_EQ_INT(cs.size, conv_q7_size[0](&id, &fd));
    for (v = 0; v < 3; v++) {
        FL_CHECK_EQ_INT(FL_OK, conv_q7[v](&cs, &pq, &id, x, &fd, x, NULL, &od, o));
        FL_CHECK_EQ_INT(FL_ERR_ARG, conv_q7[v](NULL, &pq, &id, x, &fd, x, NULL, &od, o));
        FL_CHECK_EQ_INT(FL_ERR_NO_MEM, conv_q7[v](&small, &pq, &id, x, &fd, x, NULL, &od, o));
        FL_CHECK_EQ_INT(FL_ERR_ARG, conv_q7[v](NULL, &pq, &id, x, &bad_fd, x, NULL, &od, o));
        FL_CHECK_EQ_INT(FL_ERR_ARG, conv_q7[v](NULL, &pq, &id, x, &fd, x, NULL, &bad_od, o));
        FL_CHECK_EQ_INT(FL_ERR_ARG, conv_q7[v](NULL, &pq, &id, NULL, &fd, x, NULL, &od, o));
        FL_CHECK_EQ_INT(FL_OK, conv_s8[v](&cs, &ps, &q, &id, x, &fd, x, NULL, &od, o));
        FL_CHECK_EQ_INT(FL_ERR_ARG, conv_s8[v](NULL, &ps, &q, &id, x, &fd, x, NULL, &od, o));
        FL_CHECK_EQ_INT(FL_ERR_NO_MEM, conv_s8[v](&small, &ps, &q, &id, x, &fd, x, NULL, &od, o));
        ps.input_offset = 129;
        FL_CHECK_EQ_INT(FL_ERR_ARG, conv_s8[v](&cs, &ps, &q, &id, x, &fd, x, NULL, &od, o));
        ps.input_offset = 0;
        ps.act.min = 5;
        ps.act.max = 4;
        FL_CHECK_EQ_INT(FL_ERR_ARG, conv_s8[v](&cs, &ps, &q, &id, x, &fd, x, NULL, &od, o));
        ps.act.min = -128;
        ps.act.max = 127;
        FL_CHECK_EQ_INT(FL_OK, dwconv_s8[v](NULL, &pd, &q, &id, x, &dw_fd, x, NULL, &od, o));
        pd.ch_mult = 2;
        FL_CHECK_EQ_INT(FL_ERR_ARG, dwconv_s8[v](NULL, &pd, &q, &id, x, &dw_fd, x, NULL, &od, o));
        pd.ch_mult = 1;
        FL_CHECK_EQ_INT(FL_ERR_ARG, dwconv_s8[v](NULL, &pd, &q, &id, x, &fd, x, NULL, &od, o));
        FL_CHECK_EQ_INT(FL_OK, fc_q7[v](NULL, &s, x, 16, x, NULL, 4, o));
        FL_CHECK_EQ_INT(FL_ERR_ARG, fc_q7[v](NULL, &s, x, 0, x, NULL, 4, o));
        FL_CHECK_EQ_INT(FL_ERR_ARG, fc_q7_x4[v](NULL, &s, x, 16, x, NULL, 0, o));
        s.out_rshift = 32;
        FL_CHECK_EQ_INT(FL_ERR_ARG, fc_q7_x4[v](NULL, &s, x, 16, x, NULL, 4, o));
        s.out_rshift = 0;
        FL_CHECK_EQ_INT(FL_OK, fc_s8[v](NULL, &pf, &qt, x, 16, x, NULL, 4, o));
        pf.output_offset = 128;
        FL_CHECK_EQ_INT(FL_ERR_ARG, fc_s8[v](NULL, &pf, &qt, x, 16, x, NULL, 4, o));
        pf.output_offset = 0;
    }
}

int main(void)
{
    int passed = 0;
    printf("test_nn_dsp_equivalence: %d random cases per kernel, library variant = %s\n", FL_DSP_EQ_CASES,
           FL_NN_LIB_VARIANT);
    FL_RUN(test_intrinsics_match_emulation, passed);
    FL_RUN(test_requant_matches_portable, passed);
    FL_RUN(test_conv_q7_equivalent, passed);
    FL_RUN(test_conv_s8_equivalent, passed);
    FL_RUN(test_dwconv_s8_equivalent, passed);
    FL_RUN(test_fc_q7_equivalent, passed);
    FL_RUN(test_fc_q7_x4_index_equivalent, passed);
    FL_RUN(test_fc_s8_equivalent, passed);
    FL_RUN(test_invalid_arguments_agree, passed);
    FL_TEST_MAIN_END(passed);
}
