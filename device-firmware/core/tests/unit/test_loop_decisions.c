/* SPDX-License-Identifier: MIT */
/* What a wake decides to send and when the radio comes up: telemetry every N wakes, heartbeats, batching of
 * detection events by count and by age, nothing lost while the link is down, PIR wakes. Runs on the host port
 * with synthetic thermal recordings written by the test (no ../shared data needed). */
#include <string.h>

#include "fl/fl_loop.h"
#include "fl/fl_proto.h"
#include "fl_test.h"
#include "test_loop_support.h"

#define CSV tl_tmp("test_loop_decisions.csv")

static fl_loop_wake_result_t g_r[64];
static fl_msg_t g_msg;

static int ledger_radio_zero(const fl_loop_wake_result_t *r)
{
    return r->ledger_uc[FL_LEDGER_RADIO_CONNECT] == 0 && r->ledger_uc[FL_LEDGER_RADIO_TX] == 0 &&
           r->ledger_uc[FL_LEDGER_RADIO_RX] == 0 && r->duration_us[FL_LEDGER_RADIO_CONNECT] == 0;
}

static void run(int n)
{
    int i;
    FL_CHECK_EQ_INT(0, tl_start());
    for (i = 0; i < n; i++) {
        FL_CHECK_EQ_INT(0, tl_wake(&g_r[i], i + 1 < n));
    }
}

static void test_telemetry_every_n_and_radio_only_when_due(void)
{
    int i;
    tl_prepare("openmv-h7", "lora-sf7");
    tl_env.lc.telemetry_every = 3;
    run(9);
    for (i = 0; i < 9; i++) {
        int due = (i + 1) % 3 == 0;
        FL_CHECK_EQ_INT(due, g_r[i].telemetry_sent);
        FL_CHECK_EQ_INT(due, g_r[i].radio_up);
        FL_CHECK_EQ_INT(due ? 1 : 0, g_r[i].published);
        if (!due) {
            FL_CHECK(ledger_radio_zero(&g_r[i]));
        } else {
            FL_CHECK(g_r[i].ledger_uc[FL_LEDGER_RADIO_TX] > 0);
        }
    }
    FL_CHECK_EQ_INT(3, tl_host.n_published);
    FL_CHECK_EQ_INT(3, tl_host.radio_sessions);
    for (i = 0; i < 3; i++) {
        const fl_host_msg_t *m = fl_host_published(&tl_host, (uint32_t)i);
        FL_CHECK(m != NULL && strcmp(m->topic, "fleet/v1/loop-test/up/telemetry") == 0);
        if (m != NULL) {
            FL_CHECK_EQ_INT(FL_OK, fl_proto_decode_expect(m->data, m->len, FL_MSG_TELEMETRY, &g_msg));
            FL_CHECK_EQ_INT(i, g_msg.body.telemetry.seq);
            FL_CHECK_EQ_INT(3 * (i + 1), g_msg.body.telemetry.wake_count);
        }
    }
}

static void test_heartbeat_when_silent_long_enough(void)
{
    int i;
    tl_prepare("openmv-h7", "lora-sf7");
    tl_env.lc.heartbeat_s = 300;
    tl_env.lc.wake_interval_s = 60;
    run(20);
    /* Each cycle is 60 s plus the wake itself, so the 5th wake after a heartbeat is the first >= 300 s later. */
    for (i = 0; i < 20; i++) {
        int due = i % 5 == 0;
        FL_CHECK_EQ_INT(due, g_r[i].heartbeat_sent);
        FL_CHECK_EQ_INT(due, g_r[i].radio_up);
    }
    {
        const fl_host_msg_t *m = fl_host_published(&tl_host, 1);
        FL_CHECK(m != NULL && strcmp(m->topic, "fleet/v1/loop-test/up/status") == 0);
        if (m != NULL) {
            FL_CHECK_EQ_INT(FL_OK, fl_proto_decode_expect(m->data, m->len, FL_MSG_STATUS, &g_msg));
            FL_CHECK_EQ_INT(FL_STATE_SLEEPING, g_msg.body.status.state);
            FL_CHECK_EQ_INT(FL_WAKE_TIMER, g_msg.body.status.wake_reason);
            FL_CHECK_EQ_INT(60, g_msg.body.status.next_wake_s);
        }
    }
}

static void test_batching_by_count(void)
{
    int i;
    uint32_t k;
    FL_CHECK_EQ_INT(0, tl_write_d6t(CSV, 40, 1, 1)); /* a person in every frame */
    tl_prepare("openmv-h7", "lora-sf7");
    tl_use_thermal(CSV);
    tl_env.lc.batch_max = 3;
    tl_env.lc.deepest_sleep = FL_SLEEP_STOP;
    run(9);
    for (i = 0; i < 9; i++) {
        int due = (i + 1) % 3 == 0;
        FL_CHECK_EQ_INT(FL_OK, g_r[i].detect_status);
        FL_CHECK_EQ_INT(1, g_r[i].objects);
        FL_CHECK_EQ_INT(due, g_r[i].radio_up);
        FL_CHECK_EQ_INT(due ? 3 : 0, g_r[i].published);
        FL_CHECK_EQ_INT(due ? 0 : (i + 1) % 3, g_r[i].queued);
    }
    /* Every event went up once, in order, with one seq each. */
    FL_CHECK_EQ_INT(9, tl_host.n_published);
    for (k = 0; k < 9; k++) {
        const fl_host_msg_t *m = fl_host_published(&tl_host, k);
        FL_CHECK(m != NULL);
        if (m != NULL) {
            FL_CHECK_EQ_INT(FL_OK, fl_proto_decode_expect(m->data, m->len, FL_MSG_DETECTION, &g_msg));
            FL_CHECK_EQ_INT(k, g_msg.body.detection.seq);
            FL_CHECK_EQ_INT(FL_DETECTOR_THERMAL_PERSON, g_msg.body.detection.detector);
            FL_CHECK_EQ_INT(1, g_msg.body.detection.box_count);
            FL_CHECK(g_msg.body.detection.energy_uj > 0);
        }
    }
}

static void test_batching_by_age(void)
{
    int i;
    FL_CHECK_EQ_INT(0, tl_write_d6t(CSV, 40, 1, 1));
    tl_prepare("openmv-h7", "lora-sf7");
    tl_use_thermal(CSV);
    tl_env.lc.batch_max = FL_LOOP_QUEUE_MAX;
    tl_env.lc.batch_max_age_s = 150;
    tl_env.lc.wake_interval_s = 60;
    run(9);
    /* Events at ~0, 60, 120, 180 s: the oldest is 150 s old at the 4th wake; the next batch starts at 240 s and
     * is due at the 8th wake (420 s). */
    for (i = 0; i < 9; i++) {
        int due = i == 3 || i == 7;
        FL_CHECK_EQ_INT(due, g_r[i].radio_up);
        FL_CHECK_EQ_INT(due ? 4 : 0, g_r[i].published);
    }
}

static void test_no_detection_no_radio(void)
{
    int i;
    FL_CHECK_EQ_INT(0, tl_write_d6t(CSV, 40, 1, 0)); /* an empty room */
    tl_prepare("openmv-h7", "wifi");
    tl_use_thermal(CSV);
    run(6);
    for (i = 0; i < 6; i++) {
        FL_CHECK_EQ_INT(1, g_r[i].captured);
        FL_CHECK_EQ_INT(0, g_r[i].objects);
        FL_CHECK_EQ_INT(0, g_r[i].radio_up);
        FL_CHECK(ledger_radio_zero(&g_r[i]));
        FL_CHECK(g_r[i].ledger_uc[FL_LEDGER_DETECT] > 0);
    }
    FL_CHECK_EQ_INT(0, tl_host.n_published);
}

static void test_link_down_keeps_events(void)
{
    int i;
    uint32_t k;
    FL_CHECK_EQ_INT(0, tl_write_d6t(CSV, 40, 1, 1));
    tl_prepare("openmv-h7", "wifi");
    tl_use_thermal(CSV);
    FL_CHECK_EQ_INT(0, tl_start());
    tl_host.radio_fail = 2;
    for (i = 0; i < 3; i++) {
        FL_CHECK_EQ_INT(0, tl_wake(&g_r[i], 1));
    }
    FL_CHECK_EQ_INT(1, g_r[0].radio_up);
    FL_CHECK_EQ_INT(0, g_r[0].radio_ok);
    FL_CHECK_EQ_INT(1, g_r[0].queued);
    FL_CHECK(g_r[0].ledger_uc[FL_LEDGER_RADIO_CONNECT] > 0); /* a failed connect still costs */
    FL_CHECK_EQ_INT(2, g_r[1].queued);
    FL_CHECK_EQ_INT(1, g_r[2].radio_ok);
    FL_CHECK_EQ_INT(3, g_r[2].published);
    FL_CHECK_EQ_INT(0, g_r[2].queued);
    for (k = 0; k < 3; k++) {
        const fl_host_msg_t *m = fl_host_published(&tl_host, k);
        FL_CHECK(m != NULL && fl_proto_decode(m->data, m->len, &g_msg) == FL_OK && g_msg.body.detection.seq == k);
    }
}

static void test_pir_wakes_are_interrupts(void)
{
    tl_prepare("openmv-h7", "lora-sf7");
    tl_env.hc.pir_ms[0] = 20000;
    tl_env.hc.n_pir = 1;
    tl_env.lc.wake_sources = FL_WAKE_SRC_RTC | FL_WAKE_SRC_GPIO;
    run(3);
    FL_CHECK_EQ_INT(FL_WAKE_POWER_ON, g_r[0].wake_reason);
    FL_CHECK_EQ_INT(FL_WAKE_INTERRUPT, g_r[1].wake_reason);
    FL_CHECK_EQ_INT(FL_WAKE_TIMER, g_r[2].wake_reason);
    /* the sleep that the PIR cut short is ~20 s, the next a full interval */
    FL_CHECK(g_r[1].duration_us[FL_LEDGER_SLEEP] <= 20000000u);
    FL_CHECK(g_r[1].duration_us[FL_LEDGER_SLEEP] > 19000000u);
    FL_CHECK_EQ_INT(60000000u, g_r[2].duration_us[FL_LEDGER_SLEEP]);
}

static void test_bad_configuration_is_refused(void)
{
    tl_prepare("openmv-h7", "lora-sf7");
    FL_CHECK_EQ_INT(0, fl_host_init(&tl_host, &tl_env.hc));
    fl_host_hal(&tl_host, &tl_env.hal);
    tl_env.lc.telemetry_every = 0;
    FL_CHECK_EQ_INT(FL_ERR_ARG, fl_loop_init(&tl_loop, &tl_env.hal, &tl_env.lc));
    tl_env.lc.telemetry_every = 1;
    tl_env.lc.batch_max = FL_LOOP_QUEUE_MAX + 1;
    FL_CHECK_EQ_INT(FL_ERR_ARG, fl_loop_init(&tl_loop, &tl_env.hal, &tl_env.lc));
    tl_env.lc.batch_max = 1;
    tl_env.lc.detect = FL_LOOP_DETECT_SMILE; /* no pipeline */
    FL_CHECK_EQ_INT(FL_ERR_ARG, fl_loop_init(&tl_loop, &tl_env.hal, &tl_env.lc));
    tl_env.lc.detect = FL_LOOP_DETECT_NONE;
    tl_env.lc.device_id[0] = '\0';
    FL_CHECK_EQ_INT(FL_ERR_ARG, fl_loop_init(&tl_loop, &tl_env.hal, &tl_env.lc));
    tl_env.lc.device_id[0] = 'd';
    tl_env.hal.publish = NULL;
    FL_CHECK_EQ_INT(FL_ERR_ARG, fl_loop_init(&tl_loop, &tl_env.hal, &tl_env.lc));
}

/* Standby is a reset: a new fl_loop_t (as after main() runs again) picks up counters and queued events from the
 * state file; a foreign or truncated file is a cold start, not a crash. */
static void test_state_survives_a_reset(void)
{
    const char *path = tl_tmp("test_loop_decisions.state");
    fl_wake_reason_t why;
    FILE *f;
    remove(path);
    FL_CHECK_EQ_INT(0, tl_write_d6t(CSV, 40, 1, 1));
    tl_prepare("openmv-h7", "wifi");
    tl_use_thermal(CSV);
    tl_env.hc.state_path = path;
    FL_CHECK_EQ_INT(0, tl_start());
    tl_host.radio_fail = 1;
    FL_CHECK_EQ_INT(0, tl_wake(&g_r[0], 0));
    FL_CHECK_EQ_INT(1, g_r[0].queued);
    FL_CHECK_EQ_INT(FL_OK, fl_loop_sleep(&tl_loop, &why));

    memset(&tl_loop, 0, sizeof tl_loop);
    FL_CHECK_EQ_INT(FL_OK, fl_loop_init(&tl_loop, &tl_env.hal, &tl_env.lc));
    FL_CHECK_EQ_INT(1, tl_loop.st.wake_count);
    FL_CHECK_EQ_INT(1, tl_loop.st.queue_len);
    FL_CHECK_EQ_INT(FL_OK, fl_loop_wake(&tl_loop, why, &g_r[1]));
    FL_CHECK_EQ_INT(2, g_r[1].wake_index);
    FL_CHECK_EQ_INT(60000000u, g_r[1].duration_us[FL_LEDGER_SLEEP]); /* the sleep across the reset counts */
    FL_CHECK_EQ_INT(2, g_r[1].published);                            /* the kept event and the new one */
    FL_CHECK_EQ_INT(0, g_r[1].queued);

    f = fopen(path, "wb");
    FL_CHECK(f != NULL);
    if (f != NULL) {
        fputs("not a state", f);
        fclose(f);
    }
    memset(&tl_loop, 0, sizeof tl_loop);
    FL_CHECK_EQ_INT(FL_OK, fl_loop_init(&tl_loop, &tl_env.hal, &tl_env.lc));
    FL_CHECK_EQ_INT(0, tl_loop.st.wake_count);
    FL_CHECK_EQ_INT(0, tl_loop.st.queue_len);
    remove(path);
}

int main(void)
{
    int passed = 0;
    FL_RUN(test_telemetry_every_n_and_radio_only_when_due, passed);
    FL_RUN(test_heartbeat_when_silent_long_enough, passed);
    FL_RUN(test_batching_by_count, passed);
    FL_RUN(test_batching_by_age, passed);
    FL_RUN(test_no_detection_no_radio, passed);
    FL_RUN(test_link_down_keeps_events, passed);
    FL_RUN(test_pir_wakes_are_interrupts, passed);
    FL_RUN(test_bad_configuration_is_refused, passed);
    FL_RUN(test_state_survives_a_reset, passed);
    remove(CSV);
    FL_TEST_MAIN_END(passed);
}
