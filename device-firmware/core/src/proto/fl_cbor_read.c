/* SPDX-License-Identifier: MIT */
#include "proto/fl_cbor.h"

void fl_cbor_reader_init(fl_cbor_reader_t *r, const uint8_t *buf, size_t len)
{
    r->p = buf;
    r->left = buf != NULL ? len : 0;
    r->err = FL_OK;
}

fl_status_t fl_cbor_fail(fl_cbor_reader_t *r, fl_status_t st)
{
    if (r->err == FL_OK) {
        r->err = st;
    }
    return r->err;
}

fl_status_t fl_cbor_read_head(fl_cbor_reader_t *r, uint8_t *major, uint64_t *arg)
{
    uint8_t ib;
    uint8_t ai;
    size_t n;
    size_t i;
    uint64_t v = 0;

    if (r->err != FL_OK) {
        return r->err;
    }
    if (r->left < 1) {
        return fl_cbor_fail(r, FL_ERR_FORMAT);
    }
    ib = r->p[0];
    *major = (uint8_t)(ib >> 5);
    ai = (uint8_t)(ib & 31u);
    /* Tags never appear in v1; 28..30 are reserved and 31 is indefinite length or break, all malformed here. */
    if (*major == FL_CBOR_TAG || ai >= 28u) {
        return fl_cbor_fail(r, FL_ERR_FORMAT);
    }
    /* Major type 7 with 25..27 is a half, single or double float: "no floats" in §2. */
    if (*major == FL_CBOR_SIMPLE && ai >= 25u) {
        return fl_cbor_fail(r, FL_ERR_FORMAT);
    }
    if (ai < 24u) {
        r->p += 1;
        r->left -= 1;
        *arg = ai;
        return FL_OK;
    }
    n = (size_t)1 << (ai - 24u); /* 24..27 -> 1, 2, 4, 8 argument bytes */
    if (r->left < 1 + n) {
        return fl_cbor_fail(r, FL_ERR_FORMAT);
    }
    for (i = 0; i < n; i++) {
        v = (v << 8) | r->p[1 + i];
    }
    if (*major == FL_CBOR_SIMPLE) {
        /* RFC 8949 §3.3: a one-byte-extended simple value below 32 is not well-formed. */
        if (v < 32u) {
            return fl_cbor_fail(r, FL_ERR_FORMAT);
        }
    } else {
        /* Deterministic encoding: reject an argument that a shorter head could carry. */
        static const uint64_t min_for_width[4] = {24u, 0x100u, 0x10000u, 0x100000000u};
        if (v < min_for_width[ai - 24u]) {
            return fl_cbor_fail(r, FL_ERR_FORMAT);
        }
    }
    r->p += 1 + n;
    r->left -= 1 + n;
    *arg = v;
    return FL_OK;
}

/* Reads a head and requires major type `want`; a different type is a field error, not malformed input. */
static fl_status_t read_typed(fl_cbor_reader_t *r, uint8_t want, uint64_t *arg)
{
    uint8_t major;
    FL_TRY(fl_cbor_read_head(r, &major, arg));
    if (major != want) {
        return fl_cbor_fail(r, FL_ERR_RANGE);
    }
    return FL_OK;
}

fl_status_t fl_cbor_read_uint(fl_cbor_reader_t *r, uint64_t *v)
{
    return read_typed(r, FL_CBOR_UINT, v);
}

fl_status_t fl_cbor_read_int(fl_cbor_reader_t *r, int64_t *v)
{
    uint8_t major;
    uint64_t arg;
    FL_TRY(fl_cbor_read_head(r, &major, &arg));
    if ((major != FL_CBOR_UINT && major != FL_CBOR_NINT) || arg > (uint64_t)INT64_MAX) {
        return fl_cbor_fail(r, FL_ERR_RANGE);
    }
    /* Major type 1 encodes -1 - arg; arg <= INT64_MAX keeps the result >= INT64_MIN. */
    *v = major == FL_CBOR_UINT ? (int64_t)arg : -1 - (int64_t)arg;
    return FL_OK;
}

fl_status_t fl_cbor_read_bool(fl_cbor_reader_t *r, int *v)
{
    uint64_t arg;
    FL_TRY(read_typed(r, FL_CBOR_SIMPLE, &arg));
    if (arg != FL_CBOR_FALSE && arg != FL_CBOR_TRUE) {
        return fl_cbor_fail(r, FL_ERR_RANGE); /* null, undefined or another simple value */
    }
    *v = arg == FL_CBOR_TRUE;
    return FL_OK;
}

static fl_status_t read_string(fl_cbor_reader_t *r, uint8_t major, const uint8_t **data, size_t *len)
{
    uint64_t n;
    FL_TRY(read_typed(r, major, &n));
    if (n > r->left) {
        return fl_cbor_fail(r, FL_ERR_FORMAT);
    }
    *data = r->p;
    *len = (size_t)n;
    r->p += (size_t)n;
    r->left -= (size_t)n;
    return FL_OK;
}

fl_status_t fl_cbor_read_text(fl_cbor_reader_t *r, const uint8_t **data, size_t *len)
{
    return read_string(r, FL_CBOR_TEXT, data, len);
}

fl_status_t fl_cbor_read_bytes(fl_cbor_reader_t *r, const uint8_t **data, size_t *len)
{
    return read_string(r, FL_CBOR_BYTES, data, len);
}

fl_status_t fl_cbor_read_array(fl_cbor_reader_t *r, uint64_t *count)
{
    return read_typed(r, FL_CBOR_ARRAY, count);
}

fl_status_t fl_cbor_read_map(fl_cbor_reader_t *r, uint64_t *count)
{
    return read_typed(r, FL_CBOR_MAP, count);
}
