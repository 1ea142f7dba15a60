/* SPDX-License-Identifier: MIT */
#include <stdint.h>

#include "fl/fl_arena.h"
#include "fl_test.h"

static uint8_t g_mem[256 + 16];

static void test_arena_two_ends_aligned_and_high_water(void)
{
    fl_arena_t a;
    void *p1 = NULL;
    void *s1 = NULL;
    void *s2 = NULL;
    uint8_t *mem = g_mem + 1; /* deliberately misaligned base */
    FL_CHECK_EQ_INT(FL_OK, fl_arena_init(&a, mem, 256));
    FL_CHECK_EQ_INT(FL_OK, fl_arena_persist(&a, 10, 16, &p1));
    FL_CHECK(((uintptr_t)p1 & 15u) == 0u);
    FL_CHECK((uint8_t *)p1 >= mem && (uint8_t *)p1 + 10 <= mem + 256);
    FL_CHECK_EQ_INT(FL_OK, fl_arena_scratch(&a, 3, 1, &s1));
    FL_CHECK(s1 == (void *)mem);
    FL_CHECK_EQ_INT(FL_OK, fl_arena_scratch(&a, 8, 8, &s2));
    FL_CHECK(((uintptr_t)s2 & 7u) == 0u);
    FL_CHECK((uint8_t *)s2 >= (uint8_t *)s1 + 3);
    FL_CHECK((uint8_t *)s2 + 8 <= (uint8_t *)p1);
    {
        size_t used = 256u - fl_arena_available(&a);
        FL_CHECK_EQ_INT(used, fl_arena_high_water(&a));
    }
    fl_arena_scratch_reset(&a);
    FL_CHECK(fl_arena_high_water(&a) > 256u - fl_arena_available(&a));
    FL_CHECK_EQ_INT(FL_OK, fl_arena_scratch(&a, 3, 1, &s1));
    FL_CHECK(s1 == (void *)mem);
}

static void test_arena_failure_reports_requested_and_available(void)
{
    fl_arena_t a;
    void *p = (void *)&a;
    size_t req = 1, avail = 1;
    FL_CHECK_EQ_INT(FL_OK, fl_arena_init(&a, g_mem, 64));
    fl_arena_last_failure(&a, &req, &avail);
    FL_CHECK_EQ_INT(0, req);
    FL_CHECK_EQ_INT(0, avail);
    FL_CHECK_EQ_INT(FL_OK, fl_arena_persist(&a, 40, 1, &p));
    FL_CHECK_EQ_INT(FL_ERR_NO_MEM, fl_arena_scratch(&a, 30, 1, &p));
    FL_CHECK(p == NULL);
    fl_arena_last_failure(&a, &req, &avail);
    FL_CHECK_EQ_INT(30, req);
    FL_CHECK_EQ_INT(24, avail);
    FL_CHECK_EQ_INT(FL_ERR_NO_MEM, fl_arena_persist(&a, (size_t)-1, 1, &p));
    FL_CHECK_EQ_INT(FL_OK, fl_arena_scratch(&a, 24, 1, &p));
    FL_CHECK_EQ_INT(0, fl_arena_available(&a));
    FL_CHECK_EQ_INT(64, fl_arena_high_water(&a));
    fl_arena_reset(&a);
    FL_CHECK_EQ_INT(64, fl_arena_available(&a));
    FL_CHECK_EQ_INT(64, fl_arena_high_water(&a));
}

static void test_arena_rejects_bad_arguments(void)
{
    fl_arena_t a;
    void *p;
    FL_CHECK_EQ_INT(FL_ERR_ARG, fl_arena_init(NULL, g_mem, 8));
    FL_CHECK_EQ_INT(FL_ERR_ARG, fl_arena_init(&a, NULL, 8));
    FL_CHECK_EQ_INT(FL_OK, fl_arena_init(&a, g_mem, 8));
    FL_CHECK_EQ_INT(FL_ERR_ARG, fl_arena_persist(&a, 1, 3, &p));
    FL_CHECK_EQ_INT(FL_ERR_ARG, fl_arena_scratch(&a, 1, 0, &p));
    FL_CHECK_EQ_INT(FL_ERR_ARG, fl_arena_scratch(&a, 1, 8192, &p));
    FL_CHECK_EQ_INT(FL_ERR_ARG, fl_arena_scratch(&a, 1, 1, NULL));
}

int main(void)
{
    int passed = 0;
    FL_RUN(test_arena_two_ends_aligned_and_high_water, passed);
    FL_RUN(test_arena_failure_reports_requested_and_available, passed);
    FL_RUN(test_arena_rejects_bad_arguments, passed);
    FL_TEST_MAIN_END(passed);
}
