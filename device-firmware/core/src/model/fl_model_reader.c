/* SPDX-License-Identifier: MIT */
/* The bounded little-endian reader of the Fleet model loader (the nanopb sub-stream pattern): every read checks
 * the bytes left in its window first, a section gets a sub-reader limited to its declared length, and the first
 * error (message, absolute offset, layer) is kept. */
#include "fl_model_internal.h"

fl_status_t fl_model_fail(fl_model_rd_t *r, fl_status_t st, const char *why)
{
    if (r->err != NULL && r->err->msg == NULL) {
        r->err->msg = why;
        r->err->offset = r->pos;
        r->err->layer = r->layer;
    }
    return st;
}

fl_status_t fl_model_rd_u8(fl_model_rd_t *r, uint8_t *v)
{
    if (r->end - r->pos < 1u) {
        return fl_model_fail(r, FL_ERR_FORMAT, "truncated field");
    }
    *v = r->blob[r->pos];
    r->pos += 1u;
    return FL_OK;
}

fl_status_t fl_model_rd_u16(fl_model_rd_t *r, uint16_t *v)
{
    const uint8_t *p;
    if (r->end - r->pos < 2u) {
        return fl_model_fail(r, FL_ERR_FORMAT, "truncated field");
    }
    p = r->blob + r->pos;
    *v = (uint16_t)(p[0] | (p[1] << 8));
    r->pos += 2u;
    return FL_OK;
}

fl_status_t fl_model_rd_u32(fl_model_rd_t *r, uint32_t *v)
{
    if (r->end - r->pos < 4u) {
        return fl_model_fail(r, FL_ERR_FORMAT, "truncated field");
    }
    *v = fl_model_le32(r->blob + r->pos);
    r->pos += 4u;
    return FL_OK;
}

fl_status_t fl_model_rd_zero(fl_model_rd_t *r, size_t n, const char *what)
{
    size_t i;
    if (r->end - r->pos < n) {
        return fl_model_fail(r, FL_ERR_FORMAT, "truncated field");
    }
    for (i = 0; i < n; i++) {
        if (r->blob[r->pos] != 0u) {
            return fl_model_fail(r, FL_ERR_FORMAT, what);
        }
        r->pos++;
    }
    return FL_OK;
}

fl_status_t fl_model_rd_sub(fl_model_rd_t *parent, uint64_t off, uint64_t len, fl_model_rd_t *sub, const char *what)
{
    /* 64-bit sums: off + len of a hostile directory cannot wrap. */
    if (off < parent->pos || off > parent->end || len > (uint64_t)parent->end - off) {
        return fl_model_fail(parent, FL_ERR_FORMAT, what);
    }
    *sub = *parent;
    sub->pos = (size_t)off;
    sub->end = (size_t)(off + len);
    return FL_OK;
}
