/* SPDX-License-Identifier: MIT */
/* A NOR flash as the model slots see it (docs/model-slots.md): read, program, erase-sector callbacks over a
 * context, plus an optional in-place mapping (memory-mapped flash on the MCU; the host maps its image file).
 *
 * NOR semantics, which the journal's power-cut safety relies on and every implementation must keep:
 *   - erase sets a whole sector to 0xFF; it is the only way to turn a programmed byte back to 0xFF;
 *   - program writes only into erased bytes: programming a byte that is not 0xFF is FL_ERR_STATE and changes
 *     nothing (on ECC flash such as the STM32H7's, a second program of a flash word is forbidden);
 *   - a power cut during program leaves the bytes before the cut programmed, the flash word being written in an
 *     undefined state (some of its bits cleared) and the rest erased; during erase, the sector is undefined.
 * Addresses are byte offsets from the start of the device; the core's wrappers check bounds and alignment
 * before calling the callbacks. */
#ifndef FL_FLASH_H
#define FL_FLASH_H

#include <stddef.h>
#include <stdint.h>

#include "fl_export.h"
#include "fl_status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    /* Copy len bytes at addr into dst. */
    fl_status_t (*read)(void *ctx, uint32_t addr, uint8_t *dst, size_t len);
    /* Program len bytes at addr (addr and len multiples of program_unit; every target byte erased). */
    fl_status_t (*program)(void *ctx, uint32_t addr, const uint8_t *src, size_t len);
    /* Erase the sector that starts at addr (a multiple of sector_bytes). */
    fl_status_t (*erase_sector)(void *ctx, uint32_t addr);
    /* Optional: a read-only pointer to [addr, addr + len) valid until the next program or erase of that range,
     * or NULL. The slots load models in place through it (fl_model_load reads the blob where it lies). */
    const uint8_t *(*map)(void *ctx, uint32_t addr, size_t len);
    void *ctx;
    uint32_t sector_bytes;  /* erase unit, a power of two */
    uint32_t total_bytes;   /* a multiple of sector_bytes */
    uint32_t program_unit;  /* program granularity ("flash word"): 1..256, a power of two dividing 512 */
} fl_flash_t;

/* Checked wrappers: FL_ERR_ARG for a NULL flash or callback, a range outside the device, or a misaligned
 * address/length; otherwise the callback's status. */
FL_API FL_NODISCARD fl_status_t fl_flash_read(const fl_flash_t *f, uint32_t addr, uint8_t *dst, size_t len);
FL_API FL_NODISCARD fl_status_t fl_flash_program(const fl_flash_t *f, uint32_t addr, const uint8_t *src, size_t len);
FL_API FL_NODISCARD fl_status_t fl_flash_erase_sector(const fl_flash_t *f, uint32_t addr);
/* NULL when the flash has no mapping or the range is outside the device. */
FL_API const uint8_t *fl_flash_map(const fl_flash_t *f, uint32_t addr, size_t len);
/* FL_OK when every byte of [addr, addr + len) is 0xFF, FL_ERR_STATE when one is not, or a read error. */
FL_API FL_NODISCARD fl_status_t fl_flash_check_erased(const fl_flash_t *f, uint32_t addr, size_t len);

#ifdef __cplusplus
}
#endif

#endif /* FL_FLASH_H */
