/* SPDX-License-Identifier: MIT */
/* A minimal C99 test harness: no allocation, no libc beyond printf, so the same tests can later run on the
 * Cortex-M7 under QEMU with semihosting. Each test binary ends with one "N passed, N failed" line. */
#ifndef FL_TEST_H
#define FL_TEST_H

#include <stdio.h>
#include <string.h>

static int fl_test_failures_;
static int fl_test_current_failed_;

#define FL_CHECK(cond)                                                                \
    do {                                                                              \
        if (!(cond)) {                                                                \
            printf("  FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);                  \
            fl_test_current_failed_ = 1;                                              \
        }                                                                             \
    } while (0)

#define FL_CHECK_EQ_INT(expected, actual)                                             \
    do {                                                                              \
        long long e_ = (long long)(expected), a_ = (long long)(actual);               \
        if (e_ != a_) {                                                               \
            printf("  FAIL %s:%d: %s == %s (expected %lld, got %lld)\n", __FILE__,    \
                   __LINE__, #expected, #actual, e_, a_);                             \
            fl_test_current_failed_ = 1;                                              \
        }                                                                             \
    } while (0)

#define FL_CHECK_MEM_EQ(expected, actual, len)                                        \
    do {                                                                              \
        if (memcmp((expected), (actual), (len)) != 0) {                               \
            printf("  FAIL %s:%d: memory differs (%s vs %s)\n", __FILE__, __LINE__,   \
                   #expected, #actual);                                               \
            fl_test_current_failed_ = 1;                                              \
        }                                                                             \
    } while (0)

#define FL_RUN(test_fn, passed_counter)                                               \
    do {                                                                              \
        fl_test_current_failed_ = 0;                                                  \
        test_fn();                                                                    \
        if (fl_test_current_failed_) {                                                \
            fl_test_failures_++;                                                      \
            printf("FAILED %s\n", #test_fn);                                          \
        } else {                                                                      \
            (passed_counter)++;                                                       \
        }                                                                             \
    } while (0)

#define FL_TEST_MAIN_END(passed)                                                      \
    do {                                                                              \
        printf("%d passed, %d failed\n", (passed), fl_test_failures_);                \
        return fl_test_failures_ == 0 ? 0 : 1;                                        \
    } while (0)

#endif /* FL_TEST_H */
