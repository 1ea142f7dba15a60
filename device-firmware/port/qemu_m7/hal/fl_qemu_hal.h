/* SPDX-License-Identifier: MIT */
/* fl_hal_t for the emulated M7 (and, from the same source, the host build it is compared with): a virtual
 * clock, frames from the firmware app's sources (PGM photos read through semihosting, or the synthetic thermal
 * scene), publishing to the console, state kept in RAM. Deterministic, so a loop run under QEMU prints exactly
 * what the host build prints.
 *
 * Virtual clock: nothing sleeps. delay_us and elapse_us advance it by their argument, capture by the board
 * profile's capture time, radio up by the radio's connect time, publish by its transmit time
 * (fl_radio_tx_us), sleep to the RTC alarm plus the wake-up time of the mode. Only the RTC wake source exists
 * (no GPIO). Memory: everything in fl_qemu_hal_t (keep it static); no malloc. */
#ifndef FL_QEMU_HAL_H
#define FL_QEMU_HAL_H

#include <stddef.h>
#include <stdint.h>

#include "fl/fl_hal.h"
#include "fl/fl_loop.h"

#define FL_QEMU_HAL_MAX_FRAMES 8u
#define FL_QEMU_HAL_STATE_BYTES 4096u

typedef struct {
    const fl_board_profile_t *board;
    const fl_radio_profile_t *radio;
    /* camera: PGM paths (cycled); thermal: n_paths == 0 and the synthetic w x h scene of `frames` frames */
    const char *paths[FL_QEMU_HAL_MAX_FRAMES];
    uint32_t n_paths;
    int32_t thermal_w, thermal_h;
    uint32_t thermal_frames;
    uint64_t clock_us;
    uint64_t rtc_start_ms;
    uint32_t next_frame;
    int sensor_on;
    int radio_on;
    uint32_t published;
    size_t state_len;
    uint8_t state[FL_QEMU_HAL_STATE_BYTES];
} fl_qemu_hal_t;

/* Fills *hal to run over q (whose profile and frame fields the caller set; the rest is zeroed here). */
void fl_qemu_hal_init(fl_qemu_hal_t *q, fl_hal_t *hal);

#endif /* FL_QEMU_HAL_H */
