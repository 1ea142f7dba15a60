/* SPDX-License-Identifier: MIT */
/* Sensor power-up with warm-up, capture, detection, and turning the result into a queued event. */
#include <string.h>

#include "loop/fl_loop_internal.h"

static uint16_t score_pmy(float score)
{
    float s = score * 10000.0f + 0.5f;
    if (!(s > 0.0f)) {
        return 0;
    }
    return s >= 10000.0f ? (uint16_t)10000u : (uint16_t)s;
}

static uint16_t clamp_u16(int32_t v)
{
    return v < 0 ? (uint16_t)0u : v > 65535 ? (uint16_t)65535u : (uint16_t)v;
}

static void set_box(fl_box_t *b, int32_t x, int32_t y, int32_t w, int32_t h, uint16_t score, const char *label)
{
    b->x = clamp_u16(x);
    b->y = clamp_u16(y);
    b->w = clamp_u16(w);
    b->h = clamp_u16(h);
    b->score_pmy = score;
    fl_loop_copy_str(b->label, sizeof b->label, label);
}

/* The queue keeps at most FL_LOOP_QUEUE_MAX events; when the radio has been failing that long the oldest event
 * gives way (the uplink goes up whenever the queue is full, so this happens only with the link down). */
static fl_loop_event_t *queue_push(fl_loop_state_t *st)
{
    if (st->queue_len == FL_LOOP_QUEUE_MAX) {
        memmove(&st->queue[0], &st->queue[1], (FL_LOOP_QUEUE_MAX - 1u) * sizeof st->queue[0]);
        st->queue_len--;
    }
    memset(&st->queue[st->queue_len], 0, sizeof st->queue[0]);
    return &st->queue[st->queue_len++];
}

static fl_status_t detect_smile(fl_loop_t *loop, const fl_frame_t *frame, fl_loop_wake_result_t *out,
                                fl_loop_event_t *ev, uint32_t *classified)
{
    const fl_loop_config_t *cfg = &loop->cfg;
    fl_pipeline_result_t *r = &loop->det.smile;
    fl_image_t img;
    uint32_t i;

    if (frame->format == FL_FRAME_THERMAL) {
        return FL_ERR_MISMATCH;
    }
    img.pixels = frame->buf;
    img.w = frame->width;
    img.h = frame->height;
    img.stride = frame->width;
    img.fmt = frame->format == FL_FRAME_GRAY8 ? FL_PIXFMT_GRAYSCALE : FL_PIXFMT_RGB565;
    FL_TRY(fl_pipeline_run(cfg->pipeline, &img, cfg->arena, r));

    out->objects = r->n_detected;
    ev->detector = (cfg->pipeline->network != NULL || cfg->pipeline->model != NULL) ? FL_DETECTOR_SMILE
                                                                                      : FL_DETECTOR_FACE;
    for (i = 0; i < r->n_faces; i++) {
        const fl_pipeline_face_t *f = &r->faces[i];
        uint16_t score = f->smile >= 0 ? score_pmy(f->score) : (uint16_t)10000u;
        int smiling = f->smile == 1 && score >= cfg->score_threshold_pmy;
        if (f->smile >= 0) {
            (*classified)++;
        }
        out->smiles += smiling ? 1u : 0u;
        if (ev->box_count < FL_LOOP_EVENT_BOXES) {
            set_box(&ev->boxes[ev->box_count++], f->face.x, f->face.y, f->face.w, f->face.h, score,
                    f->smile < 0 ? "face" : smiling ? "smile" : "no-smile");
        }
    }
    return FL_OK;
}

static fl_status_t detect_thermal(fl_loop_t *loop, const fl_frame_t *frame, fl_loop_wake_result_t *out,
                                  fl_loop_event_t *ev)
{
    const fl_loop_config_t *cfg = &loop->cfg;
    fl_thermal_result_t *r = &loop->det.thermal;
    int32_t i;
    fl_status_t st;

    if (frame->format != FL_FRAME_THERMAL || frame->width != cfg->thermal->width ||
        frame->height != cfg->thermal->height) {
        return FL_ERR_MISMATCH;
    }
    st = fl_thermal_process(cfg->thermal, (const int16_t *)frame->buf, frame->ambient_cc, cfg->arena, r);
    fl_arena_scratch_reset(cfg->arena);
    FL_TRY(st);
    out->objects = (uint32_t)r->count;
    ev->detector = FL_DETECTOR_THERMAL_PERSON;
    for (i = 0; i < r->n_blobs && ev->box_count < FL_LOOP_EVENT_BOXES; i++) {
        const fl_thermal_blob_t *b = &r->blobs[i];
        set_box(&ev->boxes[ev->box_count++], b->x, b->y, b->w, b->h, 10000u, "person");
    }
    return FL_OK;
}

fl_status_t fl_loop_sense(fl_loop_t *loop, fl_loop_ledger_t *ledger, fl_loop_wake_result_t *out)
{
    const fl_hal_t *hal = loop->hal;
    const fl_loop_config_t *cfg = &loop->cfg;
    const int thermal = cfg->detect == FL_LOOP_DETECT_THERMAL;
    const fl_sensor_power_t *sensor = thermal ? &cfg->board->thermal : &cfg->board->camera;
    fl_frame_t frame;
    fl_loop_event_t ev;
    uint32_t classified = 0;
    uint64_t t0, t1;
    fl_status_t st;

    /* Warm-up: the sensor must settle (exposure, thermal stabilisation) before its frame means anything. */
    t0 = hal->now_us(hal->ctx);
    st = hal->sensor_power(hal->ctx, 1);
    if (st == FL_OK) {
        hal->delay_us(hal->ctx, sensor->warmup_us);
    }
    t1 = hal->now_us(hal->ctx);
    fl_loop_ledger_add(ledger, FL_LEDGER_WARMUP, t1 - t0, sensor->warmup_na);
    if (st != FL_OK) {
        (void)hal->sensor_power(hal->ctx, 0);
        return st;
    }

    memset(&frame, 0, sizeof frame);
    frame.buf = cfg->frame_buf;
    frame.cap = cfg->frame_cap;
    st = hal->capture(hal->ctx, &frame);
    t0 = hal->now_us(hal->ctx);
    fl_loop_ledger_add(ledger, FL_LEDGER_CAPTURE, t0 - t1, cfg->board->capture.current_na);
    (void)hal->sensor_power(hal->ctx, 0); /* off before detection: the frame is in RAM */
    if (st != FL_OK) {
        return st;
    }
    out->captured = 1;

    memset(&ev, 0, sizeof ev);
    st = thermal ? detect_thermal(loop, &frame, out, &ev) : detect_smile(loop, &frame, out, &ev, &classified);
    if (hal->elapse_us != NULL) {
        hal->elapse_us(hal->ctx, fl_board_detect_us(cfg->board, thermal, frame.width, frame.height, classified));
    }
    t1 = hal->now_us(hal->ctx);
    fl_loop_ledger_add(ledger, FL_LEDGER_DETECT, t1 - t0, cfg->board->detect_na);
    if (st != FL_OK) {
        return st;
    }

    if (out->objects > 0 || cfg->report_empty) {
        fl_loop_event_t *q = queue_push(&loop->st);
        *q = ev;
        q->device_time_ms = hal->rtc_ms(hal->ctx);
        q->inference_us = (uint32_t)(t1 - t0 > UINT32_MAX ? UINT32_MAX : t1 - t0);
        q->energy_uj = fl_loop_ledger_energy_uj(ledger, cfg->board->supply_mv);
        out->detections = 1;
    }
    return FL_OK;
}
