/* SPDX-License-Identifier: MIT */
/* Frame sources of the firmware app, identical on the host and on the M7: whole files read through stdio (on
 * the M7 newlib's stdio sits on semihosting, the "SD card"), binary PGM photos, Omron D6T-44L CSV rows and a
 * synthetic thermal scene. Nothing here allocates; every buffer is the caller's. */
#ifndef FL_APP_FRAMES_H
#define FL_APP_FRAMES_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "fl/fl_haar.h"

/* Whole file into buf (cap bytes). Returns its length, or -1 when it cannot be opened or exceeds cap. */
long fl_app_read_file(const char *path, uint8_t *buf, size_t cap);

/* Binary PGM (P5, maxval 255, '#' comments allowed); img points into data. Returns 0, or -1 when malformed. */
int fl_app_parse_pgm(const uint8_t *data, size_t len, fl_haar_gray_t *img);

/* One data row of a D6T-44L CSV ("TPTAT, T1..T16, CheckPEC, ..."; 0.1 C units) as centi-degrees. Returns 1 for
 * a reliable data row (CheckPEC 1), 0 for any other line (header, BEGINNING/END lines, packet errors). */
int fl_app_parse_d6t_row(const char *line, int16_t pixels_cc[16], int32_t *ambient_cc);

/* Frame `index` of a synthetic w x h scene: 22 C background with +-0.2 C noise (xorshift32 from seed and
 * index) and one 34 C person of radius h/5 walking left to right over `frames` frames, absent in the first
 * and last eighth. Deterministic, so host and M7 see the same pixels. */
void fl_app_synth_thermal(int32_t w, int32_t h, uint32_t seed, uint32_t index, uint32_t frames, int16_t *out);

/* The file name of a path (after the last '/'). */
const char *fl_app_basename(const char *path);

#endif /* FL_APP_FRAMES_H */
