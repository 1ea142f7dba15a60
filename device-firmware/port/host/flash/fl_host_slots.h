/* SPDX-License-Identifier: MIT */
/* Host port: a model-slots device in one struct (an image file as flash, mbedTLS crypto, the slots), for the C#
 * binding (Fleet.Firmware.Interop Slots/ModelSlots) and host tools. Geometry: 4 KiB sectors, 8-byte flash words,
 * a 2-sector journal. */
#ifndef FL_HOST_SLOTS_H
#define FL_HOST_SLOTS_H

#include <stddef.h>
#include <stdint.h>

#include "fl/fl_slots.h"
#include "fl_host_flash.h"

#ifdef __cplusplus
extern "C" {
#endif

#define FL_HOST_SLOTS_SECTOR_BYTES 4096u
#define FL_HOST_SLOTS_PROGRAM_UNIT 8u
#define FL_HOST_SLOTS_JOURNAL_SECTORS 2u

typedef struct {
    fl_host_flash_t file;
    fl_flash_t flash;
    fl_slots_t slots;
    uint8_t scratch[FL_HOST_SLOTS_SECTOR_BYTES];
} fl_host_slots_t;

/* Open or create the image (total_bytes, a multiple of 4 KiB) and mount it. arena: the model load + self-test
 * memory, kept by the caller for as long as d is open. trial_limit 0 = the default. */
FL_API FL_NODISCARD fl_status_t fl_host_slots_open(fl_host_slots_t *d, const char *path, uint32_t total_bytes,
                                                   const uint8_t public_key[65], void *arena, size_t arena_bytes,
                                                   uint32_t trial_limit);
FL_API void fl_host_slots_close(fl_host_slots_t *d);
/* The mounted slots, for the fl_slots_* calls. */
FL_API fl_slots_t *fl_host_slots_get(fl_host_slots_t *d);
/* fl_slots_begin with the offer's fields as arguments (no struct to mirror). model_id: NUL-terminated. */
FL_API FL_NODISCARD fl_status_t fl_host_slots_begin(fl_host_slots_t *d, uint32_t offer_id, const char *model_id,
                                                    uint32_t version, uint32_t size_bytes, const uint8_t sha256[32],
                                                    const uint8_t signature[64], uint32_t *resume_offset,
                                                    uint32_t *refusal);
FL_API size_t fl_host_slots_sizeof(void);

#ifdef __cplusplus
}
#endif

#endif /* FL_HOST_SLOTS_H */
