/* SPDX-License-Identifier: MIT */
/* RAM as NOR flash with power-cut injection (fl_ram_flash.h). */
#include "fl_ram_flash.h"

#include <string.h>

static fl_status_t rf_read(void *ctx, uint32_t addr, uint8_t *dst, size_t len)
{
    fl_ram_flash_t *r = (fl_ram_flash_t *)ctx;
    if (r->dead) {
        return FL_ERR_IO;
    }
    memcpy(dst, r->mem + addr, len);
    return FL_OK;
}

static fl_status_t rf_program(void *ctx, uint32_t addr, const uint8_t *src, size_t len)
{
    fl_ram_flash_t *r = (fl_ram_flash_t *)ctx;
    size_t i, n = len;
    if (r->dead) {
        return FL_ERR_IO;
    }
    for (i = 0; i < len; i++) {
        if (r->mem[addr + i] != 0xFFu) {
            return FL_ERR_STATE; /* ECC flash: no second program of a word */
        }
    }
    if (r->cut_bytes >= 0 && (uint64_t)r->cut_bytes < len) {
        n = (size_t)r->cut_bytes;
    }
    memcpy(r->mem + addr, src, n);
    r->programmed += n;
    if (n < len) {
        /* The torn byte at the cut: only some of its 0 bits got programmed. */
        r->mem[addr + n] = (uint8_t)(src[n] | 0x55u);
        r->dead = 1;
        r->cut_bytes = -1;
        return FL_ERR_IO;
    }
    if (r->cut_bytes >= 0) {
        r->cut_bytes -= (int64_t)len;
    }
    return FL_OK;
}

static fl_status_t rf_erase(void *ctx, uint32_t addr)
{
    fl_ram_flash_t *r = (fl_ram_flash_t *)ctx;
    if (r->dead) {
        return FL_ERR_IO;
    }
    if (r->cut_erases == 0) {
        memset(r->mem + addr, 0xFF, r->sector / 2u);
        r->dead = 1;
        r->cut_erases = -1;
        return FL_ERR_IO;
    }
    if (r->cut_erases > 0) {
        r->cut_erases--;
    }
    memset(r->mem + addr, 0xFF, r->sector);
    r->erases++;
    return FL_OK;
}

static const uint8_t *rf_map(void *ctx, uint32_t addr, size_t len)
{
    fl_ram_flash_t *r = (fl_ram_flash_t *)ctx;
    (void)len;
    return r->dead ? NULL : r->mem + addr;
}

fl_status_t fl_ram_flash_open(fl_ram_flash_t *r, uint8_t *mem, uint32_t total_bytes, uint32_t sector_bytes,
                              uint32_t program_unit, fl_flash_t *flash)
{
    if (r == NULL || mem == NULL || flash == NULL || sector_bytes == 0u || total_bytes == 0u ||
        total_bytes % sector_bytes != 0u || program_unit == 0u || sector_bytes % program_unit != 0u) {
        return FL_ERR_ARG;
    }
    memset(r, 0, sizeof *r);
    r->mem = mem;
    r->total = total_bytes;
    r->sector = sector_bytes;
    r->cut_bytes = -1;
    r->cut_erases = -1;
    memset(flash, 0, sizeof *flash);
    flash->read = rf_read;
    flash->program = rf_program;
    flash->erase_sector = rf_erase;
    flash->map = rf_map;
    flash->ctx = r;
    flash->sector_bytes = sector_bytes;
    flash->total_bytes = total_bytes;
    flash->program_unit = program_unit;
    return FL_OK;
}

void fl_ram_flash_cut_after_bytes(fl_ram_flash_t *r, uint64_t bytes)
{
    r->cut_bytes = (int64_t)bytes;
}

void fl_ram_flash_cut_at_erase(fl_ram_flash_t *r, uint64_t erases)
{
    r->cut_erases = (int64_t)erases;
}
