/* SPDX-License-Identifier: MIT */
/* A two-ended static arena (the TFLite Micro pattern): persistent allocations come from the top and live until
 * fl_arena_reset(); scratch allocations come from the bottom and are released together by
 * fl_arena_scratch_reset(). The arena never allocates: the caller owns the memory (typically a static array in
 * app/) and it must outlive every pointer handed out. Not thread-safe; not ISR-safe. */
#ifndef FL_ARENA_H
#define FL_ARENA_H

#include <stddef.h>
#include <stdint.h>

#include "fl_export.h"
#include "fl_status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Treat as opaque; the fields are visible only so the struct can live on the caller's stack or in .bss. */
typedef struct {
    uint8_t *base;          /* first byte of the caller's memory */
    size_t size;            /* bytes */
    size_t lo;              /* scratch end: bytes [0, lo) are scratch */
    size_t hi;              /* persistent start: bytes [hi, size) are persistent */
    size_t high_water;      /* max over time of lo + (size - hi) */
    size_t fail_requested;  /* last failed request: bytes asked for (incl. alignment padding) */
    size_t fail_available;  /* last failed request: bytes that were free */
} fl_arena_t;

/* mem may have any alignment; size 0 is allowed (every non-empty allocation then fails).
 * FL_ERR_ARG if a or mem is NULL. */
FL_API FL_NODISCARD fl_status_t fl_arena_init(fl_arena_t *a, void *mem, size_t size);

/* Allocate n bytes aligned to align (a power of two, 1..4096) from the top. On success *out is set.
 * FL_ERR_NO_MEM when it does not fit: *out = NULL and fl_arena_last_failure() reports requested/available.
 * n == 0 returns a valid, aligned, non-dereferenceable pointer. FL_ERR_ARG on NULL or a bad alignment. */
FL_API FL_NODISCARD fl_status_t fl_arena_persist(fl_arena_t *a, size_t n, size_t align, void **out);

/* Same as fl_arena_persist, from the bottom; released by fl_arena_scratch_reset(). */
FL_API FL_NODISCARD fl_status_t fl_arena_scratch(fl_arena_t *a, size_t n, size_t align, void **out);

/* Release all scratch allocations (persistent ones stay). */
FL_API void fl_arena_scratch_reset(fl_arena_t *a);

/* Release everything; the high-water mark is kept. */
FL_API void fl_arena_reset(fl_arena_t *a);

/* Bytes currently free between the two ends (before alignment). */
FL_API size_t fl_arena_available(const fl_arena_t *a);

/* Largest number of bytes ever in use at once (scratch + persistent, including alignment padding).
 * Log it in bring-up builds and shrink the static array to fit. */
FL_API size_t fl_arena_high_water(const fl_arena_t *a);

/* The last failed allocation: bytes requested (including alignment padding) and bytes available at that time.
 * Both 0 if nothing has failed since fl_arena_init(). */
FL_API void fl_arena_last_failure(const fl_arena_t *a, size_t *requested, size_t *available);

#ifdef __cplusplus
}
#endif

#endif /* FL_ARENA_H */
