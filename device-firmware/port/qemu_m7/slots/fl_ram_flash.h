/* SPDX-License-Identifier: MIT */
/* NOR flash emulated in RAM for the model slots under QEMU (fl_flash.h semantics: erase to 0xFF, program only
 * erased bytes, whole flash words), with power cuts injected the way the host port's file flash does: after a
 * given number of programmed bytes the word being written is left torn and the rest erased, or at a given erase
 * the sector is left half erased; the flash is then dead (every call FL_ERR_IO) until the test "reboots" by
 * re-opening it over the same memory. Caller-provided memory; the image survives the reboot. */
#ifndef FL_RAM_FLASH_H
#define FL_RAM_FLASH_H

#include <stddef.h>
#include <stdint.h>

#include "fl/fl_flash.h"

typedef struct {
    uint8_t *mem;
    uint32_t total;
    uint32_t sector;
    int64_t cut_bytes;     /* programmed bytes still allowed before the cut; -1 none */
    int64_t cut_erases;    /* erases still allowed before the cut; -1 none */
    int dead;              /* a cut happened: nothing works until re-opened */
    uint64_t programmed;   /* bytes programmed since open */
    uint64_t erases;       /* sectors erased since open */
} fl_ram_flash_t;

/* Wrap mem[0..total_bytes) (its contents are kept: the "flash image") as *flash. FL_ERR_ARG for bad geometry. */
fl_status_t fl_ram_flash_open(fl_ram_flash_t *r, uint8_t *mem, uint32_t total_bytes, uint32_t sector_bytes,
                              uint32_t program_unit, fl_flash_t *flash);
/* Cut the power once `bytes` more bytes have been programmed (the word at the cut torn). */
void fl_ram_flash_cut_after_bytes(fl_ram_flash_t *r, uint64_t bytes);
/* Cut the power during the erase after `erases` more erases (that sector left half erased). */
void fl_ram_flash_cut_at_erase(fl_ram_flash_t *r, uint64_t erases);

#endif /* FL_RAM_FLASH_H */
