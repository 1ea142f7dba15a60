/* SPDX-License-Identifier: MIT */
/* Haar cascades used in place from flash: an additional load path next to fl_cascade_load().
 *
 * fl_cascade_load() copies the stage/feature/rect tables into the arena (about 146 KB for the 25-stage face
 * cascade). A flash image ("FLHF") stores those same tables already in the in-memory layout of
 * fl_cascade_stage_t / fl_cascade_feature_t / fl_cascade_rect_t, so fl_haar_flash_open() only validates the
 * image and points the fl_cascade_t at it: the tables are read where they lie (memory-mapped flash, XIP) and
 * the arena holds only the detector's per-frame scratch (fl_haar_scratch_bytes()). The resulting fl_cascade_t
 * is the same kind of object the RAM path gives, so fl_haar_detect(), fl_cascade_truncate() and the pipeline
 * take it unchanged and produce identical detections.
 *
 * Making an image: load any cascade (OpenMV .cascade or FLHC) with fl_cascade_load() on the build host or the
 * provisioning tool, then fl_haar_flash_image_write(). The image records the sizes of the three structs and
 * the byte order of the machine that wrote it; fl_haar_flash_open() rejects an image written for a different
 * layout (FL_ERR_UNSUPPORTED), so write it with the same compiler ABI as the target (little-endian, 4-byte
 * aligned int32/float: Cortex-M and x86-64 agree).
 *
 * Layout (all little-endian on the supported targets; offsets in bytes):
 *   0  "FLHF"   4  u32 version (1)   8  u32 layout tag (see fl_haar_flash_layout_tag())
 *  12  u16 window_w  14  u16 window_h  16  u32 n_stages  20  u32 n_features  24  u32 n_rects
 *  28  u32 flags  32  u32 format (fl_cascade_format_t)  36  u32 reserved (0)
 *  40  stages[n_stages], then features[n_features], then rects[n_rects], each in its struct layout; the image
 *      ends exactly after the rects. The image must start 4-byte aligned (flash sectors are).
 *
 * Validation on open is the loader's: window and counts in range, per-stage feature counts summing to
 * n_features, 1..3 rectangles per feature inside [0, n_rects), every rectangle non-empty and inside the window,
 * finite floats, zero reserved fields. A corrupt or truncated image returns an error and is never read outside
 * [image, image + len). Thread-safety: as fl_cascade_load(); the image must stay mapped while the cascade is
 * used. */
#ifndef FL_HAAR_FLASH_H
#define FL_HAAR_FLASH_H

#include <stddef.h>
#include <stdint.h>

#include "fl_cascade.h"
#include "fl_export.h"
#include "fl_status.h"

#ifdef __cplusplus
extern "C" {
#endif

#define FL_HAAR_FLASH_MAGIC "FLHF"
#define FL_HAAR_FLASH_VERSION 1u
#define FL_HAAR_FLASH_HEADER_BYTES 40u

/* sizeof(stage) | sizeof(feature) << 8 | sizeof(rect) << 16 | byte-order mark << 24 (1 little, 2 big). */
FL_API uint32_t fl_haar_flash_layout_tag(void);

/* Bytes fl_haar_flash_image_write() produces for this (loaded, possibly truncated) cascade. FL_ERR_ARG on NULL. */
FL_API FL_NODISCARD fl_status_t fl_haar_flash_image_bytes(const fl_cascade_t *cascade, size_t *bytes);

/* Serialise a loaded cascade as a flash image into out[0..cap). FL_ERR_NO_MEM if cap is too small (nothing
 * written past cap); *written gets the image size on success. */
FL_API FL_NODISCARD fl_status_t fl_haar_flash_image_write(const fl_cascade_t *cascade, uint8_t *out, size_t cap,
                                                          size_t *written);

/* Validate a flash image and point *cascade at its tables (no copy, no arena). On failure *cascade is zeroed
 * and err (may be NULL) names the problem and its offset. Status codes as fl_cascade_load(); a misaligned
 * image is FL_ERR_ARG. */
FL_API FL_NODISCARD fl_status_t fl_haar_flash_open(fl_cascade_t *cascade, const uint8_t *image, size_t len,
                                                   fl_cascade_error_t *err);

#ifdef __cplusplus
}
#endif

#endif /* FL_HAAR_FLASH_H */
