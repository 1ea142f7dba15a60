/* SPDX-License-Identifier: MIT */
/* fl_loop_init() and fl_loop_wake(): the order of one wake and its energy ledger. */
#include <string.h>

#include "loop/fl_loop_internal.h"

void fl_loop_ledger_add(fl_loop_ledger_t *l, fl_ledger_state_t state, uint64_t us, uint32_t na)
{
    l->us[state] += us;
    l->uc[state] += fl_charge_uc(na, us);
}

uint32_t fl_loop_ledger_energy_uj(const fl_loop_ledger_t *l, uint32_t supply_mv)
{
    uint64_t uc = 0, uj;
    uint32_t i;
    for (i = FL_LEDGER_WAKE; i < FL_PROTO_LEDGER_STATES; i++) {
        uc += l->uc[i];
    }
    uj = (uc * supply_mv + 500u) / 1000u; /* uC x mV = nJ */
    return uj > UINT32_MAX ? UINT32_MAX : (uint32_t)uj;
}

static int hal_complete(const fl_hal_t *h)
{
    return h->now_us != NULL && h->rtc_ms != NULL && h->delay_us != NULL && h->sleep != NULL &&
           h->sensor_power != NULL && h->capture != NULL && h->radio_power != NULL && h->publish != NULL &&
           h->state_load != NULL && h->state_save != NULL;
}

static int id_ok(const char *s, size_t cap, size_t min)
{
    const char *nul = memchr(s, 0, cap);
    return nul != NULL && (size_t)(nul - s) >= min;
}

static fl_status_t validate(const fl_loop_config_t *c)
{
    if (c->board == NULL || c->radio == NULL || !id_ok(c->device_id, sizeof c->device_id, 1) ||
        !id_ok(c->firmware_version, sizeof c->firmware_version, 0) || !id_ok(c->model_id, sizeof c->model_id, 0)) {
        return FL_ERR_ARG;
    }
    if (c->wake_interval_s < 1 || c->wake_interval_s > 86400 || c->telemetry_every < 1 ||
        c->telemetry_every > 1000 || c->batch_max < 1 || c->batch_max > FL_LOOP_QUEUE_MAX ||
        c->score_threshold_pmy > 10000 || c->deepest_sleep > FL_SLEEP_STANDBY ||
        (c->wake_sources & (FL_WAKE_SRC_RTC | FL_WAKE_SRC_GPIO)) == 0 ||
        (c->wake_sources & ~(FL_WAKE_SRC_RTC | FL_WAKE_SRC_GPIO)) != 0) {
        return FL_ERR_ARG;
    }
    switch (c->detect) {
    case FL_LOOP_DETECT_NONE:
        return FL_OK;
    case FL_LOOP_DETECT_SMILE:
        return (c->pipeline != NULL && c->arena != NULL && c->frame_buf != NULL && c->frame_cap > 0) ? FL_OK
                                                                                                  : FL_ERR_ARG;
    case FL_LOOP_DETECT_THERMAL:
        return (c->thermal != NULL && c->arena != NULL && c->frame_buf != NULL && c->frame_cap > 0) ? FL_OK
                                                                                                 : FL_ERR_ARG;
    default:
        return FL_ERR_ARG;
    }
}

fl_status_t fl_loop_init(fl_loop_t *loop, const fl_hal_t *hal, const fl_loop_config_t *cfg)
{
    size_t len = 0;

    if (loop == NULL || hal == NULL || cfg == NULL || !hal_complete(hal)) {
        return FL_ERR_ARG;
    }
    FL_TRY(validate(cfg));
    memset(loop, 0, sizeof *loop);
    loop->hal = hal;
    loop->cfg = *cfg;

    /* A state from another build (size) or none at all is a cold start. */
    if (hal->state_load(hal->ctx, &loop->st, sizeof loop->st, &len) != FL_OK || len != sizeof loop->st ||
        loop->st.magic != FL_LOOP_STATE_MAGIC || loop->st.size != sizeof loop->st ||
        loop->st.queue_len > FL_LOOP_QUEUE_MAX || loop->st.sleep_mode > FL_SLEEP_STANDBY) {
        memset(&loop->st, 0, sizeof loop->st);
        loop->st.magic = FL_LOOP_STATE_MAGIC;
        loop->st.size = (uint32_t)sizeof loop->st;
        loop->st.boot_rtc_ms = hal->rtc_ms(hal->ctx);
    }
    return FL_OK;
}

fl_status_t fl_loop_wake(fl_loop_t *loop, fl_wake_reason_t reason, fl_loop_wake_result_t *out)
{
    const fl_hal_t *hal;
    const fl_board_profile_t *board;
    fl_loop_state_t *s;
    fl_loop_ledger_t ledger;
    uint64_t now;
    uint32_t i;
    fl_sleep_mode_t left;

    if (loop == NULL || out == NULL || loop->hal == NULL) {
        return FL_ERR_ARG;
    }
    hal = loop->hal;
    board = loop->cfg.board;
    s = &loop->st;
    memset(out, 0, sizeof *out);
    memset(&ledger, 0, sizeof ledger);
    out->wake_reason = (uint8_t)reason;

    /* The sleep that ended now, and the wake-up out of it: the wake-up (for Standby a reset and a boot) ran
     * before this code could read a clock, so it is the profile's figure, taken off the measured sleep. */
    now = hal->now_us(hal->ctx);
    left = s->has_sleep ? (fl_sleep_mode_t)s->sleep_mode : FL_SLEEP_STANDBY; /* a first boot is a reset too */
    if (s->has_sleep) {
        uint64_t slept = now > s->sleep_start_us ? now - s->sleep_start_us : 0u;
        uint64_t wake_us = board->wake[left].duration_us;
        slept = slept > wake_us ? slept - wake_us : 0u;
        fl_loop_ledger_add(&ledger, FL_LEDGER_SLEEP, slept, board->sleep_na[left] + loop->cfg.radio->sleep_na);
    }
    fl_loop_ledger_add(&ledger, FL_LEDGER_WAKE, board->wake[left].duration_us, board->wake[left].current_na);
    s->wake_count++;
    out->wake_index = s->wake_count;

    if (loop->cfg.detect != FL_LOOP_DETECT_NONE) {
        out->detect_status = fl_loop_sense(loop, &ledger, out);
    }
    fl_loop_uplink(loop, reason, &ledger, out);

    /* The ledger is complete: the state of this wake after the radio is sleep, accounted at the next wake. */
    for (i = 0; i < FL_PROTO_LEDGER_STATES; i++) {
        out->duration_us[i] = ledger.us[i];
        out->ledger_uc[i] = ledger.uc[i] > UINT32_MAX ? UINT32_MAX : (uint32_t)ledger.uc[i];
        out->total_uc += ledger.uc[i];
        s->last_ledger_uc[i] = out->ledger_uc[i];
    }
    s->has_last_ledger = 1;
    s->charge_used_uc += out->total_uc;
    out->queued = s->queue_len;
    out->sleep_mode = (uint8_t)fl_loop_choose_sleep(&loop->cfg, loop->cfg.wake_interval_s * 1000u);
    out->next_wake_s = loop->cfg.wake_interval_s;

    s->sleep_mode = out->sleep_mode;
    s->has_sleep = 1;
    s->sleep_start_us = hal->now_us(hal->ctx);
    loop->last = *out;
    return hal->state_save(hal->ctx, s, sizeof *s);
}
