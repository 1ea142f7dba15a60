/* SPDX-License-Identifier: MIT */
/* Test-only helpers for the Haar tests and the host benchmark: file, PGM and JSON reading, and an OpenCV XML
 * cascade (old "haarcascade" and new "cascade" formats, stumps only) to Fleet FLHC builder so the tests can
 * use the float cascades OpenCV ran without committing derived data. Nothing here is library code. */
#ifndef TEST_HAAR_SUPPORT_H
#define TEST_HAAR_SUPPORT_H

#include <stddef.h>
#include <stdint.h>

#include "fl/fl_haar.h"

/* FL_REPO_ROOT "/../shared/<rel>" into buf. */
void hts_shared_path(char *buf, size_t cap, const char *rel);
/* 1 if ../shared/data exists (a known file can be opened). */
int hts_have_shared(void);
/* Whole file into buf (cap bytes); returns its length, or -1 (missing or too big). */
long hts_read_file(const char *path, uint8_t *buf, size_t cap);
/* Binary PGM (P5, maxval 255, comments allowed); img points into data. 0 on success. */
int hts_parse_pgm(const uint8_t *data, size_t len, fl_haar_gray_t *img);
/* OpenCV XML text (NUL-terminated) to a Fleet cascade. max_stages 0 = all. Returns 0 on success. */
int hts_xml_to_fleet(const char *xml, uint32_t max_stages, uint8_t *out, size_t cap, size_t *out_len);

/* JSON helpers for opencv_reference.json / annotations.json (pretty-printed, as staged). */
/* Boxes [x,y,w,h] of one image, cascade and parameter set; returns the count or -1 when absent. */
int hts_ref_boxes(const char *json, const char *file, const char *cascade, const char *param, int32_t (*boxes)[4],
                  int cap);
/* Ground-truth boxes (float) of one image; returns the count or -1. */
int hts_gt_boxes(const char *json, const char *file, double (*boxes)[4], int cap);
/* The n-th "file" value of an annotations/reference JSON with category cat (NULL = any) into buf; 0 when found. */
int hts_json_file_at(const char *json, int n, const char *cat, char *buf, size_t cap);

/* Intersection over union of two boxes. */
double hts_iou(double ax, double ay, double aw, double ah, double bx, double by, double bw, double bh);

#endif /* TEST_HAAR_SUPPORT_H */
