/* SPDX-License-Identifier: MIT */
/* Which sleep mode, and the sleep itself. */
#include "loop/fl_loop_internal.h"

/* "Deepest allowed" is an upper bound, not a rule to go there blindly: Standby's floor is lowest but each wake
 * out of it is a reset and a boot, so for short intervals Stop can cost less. The choice compares the charge of
 * one whole sleep plus the wake-up out of it, with the same profile figures the ledger uses. */
fl_sleep_mode_t fl_loop_choose_sleep(const fl_loop_config_t *cfg, uint32_t interval_ms)
{
    fl_sleep_mode_t deepest, best = FL_SLEEP_CPU;
    uint64_t best_uc = UINT64_MAX;
    uint32_t m;

    if (cfg == NULL || cfg->board == NULL) {
        return FL_SLEEP_CPU;
    }
    deepest = cfg->deepest_sleep;
    if (deepest > FL_SLEEP_STANDBY) {
        deepest = FL_SLEEP_STANDBY;
    }
    /* The thermal background model lives in RAM (up to 160x120 int32): Standby would lose it every wake. */
    if (cfg->detect == FL_LOOP_DETECT_THERMAL && deepest > FL_SLEEP_STOP) {
        deepest = FL_SLEEP_STOP;
    }
    for (m = FL_SLEEP_CPU; m <= (uint32_t)deepest; m++) {
        uint32_t sleep_na = cfg->board->sleep_na[m] + (cfg->radio != NULL ? cfg->radio->sleep_na : 0u);
        uint64_t uc = fl_charge_uc(sleep_na, (uint64_t)interval_ms * 1000u) +
                      fl_charge_uc(cfg->board->wake[m].current_na, cfg->board->wake[m].duration_us);
        if (uc <= best_uc) { /* ties go to the deeper mode */
            best_uc = uc;
            best = (fl_sleep_mode_t)m;
        }
    }
    return best;
}

fl_status_t fl_loop_sleep(fl_loop_t *loop, fl_wake_reason_t *reason)
{
    fl_wake_reason_t r = FL_WAKE_NONE;
    fl_status_t st;

    if (loop == NULL || reason == NULL || loop->hal == NULL) {
        return FL_ERR_ARG;
    }
    st = loop->hal->sleep(loop->hal->ctx, (fl_sleep_mode_t)loop->st.sleep_mode, loop->cfg.wake_sources,
                          loop->cfg.wake_interval_s * 1000u, &r);
    *reason = r;
    return st;
}
