/* SPDX-License-Identifier: MIT */
#include "proto/fl_cbor.h"

#include <string.h>

void fl_cbor_writer_init(fl_cbor_writer_t *w, uint8_t *buf, size_t cap)
{
    w->buf = buf;
    w->cap = buf != NULL ? cap : 0;
    w->len = 0;
    w->err = FL_OK;
}

/* Every byte goes through here, so the capacity check lives in one place. */
static void put(fl_cbor_writer_t *w, const uint8_t *d, size_t n)
{
    if (w->err != FL_OK) {
        return;
    }
    if (w->buf == NULL) {
        w->len += n;
        return;
    }
    if (n > w->cap - w->len) { /* cannot wrap: len <= cap always holds */
        w->err = FL_ERR_NO_MEM;
        return;
    }
    if (n > 0) {
        memcpy(w->buf + w->len, d, n);
    }
    w->len += n;
}

void fl_cbor_write_head(fl_cbor_writer_t *w, uint8_t major, uint64_t arg)
{
    uint8_t h[9];
    size_t n;
    uint8_t mt = (uint8_t)(major << 5);

    /* Shortest form (RFC 8949 §4.2.1): the smallest of 0, 1, 2, 4, 8 argument bytes that holds the value. */
    if (arg < 24u) {
        h[0] = (uint8_t)(mt | (uint8_t)arg);
        n = 1;
    } else if (arg <= 0xFFu) {
        h[0] = (uint8_t)(mt | 24u);
        h[1] = (uint8_t)arg;
        n = 2;
    } else if (arg <= 0xFFFFu) {
        h[0] = (uint8_t)(mt | 25u);
        h[1] = (uint8_t)(arg >> 8);
        h[2] = (uint8_t)arg;
        n = 3;
    } else if (arg <= 0xFFFFFFFFu) {
        h[0] = (uint8_t)(mt | 26u);
        h[1] = (uint8_t)(arg >> 24);
        h[2] = (uint8_t)(arg >> 16);
        h[3] = (uint8_t)(arg >> 8);
        h[4] = (uint8_t)arg;
        n = 5;
    } else {
        size_t i;
        h[0] = (uint8_t)(mt | 27u);
        for (i = 0; i < 8; i++) {
            h[1 + i] = (uint8_t)(arg >> (56u - 8u * i));
        }
        n = 9;
    }
    put(w, h, n);
}

void fl_cbor_write_uint(fl_cbor_writer_t *w, uint64_t v)
{
    fl_cbor_write_head(w, FL_CBOR_UINT, v);
}

void fl_cbor_write_int(fl_cbor_writer_t *w, int64_t v)
{
    if (v >= 0) {
        fl_cbor_write_head(w, FL_CBOR_UINT, (uint64_t)v);
    } else {
        /* -1 - v computed in unsigned arithmetic so INT64_MIN does not overflow. */
        fl_cbor_write_head(w, FL_CBOR_NINT, ~(uint64_t)v);
    }
}

void fl_cbor_write_bool(fl_cbor_writer_t *w, int v)
{
    uint8_t b = (uint8_t)((FL_CBOR_SIMPLE << 5) | (v ? FL_CBOR_TRUE : FL_CBOR_FALSE));
    put(w, &b, 1);
}

void fl_cbor_write_text(fl_cbor_writer_t *w, const char *s, size_t len)
{
    fl_cbor_write_head(w, FL_CBOR_TEXT, len);
    put(w, (const uint8_t *)s, len);
}

void fl_cbor_write_bytes(fl_cbor_writer_t *w, const uint8_t *d, size_t len)
{
    fl_cbor_write_head(w, FL_CBOR_BYTES, len);
    put(w, d, len);
}

void fl_cbor_write_raw(fl_cbor_writer_t *w, const uint8_t *d, size_t len)
{
    put(w, d, len);
}
