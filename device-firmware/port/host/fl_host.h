/* SPDX-License-Identifier: MIT */
/* The host port of the HAL (fl_hal.h): files stand in for the SD card and flash, time is a virtual clock, and
 * published messages land in memory (and optionally a log file) for tests and tools to read.
 *
 * Virtual clock: nothing sleeps for real. Each HAL call advances the clock by the duration the board and radio
 * profiles model for it: delay_us (warm-up) by its argument, capture by the board's capture time, radio up by
 * the connect time, publish by the message's transmit time plus the per-message receive windows, radio down
 * by the session tail, elapse_us (detection) by its argument, and sleep to the RTC alarm or the next PIR event,
 * plus the wake-up time out of the mode slept in. So the loop's measured durations are the modelled ones.
 *
 * Frames: a directory of binary PGM files (P5, 8-bit; sorted by name) for the camera, or a D6T CSV file (Omron
 * D6T-44L: TPTAT, T1..T16 in 0.1 degC, one frame per row) for the thermal sensor. The frames cycle when the
 * wakes outnumber them. Memory: everything lives in fl_host_t (large: keep it static); no malloc. */
#ifndef FL_HOST_H
#define FL_HOST_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "fl/fl_hal.h"
#include "fl/fl_loop.h"

#ifdef __cplusplus
extern "C" {
#endif

#define FL_HOST_MAX_FRAME_FILES 256u
#define FL_HOST_PATH_MAX 512u
#define FL_HOST_MAX_THERMAL_FRAMES 4096u
#define FL_HOST_THERMAL_PIXELS 16u    /* D6T-44L: 4 x 4 */
#define FL_HOST_MAX_PIR 64u
#define FL_HOST_MSG_KEEP 32u          /* last published messages kept in memory */
#define FL_HOST_STATE_MAX 4096u

typedef struct {
    const fl_board_profile_t *board;  /* required: the clock's durations */
    const fl_radio_profile_t *radio;  /* required */
    const char *frames;               /* PGM directory, D6T CSV file, or NULL (capture fails) */
    const char *state_path;           /* persistent state file, or NULL (kept in memory) */
    const char *publish_log;          /* "<device ms> <topic> <hex payload>" per message, or NULL */
    uint64_t rtc_start_ms;            /* wall clock at virtual time 0 */
    uint64_t pir_ms[FL_HOST_MAX_PIR]; /* PIR (GPIO) events, virtual ms, ascending */
    uint32_t n_pir;
    uint16_t battery_mv;              /* reported by battery(); 0 = no battery entry */
    int16_t temperature_cc;
} fl_host_config_t;

typedef struct {
    char topic[64];
    uint8_t data[FL_PROTO_MAX_PAYLOAD];
    size_t len;
    uint64_t at_us;
} fl_host_msg_t;

typedef struct {
    fl_host_config_t cfg;
    uint64_t clock_us;
    uint32_t next_pir;
    int sensor_on;
    int radio_on;
    uint32_t radio_fail;              /* radio_power(1) calls still to fail (a link that is down) */
    /* frames */
    int thermal;
    uint32_t n_frames;
    uint32_t next_frame;
    char names[FL_HOST_MAX_FRAME_FILES][128];
    int16_t thermal_frames[FL_HOST_MAX_THERMAL_FRAMES][FL_HOST_THERMAL_PIXELS];
    int16_t thermal_ambient[FL_HOST_MAX_THERMAL_FRAMES];
    /* published messages */
    uint32_t n_published;             /* total; the last FL_HOST_MSG_KEEP are in msgs[n % KEEP] */
    fl_host_msg_t msgs[FL_HOST_MSG_KEEP];
    uint32_t radio_sessions;
    FILE *log;
    /* state */
    uint8_t state[FL_HOST_STATE_MAX];
    size_t state_len;
} fl_host_t;

/* Reads the frame list (FL_ERR_IO: unreadable; FL_ERR_FORMAT: no frames in it), opens the log. */
fl_status_t fl_host_init(fl_host_t *h, const fl_host_config_t *cfg);

/* Closes the log. */
void fl_host_close(fl_host_t *h);

/* Fills the HAL table with the host implementation over h. */
void fl_host_hal(fl_host_t *h, fl_hal_t *hal);

/* The i-th message ever published (i < n_published, and among the last FL_HOST_MSG_KEEP), else NULL. */
const fl_host_msg_t *fl_host_published(const fl_host_t *h, uint32_t i);

/* File name of camera frame `index` (frame->index of a capture); "" for thermal frames. */
const char *fl_host_frame_name(const fl_host_t *h, uint32_t index);

/* Reads a binary PGM (P5, maxval <= 255) into buf: FL_ERR_IO (cannot open), FL_ERR_FORMAT (not such a PGM),
 * FL_ERR_NO_MEM (larger than cap). */
fl_status_t fl_host_read_pgm(const char *path, uint8_t *buf, size_t cap, int32_t *w, int32_t *h);

#ifdef __cplusplus
}
#endif

#endif /* FL_HOST_H */
