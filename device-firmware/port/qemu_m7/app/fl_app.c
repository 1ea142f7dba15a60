/* SPDX-License-Identifier: MIT */
#include "fl_app.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fl/fl_pipeline.h"
#include "fl/fl_thermal.h"
#include "fl_app_frames.h"
#include "fl_app_loop.h"

/* Static memory, sized for QVGA photos and the seed's models (the M7 image has 4 MiB of RAM). */
#define APP_FILE_BYTES (256u * 1024u)
#define APP_MODEL_BYTES (128u * 1024u)
#define APP_WORK_BYTES (1536u * 1024u)
#define APP_THERMAL_MAX_PIXELS (FL_THERMAL_MAX_WIDTH * FL_THERMAL_MAX_HEIGHT)

static uint8_t g_cascade_file[64u * 1024u];
static uint8_t g_network_file[64u * 1024u];
static uint8_t g_file[APP_FILE_BYTES];
static uint8_t g_model_mem[APP_MODEL_BYTES];
static uint8_t g_work_mem[APP_WORK_BYTES];
static int16_t g_thermal_frame[APP_THERMAL_MAX_PIXELS];

typedef struct {
    fl_arena_t models; /* persistent: the loaded cascade and network */
    fl_cascade_t cascade;
    fl_network_t network;
    int have_cascade;
    int have_network;
} app_t;

static uint32_t float_bits(float f)
{
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    return u;
}

static int load_cascade(app_t *app, const char *path)
{
    fl_cascade_error_t err = {NULL, 0u};
    long n = fl_app_read_file(path, g_cascade_file, sizeof g_cascade_file);
    fl_status_t st;
    if (n < 0) {
        printf("error: cannot read cascade %s\n", path);
        return -1;
    }
    st = fl_cascade_load(&app->cascade, g_cascade_file, (size_t)n, &app->models, &err);
    if (st != FL_OK) {
        printf("error: cascade %s: %s (%d) at byte %lu\n", path, err.msg != NULL ? err.msg : "?", (int)st,
               (unsigned long)err.offset);
        return -1;
    }
    app->have_cascade = 1;
    printf("cascade %s bytes=%ld stages=%lu window=%ux%u\n", fl_app_basename(path), n,
           (unsigned long)app->cascade.n_stages, (unsigned)app->cascade.window_w, (unsigned)app->cascade.window_h);
    return 0;
}

static int load_network(app_t *app, const char *path)
{
    fl_network_error_t err;
    long n = fl_app_read_file(path, g_network_file, sizeof g_network_file);
    fl_status_t st;
    memset(&err, 0, sizeof err);
    if (n < 0) {
        printf("error: cannot read network %s\n", path);
        return -1;
    }
    st = fl_network_load(&app->network, g_network_file, (size_t)n, &app->models, &err);
    if (st != FL_OK) {
        printf("error: network %s: %s (%d)\n", path, err.msg != NULL ? err.msg : "?", (int)st);
        return -1;
    }
    app->have_network = 1;
    printf("network %s bytes=%ld layers=%lu input=%ldx%ldx%ld outputs=%lu\n", fl_app_basename(path), n,
           (unsigned long)app->network.info.n_layers, (long)app->network.info.in_w, (long)app->network.info.in_h,
           (long)app->network.info.in_c, (unsigned long)app->network.info.n_outputs);
    return 0;
}

static int run_face(app_t *app, const char *haar_mode, const char *net_mode, const char *path)
{
    fl_pipeline_config_t cfg;
    fl_pipeline_result_t r;
    fl_haar_gray_t gray;
    fl_image_t frame;
    fl_arena_t work;
    size_t need = 0u;
    uint32_t i;
    fl_status_t st;
    long n;
    fl_haar_mode_t hmode;
    if (!app->have_cascade || !app->have_network) {
        printf("error: face %s before network and cascade\n", path);
        return -1;
    }
    if (strcmp(haar_mode, "camera") == 0) {
        hmode = FL_HAAR_MODE_CAMERA;
    } else if (strcmp(haar_mode, "opencv") == 0) {
        hmode = FL_HAAR_MODE_OPENCV;
    } else {
        printf("error: unknown Haar mode '%s'\n", haar_mode);
        return -1;
    }
    fl_pipeline_config_default(&cfg, hmode);
    cfg.cascade = &app->cascade;
    cfg.network = &app->network;
    if (strcmp(net_mode, "camera") == 0) {
        cfg.network_mode = FL_NETWORK_MODE_CAMERA;
    } else if (strcmp(net_mode, "corrected") == 0) {
        cfg.network_mode = FL_NETWORK_MODE_CORRECTED;
    } else {
        printf("error: unknown network mode '%s'\n", net_mode);
        return -1;
    }
    n = fl_app_read_file(path, g_file, sizeof g_file);
    if (n < 0 || fl_app_parse_pgm(g_file, (size_t)n, &gray) != 0) {
        printf("error: cannot read PGM %s\n", path);
        return -1;
    }
    frame.pixels = gray.pixels;
    frame.w = gray.w;
    frame.h = gray.h;
    frame.stride = gray.stride;
    frame.fmt = FL_PIXFMT_GRAYSCALE;
    st = fl_pipeline_scratch_bytes(&cfg, frame.w, frame.h, frame.fmt, &need);
    if (st != FL_OK || need > sizeof g_work_mem) {
        printf("error: %s: pipeline needs %lu bytes of scratch (have %lu, status %d)\n", path,
               (unsigned long)need, (unsigned long)sizeof g_work_mem, (int)st);
        return -1;
    }
    if (fl_arena_init(&work, g_work_mem, sizeof g_work_mem) != FL_OK) {
        return -1;
    }
    st = fl_pipeline_run(&cfg, &frame, &work, &r);
    if (st != FL_OK) {
        printf("error: %s: fl_pipeline_run returned %d\n", path, (int)st);
        return -1;
    }
    printf("face %s %ldx%ld haar=%s net=%s scales=%lu windows=%lu raw=%lu detected=%lu faces=%lu\n",
           fl_app_basename(path), (long)frame.w, (long)frame.h, haar_mode, net_mode, (unsigned long)r.haar.n_scales,
           (unsigned long)r.haar.n_windows, (unsigned long)r.haar.n_raw, (unsigned long)r.n_detected,
           (unsigned long)r.n_faces);
    for (i = 0; i < r.n_faces; i++) {
        const fl_pipeline_face_t *f = &r.faces[i];
        printf("  [%lu] box=%ld,%ld,%ld,%ld roi=%ld,%ld,%ld,%ld score=0x%08lx(%.4f) smile=%ld\n", (unsigned long)i,
               (long)f->face.x, (long)f->face.y, (long)f->face.w, (long)f->face.h, (long)f->roi.x, (long)f->roi.y,
               (long)f->roi.w, (long)f->roi.h, (unsigned long)float_bits(f->score), (double)f->score,
               (long)f->smile);
    }
    return 0;
}

static void print_thermal(const char *name, uint32_t index, const fl_thermal_result_t *r)
{
    int32_t i;
    printf("thermal %s %lu n=%ld p=%ld fg=%ld rej=%ld in=%ld out=%ld", name, (unsigned long)index, (long)r->count,
           (long)r->present, (long)r->fg_pixels, (long)r->rejected_blobs, (long)r->entries, (long)r->exits);
    for (i = 0; i < r->n_blobs; i++) {
        const fl_thermal_blob_t *b = &r->blobs[i];
        printf(" [%ld,%ld,%ld,%ld px=%ld pk=%ld c=%ld ct=%ld,%ld id=%ld]", (long)b->x, (long)b->y, (long)b->w,
               (long)b->h, (long)b->pixels, (long)b->peak_cc, (long)b->contrast_cc, (long)b->cx_q8, (long)b->cy_q8,
               (long)b->track_id);
    }
    printf("\n");
}

/* A detector for w x h with the state in a fresh work arena. */
static int thermal_init(fl_thermal_t *t, fl_arena_t *work, int32_t w, int32_t h)
{
    fl_thermal_config_t cfg;
    fl_status_t st;
    fl_thermal_config_default(&cfg, w, h);
    if (fl_arena_init(work, g_work_mem, sizeof g_work_mem) != FL_OK) {
        return -1;
    }
    st = fl_thermal_init(t, &cfg, w, h, work);
    if (st != FL_OK) {
        printf("error: fl_thermal_init(%ldx%ld) returned %d\n", (long)w, (long)h, (int)st);
        return -1;
    }
    return 0;
}

static int thermal_step(fl_thermal_t *t, fl_arena_t *work, const char *name, uint32_t index, int32_t ambient_cc)
{
    fl_thermal_result_t r;
    fl_status_t st = fl_thermal_process(t, g_thermal_frame, ambient_cc, work, &r);
    fl_arena_scratch_reset(work);
    if (st != FL_OK) {
        printf("error: %s frame %lu: fl_thermal_process returned %d\n", name, (unsigned long)index, (int)st);
        return -1;
    }
    print_thermal(name, index, &r);
    return 0;
}

static int run_thermal_d6t(const char *path, unsigned long max_frames)
{
    static fl_thermal_t t;
    fl_arena_t work;
    char line[512];
    uint32_t index = 0u;
    unsigned long skipped = 0u;
    int32_t ambient = 0;
    const char *name = fl_app_basename(path);
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        printf("error: cannot read %s\n", path);
        return -1;
    }
    if (thermal_init(&t, &work, 4, 4) != 0) {
        fclose(f);
        return -1;
    }
    while (index < max_frames && fgets(line, sizeof line, f) != NULL) {
        if (!fl_app_parse_d6t_row(line, g_thermal_frame, &ambient)) {
            skipped++;
            continue;
        }
        if (thermal_step(&t, &work, name, index, ambient) != 0) {
            fclose(f);
            return -1;
        }
        index++;
    }
    fclose(f);
    printf("thermal %s frames=%lu other_lines=%lu\n", name, (unsigned long)index, skipped);
    return 0;
}

static int run_thermal_synth(long w, long h, unsigned long frames, unsigned long seed)
{
    static fl_thermal_t t;
    fl_arena_t work;
    char name[32];
    uint32_t i;
    if (w < FL_THERMAL_MIN_WIDTH || h < FL_THERMAL_MIN_HEIGHT || w > FL_THERMAL_MAX_WIDTH ||
        h > FL_THERMAL_MAX_HEIGHT || frames == 0u || frames > 100000u) {
        printf("error: thermal_synth %ldx%ld x%lu out of range\n", w, h, frames);
        return -1;
    }
    (void)snprintf(name, sizeof name, "synth%ldx%ld", w, h);
    if (thermal_init(&t, &work, (int32_t)w, (int32_t)h) != 0) {
        return -1;
    }
    for (i = 0; i < (uint32_t)frames; i++) {
        fl_app_synth_thermal((int32_t)w, (int32_t)h, (uint32_t)seed, i, (uint32_t)frames, g_thermal_frame);
        if (thermal_step(&t, &work, name, i, FL_THERMAL_NO_AMBIENT) != 0) {
            return -1;
        }
    }
    return 0;
}

/* Splits line in place at spaces into at most cap fields; returns the count. */
static int split(char *line, char **fields, int cap)
{
    int n = 0;
    char *p = line;
    while (*p != '\0' && n < cap) {
        while (*p == ' ' || *p == '\t') {
            *p++ = '\0';
        }
        if (*p == '\0') {
            break;
        }
        fields[n++] = p;
        while (*p != '\0' && *p != ' ' && *p != '\t') {
            p++;
        }
    }
    return n;
}

static int run_line(app_t *app, char *line, unsigned long lineno)
{
    char *fv[12];
    int n;
    line[strcspn(line, "#\r\n")] = '\0';
    n = split(line, fv, 12);
    if (n == 0) {
        return 0;
    }
    if (strcmp(fv[0], "network") == 0 && n == 2) {
        return load_network(app, fv[1]);
    }
    if (strcmp(fv[0], "cascade") == 0 && n == 2) {
        return load_cascade(app, fv[1]);
    }
    if (strcmp(fv[0], "face") == 0 && n == 4) {
        return run_face(app, fv[1], fv[2], fv[3]);
    }
    if (strcmp(fv[0], "thermal_d6t") == 0 && n == 3) {
        return run_thermal_d6t(fv[1], strtoul(fv[2], NULL, 10));
    }
    if (strcmp(fv[0], "thermal_synth") == 0 && n == 5) {
        return run_thermal_synth(strtol(fv[1], NULL, 10), strtol(fv[2], NULL, 10), strtoul(fv[3], NULL, 10),
                                 strtoul(fv[4], NULL, 10));
    }
    if (strcmp(fv[0], "loop") == 0) {
        return fl_app_loop(fv, n, app->have_cascade ? &app->cascade : NULL, app->have_network ? &app->network : NULL);
    }
    printf("error: manifest line %lu: unknown directive or wrong field count: %s\n", lineno, fv[0]);
    return -1;
}

int fl_app_run(const char *manifest_path)
{
    static app_t app;
    static char line[1024];
    unsigned long lineno = 0u;
    FILE *f;
    if (manifest_path == NULL || manifest_path[0] == '\0') {
        printf("error: no manifest given\n");
        return 1;
    }
    f = fopen(manifest_path, "rb");
    if (f == NULL) {
        printf("error: cannot open manifest %s\n", manifest_path);
        return 1;
    }
    memset(&app, 0, sizeof app);
    if (fl_arena_init(&app.models, g_model_mem, sizeof g_model_mem) != FL_OK) {
        fclose(f);
        return 1;
    }
    while (fgets(line, sizeof line, f) != NULL) {
        lineno++;
        if (strchr(line, '\n') == NULL && !feof(f)) {
            printf("error: manifest line %lu too long\n", lineno);
            fclose(f);
            return 1;
        }
        if (run_line(&app, line, lineno) != 0) {
            fclose(f);
            return 1;
        }
    }
    fclose(f);
    printf("done\n");
    return 0;
}
