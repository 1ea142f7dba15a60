/* SPDX-License-Identifier: MIT */
#define _POSIX_C_SOURCE 200809L
#include "test_loop_support.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

fl_host_t tl_host;
fl_loop_t tl_loop;
tl_env_t tl_env;

static uint8_t g_arena_mem[1u << 20];
static uint8_t g_frame[640u * 480u]; /* up to VGA gray */
static fl_wake_reason_t g_reason;

void tl_prepare(const char *board, const char *radio)
{
    memset(&tl_env, 0, sizeof tl_env);
    tl_env.hc.board = fl_profile_board(board);
    tl_env.hc.radio = fl_profile_radio(radio);
    tl_env.hc.rtc_start_ms = 1767225600000ull;
    tl_env.hc.battery_mv = 3900;
    tl_env.hc.temperature_cc = 2100;
    if (tl_env.hc.board == NULL || tl_env.hc.radio == NULL) {
        printf("  no compiled-in profile %s / %s\n", board, radio);
        exit(1);
    }
    fl_loop_config_default(&tl_env.lc);
    tl_env.lc.board = tl_env.hc.board;
    tl_env.lc.radio = tl_env.hc.radio;
    tl_env.lc.telemetry_every = 1000;
    tl_env.lc.heartbeat_s = 0;
    tl_env.lc.battery_capacity_mah = 1000;
    snprintf(tl_env.lc.device_id, sizeof tl_env.lc.device_id, "loop-test");
    snprintf(tl_env.lc.firmware_version, sizeof tl_env.lc.firmware_version, "test 1");
    if (fl_arena_init(&tl_env.arena, g_arena_mem, sizeof g_arena_mem) != FL_OK) {
        exit(1);
    }
    tl_env.lc.arena = &tl_env.arena;
    tl_env.lc.frame_buf = g_frame;
    tl_env.lc.frame_cap = sizeof g_frame;
}

void tl_use_thermal(const char *csv)
{
    fl_thermal_config_t tc;
    fl_thermal_config_default(&tc, 4, 4);
    if (fl_thermal_init(&tl_env.thermal, &tc, 4, 4, &tl_env.arena) != FL_OK) {
        printf("  thermal init failed\n");
        exit(1);
    }
    tl_env.lc.detect = FL_LOOP_DETECT_THERMAL;
    tl_env.lc.thermal = &tl_env.thermal;
    tl_env.hc.frames = csv;
}

/* A failed start leaves nothing sane to run the rest of a test on: stop the binary with the reason. */
int tl_start(void)
{
    fl_status_t st = fl_host_init(&tl_host, &tl_env.hc);
    if (st != FL_OK) {
        printf("  FAIL fl_host_init(%s): %s\n", tl_env.hc.frames != NULL ? tl_env.hc.frames : "-", fl_status_name(st));
        exit(1);
    }
    fl_host_hal(&tl_host, &tl_env.hal);
    g_reason = FL_WAKE_POWER_ON;
    st = fl_loop_init(&tl_loop, &tl_env.hal, &tl_env.lc);
    if (st != FL_OK) {
        printf("  FAIL fl_loop_init: %s\n", fl_status_name(st));
        exit(1);
    }
    return 0;
}

int tl_wake(fl_loop_wake_result_t *r, int sleep_after)
{
    if (fl_loop_wake(&tl_loop, g_reason, r) != FL_OK) {
        return -1;
    }
    if (sleep_after && fl_loop_sleep(&tl_loop, &g_reason) != FL_OK) {
        return -1;
    }
    return 0;
}

int tl_write_d6t(const char *path, int n, int period, int hot)
{
    FILE *f = fopen(path, "w");
    int i, p;
    if (f == NULL) {
        return -1;
    }
    fprintf(f, "2017-01-01 - 00:00:00 BEGINNING OF FILE\n");
    fprintf(f, "TPTAT, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15, T16, CheckPEC, "
               "Delta t from last measure in Miliseconds, Time Stamp\n");
    for (i = 0; i < n; i++) {
        int warm = hot > 0 && (i % period) >= period - hot;
        fprintf(f, "240");
        for (p = 0; p < 16; p++) {
            fprintf(f, ", %d", (warm && p == 5) ? 300 : 220);
        }
        fprintf(f, ", 1, 100, 00:00:%02d\n", i % 60);
    }
    fprintf(f, "2017-01-01 - 00:01:00 END OF FILE\n");
    return fclose(f) == 0 ? 0 : -1;
}

double tl_json(const char *file, ...)
{
    static char text[16384];
    char path[1024];
    const char *pos, *key;
    char quoted[96];
    FILE *f;
    size_t n;
    va_list ap;

    snprintf(path, sizeof path, "%s/%s", FL_PROFILES_DIR, file);
    f = fopen(path, "r");
    if (f == NULL) {
        printf("  cannot open %s\n", path);
        exit(1);
    }
    n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = '\0';
    pos = text;
    va_start(ap, file);
    while ((key = va_arg(ap, const char *)) != NULL) {
        snprintf(quoted, sizeof quoted, "\"%s\"", key);
        pos = strstr(pos, quoted);
        if (pos == NULL) {
            printf("  %s: key %s not found\n", file, key);
            exit(1);
        }
        pos += strlen(quoted);
    }
    va_end(ap);
    pos = strstr(pos, "\"value\"");
    if (pos == NULL) {
        printf("  %s: no value\n", file);
        exit(1);
    }
    pos = strchr(pos, ':');
    return strtod(pos + 1, NULL);
}

uint64_t tl_uc(double ua, double us)
{
    /* The JSON's currents are whole nA (the generator refuses others) and durations whole us. */
    uint64_t na = (uint64_t)(ua * 1000.0 + 0.5);
    uint64_t t = (uint64_t)(us + 0.5);
    return (na * t + 500000000u) / 1000000000u;
}

const char *tl_tmp(const char *name)
{
    static char ring[4][256];
    static unsigned next;
    char *b = ring[next++ % 4u];
    snprintf(b, sizeof ring[0], "/tmp/%ld-%s", (long)getpid(), name); /* the extension stays last */
    return b;
}
