/* SPDX-License-Identifier: MIT */
/* The golden fixtures of protocol v1 (one per type, then the optional-key variants), shared by gen_golden (which writes tests/golden/protocol/) and the
 * drift test (which checks those files still match). Test/tool code only; not part of libfleetcore. */
#ifndef FL_GOLDEN_FIXTURES_H
#define FL_GOLDEN_FIXTURES_H

#include <stddef.h>
#include <stdio.h>

#include "fl/fl_proto.h"

#define FL_GOLDEN_COUNT 14u
#define FL_GOLDEN_TYPES 9u        /* fixtures 0..8 are types 1..9 in order */
#define FL_GOLDEN_LEDGER_INDEX 9u /* telemetry with the optional key 15 (wake_ledger) */
#define FL_GOLDEN_DROPPED_INDEX 10u  /* telemetry with keys 16/17 (dropped counters) and no key 15 */
#define FL_GOLDEN_REJECT_INDEX 11u   /* reported config with keys 12 (reject_reason), 13/14 (quiet hours) */
#define FL_GOLDEN_QUIET_INDEX 12u    /* desired config with keys 13/14 (quiet hours) */
#define FL_GOLDEN_DEFERRED_INDEX 13u /* OTA result code 9 (deferred, low battery) */

/* Fills *msg with fixture `index` (0..FL_GOLDEN_COUNT-1; 0..8 are types index + 1) and returns its file name
 * ("01_detection.cbor"). */
const char *fl_golden_fixture(size_t index, fl_msg_t *msg);

/* Writes tests/golden/protocol/README.md: every fixture's field values and bytes. 0 on success. */
int fl_golden_write_readme(FILE *out);

#endif /* FL_GOLDEN_FIXTURES_H */
