/* SPDX-License-Identifier: MIT */
/* The energy ledger: each entry equals the charge computed by hand from the profile JSON (currents x the
 * modelled durations; the host's virtual clock makes measured = modelled), the entries sum to the total, and
 * telemetry carries the previous wake's ledger (key 15). One wake of each kind: first boot, after a Standby
 * sleep, after a Stop sleep, with capture and detection, and the radio variants' per-message and per-session
 * receive time. */
#include <string.h>

#include "fl/fl_loop.h"
#include "fl/fl_proto.h"
#include "fl_test.h"
#include "test_loop_support.h"

#define CSV tl_tmp("test_loop_ledger.csv")
#define BOARD "openmv-h7.json"

static fl_loop_wake_result_t g_r[4];
static fl_msg_t g_msg;

static double board(const char *a, const char *b, const char *c)
{
    return c != NULL ? tl_json(BOARD, a, b, c, NULL) : b != NULL ? tl_json(BOARD, a, b, NULL) : tl_json(BOARD, a, NULL);
}

static void check_sum(const fl_loop_wake_result_t *r)
{
    uint64_t sum = 0;
    uint32_t i;
    for (i = 0; i < FL_PROTO_LEDGER_STATES; i++) {
        sum += r->ledger_uc[i];
    }
    FL_CHECK_EQ_INT(sum, r->total_uc);
    FL_CHECK(r->total_uc > 0);
}

/* Radio charges of a session publishing exactly the host's messages [first, last). */
static void expect_radio(const char *radio_json, const fl_loop_wake_result_t *r, uint32_t first, uint32_t last)
{
    double wait = board("radio_wait_ua", NULL, NULL);
    double conn_ua = tl_json(radio_json, "connect", "current_ua", NULL);
    double conn_us = tl_json(radio_json, "connect", "duration_us", NULL);
    double tx_ua = tl_json(radio_json, "tx", "current_ua", NULL);
    double fixed = tl_json(radio_json, "tx", "fixed_us", NULL);
    double per_byte = tl_json(radio_json, "tx", "us_per_byte", NULL);
    double rx_ua = tl_json(radio_json, "rx", "current_ua", NULL);
    double rx_msg = tl_json(radio_json, "rx", "per_message_us", NULL);
    double rx_session = tl_json(radio_json, "rx", "per_session_us", NULL);
    uint64_t tx = 0, rx = 0;
    uint32_t k;
    for (k = first; k < last; k++) {
        const fl_host_msg_t *m = fl_host_published(&tl_host, k);
        FL_CHECK(m != NULL);
        if (m != NULL) {
            tx += tl_uc(tx_ua + wait, fixed + per_byte * (double)m->len);
            rx += tl_uc(rx_ua + wait, rx_msg);
        }
    }
    rx += tl_uc(rx_ua + wait, rx_session);
    FL_CHECK_EQ_INT(tl_uc(conn_ua + wait, conn_us), r->ledger_uc[FL_LEDGER_RADIO_CONNECT]);
    FL_CHECK_EQ_INT(tx, r->ledger_uc[FL_LEDGER_RADIO_TX]);
    FL_CHECK_EQ_INT(rx, r->ledger_uc[FL_LEDGER_RADIO_RX]);
}

static void test_first_boot_and_standby_wake_with_wifi_telemetry(void)
{
    uint32_t i;
    tl_prepare("openmv-h7", "wifi");
    tl_env.lc.telemetry_every = 1;
    FL_CHECK_EQ_INT(0, tl_start());
    FL_CHECK_EQ_INT(0, tl_wake(&g_r[0], 1));
    FL_CHECK_EQ_INT(0, tl_wake(&g_r[1], 0));
    check_sum(&g_r[0]);
    check_sum(&g_r[1]);

    /* First boot: no sleep before it, a reset out of nothing (the Standby wake figures), then the radio. */
    FL_CHECK_EQ_INT(0, g_r[0].ledger_uc[FL_LEDGER_SLEEP]);
    FL_CHECK_EQ_INT(tl_uc(board("wake", "standby", "current_ua"), board("wake", "standby", "duration_us")),
                    g_r[0].ledger_uc[FL_LEDGER_WAKE]);
    FL_CHECK_EQ_INT(0, g_r[0].ledger_uc[FL_LEDGER_WARMUP]);
    FL_CHECK_EQ_INT(0, g_r[0].ledger_uc[FL_LEDGER_CAPTURE]);
    FL_CHECK_EQ_INT(0, g_r[0].ledger_uc[FL_LEDGER_DETECT]);
    expect_radio("radio-wifi.json", &g_r[0], 0, 1);

    /* The next wake: 60 s of Standby (board floor + radio off current), then the Standby wake-up. */
    FL_CHECK_EQ_INT(FL_SLEEP_STANDBY, g_r[0].sleep_mode);
    FL_CHECK_EQ_INT(60000000u, g_r[1].duration_us[FL_LEDGER_SLEEP]);
    FL_CHECK_EQ_INT(tl_uc(board("sleep", "standby", "current_ua") + tl_json("radio-wifi.json", "sleep_ua", NULL),
                          60e6),
                    g_r[1].ledger_uc[FL_LEDGER_SLEEP]);
    FL_CHECK_EQ_INT(tl_uc(board("wake", "standby", "current_ua"), board("wake", "standby", "duration_us")),
                    g_r[1].ledger_uc[FL_LEDGER_WAKE]);
    expect_radio("radio-wifi.json", &g_r[1], 1, 2);

    /* Telemetry of wake 1 has no ledger yet; wake 2's carries wake 1's, entry by entry. */
    FL_CHECK_EQ_INT(FL_OK, fl_proto_decode(tl_host.msgs[0].data, tl_host.msgs[0].len, &g_msg));
    FL_CHECK_EQ_INT(0, g_msg.body.telemetry.wake_ledger_count);
    FL_CHECK_EQ_INT(FL_OK, fl_proto_decode(tl_host.msgs[1].data, tl_host.msgs[1].len, &g_msg));
    FL_CHECK_EQ_INT(FL_PROTO_LEDGER_STATES, g_msg.body.telemetry.wake_ledger_count);
    for (i = 0; i < FL_PROTO_LEDGER_STATES; i++) {
        FL_CHECK_EQ_INT(g_r[0].ledger_uc[i], g_msg.body.telemetry.wake_ledger_uc[i]);
    }
    /* charge_used counts every completed wake: wake 1's total when wake 2 reports */
    FL_CHECK_EQ_INT(g_r[0].total_uc / 3600u, g_msg.body.telemetry.charge_used_uah);
    FL_CHECK_EQ_INT(3900, g_msg.body.telemetry.battery_mv);
}

static void test_radio_variants_receive_time(void)
{
    static const struct {
        const char *name;
        const char *json;
    } radios[] = {{"ltem-psm", "radio-ltem-psm.json"}, {"lora-sf12", "radio-lora-sf12.json"},
                  {"lora-sf7", "radio-lora-sf7.json"}, {"ble", "radio-ble.json"}};
    size_t i;
    for (i = 0; i < sizeof radios / sizeof radios[0]; i++) {
        tl_prepare("openmv-h7", radios[i].name);
        tl_env.lc.telemetry_every = 1;
        FL_CHECK_EQ_INT(0, tl_start());
        FL_CHECK_EQ_INT(0, tl_wake(&g_r[0], 0));
        check_sum(&g_r[0]);
        expect_radio(radios[i].json, &g_r[0], 0, 1);
    }
}

static void test_thermal_capture_detect_and_stop_sleep(void)
{
    const double lora_sleep = tl_json("radio-lora-sf7.json", "sleep_ua", NULL);
    FL_CHECK_EQ_INT(0, tl_write_d6t(CSV, 10, 1, 0));
    tl_prepare("openmv-h7", "lora-sf7");
    tl_use_thermal(CSV);
    FL_CHECK_EQ_INT(0, tl_start());
    FL_CHECK_EQ_INT(0, tl_wake(&g_r[0], 1));
    FL_CHECK_EQ_INT(0, tl_wake(&g_r[1], 0));
    check_sum(&g_r[1]);
    FL_CHECK_EQ_INT(FL_SLEEP_STOP, g_r[0].sleep_mode); /* thermal keeps its background in RAM */
    FL_CHECK_EQ_INT(tl_uc(board("sleep", "stop", "current_ua") + lora_sleep, 60e6), g_r[1].ledger_uc[FL_LEDGER_SLEEP]);
    FL_CHECK_EQ_INT(tl_uc(board("wake", "stop", "current_ua"), board("wake", "stop", "duration_us")),
                    g_r[1].ledger_uc[FL_LEDGER_WAKE]);
    FL_CHECK_EQ_INT(tl_uc(board("sensors", "thermal", "warmup_ua"), board("sensors", "thermal", "warmup_us")),
                    g_r[1].ledger_uc[FL_LEDGER_WARMUP]);
    FL_CHECK_EQ_INT(tl_uc(board("capture", "current_ua", NULL), board("capture", "duration_us", NULL)),
                    g_r[1].ledger_uc[FL_LEDGER_CAPTURE]);
    FL_CHECK_EQ_INT(tl_uc(board("detect", "current_ua", NULL), board("detect", "thermal_us_per_frame", NULL)),
                    g_r[1].ledger_uc[FL_LEDGER_DETECT]);
    FL_CHECK_EQ_INT(0, g_r[1].ledger_uc[FL_LEDGER_RADIO_CONNECT]);
    FL_CHECK_EQ_INT(0, g_r[1].ledger_uc[FL_LEDGER_RADIO_TX]);
    FL_CHECK_EQ_INT(0, g_r[1].ledger_uc[FL_LEDGER_RADIO_RX]);
    remove(CSV);
}

static void test_charge_arithmetic(void)
{
    /* 150 mA for 20 ms = 3 mC (the seed's per-inference figure); 0.2 uA for a day = 17.28 mC. */
    FL_CHECK_EQ_INT(3000, fl_charge_uc(150000000u, 20000u));
    FL_CHECK_EQ_INT(17280, fl_charge_uc(200u, 86400000000ull));
    FL_CHECK_EQ_INT(1, fl_charge_uc(1000u, 500000u)); /* 1 uA for 0.5 s = 0.5 uC rounds up */
    FL_CHECK_EQ_INT(0, fl_charge_uc(1000u, 499999u));
}

int main(void)
{
    int passed = 0;
    FL_RUN(test_first_boot_and_standby_wake_with_wifi_telemetry, passed);
    FL_RUN(test_radio_variants_receive_time, passed);
    FL_RUN(test_thermal_capture_detect_and_stop_sleep, passed);
    FL_RUN(test_charge_arithmetic, passed);
    FL_TEST_MAIN_END(passed);
}
