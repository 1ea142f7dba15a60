/* SPDX-License-Identifier: MIT */
/* Host port: a file as NOR flash (fl_flash.h), memory-mapped so models load in place, with power-cut fault
 * injection for the slots' tests. NOR rules are enforced, not assumed: program into a byte that is not 0xFF is
 * FL_ERR_STATE and changes nothing. A cut armed with fl_host_flash_cut_after_bytes() lets that many more bytes be
 * programmed, leaves the byte at the cut with only some of its bits cleared (a torn flash word) and then the
 * "power is off": every call fails with FL_ERR_IO until the image is closed and opened again. A cut at an erase
 * leaves the sector half erased. */
#ifndef FL_HOST_FLASH_H
#define FL_HOST_FLASH_H

#include <stdint.h>

#include "fl/fl_flash.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    int fd;
    uint8_t *mem;
    uint32_t total, sector, unit;
    int64_t cut_bytes;     /* bytes still allowed before the cut; -1 = no cut armed */
    int64_t cut_erases;    /* erases still allowed before the cut; -1 = none */
    uint64_t programmed;   /* bytes programmed since open */
    uint64_t erases;       /* sectors erased since open */
    int dead;              /* the power was cut */
} fl_host_flash_t;

/* Open (or create, erased) the image at path with this geometry and fill *flash with its callbacks. An existing
 * file of another size is FL_ERR_MISMATCH; FL_ERR_IO for file errors; FL_ERR_ARG for a bad geometry. */
FL_API FL_NODISCARD fl_status_t fl_host_flash_open(fl_host_flash_t *h, const char *path, uint32_t total_bytes,
                                                   uint32_t sector_bytes, uint32_t program_unit, fl_flash_t *flash);
FL_API void fl_host_flash_close(fl_host_flash_t *h);

/* Arm a power cut after `bytes` more programmed bytes / at the erase after `erases` more erases. */
FL_API void fl_host_flash_cut_after_bytes(fl_host_flash_t *h, uint64_t bytes);
FL_API void fl_host_flash_cut_at_erase(fl_host_flash_t *h, uint64_t erases);

#ifdef __cplusplus
}
#endif

#endif /* FL_HOST_FLASH_H */
