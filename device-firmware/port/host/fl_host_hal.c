/* SPDX-License-Identifier: MIT */
/* The host HAL: virtual clock, sleep to the next alarm or PIR event, radio and publish timed by the profiles,
 * persistent state in memory or a file. */
#include <string.h>

#include "fl_host.h"
#include "fl_host_internal.h"

static uint64_t now_us(void *ctx)
{
    return ((fl_host_t *)ctx)->clock_us;
}

static uint64_t rtc_ms(void *ctx)
{
    fl_host_t *h = (fl_host_t *)ctx;
    return h->cfg.rtc_start_ms + h->clock_us / 1000u;
}

static void delay_us(void *ctx, uint32_t us)
{
    ((fl_host_t *)ctx)->clock_us += us;
}

static void elapse_us(void *ctx, uint32_t us)
{
    ((fl_host_t *)ctx)->clock_us += us;
}

/* Wakes at the RTC alarm or at the first PIR event before it (if GPIO is a wake source); then the wake-up out
 * of the mode takes its time before the firmware runs again. PIR events that fell while awake are dropped, as
 * an edge during a wake does not wake anything. */
static fl_status_t sleep_(void *ctx, fl_sleep_mode_t mode, uint32_t sources, uint32_t interval_ms,
                          fl_wake_reason_t *reason)
{
    fl_host_t *h = (fl_host_t *)ctx;
    uint64_t alarm = h->clock_us + (uint64_t)interval_ms * 1000u;
    uint64_t wake = UINT64_MAX;
    fl_wake_reason_t why = FL_WAKE_TIMER;

    if ((sources & (FL_WAKE_SRC_RTC | FL_WAKE_SRC_GPIO)) == 0 || mode > FL_SLEEP_STANDBY || reason == NULL) {
        return FL_ERR_ARG;
    }
    while (h->next_pir < h->cfg.n_pir && h->cfg.pir_ms[h->next_pir] * 1000u <= h->clock_us) {
        h->next_pir++;
    }
    if (sources & FL_WAKE_SRC_RTC) {
        wake = alarm;
    }
    if ((sources & FL_WAKE_SRC_GPIO) && h->next_pir < h->cfg.n_pir && h->cfg.pir_ms[h->next_pir] * 1000u < wake) {
        wake = h->cfg.pir_ms[h->next_pir++] * 1000u;
        why = FL_WAKE_INTERRUPT;
    }
    if (wake == UINT64_MAX) {
        return FL_ERR_STATE; /* GPIO only and no event left: this device would sleep forever */
    }
    h->clock_us = wake + h->cfg.board->wake[mode].duration_us;
    *reason = why;
    return FL_OK;
}

static fl_status_t sensor_power(void *ctx, int on)
{
    ((fl_host_t *)ctx)->sensor_on = on != 0;
    return FL_OK;
}

static fl_status_t radio_power(void *ctx, int up)
{
    fl_host_t *h = (fl_host_t *)ctx;
    if (up) {
        h->clock_us += h->cfg.radio->connect.duration_us;
        if (h->radio_fail > 0) {
            h->radio_fail--;
            h->radio_on = 0;
            return FL_ERR_IO;
        }
        h->radio_on = 1;
        h->radio_sessions++;
        return FL_OK;
    }
    if (h->radio_on) {
        h->clock_us += h->cfg.radio->rx_per_session_us;
    }
    h->radio_on = 0;
    return FL_OK;
}

static fl_status_t publish(void *ctx, const char *topic, const uint8_t *data, size_t len)
{
    fl_host_t *h = (fl_host_t *)ctx;
    fl_host_msg_t *m;
    if (topic == NULL || data == NULL || len > FL_PROTO_MAX_PAYLOAD || strlen(topic) >= sizeof m->topic) {
        return FL_ERR_ARG;
    }
    if (!h->radio_on) {
        return FL_ERR_IO;
    }
    h->clock_us += (uint64_t)fl_radio_tx_us(h->cfg.radio, len) + h->cfg.radio->rx_per_message_us;
    m = &h->msgs[h->n_published % FL_HOST_MSG_KEEP];
    memcpy(m->topic, topic, strlen(topic) + 1);
    memcpy(m->data, data, len);
    m->len = len;
    m->at_us = h->clock_us;
    h->n_published++;
    if (h->log != NULL) {
        size_t i;
        fprintf(h->log, "%llu %s ", (unsigned long long)rtc_ms(h), topic);
        for (i = 0; i < len; i++) {
            fprintf(h->log, "%02x", data[i]);
        }
        fputc('\n', h->log);
        fflush(h->log);
    }
    return FL_OK;
}

static fl_status_t battery(void *ctx, uint16_t *mv, int16_t *temperature_cc)
{
    fl_host_t *h = (fl_host_t *)ctx;
    *mv = h->cfg.battery_mv;
    *temperature_cc = h->cfg.temperature_cc;
    return FL_OK;
}

static fl_status_t state_load(void *ctx, void *buf, size_t cap, size_t *len)
{
    fl_host_t *h = (fl_host_t *)ctx;
    if (h->cfg.state_path != NULL) {
        FILE *f = fopen(h->cfg.state_path, "rb");
        size_t n;
        if (f == NULL) {
            return FL_ERR_IO;
        }
        n = fread(h->state, 1, sizeof h->state, f);
        fclose(f);
        h->state_len = n;
    }
    if (h->state_len == 0 || h->state_len > cap) {
        return FL_ERR_IO;
    }
    memcpy(buf, h->state, h->state_len);
    *len = h->state_len;
    return FL_OK;
}

static fl_status_t state_save(void *ctx, const void *buf, size_t len)
{
    fl_host_t *h = (fl_host_t *)ctx;
    if (len > sizeof h->state) {
        return FL_ERR_NO_MEM;
    }
    memcpy(h->state, buf, len);
    h->state_len = len;
    if (h->cfg.state_path != NULL) {
        /* Write a sibling file, then rename: a crash mid-write leaves the previous state whole. */
        char tmp[FL_HOST_PATH_MAX + 8];
        FILE *f;
        int ok;
        snprintf(tmp, sizeof tmp, "%s.tmp", h->cfg.state_path);
        f = fopen(tmp, "wb");
        if (f == NULL) {
            return FL_ERR_IO;
        }
        ok = fwrite(buf, 1, len, f) == len;
        ok = (fclose(f) == 0) && ok;
        if (!ok || rename(tmp, h->cfg.state_path) != 0) {
            return FL_ERR_IO;
        }
    }
    return FL_OK;
}

fl_status_t fl_host_init(fl_host_t *h, const fl_host_config_t *cfg)
{
    fl_status_t st;
    if (h == NULL || cfg == NULL || cfg->board == NULL || cfg->radio == NULL || cfg->n_pir > FL_HOST_MAX_PIR) {
        return FL_ERR_ARG;
    }
    memset(h, 0, sizeof *h);
    h->cfg = *cfg;
    st = fl_host_frames_open(h, cfg->frames);
    if (st != FL_OK) {
        return st;
    }
    if (cfg->publish_log != NULL) {
        h->log = fopen(cfg->publish_log, "w");
        if (h->log == NULL) {
            return FL_ERR_IO;
        }
    }
    return FL_OK;
}

void fl_host_close(fl_host_t *h)
{
    if (h != NULL && h->log != NULL) {
        fclose(h->log);
        h->log = NULL;
    }
}

void fl_host_hal(fl_host_t *h, fl_hal_t *hal)
{
    memset(hal, 0, sizeof *hal);
    hal->ctx = h;
    hal->now_us = now_us;
    hal->rtc_ms = rtc_ms;
    hal->delay_us = delay_us;
    hal->elapse_us = elapse_us;
    hal->sleep = sleep_;
    hal->sensor_power = sensor_power;
    hal->capture = fl_host_capture;
    hal->radio_power = radio_power;
    hal->publish = publish;
    hal->battery = h->cfg.battery_mv != 0 ? battery : NULL;
    hal->state_load = state_load;
    hal->state_save = state_save;
}

const fl_host_msg_t *fl_host_published(const fl_host_t *h, uint32_t i)
{
    if (i >= h->n_published || h->n_published - i > FL_HOST_MSG_KEEP) {
        return NULL;
    }
    return &h->msgs[i % FL_HOST_MSG_KEEP];
}
