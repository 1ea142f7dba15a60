/* SPDX-License-Identifier: MIT */
/* Shared prologue of the loader fuzzers (header-only: each fuzzer is one translation unit). */
#ifndef FL_FUZZ_UTIL_H
#define FL_FUZZ_UTIL_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fl/fl_arena.h"

/* Exact-size heap copy of the input (malloc is 4-aligned, as the loaders require) so ASan sees every byte past
 * the end. NULL when out of memory (the fuzzer then skips the input). */
static inline uint8_t *fl_fuzz_copy(const uint8_t *data, size_t size)
{
    uint8_t *copy = (uint8_t *)malloc(size > 0 ? size : 1u);
    if (copy != NULL) {
        memcpy(copy, data, size);
    }
    return copy;
}

/* Every rejection must say why. */
static inline void fl_fuzz_require_reason(fl_status_t st, const char *msg)
{
    if (st != FL_OK && msg == NULL) {
        abort();
    }
}

static inline void fl_fuzz_arena_init(fl_arena_t *arena, void *mem, size_t size)
{
    if (fl_arena_init(arena, mem, size) != FL_OK) {
        abort();
    }
}

#endif
