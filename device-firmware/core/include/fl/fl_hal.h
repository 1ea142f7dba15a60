/* SPDX-License-Identifier: MIT */
/* The board interface the sensing loop runs over (docs/firmware-loop.md): a table of function pointers plus
 * one context pointer, filled by a port (host: files and a virtual clock; qemu-m7: semihosting; stm32h743: the
 * board). The loop only ever calls through this table, so the same loop binary logic runs on every port.
 *
 * Rules every port follows:
 *   - No dynamic allocation. Buffers are the caller's (capture writes into the loop's frame buffer, publish reads
 *     the loop's encode buffer and may not keep the pointer after it returns).
 *   - Every call is synchronous and returns fl_status_t (FL_OK or a negative error; FL_ERR_IO for a failed
 *     transfer). A NULL entry is allowed only where the comment says "optional".
 *   - Time: now_us() is monotonic across every sleep mode the port supports (on a board: RTC sub-seconds plus
 *     the RTC counter, since SysTick stops in Stop/Standby). A port with a virtual clock advances it inside its
 *     own calls by the durations it models (warm-up in delay_us, capture, radio, sleep) and in elapse_us().
 *   - Standby ends in a reset on real silicon: sleep() then never returns, and the next wake starts from main()
 *     with the loop's persistent state read back through state_load(). The loop always saves its state before
 *     calling sleep(), so both behaviours are correct. */
#ifndef FL_HAL_H
#define FL_HAL_H

#include <stddef.h>
#include <stdint.h>

#include "fl_export.h"
#include "fl_proto.h"  /* fl_wake_reason_t */
#include "fl_status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Sleep modes, shallowest first, so "deepest allowed" is a max over the modes a configuration permits.
 * The figures of each are in the board profile (docs/power-profiles.md). */
typedef enum {
    FL_SLEEP_CPU = 0,      /* CPU clock stopped, everything else running (STM32 "Sleep"): wake in cycles */
    FL_SLEEP_STOP = 1,     /* clocks stopped, RAM and registers kept (STM32 "Stop"): wake in tens of us */
    FL_SLEEP_STANDBY = 2   /* core powered off, RAM lost except backup: wake is a reset and a boot */
} fl_sleep_mode_t;
#define FL_SLEEP_MODE_COUNT 3u

/* Wake sources, a bit set passed to sleep(). */
#define FL_WAKE_SRC_RTC 0x1u   /* RTC alarm after the requested interval */
#define FL_WAKE_SRC_GPIO 0x2u  /* GPIO edge, e.g. a PIR motion sensor */

/* What capture() delivers. */
typedef enum {
    FL_FRAME_GRAY8 = 0,    /* uint8_t per pixel */
    FL_FRAME_RGB565 = 1,   /* uint16_t per pixel, native byte order (fl_pixfmt_t FL_PIXFMT_RGB565) */
    FL_FRAME_THERMAL = 2   /* int16_t per pixel, centi-degrees Celsius (fl_thermal.h units) */
} fl_frame_format_t;

/* A frame in the caller's buffer. The caller sets buf and cap (bytes, suitably aligned for int16_t);
 * capture() sets the rest. */
typedef struct {
    void *buf;
    size_t cap;
    fl_frame_format_t format;
    int32_t width;
    int32_t height;
    int32_t ambient_cc;    /* thermal only: the sensor's ambient (die/PTAT) reading or FL_THERMAL_NO_AMBIENT */
    uint32_t index;        /* the port's frame counter, for logs and tests */
} fl_frame_t;

typedef struct fl_hal {
    void *ctx;  /* passed back to every call */

    /* ---- clock ---- */
    /* Monotonic microseconds since an arbitrary origin; never goes back, counts through sleep. */
    uint64_t (*now_us)(void *ctx);
    /* Wall clock, Unix milliseconds (RTC). 0 when the RTC has not been set. */
    uint64_t (*rtc_ms)(void *ctx);
    /* Busy or light wait of us microseconds (sensor warm-up). Virtual clocks just advance. */
    void (*delay_us)(void *ctx, uint32_t us);
    /* Optional: a virtual clock advances by the modelled duration of work the loop just did on the CPU
     * (detection). A real board leaves it NULL: that time has already passed on its clock. */
    void (*elapse_us)(void *ctx, uint32_t us);

    /* ---- sleep ---- */
    /* Enter `mode` until one of `wake_sources` fires; the RTC alarm, if in the set, after interval_ms.
     * Returns the reason of the wake in *reason (FL_WAKE_TIMER or FL_WAKE_INTERRUPT). May not return for
     * FL_SLEEP_STANDBY on real silicon (see the top of this file). FL_ERR_ARG for an empty source set. */
    fl_status_t (*sleep)(void *ctx, fl_sleep_mode_t mode, uint32_t wake_sources, uint32_t interval_ms,
                         fl_wake_reason_t *reason);

    /* ---- sensor ---- */
    /* Power the image / thermal sensor on (1) or off (0). On returns as soon as the supply is up; the loop
     * then waits the profile's warm-up with delay_us() before capture. */
    fl_status_t (*sensor_power)(void *ctx, int on);
    /* Capture one frame into frame->buf (frame->cap bytes). FL_ERR_NO_MEM when it does not fit,
     * FL_ERR_IO when the sensor fails or (host) there are no frames left. */
    fl_status_t (*capture)(void *ctx, fl_frame_t *frame);

    /* ---- radio ---- */
    /* Bring the link up (join / associate / attach and connect to the broker) or down. FL_ERR_IO when the
     * link could not be established; the loop then keeps its events for the next wake. */
    fl_status_t (*radio_power)(void *ctx, int up);
    /* Publish len bytes on an MQTT topic (NUL-terminated) over the link that radio_power(1) brought up.
     * FL_OK once the transport accepted it (QoS 1: acknowledged), FL_ERR_IO otherwise. */
    fl_status_t (*publish)(void *ctx, const char *topic, const uint8_t *data, size_t len);

    /* ---- battery ---- */
    /* Optional: battery voltage (mV) and board temperature (centi-degrees C) for telemetry. NULL: telemetry
     * reports 0 mV and 0 cC. */
    fl_status_t (*battery)(void *ctx, uint16_t *mv, int16_t *temperature_cc);

    /* ---- persistent state (backup SRAM / flash / a file) ---- */
    /* Read up to cap bytes of the last saved state into buf; *len gets the size. FL_ERR_IO when nothing was
     * ever saved (a first boot): the loop then starts fresh. */
    fl_status_t (*state_load)(void *ctx, void *buf, size_t cap, size_t *len);
    fl_status_t (*state_save)(void *ctx, const void *buf, size_t len);
} fl_hal_t;

#ifdef __cplusplus
}
#endif

#endif /* FL_HAL_H */
