/* SPDX-License-Identifier: MIT */
/* Internal: the steps of one wake, each in its own file, sharing the loop struct. */
#ifndef FL_LOOP_INTERNAL_H
#define FL_LOOP_INTERNAL_H

#include "fl/fl_loop.h"

/* Measured time and charge of the current wake, filled step by step. */
typedef struct {
    uint64_t us[FL_PROTO_LEDGER_STATES];
    uint64_t uc[FL_PROTO_LEDGER_STATES];
} fl_loop_ledger_t;

/* Adds `us` microseconds at `na` to ledger state `state`. */
void fl_loop_ledger_add(fl_loop_ledger_t *l, fl_ledger_state_t state, uint64_t us, uint32_t na);

/* Charge of the wake so far without the sleep that preceded it, in microjoules at the board's supply. */
uint32_t fl_loop_ledger_energy_uj(const fl_loop_ledger_t *l, uint32_t supply_mv);

/* Sensor power-up, warm-up, capture, detection; queues the events. Never fails the wake: a failure of the
 * sensor or detector is returned for the result and nothing is queued. */
fl_status_t fl_loop_sense(fl_loop_t *loop, fl_loop_ledger_t *ledger, fl_loop_wake_result_t *out);

/* Decides what is due and, if anything is, runs one radio session publishing it. */
void fl_loop_uplink(fl_loop_t *loop, fl_wake_reason_t reason, fl_loop_ledger_t *ledger, fl_loop_wake_result_t *out);

/* Copies a NUL-terminated string into dst[cap], truncating. */
void fl_loop_copy_str(char *dst, size_t cap, const char *src);

#endif /* FL_LOOP_INTERNAL_H */
