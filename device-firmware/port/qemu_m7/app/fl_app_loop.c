/* SPDX-License-Identifier: MIT */
#include "fl_app_loop.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fl/fl_loop.h"
#include "fl/fl_pipeline.h"
#include "fl/fl_thermal.h"
#include "fl_qemu_hal.h"

#define LOOP_FRAME_BYTES (320u * 320u * 2u)
#define LOOP_WORK_BYTES (1024u * 1024u)

static uint16_t g_frame[LOOP_FRAME_BYTES / 2u]; /* uint16_t: the loop wants 2-byte alignment */
static uint8_t g_loop_work[LOOP_WORK_BYTES];

static void print_wake(uint32_t i, const fl_loop_wake_result_t *r)
{
    uint32_t k;
    printf("loop wake %lu reason=%u captured=%u objects=%lu smiles=%lu detections=%lu published=%lu queued=%lu "
           "radio=%u/%u telemetry=%u heartbeat=%u sleep=%u next_wake_s=%lu detect=%d total_uc=%lu ledger_uc=",
           (unsigned long)i, (unsigned)r->wake_reason, (unsigned)r->captured, (unsigned long)r->objects,
           (unsigned long)r->smiles, (unsigned long)r->detections, (unsigned long)r->published,
           (unsigned long)r->queued, (unsigned)r->radio_up, (unsigned)r->radio_ok, (unsigned)r->telemetry_sent,
           (unsigned)r->heartbeat_sent, (unsigned)r->sleep_mode, (unsigned long)r->next_wake_s,
           (int)r->detect_status, (unsigned long)r->total_uc);
    for (k = 0; k < FL_PROTO_LEDGER_STATES; k++) {
        printf("%s%lu", k == 0u ? "" : ",", (unsigned long)r->ledger_uc[k]);
    }
    printf("\n");
}

int fl_app_loop(char **fv, int n, const fl_cascade_t *cascade, const fl_network_t *network)
{
    static fl_qemu_hal_t q;
    static fl_hal_t hal;
    static fl_loop_t loop;
    static fl_loop_config_t cfg;
    static fl_pipeline_config_t pipeline;
    static fl_thermal_t thermal;
    static fl_arena_t work;
    fl_wake_reason_t reason = FL_WAKE_POWER_ON;
    unsigned long wakes;
    uint32_t i;
    fl_status_t st;
    int k;
    if (n < 3) {
        printf("error: loop needs <smile|thermal> <wakes> ...\n");
        return -1;
    }
    wakes = strtoul(fv[2], NULL, 10);
    if (wakes == 0u || wakes > 1000u) {
        printf("error: loop wakes %s out of 1..1000\n", fv[2]);
        return -1;
    }
    memset(&q, 0, sizeof q);
    q.board = fl_profile_board("openmv-h7");
    q.radio = fl_profile_radio("wifi");
    q.rtc_start_ms = 1767225600000u; /* 2026-01-01T00:00:00Z: any fixed start, so both builds agree */
    if (q.board == NULL || q.radio == NULL) {
        printf("error: the openmv-h7 / wifi profiles are not compiled in\n");
        return -1;
    }
    if (fl_arena_init(&work, g_loop_work, sizeof g_loop_work) != FL_OK) {
        return -1;
    }
    fl_loop_config_default(&cfg);
    (void)strcpy(cfg.device_id, "qemu-m7");
    (void)strcpy(cfg.firmware_version, "0.1.0");
    cfg.board = q.board;
    cfg.radio = q.radio;
    cfg.telemetry_every = 3u;
    cfg.report_empty = 1u;
    cfg.frame_buf = g_frame;
    cfg.frame_cap = sizeof g_frame;
    cfg.arena = &work;
    if (strcmp(fv[1], "smile") == 0 && n >= 4 && n - 3 <= (int)FL_QEMU_HAL_MAX_FRAMES) {
        if (cascade == NULL || network == NULL) {
            printf("error: loop smile before network and cascade\n");
            return -1;
        }
        for (k = 3; k < n; k++) {
            q.paths[q.n_paths++] = fv[k];
        }
        fl_pipeline_config_default(&pipeline, FL_HAAR_MODE_CAMERA);
        pipeline.cascade = cascade;
        pipeline.network = network;
        cfg.detect = FL_LOOP_DETECT_SMILE;
        cfg.pipeline = &pipeline;
    } else if (strcmp(fv[1], "thermal") == 0 && n == 5) {
        fl_thermal_config_t tcfg;
        q.thermal_w = (int32_t)strtol(fv[3], NULL, 10);
        q.thermal_h = (int32_t)strtol(fv[4], NULL, 10);
        q.thermal_frames = 16u;
        fl_thermal_config_default(&tcfg, q.thermal_w, q.thermal_h);
        st = fl_thermal_init(&thermal, &tcfg, q.thermal_w, q.thermal_h, &work);
        if (st != FL_OK) {
            printf("error: loop thermal %ldx%ld: fl_thermal_init returned %d\n", (long)q.thermal_w,
                   (long)q.thermal_h, (int)st);
            return -1;
        }
        cfg.detect = FL_LOOP_DETECT_THERMAL;
        cfg.thermal = &thermal;
    } else {
        printf("error: loop: use 'loop smile <wakes> <pgm>...' (1..%u photos) or 'loop thermal <wakes> <w> <h>'\n",
               (unsigned)FL_QEMU_HAL_MAX_FRAMES);
        return -1;
    }
    fl_qemu_hal_init(&q, &hal);
    st = fl_loop_init(&loop, &hal, &cfg);
    if (st != FL_OK) {
        printf("error: fl_loop_init returned %d\n", (int)st);
        return -1;
    }
    printf("loop %s wakes=%lu board=%s radio=%s\n", fv[1], wakes, q.board->name, q.radio->name);
    for (i = 0; i < (uint32_t)wakes; i++) {
        fl_loop_wake_result_t r;
        st = fl_loop_wake(&loop, reason, &r);
        if (st != FL_OK) {
            printf("error: fl_loop_wake %lu returned %d\n", (unsigned long)i, (int)st);
            return -1;
        }
        print_wake(i, &r);
        st = fl_loop_sleep(&loop, &reason);
        if (st != FL_OK) {
            printf("error: fl_loop_sleep %lu returned %d\n", (unsigned long)i, (int)st);
            return -1;
        }
    }
    printf("loop %s done published=%lu clock_ms=%lu\n", fv[1], (unsigned long)q.published,
           (unsigned long)(q.clock_us / 1000u));
    return 0;
}
