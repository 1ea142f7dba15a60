/* SPDX-License-Identifier: MIT */
/* Bounds and alignment checks in front of a flash driver's callbacks (include/fl/fl_flash.h). */
#include "fl/fl_flash.h"

static int in_range(const fl_flash_t *f, uint32_t addr, size_t len)
{
    return addr <= f->total_bytes && len <= (size_t)(f->total_bytes - addr);
}

fl_status_t fl_flash_read(const fl_flash_t *f, uint32_t addr, uint8_t *dst, size_t len)
{
    if (f == NULL || f->read == NULL || (dst == NULL && len != 0u) || !in_range(f, addr, len)) {
        return FL_ERR_ARG;
    }
    return len == 0u ? FL_OK : f->read(f->ctx, addr, dst, len);
}

fl_status_t fl_flash_program(const fl_flash_t *f, uint32_t addr, const uint8_t *src, size_t len)
{
    if (f == NULL || f->program == NULL || f->program_unit == 0u || (src == NULL && len != 0u) ||
        !in_range(f, addr, len) || addr % f->program_unit != 0u || len % f->program_unit != 0u) {
        return FL_ERR_ARG;
    }
    return len == 0u ? FL_OK : f->program(f->ctx, addr, src, len);
}

fl_status_t fl_flash_erase_sector(const fl_flash_t *f, uint32_t addr)
{
    if (f == NULL || f->erase_sector == NULL || f->sector_bytes == 0u || addr % f->sector_bytes != 0u ||
        !in_range(f, addr, f->sector_bytes)) {
        return FL_ERR_ARG;
    }
    return f->erase_sector(f->ctx, addr);
}

const uint8_t *fl_flash_map(const fl_flash_t *f, uint32_t addr, size_t len)
{
    if (f == NULL || f->map == NULL || !in_range(f, addr, len)) {
        return NULL;
    }
    return f->map(f->ctx, addr, len);
}

fl_status_t fl_flash_check_erased(const fl_flash_t *f, uint32_t addr, size_t len)
{
    uint8_t buf[64];
    while (len > 0u) {
        size_t n = len < sizeof buf ? len : sizeof buf;
        size_t i;
        FL_TRY(fl_flash_read(f, addr, buf, n));
        for (i = 0; i < n; i++) {
            if (buf[i] != 0xFFu) {
                return FL_ERR_STATE;
            }
        }
        addr += (uint32_t)n;
        len -= n;
    }
    return FL_OK;
}
