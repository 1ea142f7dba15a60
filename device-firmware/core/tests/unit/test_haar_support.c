/* SPDX-License-Identifier: MIT */
/* Test-only helpers (see test_haar_support.h). Static buffers, no malloc, like the rest of the tests. */
#include "test_haar_support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef FL_REPO_ROOT
#error "FL_REPO_ROOT must be defined by the build"
#endif

void hts_shared_path(char *buf, size_t cap, const char *rel)
{
    snprintf(buf, cap, "%s/../shared/%s", FL_REPO_ROOT, rel);
}

int hts_have_shared(void)
{
    char path[1024];
    FILE *f;
    hts_shared_path(path, sizeof path, "data/openmv/cascades/frontalface.cascade");
    f = fopen(path, "rb");
    if (f == NULL) {
        return 0;
    }
    fclose(f);
    return 1;
}

long hts_read_file(const char *path, uint8_t *buf, size_t cap)
{
    FILE *f = fopen(path, "rb");
    size_t n;
    if (f == NULL) {
        return -1;
    }
    n = fread(buf, 1, cap, f);
    if (n == cap && fgetc(f) != EOF) {
        fclose(f);
        return -1;
    }
    fclose(f);
    return (long)n;
}

/* ---- PGM ---- */

static size_t pgm_token(const uint8_t *d, size_t len, size_t pos, long *value)
{
    long v = 0;
    int any = 0;
    while (pos < len) {
        if (d[pos] == '#') {
            while (pos < len && d[pos] != '\n') {
                pos++;
            }
        } else if (d[pos] == ' ' || d[pos] == '\n' || d[pos] == '\r' || d[pos] == '\t') {
            pos++;
        } else {
            break;
        }
    }
    while (pos < len && d[pos] >= '0' && d[pos] <= '9') {
        v = v * 10 + (d[pos] - '0');
        pos++;
        any = 1;
    }
    *value = any ? v : -1;
    return pos;
}

int hts_parse_pgm(const uint8_t *data, size_t len, fl_haar_gray_t *img)
{
    long w, h, maxval;
    size_t pos;
    if (len < 2 || data[0] != 'P' || data[1] != '5') {
        return -1;
    }
    pos = pgm_token(data, len, 2, &w);
    pos = pgm_token(data, len, pos, &h);
    pos = pgm_token(data, len, pos, &maxval);
    if (w <= 0 || h <= 0 || maxval != 255 || pos >= len) {
        return -1;
    }
    pos++; /* the single whitespace byte after maxval */
    if (len - pos < (size_t)(w * h)) {
        return -1;
    }
    img->pixels = data + pos;
    img->w = (int32_t)w;
    img->h = (int32_t)h;
    img->stride = (int32_t)w;
    return 0;
}

/* ---- OpenCV XML -> Fleet ---- */

#define X_MAX_STAGES 1024
#define X_MAX_WEAK 8192
#define X_MAX_FEAT 8192
#define X_MAX_DEPTH 32

typedef struct {
    double v[5];
} xrect_t;

typedef struct {
    xrect_t r[3];
    int n;
} xfeat_t;

typedef struct {
    double thr, left, right;
    int feat; /* new format: index into feats; old: own feature slot */
} xweak_t;

static struct {
    int win_w, win_h;
    int n_stages;
    int stage_n[X_MAX_STAGES];
    double stage_thr[X_MAX_STAGES];
    int n_weak;
    xweak_t weak[X_MAX_WEAK];
    int n_feat;
    xfeat_t feat[X_MAX_FEAT];
    int bad;
} g_x;

static int parse_numbers(const char *s, const char *end, double *out, int cap)
{
    int n = 0;
    while (s < end) {
        char *next;
        double v;
        while (s < end && (*s == ' ' || *s == '\n' || *s == '\r' || *s == '\t')) {
            s++;
        }
        if (s >= end) {
            break;
        }
        v = strtod(s, &next);
        if (next == s) {
            return -1;
        }
        if (n < cap) {
            out[n] = v;
        }
        n++;
        s = next;
    }
    return n;
}

static int name_is(const char *name, size_t len, const char *lit)
{
    return strlen(lit) == len && memcmp(name, lit, len) == 0;
}

/* Element text of a leaf, with the element path (names) as context. */
static void on_leaf(const char *path[], const size_t plen[], int depth, const char *text, const char *text_end,
                    int new_format)
{
    const char *name = path[depth - 1];
    size_t nl = plen[depth - 1];
    double v[8];
    int n;
    if (!new_format) {
        if (name_is(name, nl, "size")) {
            if (parse_numbers(text, text_end, v, 8) == 2) {
                g_x.win_w = (int)v[0];
                g_x.win_h = (int)v[1];
            }
        } else if (name_is(name, nl, "stage_threshold")) {
            if (g_x.n_stages > 0 && parse_numbers(text, text_end, v, 8) == 1) {
                g_x.stage_thr[g_x.n_stages - 1] = v[0];
            }
        } else if (name_is(name, nl, "threshold") || name_is(name, nl, "left_val") ||
                   name_is(name, nl, "right_val")) {
            if (g_x.n_weak > 0 && parse_numbers(text, text_end, v, 8) == 1) {
                xweak_t *w = &g_x.weak[g_x.n_weak - 1];
                if (name[0] == 't') {
                    w->thr = v[0];
                } else if (name[0] == 'l') {
                    w->left = v[0];
                } else {
                    w->right = v[0];
                }
            }
        } else if (name_is(name, nl, "_") && depth >= 2 && name_is(path[depth - 2], plen[depth - 2], "rects")) {
            xfeat_t *f;
            if (g_x.n_feat < 1) {
                g_x.bad = 1;
                return;
            }
            f = &g_x.feat[g_x.n_feat - 1];
            if (f->n >= 3 || parse_numbers(text, text_end, f->r[f->n].v, 5) != 5) {
                g_x.bad = 1;
                return;
            }
            f->n++;
        } else if (name_is(name, nl, "tilted")) {
            if (parse_numbers(text, text_end, v, 8) == 1 && v[0] != 0.0) {
                g_x.bad = 1;
            }
        } else if (name_is(name, nl, "left_node") || name_is(name, nl, "right_node")) {
            g_x.bad = 1; /* trees deeper than a stump */
        }
        return;
    }
    if (name_is(name, nl, "width") || name_is(name, nl, "height")) {
        if (parse_numbers(text, text_end, v, 8) == 1) {
            if (name[0] == 'w') {
                g_x.win_w = (int)v[0];
            } else {
                g_x.win_h = (int)v[0];
            }
        }
    } else if (name_is(name, nl, "stageThreshold")) {
        if (g_x.n_stages > 0 && parse_numbers(text, text_end, v, 8) == 1) {
            g_x.stage_thr[g_x.n_stages - 1] = v[0];
        }
    } else if (name_is(name, nl, "internalNodes")) {
        n = parse_numbers(text, text_end, v, 8);
        if (n != 4 || g_x.n_weak >= X_MAX_WEAK || g_x.n_stages < 1) {
            g_x.bad = 1;
            return;
        }
        g_x.weak[g_x.n_weak].feat = (int)v[2];
        g_x.weak[g_x.n_weak].thr = v[3];
        g_x.n_weak++;
        g_x.stage_n[g_x.n_stages - 1]++;
    } else if (name_is(name, nl, "leafValues")) {
        if (parse_numbers(text, text_end, v, 8) != 2 || g_x.n_weak < 1) {
            g_x.bad = 1;
            return;
        }
        g_x.weak[g_x.n_weak - 1].left = v[0];
        g_x.weak[g_x.n_weak - 1].right = v[1];
    } else if (name_is(name, nl, "_") && depth >= 2 && name_is(path[depth - 2], plen[depth - 2], "rects")) {
        xfeat_t *f;
        if (g_x.n_feat < 1) {
            g_x.bad = 1;
            return;
        }
        f = &g_x.feat[g_x.n_feat - 1];
        if (f->n >= 3 || parse_numbers(text, text_end, f->r[f->n].v, 5) != 5) {
            g_x.bad = 1;
            return;
        }
        f->n++;
    } else if (name_is(name, nl, "tilted")) {
        if (parse_numbers(text, text_end, v, 8) == 1 && v[0] != 0.0) {
            g_x.bad = 1;
        }
    }
}

/* Element start (non-leaf events that open a record). */
static void on_open(const char *path[], const size_t plen[], int depth, int new_format)
{
    const char *name = path[depth - 1];
    size_t nl = plen[depth - 1];
    if (!name_is(name, nl, "_") && !name_is(name, nl, "feature")) {
        return;
    }
    if (!new_format) {
        /* stages/_ opens a stage; trees/_/_ opens a node; feature opens a feature */
        if (depth >= 2 && name_is(path[depth - 2], plen[depth - 2], "stages") && name_is(name, nl, "_")) {
            if (g_x.n_stages >= X_MAX_STAGES) {
                g_x.bad = 1;
                return;
            }
            g_x.stage_n[g_x.n_stages] = 0;
            g_x.n_stages++;
        } else if (depth >= 3 && name_is(path[depth - 3], plen[depth - 3], "trees") && name_is(name, nl, "_")) {
            if (g_x.n_weak >= X_MAX_WEAK || g_x.n_stages < 1) {
                g_x.bad = 1;
                return;
            }
            g_x.weak[g_x.n_weak].feat = g_x.n_feat;
            g_x.n_weak++;
            g_x.stage_n[g_x.n_stages - 1]++;
        } else if (name_is(name, nl, "feature")) {
            if (g_x.n_feat >= X_MAX_FEAT) {
                g_x.bad = 1;
                return;
            }
            g_x.feat[g_x.n_feat].n = 0;
            g_x.n_feat++;
        }
        return;
    }
    if (depth >= 2 && name_is(path[depth - 2], plen[depth - 2], "stages") && name_is(name, nl, "_")) {
        if (g_x.n_stages >= X_MAX_STAGES) {
            g_x.bad = 1;
            return;
        }
        g_x.stage_n[g_x.n_stages] = 0;
        g_x.n_stages++;
    } else if (depth >= 2 && name_is(path[depth - 2], plen[depth - 2], "features") && name_is(name, nl, "_")) {
        if (g_x.n_feat >= X_MAX_FEAT) {
            g_x.bad = 1;
            return;
        }
        g_x.feat[g_x.n_feat].n = 0;
        g_x.n_feat++;
    }
}

static void put_u16(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

static void put_u32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

static void put_f32(uint8_t *p, double v)
{
    float f = (float)v;
    uint32_t u;
    memcpy(&u, &f, 4);
    put_u32(p, u);
}

/* Python's int(x * scale): truncation toward zero of the double product. */
static uint32_t q(double v, double scale)
{
    return (uint32_t)(int32_t)(int16_t)(long)(v * scale) & 0xFFFFu;
}

int hts_xml_to_fleet(const char *xml, uint32_t max_stages, uint8_t *out, size_t cap, size_t *out_len)
{
    const char *path[X_MAX_DEPTH];
    size_t plen[X_MAX_DEPTH];
    int depth = 0, new_format, s, k, w;
    const char *p = xml;
    const char *text_start = NULL;
    uint32_t n_stages, n_weak = 0, n_rect = 0;
    size_t pos;
    memset(&g_x, 0, sizeof g_x);
    new_format = strstr(xml, "<stageNum>") != NULL;
    while ((p = strchr(p, '<')) != NULL) {
        const char *name, *e;
        if (strncmp(p, "<!--", 4) == 0) {
            e = strstr(p, "-->");
            if (e == NULL) {
                return -1;
            }
            p = e + 3;
            continue;
        }
        if (p[1] == '?' || p[1] == '!') {
            p = strchr(p, '>');
            if (p == NULL) {
                return -1;
            }
            p++;
            continue;
        }
        e = strchr(p, '>');
        if (e == NULL) {
            return -1;
        }
        if (p[1] == '/') {
            if (depth < 1) {
                return -1;
            }
            if (text_start != NULL) {
                on_leaf(path, plen, depth, text_start, p, new_format);
                text_start = NULL;
            }
            depth--;
        } else {
            size_t n = 0;
            name = p + 1;
            while (name[n] != '>' && name[n] != ' ' && name[n] != '/' && name[n] != '\n') {
                n++;
            }
            if (depth >= X_MAX_DEPTH) {
                return -1;
            }
            path[depth] = name;
            plen[depth] = n;
            depth++;
            on_open(path, plen, depth, new_format);
            if (e[-1] == '/') {
                depth--;
                text_start = NULL;
            } else {
                text_start = e + 1;
            }
        }
        p = e + 1;
    }
    if (g_x.bad || g_x.n_stages < 1 || g_x.win_w < 1 || g_x.win_h < 1) {
        return -1;
    }
    n_stages = max_stages > 0 && max_stages < (uint32_t)g_x.n_stages ? max_stages : (uint32_t)g_x.n_stages;
    for (s = 0; s < (int)n_stages; s++) {
        for (k = 0; k < g_x.stage_n[s]; k++) {
            const xweak_t *wk = &g_x.weak[n_weak];
            if (wk->feat < 0 || wk->feat >= g_x.n_feat) {
                return -1;
            }
            n_rect += (uint32_t)g_x.feat[wk->feat].n;
            n_weak++;
        }
    }
    *out_len = 32u + 8u * n_stages + 20u * n_weak + 12u * n_rect;
    if (*out_len > cap) {
        return -1;
    }
    memset(out, 0, *out_len);
    memcpy(out, "FLHC", 4);
    put_u16(out + 4, 1);
    put_u16(out + 6, 32);
    put_u16(out + 8, (uint32_t)g_x.win_w);
    put_u16(out + 10, (uint32_t)g_x.win_h);
    put_u32(out + 12, n_stages);
    put_u32(out + 16, n_weak);
    put_u32(out + 20, n_rect);
    put_u32(out + 24, (uint32_t)*out_len);
    pos = 32;
    for (s = 0; s < (int)n_stages; s++) {
        put_u16(out + pos, (uint32_t)g_x.stage_n[s]);
        put_u16(out + pos + 2, q(g_x.stage_thr[s], 256.0));
        put_f32(out + pos + 4, g_x.stage_thr[s]);
        pos += 8;
    }
    for (w = 0; w < (int)n_weak; w++) {
        const xweak_t *wk = &g_x.weak[w];
        put_f32(out + pos, wk->thr);
        put_f32(out + pos + 4, wk->left);
        put_f32(out + pos + 8, wk->right);
        put_u16(out + pos + 12, q(wk->thr, 4096.0));
        put_u16(out + pos + 14, q(wk->left, 256.0));
        put_u16(out + pos + 16, q(wk->right, 256.0));
        out[pos + 18] = (uint8_t)g_x.feat[wk->feat].n;
        pos += 20;
    }
    for (w = 0; w < (int)n_weak; w++) {
        const xfeat_t *f = &g_x.feat[g_x.weak[w].feat];
        for (k = 0; k < f->n; k++) {
            out[pos] = (uint8_t)f->r[k].v[0];
            out[pos + 1] = (uint8_t)f->r[k].v[1];
            out[pos + 2] = (uint8_t)f->r[k].v[2];
            out[pos + 3] = (uint8_t)f->r[k].v[3];
            out[pos + 4] = (uint8_t)(int8_t)(int)f->r[k].v[4];
            put_f32(out + pos + 8, f->r[k].v[4]);
            pos += 12;
        }
    }
    return 0;
}

/* ---- JSON ---- */

/* Start and end of the object of image `file` (from its "file" key to the next one). */
static const char *image_segment(const char *json, const char *file, const char **end)
{
    char key[512];
    const char *s, *e;
    snprintf(key, sizeof key, "\"file\": \"%s\"", file);
    s = strstr(json, key);
    if (s == NULL) {
        return NULL;
    }
    e = strstr(s + 1, "\"file\": \"");
    *end = e != NULL ? e : s + strlen(s);
    return s;
}

static const char *find_in(const char *s, const char *end, const char *needle)
{
    const char *f = strstr(s, needle);
    return f != NULL && f < end ? f : NULL;
}

/* Parses [[a,b,c,d],...] starting at the first '[' at or after p; returns the count. */
static int parse_box_list(const char *p, double (*boxes)[4], int cap)
{
    int n = 0, depth = 0;
    p = strchr(p, '[');
    if (p == NULL) {
        return -1;
    }
    for (; *p != '\0'; p++) {
        if (*p == '[') {
            depth++;
            if (depth == 2) {
                char *next;
                int k;
                const char *q2 = p + 1;
                for (k = 0; k < 4; k++) {
                    double v = strtod(q2, &next);
                    if (n < cap) {
                        boxes[n][k] = v;
                    }
                    q2 = next;
                    while (*q2 == ',' || *q2 == ' ' || *q2 == '\n' || *q2 == '\r') {
                        q2++;
                    }
                }
                n++;
            }
        } else if (*p == ']') {
            depth--;
            if (depth == 0) {
                return n;
            }
        }
    }
    return -1;
}

int hts_ref_boxes(const char *json, const char *file, const char *cascade, const char *param, int32_t (*boxes)[4],
                  int cap)
{
    static double tmp[4096][4];
    char key[256];
    const char *end, *seg, *c, *pp;
    int n, i, k;
    seg = image_segment(json, file, &end);
    if (seg == NULL) {
        return -1;
    }
    snprintf(key, sizeof key, "\"%s\": {", cascade);
    c = find_in(seg, end, key);
    if (c == NULL) {
        return -1;
    }
    snprintf(key, sizeof key, "\"%s\": [", param);
    pp = find_in(c, end, key);
    if (pp == NULL) {
        return -1;
    }
    n = parse_box_list(pp + strlen(key) - 1, tmp, 4096);
    for (i = 0; i < n && i < cap; i++) {
        for (k = 0; k < 4; k++) {
            boxes[i][k] = (int32_t)tmp[i][k];
        }
    }
    return n;
}

int hts_gt_boxes(const char *json, const char *file, double (*boxes)[4], int cap)
{
    const char *end, *seg, *g;
    seg = image_segment(json, file, &end);
    if (seg == NULL) {
        return -1;
    }
    g = find_in(seg, end, "\"gt_boxes_xywh\": [");
    if (g == NULL) {
        return -1;
    }
    return parse_box_list(g + strlen("\"gt_boxes_xywh\": "), boxes, cap);
}

int hts_json_file_at(const char *json, int n, const char *cat, char *buf, size_t cap)
{
    const char *p = json;
    int seen = 0;
    while ((p = strstr(p, "\"file\": \"")) != NULL) {
        const char *name = p + 9;
        const char *q2 = strchr(name, '"');
        const char *next = strstr(name, "\"file\": \"");
        const char *end = next != NULL ? next : name + strlen(name);
        int match = 1;
        if (q2 == NULL) {
            return -1;
        }
        if (cat != NULL) {
            char key[128];
            snprintf(key, sizeof key, "\"category\": \"%s\"", cat);
            match = find_in(name, end, key) != NULL;
        }
        if (match) {
            if (seen == n) {
                size_t len = (size_t)(q2 - name);
                if (len + 1 > cap) {
                    return -1;
                }
                memcpy(buf, name, len);
                buf[len] = '\0';
                return 0;
            }
            seen++;
        }
        p = q2;
    }
    return -1;
}

double hts_iou(double ax, double ay, double aw, double ah, double bx, double by, double bw, double bh)
{
    double x0 = ax > bx ? ax : bx, y0 = ay > by ? ay : by;
    double x1 = ax + aw < bx + bw ? ax + aw : bx + bw, y1 = ay + ah < by + bh ? ay + ah : by + bh;
    double inter = (x1 > x0 && y1 > y0) ? (x1 - x0) * (y1 - y0) : 0.0;
    double uni = aw * ah + bw * bh - inter;
    return uni > 0.0 ? inter / uni : 0.0;
}
