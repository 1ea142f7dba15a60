/* SPDX-License-Identifier: MIT */
/* The bounded little-endian reader of the cascade loaders (the nanopb pattern): every read checks the bytes
 * left first, and the first error (message, offset) is kept. */
#include <string.h>

#include "fl_haar_internal.h"

fl_status_t fl_haar_rd_fail(fl_haar_rd_t *r, fl_status_t st, const char *why)
{
    if (r->err != NULL && r->err->msg == NULL) {
        r->err->msg = why;
        r->err->offset = r->pos;
    }
    return st;
}

fl_status_t fl_haar_rd_need(fl_haar_rd_t *r, uint64_t n, const char *what)
{
    if ((uint64_t)(r->len - r->pos) < n) {
        return fl_haar_rd_fail(r, FL_ERR_FORMAT, what);
    }
    return FL_OK;
}

fl_status_t fl_haar_rd_u8(fl_haar_rd_t *r, uint8_t *v, const char *what)
{
    FL_TRY(fl_haar_rd_need(r, 1u, what));
    *v = r->base[r->pos];
    r->pos += 1u;
    return FL_OK;
}

fl_status_t fl_haar_rd_u16(fl_haar_rd_t *r, uint16_t *v, const char *what)
{
    const uint8_t *p;
    FL_TRY(fl_haar_rd_need(r, 2u, what));
    p = r->base + r->pos;
    *v = (uint16_t)(p[0] | (p[1] << 8));
    r->pos += 2u;
    return FL_OK;
}

fl_status_t fl_haar_rd_u32(fl_haar_rd_t *r, uint32_t *v, const char *what)
{
    const uint8_t *p;
    FL_TRY(fl_haar_rd_need(r, 4u, what));
    p = r->base + r->pos;
    *v = (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
    r->pos += 4u;
    return FL_OK;
}

fl_status_t fl_haar_rd_f32(fl_haar_rd_t *r, float *v, const char *what)
{
    uint32_t u;
    FL_TRY(fl_haar_rd_u32(r, &u, what));
    /* Exponent all ones = Inf or NaN: a comparison against NaN is always false, which would silently turn a
     * stage into "always pass" or "always reject". */
    if ((u & 0x7F800000u) == 0x7F800000u) {
        r->pos -= 4u;
        return fl_haar_rd_fail(r, FL_ERR_RANGE, "non-finite float");
    }
    memcpy(v, &u, sizeof *v);
    return FL_OK;
}

int16_t fl_haar_as_i16(uint16_t u)
{
    return u <= 0x7FFFu ? (int16_t)u : (int16_t)((int32_t)u - 65536);
}

int32_t fl_haar_as_i32(uint32_t u)
{
    return fl_haar_wrap_i32(u);
}

int fl_haar_rect_fits(uint32_t x, uint32_t y, uint32_t w, uint32_t h, uint32_t win_w, uint32_t win_h)
{
    return w >= 1u && h >= 1u && x + w <= win_w && y + h <= win_h;
}
