/* SPDX-License-Identifier: MIT */
/* The sensing loop (fl_loop_*) run by the firmware app over the deterministic HAL of ../hal/fl_qemu_hal.h,
 * printing each wake's result in canonical text; same source on the host and the M7. */
#ifndef FL_APP_LOOP_H
#define FL_APP_LOOP_H

#include "fl/fl_cascade.h"
#include "fl/fl_model_network.h"

/* Manifest directive "loop smile <wakes> <pgm>..." (cascade and network required) or
 * "loop thermal <wakes> <w> <h>" as fields fv[1..n-1]. Returns 0, or -1 after printing "error: ...". */
int fl_app_loop(char **fv, int n, const fl_cascade_t *cascade, const fl_network_t *network);

#endif /* FL_APP_LOOP_H */
