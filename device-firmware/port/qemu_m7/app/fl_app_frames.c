/* SPDX-License-Identifier: MIT */
#include "fl_app_frames.h"

#include <stdlib.h>
#include <string.h>

long fl_app_read_file(const char *path, uint8_t *buf, size_t cap)
{
    FILE *f = fopen(path, "rb");
    size_t n;
    int extra;
    if (f == NULL) {
        return -1;
    }
    n = fread(buf, 1u, cap, f);
    /* a file exactly cap bytes long is fine; one byte more is not */
    extra = n == cap ? fgetc(f) : EOF;
    fclose(f);
    return extra == EOF ? (long)n : -1;
}

/* Next decimal field of a PGM header, skipping whitespace and comments; *v = -1 when there is none. */
static size_t pgm_token(const uint8_t *d, size_t len, size_t pos, long *v)
{
    *v = -1;
    for (;;) {
        while (pos < len && (d[pos] == ' ' || d[pos] == '\t' || d[pos] == '\r' || d[pos] == '\n')) {
            pos++;
        }
        if (pos < len && d[pos] == '#') {
            while (pos < len && d[pos] != '\n') {
                pos++;
            }
            continue;
        }
        break;
    }
    if (pos >= len || d[pos] < '0' || d[pos] > '9') {
        return pos;
    }
    *v = 0;
    while (pos < len && d[pos] >= '0' && d[pos] <= '9' && *v <= 100000L) {
        *v = *v * 10 + (long)(d[pos] - '0');
        pos++;
    }
    return pos;
}

int fl_app_parse_pgm(const uint8_t *data, size_t len, fl_haar_gray_t *img)
{
    long w, h, maxval;
    size_t pos;
    if (len < 2u || data[0] != 'P' || data[1] != '5') {
        return -1;
    }
    pos = pgm_token(data, len, 2u, &w);
    pos = pgm_token(data, len, pos, &h);
    pos = pgm_token(data, len, pos, &maxval);
    if (w <= 0 || h <= 0 || w > FL_HAAR_MAX_DIM || h > FL_HAAR_MAX_DIM || maxval != 255 || pos >= len) {
        return -1;
    }
    pos++; /* the single whitespace byte after maxval */
    if (len - pos < (size_t)w * (size_t)h) {
        return -1;
    }
    img->pixels = data + pos;
    img->w = (int32_t)w;
    img->h = (int32_t)h;
    img->stride = (int32_t)w;
    return 0;
}

/* One comma-separated integer field; returns the position after the comma, or NULL. */
static const char *csv_int(const char *p, long *v)
{
    char *end;
    while (*p == ' ') {
        p++;
    }
    if ((*p < '0' || *p > '9') && *p != '-') {
        return NULL;
    }
    *v = strtol(p, &end, 10);
    while (*end == ' ') {
        end++;
    }
    return *end == ',' ? end + 1 : NULL;
}

int fl_app_parse_d6t_row(const char *line, int16_t pixels_cc[16], int32_t *ambient_cc)
{
    long v, check;
    int i;
    const char *p = csv_int(line, &v);
    /* the D6T's range is -20..+80 C in 0.1 C steps; anything else is not a data row */
    if (p == NULL || v < -200 || v > 800) {
        return 0;
    }
    *ambient_cc = (int32_t)(v * 10);
    for (i = 0; i < 16; i++) {
        p = csv_int(p, &v);
        if (p == NULL || v < -200 || v > 800) {
            return 0;
        }
        pixels_cc[i] = (int16_t)(v * 10);
    }
    p = csv_int(p, &check);
    return p != NULL && check == 1;
}

void fl_app_synth_thermal(int32_t w, int32_t h, uint32_t seed, uint32_t index, uint32_t frames, int16_t *out)
{
    uint32_t x = seed ^ (index * 0x9E3779B9u);
    int32_t r = h / 5 > 1 ? h / 5 : 1;
    int32_t first = (int32_t)(frames / 8u), last = (int32_t)(frames - frames / 8u);
    int32_t present = (int32_t)index >= first && (int32_t)index < last && last > first;
    int32_t cx = present ? (int32_t)(((int64_t)((int32_t)index - first) * w) / (last - first)) : -1000;
    int32_t cy = h / 2, px, py;
    if (x == 0u) {
        x = 1u;
    }
    for (py = 0; py < h; py++) {
        for (px = 0; px < w; px++) {
            int32_t dx = px - cx, dy = py - cy, v;
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            v = 2200 + (int32_t)(x % 41u) - 20;
            if (present && dx * dx + dy * dy <= r * r) {
                v = 3400 + (int32_t)(x % 41u) - 20;
            }
            out[py * w + px] = (int16_t)v;
        }
    }
}

const char *fl_app_basename(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash != NULL ? slash + 1 : path;
}
