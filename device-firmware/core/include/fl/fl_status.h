/* SPDX-License-Identifier: MIT */
/* One status type for the whole core. 0 is success, every error is negative, so `if (st < 0)` always works. */
#ifndef FL_STATUS_H
#define FL_STATUS_H

#include "fl_export.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    FL_OK = 0,
    FL_ERR_ARG = -1,         /* a caller broke the contract: NULL where forbidden, size out of range */
    FL_ERR_NO_MEM = -2,      /* the caller's buffer or arena is too small */
    FL_ERR_FORMAT = -3,      /* input bytes are malformed, truncated or have trailing data */
    FL_ERR_UNSUPPORTED = -4, /* well-formed, but a version or feature this build does not handle */
    FL_ERR_IO = -5,          /* a storage or transport operation failed */
    FL_ERR_STATE = -6,       /* called in the wrong order, e.g. run before prepare */
    FL_ERR_RANGE = -7,       /* a well-formed field whose value is outside its documented range */
    FL_ERR_MISMATCH = -8,    /* well-formed input that contradicts its context (wrong message type, bad hash) */
} fl_status_t;

#if defined(__GNUC__) || defined(__clang__)
#define FL_NODISCARD __attribute__((warn_unused_result))
#else
#define FL_NODISCARD
#endif

/* Pass an error up unchanged: the first error wins. */
#define FL_TRY(expr)                       \
    do {                                   \
        fl_status_t fl_try_st_ = (expr);   \
        if (fl_try_st_ != FL_OK) {         \
            return fl_try_st_;             \
        }                                  \
    } while (0)

/* A short, static, human-readable name for a status ("FL_ERR_FORMAT"); never NULL. */
FL_API const char *fl_status_name(fl_status_t status);

#ifdef __cplusplus
}
#endif

#endif /* FL_STATUS_H */
