/* SPDX-License-Identifier: MIT */
/* The firmware app that runs on the host and, unchanged, on the Cortex-M7 under QEMU: it reads a manifest,
 * loads the smile .network and the face .cascade from files at run time, runs the seed pipeline
 * (fl_pipeline_run) on PGM photos and the thermal detector on D6T-44L recordings and synthetic scenes, and
 * prints every result in one canonical text form, so the two builds' outputs can be compared byte for byte.
 *
 * Manifest: one directive per line, '#' starts a comment, fields separated by single spaces, paths without
 * spaces:
 *   network <path>                                  the smile CNN (.network), before any face line
 *   cascade <path>                                  the face cascade (.cascade), before any face line
 *   face <camera|opencv> <camera|corrected> <path>  one PGM photo: Haar mode, network mode
 *   thermal_d6t <path> <max_frames>                 an Omron D6T-44L CSV (4x4), reliable rows only
 *   thermal_synth <w> <h> <frames> <seed>           a synthetic scene (fl_app_synth_thermal)
 *   loop smile <wakes> <pgm>...                     the sensing loop over ../hal/fl_qemu_hal.h (fl_app_loop.h)
 *   loop thermal <wakes> <w> <h>
 * Scores are printed as their float bits (hex) as well as rounded, so "identical" means bit-identical. */
#ifndef FL_APP_H
#define FL_APP_H

/* Runs every directive of the manifest, printing results to stdout. Returns 0, or 1 after printing
 * "error: <what>" for the first directive that failed (bad manifest line, missing file, load error). */
int fl_app_run(const char *manifest_path);

#endif /* FL_APP_H */
