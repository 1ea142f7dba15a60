/* SPDX-License-Identifier: MIT */
#include "fl_qemu_hal.h"

#include <stdio.h>
#include <string.h>

#include "fl/fl_thermal.h"
#include "fl_app_frames.h"

static uint64_t q_now_us(void *ctx)
{
    return ((fl_qemu_hal_t *)ctx)->clock_us;
}

static uint64_t q_rtc_ms(void *ctx)
{
    const fl_qemu_hal_t *q = (const fl_qemu_hal_t *)ctx;
    return q->rtc_start_ms + q->clock_us / 1000u;
}

static void q_advance(void *ctx, uint32_t us)
{
    ((fl_qemu_hal_t *)ctx)->clock_us += us;
}

static fl_status_t q_sleep(void *ctx, fl_sleep_mode_t mode, uint32_t wake_sources, uint32_t interval_ms,
                           fl_wake_reason_t *reason)
{
    fl_qemu_hal_t *q = (fl_qemu_hal_t *)ctx;
    if (reason == NULL || (wake_sources & FL_WAKE_SRC_RTC) == 0u || (unsigned)mode >= FL_SLEEP_MODE_COUNT) {
        return FL_ERR_ARG; /* no GPIO source here: only the RTC alarm can end a sleep */
    }
    q->clock_us += (uint64_t)interval_ms * 1000u + q->board->wake[mode].duration_us;
    *reason = FL_WAKE_TIMER;
    return FL_OK;
}

static fl_status_t q_sensor_power(void *ctx, int on)
{
    ((fl_qemu_hal_t *)ctx)->sensor_on = on != 0;
    return FL_OK;
}

static fl_status_t capture_pgm(fl_qemu_hal_t *q, fl_frame_t *frame)
{
    static uint8_t file[256u * 1024u];
    fl_haar_gray_t gray;
    const char *path = q->paths[q->next_frame % q->n_paths];
    long n = fl_app_read_file(path, file, sizeof file);
    size_t bytes;
    int32_t y;
    if (n < 0 || fl_app_parse_pgm(file, (size_t)n, &gray) != 0) {
        return FL_ERR_IO;
    }
    bytes = (size_t)gray.w * (size_t)gray.h;
    if (bytes > frame->cap) {
        return FL_ERR_NO_MEM;
    }
    for (y = 0; y < gray.h; y++) {
        memcpy((uint8_t *)frame->buf + (size_t)y * (size_t)gray.w, gray.pixels + (size_t)y * (size_t)gray.stride,
               (size_t)gray.w);
    }
    frame->format = FL_FRAME_GRAY8;
    frame->width = gray.w;
    frame->height = gray.h;
    frame->ambient_cc = FL_THERMAL_NO_AMBIENT;
    return FL_OK;
}

static fl_status_t q_capture(void *ctx, fl_frame_t *frame)
{
    fl_qemu_hal_t *q = (fl_qemu_hal_t *)ctx;
    fl_status_t st;
    if (!q->sensor_on || frame == NULL || frame->buf == NULL) {
        return FL_ERR_IO;
    }
    if (q->n_paths > 0u) {
        st = capture_pgm(q, frame);
    } else {
        size_t bytes = (size_t)q->thermal_w * (size_t)q->thermal_h * sizeof(int16_t);
        if (bytes > frame->cap) {
            return FL_ERR_NO_MEM;
        }
        fl_app_synth_thermal(q->thermal_w, q->thermal_h, 4242u, q->next_frame % q->thermal_frames,
                             q->thermal_frames, (int16_t *)frame->buf);
        frame->format = FL_FRAME_THERMAL;
        frame->width = q->thermal_w;
        frame->height = q->thermal_h;
        frame->ambient_cc = FL_THERMAL_NO_AMBIENT;
        st = FL_OK;
    }
    if (st == FL_OK) {
        frame->index = q->next_frame++;
        q->clock_us += q->board->capture.duration_us;
    }
    return st;
}

static fl_status_t q_radio_power(void *ctx, int up)
{
    fl_qemu_hal_t *q = (fl_qemu_hal_t *)ctx;
    if (up && !q->radio_on) {
        q->clock_us += q->radio->connect.duration_us;
    } else if (!up && q->radio_on) {
        q->clock_us += q->radio->rx_per_session_us;
    }
    q->radio_on = up != 0;
    return FL_OK;
}

/* Prints what went out: its size and FNV-1a hash (the payload itself is CBOR; the hash makes two runs'
 * messages comparable line by line). */
static fl_status_t q_publish(void *ctx, const char *topic, const uint8_t *data, size_t len)
{
    fl_qemu_hal_t *q = (fl_qemu_hal_t *)ctx;
    uint32_t h = 0x811C9DC5u;
    size_t i;
    if (!q->radio_on || topic == NULL || (data == NULL && len > 0u)) {
        return FL_ERR_IO;
    }
    for (i = 0; i < len; i++) {
        h = (h ^ data[i]) * 0x01000193u;
    }
    q->clock_us += fl_radio_tx_us(q->radio, len) + q->radio->rx_per_message_us;
    q->published++;
    printf("  publish %s bytes=%lu fnv=0x%08lx at_ms=%lu\n", topic, (unsigned long)len, (unsigned long)h,
           (unsigned long)(q->clock_us / 1000u));
    return FL_OK;
}

static fl_status_t q_state_load(void *ctx, void *buf, size_t cap, size_t *len)
{
    fl_qemu_hal_t *q = (fl_qemu_hal_t *)ctx;
    if (q->state_len == 0u || q->state_len > cap) {
        return FL_ERR_IO;
    }
    memcpy(buf, q->state, q->state_len);
    *len = q->state_len;
    return FL_OK;
}

static fl_status_t q_state_save(void *ctx, const void *buf, size_t len)
{
    fl_qemu_hal_t *q = (fl_qemu_hal_t *)ctx;
    if (len > sizeof q->state) {
        return FL_ERR_NO_MEM;
    }
    memcpy(q->state, buf, len);
    q->state_len = len;
    return FL_OK;
}

void fl_qemu_hal_init(fl_qemu_hal_t *q, fl_hal_t *hal)
{
    q->clock_us = 0u;
    q->next_frame = 0u;
    q->sensor_on = 0;
    q->radio_on = 0;
    q->published = 0u;
    q->state_len = 0u;
    memset(hal, 0, sizeof *hal);
    hal->ctx = q;
    hal->now_us = q_now_us;
    hal->rtc_ms = q_rtc_ms;
    hal->delay_us = q_advance;
    hal->elapse_us = q_advance;
    hal->sleep = q_sleep;
    hal->sensor_power = q_sensor_power;
    hal->capture = q_capture;
    hal->radio_power = q_radio_power;
    hal->publish = q_publish;
    hal->state_load = q_state_load;
    hal->state_save = q_state_save;
}
