/* SPDX-License-Identifier: MIT */
/* Turning raw windows into objects: OpenMV's rectangle_merge() (camera mode) and OpenCV's
 * groupRectangles() with its partition() (OpenCV mode). */
#include <stdint.h>

#include "fl_haar_internal.h"

/* ---- OpenMV ---- */

/* rectangle_t holds int16 fields: sums of many boxes wrap there, so wrap here too. */
static int32_t wrap16(int32_t v)
{
    return (int32_t)(((uint32_t)v + 32768u) & 0xFFFFu) - 32768;
}

static int intersects(const fl_haar_rect_t *a, const fl_haar_rect_t *b)
{
    return a->x < b->x + b->w && a->y < b->y + b->h && a->x + a->w > b->x && a->y + a->h > b->y;
}

uint32_t fl_haar_merge_openmv(fl_haar_rect_t *r, uint32_t n)
{
    uint32_t lo = 0, hi = n, out = 0;
    while (lo < hi) {
        /* Take the first box; every remaining box that intersects *it* (not the growing group) joins it. */
        fl_haar_rect_t first = r[lo++];
        fl_haar_rect_t acc = first;
        uint32_t i, keep = lo;
        int32_t count = 1;
        for (i = lo; i < hi; i++) {
            if (intersects(&first, &r[i])) {
                acc.x = wrap16(acc.x + r[i].x);
                acc.y = wrap16(acc.y + r[i].y);
                acc.w = wrap16(acc.w + r[i].w);
                acc.h = wrap16(acc.h + r[i].h);
                count++;
            } else {
                r[keep++] = r[i];
            }
        }
        hi = keep;
        /* C division truncates toward zero, as the firmware's rectangle_div() */
        acc.x /= count;
        acc.y /= count;
        acc.w /= count;
        acc.h /= count;
        r[out++] = acc; /* out <= lo - 1 here: never overwrites a box still to be merged */
    }
    return out;
}

/* ---- OpenCV ---- */

static int32_t iabs(int32_t v)
{
    return v < 0 ? -v : v;
}

static int32_t imin(int32_t a, int32_t b)
{
    return a < b ? a : b;
}

/* SimilarRects(eps = 0.2) */
static int similar(const fl_haar_rect_t *a, const fl_haar_rect_t *b)
{
    double delta = 0.2 * (double)(imin(a->w, b->w) + imin(a->h, b->h)) * 0.5;
    return (double)iabs(a->x - b->x) <= delta && (double)iabs(a->y - b->y) <= delta &&
           (double)iabs(a->x + a->w - b->x - b->w) <= delta && (double)iabs(a->y + a->h - b->y - b->h) <= delta;
}

size_t fl_haar_group_bytes(uint32_t n)
{
    /* parent, rank, label, x, y, w, h sums, count: 8 int32 per box */
    return (size_t)n * 8u * sizeof(int32_t);
}

static int32_t find_root(const int32_t *parent, int32_t i)
{
    while (parent[i] >= 0) {
        i = parent[i];
    }
    return i;
}

/* cv::partition(): union-find with union by rank and path compression; classes numbered in order of first
 * appearance, so the output order matches OpenCV's. Returns the class count. */
static int32_t partition(const fl_haar_rect_t *r, int32_t n, int32_t *parent, int32_t *rank, int32_t *label)
{
    int32_t i, j, nclasses = 0;
    for (i = 0; i < n; i++) {
        parent[i] = -1;
        rank[i] = 0;
    }
    for (i = 0; i < n; i++) {
        int32_t root = find_root(parent, i);
        for (j = 0; j < n; j++) {
            int32_t root2, k, p;
            if (i == j || !similar(&r[i], &r[j])) {
                continue;
            }
            root2 = find_root(parent, j);
            if (root2 == root) {
                continue;
            }
            if (rank[root] > rank[root2]) {
                parent[root2] = root;
            } else {
                parent[root] = root2;
                rank[root2] += rank[root] == rank[root2];
                root = root2;
            }
            k = j;
            while ((p = parent[k]) >= 0) {
                parent[k] = root;
                k = p;
            }
            k = i;
            while ((p = parent[k]) >= 0) {
                parent[k] = root;
                k = p;
            }
        }
    }
    for (i = 0; i < n; i++) {
        int32_t root = find_root(parent, i);
        if (rank[root] >= 0) {
            rank[root] = ~nclasses++;
        }
        label[i] = ~rank[root];
    }
    return nclasses;
}

uint32_t fl_haar_group_opencv(fl_haar_rect_t *r, uint32_t n, int32_t group_threshold, void *scratch)
{
    int32_t *parent = (int32_t *)scratch;
    int32_t *rank = parent + n;
    int32_t *label = rank + n;
    int32_t *sx = label + n;
    int32_t *sy = sx + n;
    int32_t *sw = sy + n;
    int32_t *sh = sw + n;
    int32_t *cnt = sh + n;
    int32_t nclasses, i, j;
    uint32_t out = 0;
    if (group_threshold <= 0 || n == 0u) {
        return n;
    }
    nclasses = partition(r, (int32_t)n, parent, rank, label);
    for (i = 0; i < nclasses; i++) {
        sx[i] = sy[i] = sw[i] = sh[i] = cnt[i] = 0;
    }
    for (i = 0; i < (int32_t)n; i++) {
        int32_t c = label[i];
        sx[c] += r[i].x;
        sy[c] += r[i].y;
        sw[c] += r[i].w;
        sh[c] += r[i].h;
        cnt[c]++;
    }
    /* Class averages: float32 reciprocal, then cvRound (half to even), as OpenCV computes them. */
    for (i = 0; i < nclasses; i++) {
        float s = 1.0f / (float)cnt[i];
        sx[i] = fl_haar_round_f((float)sx[i] * s);
        sy[i] = fl_haar_round_f((float)sy[i] * s);
        sw[i] = fl_haar_round_f((float)sw[i] * s);
        sh[i] = fl_haar_round_f((float)sh[i] * s);
    }
    for (i = 0; i < nclasses; i++) {
        int32_t n1 = cnt[i];
        if (n1 <= group_threshold) {
            continue;
        }
        /* Drop a small box inside a bigger, better supported one. */
        for (j = 0; j < nclasses; j++) {
            int32_t n2 = cnt[j];
            int32_t dx, dy;
            if (j == i || n2 <= group_threshold) {
                continue;
            }
            dx = fl_haar_round_d((double)sw[j] * 0.2);
            dy = fl_haar_round_d((double)sh[j] * 0.2);
            if (sx[i] >= sx[j] - dx && sy[i] >= sy[j] - dy && sx[i] + sw[i] <= sx[j] + sw[j] + dx &&
                sy[i] + sh[i] <= sy[j] + sh[j] + dy && (n2 > (n1 > 3 ? n1 : 3) || n1 < 3)) {
                break;
            }
        }
        if (j == nclasses) {
            /* out <= i < n: class i's average is already computed, so r[] can be reused for the output */
            r[out].x = sx[i];
            r[out].y = sy[i];
            r[out].w = sw[i];
            r[out].h = sh[i];
            out++;
        }
    }
    return out;
}
