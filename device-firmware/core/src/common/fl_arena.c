/* SPDX-License-Identifier: MIT */
#include "fl/fl_arena.h"

static int is_pow2(size_t v)
{
    return v != 0u && (v & (v - 1u)) == 0u;
}

static void note_use(fl_arena_t *a)
{
    size_t used = a->lo + (a->size - a->hi);
    if (used > a->high_water) {
        a->high_water = used;
    }
}

static fl_status_t fail(fl_arena_t *a, size_t requested, size_t available, void **out)
{
    a->fail_requested = requested;
    a->fail_available = available;
    *out = NULL;
    return FL_ERR_NO_MEM;
}

fl_status_t fl_arena_init(fl_arena_t *a, void *mem, size_t size)
{
    if (a == NULL || mem == NULL) {
        return FL_ERR_ARG;
    }
    a->base = (uint8_t *)mem;
    a->size = size;
    a->lo = 0u;
    a->hi = size;
    a->high_water = 0u;
    a->fail_requested = 0u;
    a->fail_available = 0u;
    return FL_OK;
}

fl_status_t fl_arena_persist(fl_arena_t *a, size_t n, size_t align, void **out)
{
    uintptr_t top;
    size_t pad;
    size_t avail;
    if (a == NULL || out == NULL || !is_pow2(align) || align > 4096u) {
        return FL_ERR_ARG;
    }
    avail = a->hi - a->lo;
    if (n > avail) {
        return fail(a, n, avail, out);
    }
    /* Start of the block if unaligned, then round down to the alignment. */
    top = (uintptr_t)(a->base + a->hi - n);
    pad = (size_t)(top & (uintptr_t)(align - 1u));
    if (pad > avail - n) {
        return fail(a, n + pad, avail, out);
    }
    a->hi -= n + pad;
    *out = a->base + a->hi;
    note_use(a);
    return FL_OK;
}

fl_status_t fl_arena_scratch(fl_arena_t *a, size_t n, size_t align, void **out)
{
    uintptr_t start;
    size_t pad;
    size_t avail;
    if (a == NULL || out == NULL || !is_pow2(align) || align > 4096u) {
        return FL_ERR_ARG;
    }
    avail = a->hi - a->lo;
    start = (uintptr_t)(a->base + a->lo);
    pad = (size_t)((align - (size_t)(start & (uintptr_t)(align - 1u))) & (align - 1u));
    if (pad > avail || n > avail - pad) {
        /* Report the sum without overflowing when n is huge. */
        return fail(a, n > (size_t)-1 - pad ? (size_t)-1 : n + pad, avail, out);
    }
    *out = a->base + a->lo + pad;
    a->lo += pad + n;
    note_use(a);
    return FL_OK;
}

void fl_arena_scratch_reset(fl_arena_t *a)
{
    if (a != NULL) {
        a->lo = 0u;
    }
}

void fl_arena_reset(fl_arena_t *a)
{
    if (a != NULL) {
        a->lo = 0u;
        a->hi = a->size;
    }
}

size_t fl_arena_available(const fl_arena_t *a)
{
    return a == NULL ? 0u : a->hi - a->lo;
}

size_t fl_arena_high_water(const fl_arena_t *a)
{
    return a == NULL ? 0u : a->high_water;
}

void fl_arena_last_failure(const fl_arena_t *a, size_t *requested, size_t *available)
{
    if (requested != NULL) {
        *requested = a == NULL ? 0u : a->fail_requested;
    }
    if (available != NULL) {
        *available = a == NULL ? 0u : a->fail_available;
    }
}
