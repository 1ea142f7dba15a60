/* SPDX-License-Identifier: MIT */
/* Shared set-up of the loop tests: the host port with a board and radio profile, the loop over it, synthetic
 * thermal recordings, and a reader for the profile JSON (so expected figures come from the source of truth,
 * not from the generated header under test). */
#ifndef TEST_LOOP_SUPPORT_H
#define TEST_LOOP_SUPPORT_H

#include <stdint.h>

#include "fl/fl_loop.h"
#include "fl_host.h"

typedef struct {
    fl_host_config_t hc;
    fl_loop_config_t lc;
    fl_hal_t hal;
    fl_thermal_t thermal;
    fl_arena_t arena;
} tl_env_t;

extern fl_host_t tl_host;
extern fl_loop_t tl_loop;
extern tl_env_t tl_env;

/* Host + loop config with the named profiles; detect NONE, telemetry every 1000, heartbeat off, batch 1.
 * Change tl_env.hc / tl_env.lc, then call tl_start(). */
void tl_prepare(const char *board, const char *radio);

/* Thermal detection over `csv` (a D6T file) with a 4x4 detector. */
void tl_use_thermal(const char *csv);

/* fl_host_init + fl_loop_init; returns 0, or ends the test binary (status 1) saying which failed. */
int tl_start(void);

/* One wake (reason from the previous sleep, POWER_ON first) and, unless last, the sleep after it. 0 on success. */
int tl_wake(fl_loop_wake_result_t *r, int sleep_after);

/* Writes a D6T-44L style CSV of n frames at 22.0 C with a 30.0 C person in pixel 5 on frames where
 * (i % period) >= period - hot (hot = 0: never). Returns 0 on success. */
int tl_write_d6t(const char *path, int n, int period, int hot);

/* A number from a profile JSON: the "value" of the object reached by the keys in order, e.g.
 * tl_json("openmv-h7.json", "wake", "standby", "duration_us", NULL). Aborts the test binary when missing. */
double tl_json(const char *file, ...);

/* "/tmp/<pid>-<name>": scratch files that concurrent runs of the suite do not share (4 live at a time). */
const char *tl_tmp(const char *name);

/* Charge in uC of ua microamperes for us microseconds, rounded half up as the firmware does. */
uint64_t tl_uc(double ua, double us);

#endif /* TEST_LOOP_SUPPORT_H */
