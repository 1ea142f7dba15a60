/* SPDX-License-Identifier: MIT */
/* Internal: a bounded CBOR writer and reader for the subset protocol v1 uses (RFC 8949 core deterministic
 * encoding: shortest heads, definite lengths, no tags, no floats). Not part of the public API; the unit tests
 * use it to build hostile inputs.
 *
 * Both keep the first error and ignore later calls once one is set (nanopb style), so a sequence of calls can be
 * checked once at the end. Neither allocates; the reader never reads outside [buf, buf + len). */
#ifndef FL_CBOR_H
#define FL_CBOR_H

#include <stddef.h>
#include <stdint.h>

#include "fl/fl_status.h"

/* CBOR major types (RFC 8949 §3.1). */
enum {
    FL_CBOR_UINT = 0,
    FL_CBOR_NINT = 1,
    FL_CBOR_BYTES = 2,
    FL_CBOR_TEXT = 3,
    FL_CBOR_ARRAY = 4,
    FL_CBOR_MAP = 5,
    FL_CBOR_TAG = 6,
    FL_CBOR_SIMPLE = 7
};

#define FL_CBOR_FALSE 20u /* simple values of major type 7 */
#define FL_CBOR_TRUE 21u

/* ---- Writer ---- */
typedef struct {
    uint8_t *buf;    /* NULL: sizing pass, only len advances */
    size_t cap;
    size_t len;      /* bytes written (or that would have been) */
    fl_status_t err; /* first error: FL_ERR_NO_MEM when cap is exceeded */
} fl_cbor_writer_t;

void fl_cbor_writer_init(fl_cbor_writer_t *w, uint8_t *buf, size_t cap);
/* A head (major type + argument) in its shortest form. */
void fl_cbor_write_head(fl_cbor_writer_t *w, uint8_t major, uint64_t arg);
void fl_cbor_write_uint(fl_cbor_writer_t *w, uint64_t v);
/* Major type 0 for v >= 0, else major type 1 with argument -1 - v. */
void fl_cbor_write_int(fl_cbor_writer_t *w, int64_t v);
void fl_cbor_write_bool(fl_cbor_writer_t *w, int v);
void fl_cbor_write_text(fl_cbor_writer_t *w, const char *s, size_t len);
void fl_cbor_write_bytes(fl_cbor_writer_t *w, const uint8_t *d, size_t len);
/* Raw bytes appended as they are: tests use it to build non-canonical input. */
void fl_cbor_write_raw(fl_cbor_writer_t *w, const uint8_t *d, size_t len);

/* ---- Reader ---- */
typedef struct {
    const uint8_t *p; /* next unread byte */
    size_t left;      /* bytes left from p */
    fl_status_t err;  /* first error */
} fl_cbor_reader_t;

void fl_cbor_reader_init(fl_cbor_reader_t *r, const uint8_t *buf, size_t len);
/* Record `st` unless an error is already set; returns the error in force. */
fl_status_t fl_cbor_fail(fl_cbor_reader_t *r, fl_status_t st);

/* One head. FL_ERR_FORMAT for truncation, reserved or indefinite additional info (28..31), a tag, a float, a
 * two-byte simple value below 32, or a non-shortest argument. For major type 7 *arg is the simple value. */
FL_NODISCARD fl_status_t fl_cbor_read_head(fl_cbor_reader_t *r, uint8_t *major, uint64_t *arg);
/* The typed readers return FL_ERR_RANGE for a well-formed item of another major type. */
FL_NODISCARD fl_status_t fl_cbor_read_uint(fl_cbor_reader_t *r, uint64_t *v);
/* Major type 0 or 1. FL_ERR_RANGE if the value does not fit int64_t. */
FL_NODISCARD fl_status_t fl_cbor_read_int(fl_cbor_reader_t *r, int64_t *v);
FL_NODISCARD fl_status_t fl_cbor_read_bool(fl_cbor_reader_t *r, int *v);
/* Text or byte string: *data points into the input (valid while it is), FL_ERR_FORMAT if truncated. */
FL_NODISCARD fl_status_t fl_cbor_read_text(fl_cbor_reader_t *r, const uint8_t **data, size_t *len);
FL_NODISCARD fl_status_t fl_cbor_read_bytes(fl_cbor_reader_t *r, const uint8_t **data, size_t *len);
FL_NODISCARD fl_status_t fl_cbor_read_array(fl_cbor_reader_t *r, uint64_t *count);
FL_NODISCARD fl_status_t fl_cbor_read_map(fl_cbor_reader_t *r, uint64_t *count);

#endif /* FL_CBOR_H */
