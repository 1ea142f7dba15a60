/* SPDX-License-Identifier: MIT */
/* What is due, and one radio session to send it: the radio is the most expensive state of a wake (a Wi-Fi
 * connect is ~100 mC, a whole CNN inference ~3 mC), so it comes up only when something must go now. */
#include <string.h>

#include "loop/fl_loop_internal.h"

#define TOPIC_MAX 64u

static void topic(char *dst, const char *device_id, const char *leaf)
{
    /* docs/protocol.md §1: fleet/v1/{device_id}/up/{leaf}; ids are [A-Za-z0-9._-], so no escaping. */
    size_t n = 0;
    const char *parts[3];
    size_t i;
    parts[0] = "fleet/v1/";
    parts[1] = device_id;
    parts[2] = leaf;
    for (i = 0; i < 3; i++) {
        size_t len = strlen(parts[i]);
        if (n + len >= TOPIC_MAX) {
            len = TOPIC_MAX - 1u - n;
        }
        memcpy(dst + n, parts[i], len);
        n += len;
    }
    dst[n] = '\0';
}

/* Encodes loop->msg and publishes it; the time spent counts as transmit, except the profile's per-message
 * receive windows, which count as receive (the HAL's publish covers both; the split is the profile's). */
static fl_status_t send(fl_loop_t *loop, const char *leaf, fl_loop_ledger_t *ledger, fl_loop_wake_result_t *out)
{
    const fl_hal_t *hal = loop->hal;
    const fl_radio_profile_t *radio = loop->cfg.radio;
    const uint32_t wait_na = loop->cfg.board->radio_wait_na;
    char t[TOPIC_MAX];
    size_t len = 0;
    uint64_t t0, us, rx_us;
    fl_status_t st;

    FL_TRY(fl_proto_encode(&loop->msg, loop->enc, sizeof loop->enc, &len));
    topic(t, loop->cfg.device_id, leaf);
    t0 = hal->now_us(hal->ctx);
    st = hal->publish(hal->ctx, t, loop->enc, len);
    us = hal->now_us(hal->ctx) - t0;
    rx_us = radio->rx_per_message_us < us ? radio->rx_per_message_us : us;
    fl_loop_ledger_add(ledger, FL_LEDGER_RADIO_TX, us - rx_us, radio->tx_na + wait_na);
    fl_loop_ledger_add(ledger, FL_LEDGER_RADIO_RX, rx_us, radio->rx_na + wait_na);
    if (st == FL_OK) {
        out->published++;
        out->bytes_sent += (uint32_t)len;
    }
    return st;
}

static void header(fl_loop_t *loop, fl_msg_type_t type)
{
    memset(&loop->msg, 0, sizeof loop->msg);
    loop->msg.type = (uint8_t)type;
    fl_loop_copy_str(loop->msg.device_id, sizeof loop->msg.device_id, loop->cfg.device_id);
}

static fl_status_t send_event(fl_loop_t *loop, const fl_loop_event_t *ev, fl_loop_ledger_t *ledger,
                              fl_loop_wake_result_t *out)
{
    fl_detection_t *d = &loop->msg.body.detection;
    header(loop, FL_MSG_DETECTION);
    d->seq = loop->st.seq[0];
    d->device_time_ms = ev->device_time_ms;
    d->detector = ev->detector;
    d->box_count = ev->box_count;
    memcpy(d->boxes, ev->boxes, ev->box_count * sizeof ev->boxes[0]);
    fl_loop_copy_str(d->model_id, sizeof d->model_id, loop->cfg.model_id);
    d->model_version = loop->cfg.model_version;
    d->inference_us = ev->inference_us;
    d->energy_uj = ev->energy_uj;
    FL_TRY(send(loop, "/up/detection", ledger, out));
    loop->st.seq[0]++;
    return FL_OK;
}

static fl_status_t send_telemetry(fl_loop_t *loop, uint64_t now_ms, fl_loop_ledger_t *ledger,
                                  fl_loop_wake_result_t *out)
{
    const fl_hal_t *hal = loop->hal;
    const fl_loop_state_t *s = &loop->st;
    fl_telemetry_t *t = &loop->msg.body.telemetry;
    uint64_t used_uah = s->charge_used_uc / 3600u; /* 1 uAh = 3600 uC */

    header(loop, FL_MSG_TELEMETRY);
    t->seq = s->seq[1];
    t->device_time_ms = now_ms;
    if (hal->battery != NULL) {
        (void)hal->battery(hal->ctx, &t->battery_mv, &t->temperature_cc);
    }
    if (loop->cfg.battery_capacity_mah > 0) {
        uint64_t cap_uah = (uint64_t)loop->cfg.battery_capacity_mah * 1000u;
        t->soc_pm = used_uah >= cap_uah ? 0u : (uint16_t)(1000u - (used_uah * 1000u + cap_uah - 1u) / cap_uah);
    }
    t->charge_used_uah = used_uah > UINT32_MAX ? UINT32_MAX : (uint32_t)used_uah;
    t->wake_count = s->wake_count;
    t->uptime_s = (uint32_t)((now_ms - s->boot_rtc_ms) / 1000u);
    fl_loop_copy_str(t->firmware_version, sizeof t->firmware_version, loop->cfg.firmware_version);
    fl_loop_copy_str(t->model_id, sizeof t->model_id, loop->cfg.model_id);
    t->model_version = loop->cfg.model_version;
    if (s->has_last_ledger) {
        t->wake_ledger_count = (uint8_t)FL_PROTO_LEDGER_STATES;
        memcpy(t->wake_ledger_uc, s->last_ledger_uc, sizeof t->wake_ledger_uc);
    }
    FL_TRY(send(loop, "/up/telemetry", ledger, out));
    loop->st.seq[1]++;
    return FL_OK;
}

static fl_status_t send_heartbeat(fl_loop_t *loop, uint64_t now_ms, fl_wake_reason_t reason,
                                  fl_loop_ledger_t *ledger, fl_loop_wake_result_t *out)
{
    fl_status_msg_t *s = &loop->msg.body.status;
    header(loop, FL_MSG_STATUS);
    s->seq = loop->st.seq[2];
    s->device_time_ms = now_ms;
    s->state = FL_STATE_SLEEPING;
    s->wake_reason = (uint8_t)reason;
    s->next_wake_s = loop->cfg.wake_interval_s;
    fl_loop_copy_str(s->firmware_version, sizeof s->firmware_version, loop->cfg.firmware_version);
    FL_TRY(send(loop, "/up/status", ledger, out));
    loop->st.seq[2]++;
    return FL_OK;
}

void fl_loop_uplink(fl_loop_t *loop, fl_wake_reason_t reason, fl_loop_ledger_t *ledger, fl_loop_wake_result_t *out)
{
    const fl_hal_t *hal = loop->hal;
    const fl_loop_config_t *cfg = &loop->cfg;
    fl_loop_state_t *s = &loop->st;
    const uint32_t wait_na = cfg->board->radio_wait_na;
    const uint64_t now_ms = hal->rtc_ms(hal->ctx);
    int events_due, telemetry_due, heartbeat_due;
    fl_status_t st = FL_OK;
    uint64_t t0, t1;

    events_due = s->queue_len > 0 &&
                 (s->queue_len >= cfg->batch_max || s->queue_len >= FL_LOOP_QUEUE_MAX ||
                  (cfg->batch_max_age_s > 0 &&
                   now_ms - s->queue[0].device_time_ms >= (uint64_t)cfg->batch_max_age_s * 1000u));
    telemetry_due = s->wake_count % cfg->telemetry_every == 0;
    heartbeat_due = cfg->heartbeat_s > 0 &&
                    (s->last_uplink_ms == 0 || now_ms - s->last_uplink_ms >= (uint64_t)cfg->heartbeat_s * 1000u);
    if (!events_due && !telemetry_due && !heartbeat_due) {
        return;
    }

    out->radio_up = 1;
    t0 = hal->now_us(hal->ctx);
    st = hal->radio_power(hal->ctx, 1);
    t1 = hal->now_us(hal->ctx);
    fl_loop_ledger_add(ledger, FL_LEDGER_RADIO_CONNECT, t1 - t0, cfg->radio->connect.current_na + wait_na);

    if (st == FL_OK && events_due) {
        /* Sent oldest first; each one leaves the queue only once the transport took it. */
        while (s->queue_len > 0 && st == FL_OK) {
            st = send_event(loop, &s->queue[0], ledger, out);
            if (st == FL_OK) {
                memmove(&s->queue[0], &s->queue[1], (size_t)(s->queue_len - 1u) * sizeof s->queue[0]);
                s->queue_len--;
            }
        }
    }
    if (st == FL_OK && telemetry_due) {
        st = send_telemetry(loop, now_ms, ledger, out);
        out->telemetry_sent = st == FL_OK;
    }
    if (st == FL_OK && heartbeat_due) {
        st = send_heartbeat(loop, now_ms, reason, ledger, out);
        out->heartbeat_sent = st == FL_OK;
    }

    /* The session tail (LTE RRC inactivity, a Wi-Fi disassociation) is receive time. */
    t0 = hal->now_us(hal->ctx);
    (void)hal->radio_power(hal->ctx, 0);
    t1 = hal->now_us(hal->ctx);
    fl_loop_ledger_add(ledger, FL_LEDGER_RADIO_RX, t1 - t0, cfg->radio->rx_na + wait_na);

    out->radio_ok = st == FL_OK;
    if (st == FL_OK) {
        s->last_uplink_ms = now_ms;
    }
}
