/* SPDX-License-Identifier: MIT */
/* The nine golden fixtures of protocol v1, shared by gen_golden (which writes tests/golden/protocol/) and the
 * drift test (which checks those files still match). Test/tool code only; not part of libfleetcore. */
#ifndef FL_GOLDEN_FIXTURES_H
#define FL_GOLDEN_FIXTURES_H

#include <stddef.h>
#include <stdio.h>

#include "fl/fl_proto.h"

#define FL_GOLDEN_COUNT 9u

/* Fills *msg with fixture `index` (0..8, type index + 1) and returns its file name ("01_detection.cbor"). */
const char *fl_golden_fixture(size_t index, fl_msg_t *msg);

/* Writes tests/golden/protocol/README.md: every fixture's field values and bytes. 0 on success. */
int fl_golden_write_readme(FILE *out);

#endif /* FL_GOLDEN_FIXTURES_H */
