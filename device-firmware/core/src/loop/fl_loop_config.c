/* SPDX-License-Identifier: MIT */
/* Loop configuration defaults and the checks fl_loop_init() applies. */
#include <string.h>

#include "loop/fl_loop_internal.h"

void fl_loop_config_default(fl_loop_config_t *cfg)
{
    if (cfg == NULL) {
        return;
    }
    memset(cfg, 0, sizeof *cfg);
    cfg->wake_interval_s = 60;
    cfg->telemetry_every = 10;
    cfg->heartbeat_s = 3600;
    cfg->batch_max = 1;
    cfg->batch_max_age_s = 0;
    cfg->score_threshold_pmy = 8000;
    cfg->deepest_sleep = FL_SLEEP_STANDBY;
    cfg->wake_sources = FL_WAKE_SRC_RTC;
    cfg->detect = FL_LOOP_DETECT_NONE;
}

void fl_loop_copy_str(char *dst, size_t cap, const char *src)
{
    size_t n = strlen(src);
    if (n >= cap) {
        n = cap - 1;
    }
    memcpy(dst, src, n);
    dst[n] = '\0';
}
