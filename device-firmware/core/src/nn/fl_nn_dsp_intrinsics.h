/* SPDX-License-Identifier: MIT */
/* ARMv7E-M DSP instructions used by the *_dsp.c kernels, with exact C emulations for other targets.
 *
 * On a core with __ARM_FEATURE_DSP (Cortex-M4/M7/M33) the fl_dsp_* functions compile to single instructions
 * (ACLE <arm_acle.h>, plus inline asm where GCC cannot fold the rotation into SXTB16/SXTAB16). Everywhere else
 * (x86 host tests, cores without DSP, or FL_NN_DSP_EMULATE defined) they are plain C that computes the same
 * bits as the instruction, so the DSP kernels build and run on the host and can be compared there with the
 * portable kernels. The emulations are always available as fl_dsp_emu_* so a target test can check them
 * against the real instructions.
 *
 * Register view: a uint32_t holds either four int8 lanes (byte 0 = bits 7..0) or two int16 lanes
 * (bottom = bits 15..0, top = bits 31..16). fl_dsp_load4() reads memory little-endian, so byte 0 is p[0]:
 * this is what LDR does on the Cortex-M and what the kernels assume.
 *
 * Overflow: SMLAD, SMLADX, SMLABB and SMLATT set the Q flag when the 32-bit sum overflows but still return the
 * low 32 bits of the exact sum, i.e. they wrap. The portable kernels accumulate in uint32_t for the same
 * reason, so any order of the same products gives the same bits. The Q flag is never read, so it is not
 * modelled. */
#ifndef FL_NN_DSP_INTRINSICS_H
#define FL_NN_DSP_INTRINSICS_H

#include <stdint.h>
#include <string.h>

#if defined(__BYTE_ORDER__) && defined(__ORDER_LITTLE_ENDIAN__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "fl_nn_dsp_intrinsics.h assumes a little-endian target (lane 0 = lowest address)"
#endif

/* Four int8 from any address (no alignment needed: the Cortex-M7 LDR handles unaligned normal memory, and
 * a 4-byte memcpy compiles to one LDR there). */
static inline uint32_t fl_dsp_load4(const int8_t *p)
{
    uint32_t v;
    memcpy(&v, p, sizeof v);
    return v;
}

/* ---------------------------------------------------------------------------------------------------- */
/* Exact C emulations (always defined)                                                                    */
/* ---------------------------------------------------------------------------------------------------- */

/* Signed value of the 16-bit lane at bit position `pos` (0 or 16), without implementation-defined casts. */
static inline int32_t fl_dsp_emu_lane16(uint32_t v, unsigned pos)
{
    uint32_t h = (v >> pos) & 0xFFFFu;
    return (int32_t)h - (int32_t)((h & 0x8000u) << 1);
}

/* Signed value of the 8-bit lane at bit position `pos` (0, 8, 16 or 24). */
static inline int32_t fl_dsp_emu_lane8(uint32_t v, unsigned pos)
{
    uint32_t b = (v >> pos) & 0xFFu;
    return (int32_t)b - (int32_t)((b & 0x80u) << 1);
}

static inline uint32_t fl_dsp_emu_pack16(int32_t bottom, int32_t top)
{
    return ((uint32_t)bottom & 0xFFFFu) | (((uint32_t)top & 0xFFFFu) << 16);
}

/* ROR: rotate right by r (0..31). */
static inline uint32_t fl_dsp_emu_ror(uint32_t x, unsigned r)
{
    r &= 31u;
    return r == 0u ? x : (x >> r) | (x << (32u - r));
}

/* SXTB16: sign-extend bytes 0 and 2 into the bottom and top halfwords. */
static inline uint32_t fl_dsp_emu_sxtb16(uint32_t x)
{
    return fl_dsp_emu_pack16(fl_dsp_emu_lane8(x, 0), fl_dsp_emu_lane8(x, 16));
}

/* SXTB16 Rd, Rm, ROR #8: sign-extend bytes 1 and 3. */
static inline uint32_t fl_dsp_emu_sxtb16_ror8(uint32_t x)
{
    return fl_dsp_emu_sxtb16(fl_dsp_emu_ror(x, 8));
}

/* SXTAB16: each halfword of a plus the sign-extended byte 0 / byte 2 of x, each sum modulo 2^16. */
static inline uint32_t fl_dsp_emu_sxtab16(uint32_t a, uint32_t x)
{
    return fl_dsp_emu_pack16(fl_dsp_emu_lane16(a, 0) + fl_dsp_emu_lane8(x, 0),
                             fl_dsp_emu_lane16(a, 16) + fl_dsp_emu_lane8(x, 16));
}

/* SXTAB16 Rd, Rn, Rm, ROR #8: the same with bytes 1 and 3 of x. */
static inline uint32_t fl_dsp_emu_sxtab16_ror8(uint32_t a, uint32_t x)
{
    return fl_dsp_emu_sxtab16(a, fl_dsp_emu_ror(x, 8));
}

/* SMLAD: acc + a.bottom*b.bottom + a.top*b.top. Each 16x16 product is exact in int32 (even
 * -32768*-32768 = 2^30); the two additions wrap modulo 2^32, as the instruction's result does. */
static inline uint32_t fl_dsp_emu_smlad(uint32_t a, uint32_t b, uint32_t acc)
{
    int32_t p0 = fl_dsp_emu_lane16(a, 0) * fl_dsp_emu_lane16(b, 0);
    int32_t p1 = fl_dsp_emu_lane16(a, 16) * fl_dsp_emu_lane16(b, 16);
    return acc + (uint32_t)p0 + (uint32_t)p1;
}

/* SMLADX: as SMLAD with the halfwords of b exchanged: acc + a.bottom*b.top + a.top*b.bottom. */
static inline uint32_t fl_dsp_emu_smladx(uint32_t a, uint32_t b, uint32_t acc)
{
    int32_t p0 = fl_dsp_emu_lane16(a, 0) * fl_dsp_emu_lane16(b, 16);
    int32_t p1 = fl_dsp_emu_lane16(a, 16) * fl_dsp_emu_lane16(b, 0);
    return acc + (uint32_t)p0 + (uint32_t)p1;
}

/* SMLABB: acc + a.bottom*b.bottom (wrapping). */
static inline uint32_t fl_dsp_emu_smlabb(uint32_t a, uint32_t b, uint32_t acc)
{
    return acc + (uint32_t)(fl_dsp_emu_lane16(a, 0) * fl_dsp_emu_lane16(b, 0));
}

/* SMLATT: acc + a.top*b.top (wrapping). */
static inline uint32_t fl_dsp_emu_smlatt(uint32_t a, uint32_t b, uint32_t acc)
{
    return acc + (uint32_t)(fl_dsp_emu_lane16(a, 16) * fl_dsp_emu_lane16(b, 16));
}

/* SSAT #8: v clamped to [-128, 127]. */
static inline int32_t fl_dsp_emu_ssat8(int32_t v)
{
    return v > 127 ? 127 : (v < -128 ? -128 : v);
}

/* ---------------------------------------------------------------------------------------------------- */
/* What the kernels call                                                                                 */
/* ---------------------------------------------------------------------------------------------------- */

#if defined(__ARM_FEATURE_DSP) && __ARM_FEATURE_DSP && !defined(FL_NN_DSP_EMULATE)
#include <arm_acle.h>

#define FL_DSP_NATIVE 1

/* The int32_t <-> uint32_t casts below are register reinterpretations (GCC, Clang and Arm Compiler define
 * them as modulo 2^32); they generate no code. */
static inline uint32_t fl_dsp_sxtb16(uint32_t x)
{
    return (uint32_t)__sxtb16((int8x4_t)x);
}

/* GCC 12 does not fold a rotate into SXTB16/SXTAB16 (it emits a separate ROR), so these two use the
 * instruction's built-in rotation directly, as CMSIS-NN's __SXTB16_RORn does. */
static inline uint32_t fl_dsp_sxtb16_ror8(uint32_t x)
{
    uint32_t r;
    __asm__("sxtb16 %0, %1, ror #8" : "=r"(r) : "r"(x));
    return r;
}

static inline uint32_t fl_dsp_sxtab16(uint32_t a, uint32_t x)
{
    return (uint32_t)__sxtab16((int16x2_t)a, (int8x4_t)x);
}

static inline uint32_t fl_dsp_sxtab16_ror8(uint32_t a, uint32_t x)
{
    uint32_t r;
    __asm__("sxtab16 %0, %1, %2, ror #8" : "=r"(r) : "r"(a), "r"(x));
    return r;
}

static inline uint32_t fl_dsp_smlad(uint32_t a, uint32_t b, uint32_t acc)
{
    return (uint32_t)__smlad((int16x2_t)a, (int16x2_t)b, (int32_t)acc);
}

static inline uint32_t fl_dsp_smladx(uint32_t a, uint32_t b, uint32_t acc)
{
    return (uint32_t)__smladx((int16x2_t)a, (int16x2_t)b, (int32_t)acc);
}

static inline uint32_t fl_dsp_smlabb(uint32_t a, uint32_t b, uint32_t acc)
{
    return (uint32_t)__smlabb((int32_t)a, (int32_t)b, (int32_t)acc);
}

static inline uint32_t fl_dsp_smlatt(uint32_t a, uint32_t b, uint32_t acc)
{
    return (uint32_t)__smlatt((int32_t)a, (int32_t)b, (int32_t)acc);
}

static inline int32_t fl_dsp_ssat8(int32_t v)
{
    return __ssat(v, 8);
}

#else /* host or core without DSP: the exact emulations */

#define FL_DSP_NATIVE 0

static inline uint32_t fl_dsp_sxtb16(uint32_t x) { return fl_dsp_emu_sxtb16(x); }
static inline uint32_t fl_dsp_sxtb16_ror8(uint32_t x) { return fl_dsp_emu_sxtb16_ror8(x); }
static inline uint32_t fl_dsp_sxtab16(uint32_t a, uint32_t x) { return fl_dsp_emu_sxtab16(a, x); }
static inline uint32_t fl_dsp_sxtab16_ror8(uint32_t a, uint32_t x) { return fl_dsp_emu_sxtab16_ror8(a, x); }
static inline uint32_t fl_dsp_smlad(uint32_t a, uint32_t b, uint32_t acc) { return fl_dsp_emu_smlad(a, b, acc); }
static inline uint32_t fl_dsp_smladx(uint32_t a, uint32_t b, uint32_t acc) { return fl_dsp_emu_smladx(a, b, acc); }
static inline uint32_t fl_dsp_smlabb(uint32_t a, uint32_t b, uint32_t acc) { return fl_dsp_emu_smlabb(a, b, acc); }
static inline uint32_t fl_dsp_smlatt(uint32_t a, uint32_t b, uint32_t acc) { return fl_dsp_emu_smlatt(a, b, acc); }
static inline int32_t fl_dsp_ssat8(int32_t v) { return fl_dsp_emu_ssat8(v); }

#endif

#endif /* FL_NN_DSP_INTRINSICS_H */
