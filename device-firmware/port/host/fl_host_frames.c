/* SPDX-License-Identifier: MIT */
/* Frames from files: a directory of PGM images (camera) or one D6T CSV recording (thermal). */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fl_host.h"
#include "fl_host_internal.h"

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* PGM header token: skips whitespace and '#' comments. Returns -1 at EOF or on a non-number. */
static long pgm_number(FILE *f)
{
    int c;
    long v = 0;
    int digits = 0;
    do {
        c = fgetc(f);
        if (c == '#') {
            while (c != '\n' && c != EOF) {
                c = fgetc(f);
            }
        }
    } while (c == ' ' || c == '\t' || c == '\r' || c == '\n');
    while (c >= '0' && c <= '9' && digits < 9) {
        v = v * 10 + (c - '0');
        digits++;
        c = fgetc(f);
    }
    return digits == 0 ? -1 : v;
}

fl_status_t fl_host_read_pgm(const char *path, uint8_t *buf, size_t cap, int32_t *w, int32_t *h)
{
    FILE *f = fopen(path, "rb");
    long width, height, maxval;
    size_t n;
    if (f == NULL) {
        return FL_ERR_IO;
    }
    if (fgetc(f) != 'P' || fgetc(f) != '5') {
        fclose(f);
        return FL_ERR_FORMAT;
    }
    width = pgm_number(f);
    height = pgm_number(f);
    maxval = pgm_number(f); /* exactly one whitespace byte follows, consumed by pgm_number */
    if (width < 1 || height < 1 || width > FL_HAAR_MAX_DIM || height > FL_HAAR_MAX_DIM || maxval < 1 ||
        maxval > 255) {
        fclose(f);
        return FL_ERR_FORMAT;
    }
    n = (size_t)width * (size_t)height;
    if (n > cap) {
        fclose(f);
        return FL_ERR_NO_MEM;
    }
    if (fread(buf, 1, n, f) != n) {
        fclose(f);
        return FL_ERR_FORMAT;
    }
    fclose(f);
    *w = (int32_t)width;
    *h = (int32_t)height;
    return FL_OK;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp((const char *)a, (const char *)b);
}

static fl_status_t scan_pgm_dir(fl_host_t *h, const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    if (d == NULL) {
        return FL_ERR_IO;
    }
    while ((e = readdir(d)) != NULL && h->n_frames < FL_HOST_MAX_FRAME_FILES) {
        if (ends_with(e->d_name, ".pgm") && strlen(e->d_name) < sizeof h->names[0]) {
            memcpy(h->names[h->n_frames++], e->d_name, strlen(e->d_name) + 1);
        }
    }
    closedir(d);
    qsort(h->names, h->n_frames, sizeof h->names[0], cmp_names);
    return h->n_frames > 0 ? FL_OK : FL_ERR_FORMAT;
}

/* D6T rows: "TPTAT, T1, ..., T16, CheckPEC, delta_ms, timestamp" in 0.1 degC; other lines (file markers,
 * header) do not start with a number and are skipped. Rows with a packet error (CheckPEC != 1) are skipped. */
static fl_status_t read_d6t_csv(fl_host_t *h, const char *path)
{
    FILE *f = fopen(path, "r");
    char line[512];
    if (f == NULL) {
        return FL_ERR_IO;
    }
    while (fgets(line, sizeof line, f) != NULL && h->n_frames < FL_HOST_MAX_THERMAL_FRAMES) {
        long v[18];
        char *p = line, *end;
        int i;
        for (i = 0; i < 18; i++) {
            v[i] = strtol(p, &end, 10);
            if (end == p) {
                break;
            }
            p = end;
            while (*p == ',' || *p == ' ') {
                p++;
            }
        }
        if (i < 18 || v[17] != 1) {
            continue;
        }
        h->thermal_ambient[h->n_frames] = (int16_t)(v[0] * 10);
        for (i = 0; i < (int)FL_HOST_THERMAL_PIXELS; i++) {
            h->thermal_frames[h->n_frames][i] = (int16_t)(v[1 + i] * 10);
        }
        h->n_frames++;
    }
    fclose(f);
    return h->n_frames > 0 ? FL_OK : FL_ERR_FORMAT;
}

fl_status_t fl_host_frames_open(fl_host_t *h, const char *frames)
{
    h->n_frames = 0;
    h->next_frame = 0;
    h->thermal = 0;
    if (frames == NULL) {
        return FL_OK;
    }
    if (ends_with(frames, ".csv")) {
        h->thermal = 1;
        return read_d6t_csv(h, frames);
    }
    return scan_pgm_dir(h, frames);
}

fl_status_t fl_host_capture(void *ctx, fl_frame_t *frame)
{
    fl_host_t *h = (fl_host_t *)ctx;
    uint32_t i;
    if (frame == NULL || frame->buf == NULL) {
        return FL_ERR_ARG;
    }
    h->clock_us += h->cfg.board->capture.duration_us;
    if (!h->sensor_on || h->n_frames == 0) {
        return FL_ERR_IO;
    }
    i = h->next_frame;
    h->next_frame = (h->next_frame + 1u) % h->n_frames;
    frame->index = i;
    if (h->thermal) {
        if (frame->cap < sizeof h->thermal_frames[0]) {
            return FL_ERR_NO_MEM;
        }
        memcpy(frame->buf, h->thermal_frames[i], sizeof h->thermal_frames[0]);
        frame->format = FL_FRAME_THERMAL;
        frame->width = 4;
        frame->height = 4;
        frame->ambient_cc = h->thermal_ambient[i];
        return FL_OK;
    }
    {
        char path[FL_HOST_PATH_MAX + 130];
        snprintf(path, sizeof path, "%s/%s", h->cfg.frames, h->names[i]);
        frame->format = FL_FRAME_GRAY8;
        frame->ambient_cc = 0;
        return fl_host_read_pgm(path, (uint8_t *)frame->buf, frame->cap, &frame->width, &frame->height);
    }
}

const char *fl_host_frame_name(const fl_host_t *h, uint32_t index)
{
    if (h->thermal || index >= h->n_frames) {
        return "";
    }
    return h->names[index];
}
