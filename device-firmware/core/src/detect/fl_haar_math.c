/* SPDX-License-Identifier: MIT */
/* Exact arithmetic both detectors rely on. No libm: the library links nothing beyond libc, and computing the
 * camera's float sqrt with integers makes every host and the Cortex-M7 agree bit for bit. */
#include <string.h>

#include "fl_haar_internal.h"

int32_t fl_haar_wrap_i32(uint32_t u)
{
    /* Converting an out-of-range value to a signed type is implementation-defined in C99; spell it out. */
    return u <= (uint32_t)INT32_MAX ? (int32_t)u : (int32_t)(u - 2147483648u) - INT32_MAX - 1;
}

static uint32_t bit_length(uint64_t v)
{
    uint32_t n = 0;
    while (v != 0u) {
        n++;
        v >>= 1;
    }
    return n;
}

/* floor(sqrt(v)) for v < 2^62, bit by bit. */
static uint64_t isqrt_u64(uint64_t v)
{
    uint64_t res = 0;
    uint64_t bit = (uint64_t)1 << 62;
    while (bit > v) {
        bit >>= 2;
    }
    while (bit != 0u) {
        if (v >= res + bit) {
            v -= res + bit;
            res = (res >> 1) + bit;
        } else {
            res >>= 1;
        }
        bit >>= 2;
    }
    return res;
}

int32_t fl_haar_sqrtf_trunc(uint32_t u)
{
    uint64_t f = u;
    uint64_t k, scaled, q;
    uint32_t len, p;
    /* (float)u: round to 24 significant bits, ties to even. */
    len = bit_length(f);
    if (len > 24u) {
        uint32_t shift = len - 24u;
        uint64_t mant = f >> shift;
        uint64_t rem = f & (((uint64_t)1 << shift) - 1u);
        uint64_t half = (uint64_t)1 << (shift - 1u);
        if (rem > half || (rem == half && (mant & 1u) != 0u)) {
            mant++;
        }
        f = mant << shift;
    }
    if (f == 0u) {
        return 0;
    }
    /* sqrtf(f) correctly rounded: with k = floor(sqrt(f)) in [2^(e-1), 2^e), floats there have 24 - e
     * fraction bits, so round sqrt(f) * 2^p (p = 24 - e) to an integer; f << 2p stays below 2^48. A tie is
     * impossible (it would need f * 4^p = q^2 + q + 1/4). Rounding up into 2^e is still exact there. */
    k = isqrt_u64(f);
    p = 24u - bit_length(k);
    scaled = f << (2u * p);
    q = isqrt_u64(scaled);
    if (scaled - q * q > q) {
        q++;
    }
    return (int32_t)(q >> p);
}

/* floor(sqrt(v)) for v < 2^52, the same integer isqrt_u64() gives (the floor root is unique), but without its
 * 26-step bit loop: the opencv detector takes one per scanned window. A reciprocal-sqrt estimate (exponent
 * halving by the classic bit trick, then four multiply-only Newton steps) lands within one of the root; the two
 * correction loops then make the result exact whatever the estimate's error, so only the speed depends on it.
 * All products stay below 2^53 + 2^27, exact in uint64. */
static uint64_t isqrt_u52(uint64_t v)
{
    double d = (double)v, x;
    uint64_t bits, r;
    int i;
    if (v == 0u) {
        return 0u;
    }
    memcpy(&bits, &d, sizeof bits);
    bits = 0x5FE6EB50C7B537A9u - (bits >> 1);
    memcpy(&x, &bits, sizeof x);
    for (i = 0; i < 4; i++) {
        x = x * (1.5 - 0.5 * d * x * x);
    }
    x = d * x;
    r = x > 0.0 && x < 134217728.0 ? (uint64_t)x : 0u; /* 2^27 bounds it whatever the estimate did */
    while (r * r > v) {
        r--;
    }
    while ((r + 1u) * (r + 1u) <= v) {
        r++;
    }
    return r;
}

double fl_haar_sqrt_d(double v)
{
    double y;
    int i;
    if (!(v > 0.0)) {
        return 0.0;
    }
    /* Start from the integer root (v < 2^52 here), which is within 1 of the answer for v >= 1; Newton doubles
     * the correct bits each step and six steps also cover 0 < v < 1. Each step is a function of y alone, so once
     * a step leaves y unchanged every later step would too: stopping there returns exactly the value six steps
     * give, and saves the (long-latency) divisions that usually follow convergence after three or four. */
    y = (double)isqrt_u52((uint64_t)v);
    if (y < 1.0) {
        y = 1.0;
    }
    for (i = 0; i < 6; i++) {
        double n = 0.5 * (y + v / y);
        if (n == y) {
            break;
        }
        y = n;
    }
    return y;
}

int32_t fl_haar_round_f(float v)
{
    int32_t i = (int32_t)v; /* toward zero */
    float frac = v - (float)i; /* exact: |v| < 2^24 keeps both in one binade range */
    if (frac > 0.5f || (frac == 0.5f && (i & 1) != 0)) {
        i++;
    } else if (frac < -0.5f || (frac == -0.5f && (i & 1) != 0)) {
        i--;
    }
    return i;
}

int32_t fl_haar_round_d(double v)
{
    int32_t i = (int32_t)v;
    double frac = v - (double)i;
    if (frac > 0.5 || (frac == 0.5 && (i & 1) != 0)) {
        i++;
    } else if (frac < -0.5 || (frac == -0.5 && (i & 1) != 0)) {
        i--;
    }
    return i;
}

int32_t fl_haar_floor_d(double v)
{
    int32_t i = (int32_t)v;
    return (double)i > v ? i - 1 : i;
}
