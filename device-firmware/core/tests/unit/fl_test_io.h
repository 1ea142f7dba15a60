/* SPDX-License-Identifier: MIT */
/* Host-only helpers for the tests that read the seed's files from ../shared (never built for the device). */
#ifndef FL_TEST_IO_H
#define FL_TEST_IO_H

#include <stddef.h>
#include <stdint.h>

/* The seed's OpenMV data, beside the repository (FL_REPO_ROOT comes from fl_add_unit_test). */
#define FL_TEST_OPENMV_DIR FL_REPO_ROOT "/../shared/data/openmv"

/* Whole file into a malloc'd buffer (free it); NULL if it cannot be opened or read. *len is set when opened. */
uint8_t *fl_test_read_file(const char *path, size_t *len);

/* Calls fn(sub, name) for each "*.network" file in <root>/<sub>, in readdir order.
 * Returns 0, or -1 when the directory cannot be opened. */
int fl_test_each_network(const char *root, const char *sub, void (*fn)(const char *sub, const char *name));

#endif
