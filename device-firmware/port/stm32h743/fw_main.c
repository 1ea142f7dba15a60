/* SPDX-License-Identifier: MIT */
/* STM32H743 firmware entry: board bring-up, the model slots in flash bank 2 (fw_slots.c: mounted, the active
 * model verified; OTA downloads checked with SHA-256 + ECDSA P-256 before activation), the seed's models from
 * storage, then the sensing loop
 * (fl_loop_wake / fl_loop_sleep over this board's fl_hal_t) with the smile pipeline (Haar + smile CNN) or the
 * thermal detector. Until the board's bring-up points are done (board/board.h), storage, capture and the
 * radio answer FL_ERR_UNSUPPORTED: the loop records that in its wake result and carries on; nothing is faked.
 * Without the loop module in the core (FL_FW_HAVE_LOOP unset) a minimal wake cycle stands in for it.
 *
 * Memory: no malloc. The frame buffer, the model files and the working arena are in AXI SRAM (section
 * .axisram, where the camera DMA can write); everything else is .bss in DTCM. */
#include <stdint.h>
#include <string.h>

#include "board/board.h"
#include "fw_slots.h"
#include "fl/fl_hal.h"
#include "fl/fl_pipeline.h"
#include "fl/fl_proto.h"
#include "fl/fl_thermal.h"
#ifdef FL_FW_HAVE_LOOP
#include "fl/fl_loop.h"
#endif

#define FW_FRAME_BYTES (320u * 240u * 2u) /* QVGA RGB565, the largest frame the camera is configured for */
#define FW_FILE_BYTES (32u * 1024u)       /* smile.network 20 KB, frontalface.cascade 20 KB */
#define FW_MODEL_BYTES (64u * 1024u)      /* loaded cascade + network */
#define FW_WORK_BYTES (192u * 1024u)      /* QVGA RGB565 pipeline scratch 171 KiB; thermal 160x120 150 KiB */
#define FW_WAKE_INTERVAL_MS 60000u

__attribute__((section(".axisram"), aligned(32))) static uint8_t g_frame[FW_FRAME_BYTES];
__attribute__((section(".axisram"), aligned(8))) static uint8_t g_cascade_file[FW_FILE_BYTES];
__attribute__((section(".axisram"), aligned(8))) static uint8_t g_network_file[FW_FILE_BYTES];
__attribute__((section(".axisram"), aligned(8))) static uint8_t g_model_mem[FW_MODEL_BYTES];
__attribute__((section(".axisram"), aligned(8))) static uint8_t g_work_mem[FW_WORK_BYTES];

typedef struct {
    fl_hal_t hal;
    fl_arena_t models;
    fl_cascade_t cascade;
    fl_network_t network;
    int models_ok;
    fl_thermal_t thermal;
    fl_arena_t thermal_arena;
    int thermal_ok;
#ifndef FL_FW_HAVE_LOOP
    uint32_t seq;
    uint8_t payload[FL_PROTO_MAX_PAYLOAD];
#endif
} fw_t;

static fw_t g_fw;
static fw_slots_t g_slots;

static fl_status_t load_models(fw_t *fw)
{
    size_t n = 0u;
    fl_status_t st = fl_arena_init(&fw->models, g_model_mem, sizeof g_model_mem);
    if (st == FL_OK) {
        st = fl_board_storage_read("frontalface.cascade", g_cascade_file, sizeof g_cascade_file, &n);
    }
    if (st == FL_OK) {
        st = fl_cascade_load(&fw->cascade, g_cascade_file, n, &fw->models, NULL);
    }
    if (st == FL_OK) {
        st = fl_board_storage_read("smile.network", g_network_file, sizeof g_network_file, &n);
    }
    if (st == FL_OK) {
        st = fl_network_load(&fw->network, g_network_file, n, &fw->models, NULL);
    }
    return st;
}

#ifndef FL_FW_HAVE_LOOP
static uint16_t to_u16(int32_t v)
{
    return (uint16_t)(v < 0 ? 0 : (v > 65535 ? 65535 : v));
}

/* Camera frame: faces and smiles into msg. */
static fl_status_t detect_camera(fw_t *fw, const fl_frame_t *frame, fl_detection_t *det)
{
    fl_pipeline_config_t cfg;
    fl_pipeline_result_t r;
    fl_image_t img;
    fl_arena_t work;
    uint32_t i;
    fl_status_t st;
    if (!fw->models_ok) {
        return FL_ERR_STATE;
    }
    fl_pipeline_config_default(&cfg, FL_HAAR_MODE_CAMERA);
    cfg.cascade = &fw->cascade;
    cfg.network = &fw->network;
    img.pixels = frame->buf;
    img.w = frame->width;
    img.h = frame->height;
    img.stride = frame->width;
    img.fmt = frame->format == FL_FRAME_RGB565 ? FL_PIXFMT_RGB565 : FL_PIXFMT_GRAYSCALE;
    st = fl_arena_init(&work, g_work_mem, sizeof g_work_mem);
    if (st == FL_OK) {
        st = fl_pipeline_run(&cfg, &img, &work, &r);
    }
    if (st != FL_OK) {
        return st;
    }
    det->detector = FL_DETECTOR_SMILE;
    for (i = 0; i < r.n_faces && i < FL_PROTO_MAX_BOXES; i++) {
        fl_box_t *b = &det->boxes[i];
        b->x = to_u16(r.faces[i].face.x);
        b->y = to_u16(r.faces[i].face.y);
        b->w = to_u16(r.faces[i].face.w);
        b->h = to_u16(r.faces[i].face.h);
        b->score_pmy = r.faces[i].smile < 0 ? 0u : to_u16((int32_t)(r.faces[i].score * 10000.0f));
        (void)strcpy(b->label, r.faces[i].smile > 0 ? "smile" : "face");
    }
    det->box_count = (uint8_t)i;
    return FL_OK;
}

/* Thermal frame: people into msg. The detector is set up on the first thermal frame (its size). */
static fl_status_t detect_thermal(fw_t *fw, const fl_frame_t *frame, fl_detection_t *det)
{
    fl_thermal_result_t r;
    int32_t i;
    fl_status_t st;
    if (!fw->thermal_ok) {
        fl_thermal_config_t cfg;
        fl_thermal_config_default(&cfg, frame->width, frame->height);
        st = fl_arena_init(&fw->thermal_arena, g_work_mem, sizeof g_work_mem);
        if (st == FL_OK) {
            st = fl_thermal_init(&fw->thermal, &cfg, frame->width, frame->height, &fw->thermal_arena);
        }
        if (st != FL_OK) {
            return st;
        }
        fw->thermal_ok = 1;
    }
    st = fl_thermal_process(&fw->thermal, (const int16_t *)frame->buf, frame->ambient_cc, &fw->thermal_arena, &r);
    fl_arena_scratch_reset(&fw->thermal_arena);
    if (st != FL_OK) {
        return st;
    }
    det->detector = FL_DETECTOR_THERMAL_PERSON;
    for (i = 0; i < r.n_blobs && i < (int32_t)FL_PROTO_MAX_BOXES; i++) {
        fl_box_t *b = &det->boxes[i];
        b->x = to_u16(r.blobs[i].x);
        b->y = to_u16(r.blobs[i].y);
        b->w = to_u16(r.blobs[i].w);
        b->h = to_u16(r.blobs[i].h);
        b->score_pmy = 10000u;
        (void)strcpy(b->label, "person");
    }
    det->box_count = (uint8_t)i;
    return FL_OK;
}

/* One wake: returns the first step's status that failed, FL_OK when a detection was published. */
static fl_status_t wake_cycle(fw_t *fw)
{
    static fl_msg_t msg;
    fl_frame_t frame;
    size_t len = 0u;
    uint64_t t0;
    fl_status_t st = fw->hal.sensor_power(fw->hal.ctx, 1);
    if (st != FL_OK) {
        return st;
    }
    memset(&frame, 0, sizeof frame);
    frame.buf = g_frame;
    frame.cap = sizeof g_frame;
    st = fw->hal.capture(fw->hal.ctx, &frame);
    (void)fw->hal.sensor_power(fw->hal.ctx, 0);
    if (st != FL_OK) {
        return st;
    }
    memset(&msg, 0, sizeof msg);
    msg.type = FL_MSG_DETECTION;
    memcpy(msg.device_id, "h743", 5u);
    t0 = fw->hal.now_us(fw->hal.ctx);
    st = frame.format == FL_FRAME_THERMAL ? detect_thermal(fw, &frame, &msg.body.detection)
                                          : detect_camera(fw, &frame, &msg.body.detection);
    if (st != FL_OK) {
        return st;
    }
    msg.body.detection.inference_us = (uint32_t)(fw->hal.now_us(fw->hal.ctx) - t0);
    msg.body.detection.seq = ++fw->seq;
    msg.body.detection.device_time_ms = fw->hal.rtc_ms(fw->hal.ctx);
    st = fl_proto_encode(&msg, fw->payload, sizeof fw->payload, &len);
    if (st == FL_OK) {
        st = fw->hal.radio_power(fw->hal.ctx, 1);
    }
    if (st == FL_OK) {
        st = fw->hal.publish(fw->hal.ctx, "fleet/h743/detection", fw->payload, len);
        (void)fw->hal.radio_power(fw->hal.ctx, 0);
    }
    return st;
}

#endif /* !FL_FW_HAVE_LOOP */

#ifdef FL_FW_HAVE_LOOP
/* The loop saves its state before every sleep; it must fit the backup SRAM record (C99 static assertion). */
typedef char fw_loop_state_fits_backup_sram[sizeof(fl_loop_state_t) <= FL_BOARD_STATE_BYTES ? 1 : -1];

/* The loop's configuration for this board: the OpenMV-H7 power profile, Wi-Fi, CPU sleep only (Stop and
 * Standby are bring-up points), the smile pipeline when the models loaded, else the thermal detector. */
static fl_status_t loop_setup(fw_t *fw, fl_loop_t *loop)
{
    static fl_pipeline_config_t pipeline;
    static fl_loop_config_t cfg;
    fl_loop_config_default(&cfg);
    (void)strcpy(cfg.device_id, "h743");
    (void)strcpy(cfg.firmware_version, "0.1.0");
    cfg.board = fl_profile_board("openmv-h7");
    cfg.radio = fl_profile_radio("wifi");
    cfg.deepest_sleep = FL_SLEEP_CPU;
    cfg.wake_sources = FL_WAKE_SRC_RTC;
    cfg.frame_buf = g_frame;
    cfg.frame_cap = sizeof g_frame;
    if (fl_arena_init(&fw->thermal_arena, g_work_mem, sizeof g_work_mem) != FL_OK) {
        return FL_ERR_NO_MEM;
    }
    cfg.arena = &fw->thermal_arena;
    if (fw->models_ok) {
        fl_pipeline_config_default(&pipeline, FL_HAAR_MODE_CAMERA);
        pipeline.cascade = &fw->cascade;
        pipeline.network = &fw->network;
        cfg.detect = FL_LOOP_DETECT_SMILE;
        cfg.pipeline = &pipeline;
    } else {
        /* BRING-UP POINT: the thermal sensor's resolution comes from the sensor driver; 32x24 (MLX90640). */
        fl_thermal_config_t tcfg;
        fl_status_t st;
        fl_thermal_config_default(&tcfg, 32, 24);
        st = fl_thermal_init(&fw->thermal, &tcfg, 32, 24, &fw->thermal_arena);
        if (st != FL_OK) {
            return st;
        }
        cfg.detect = FL_LOOP_DETECT_THERMAL;
        cfg.thermal = &fw->thermal;
    }
    return fl_loop_init(loop, &fw->hal, &cfg);
}
#endif

int main(void)
{
    fw_t *fw = &g_fw;
#ifdef FL_FW_HAVE_LOOP
    static fl_loop_t loop;
    fl_wake_reason_t reason = FL_WAKE_POWER_ON;
#endif
    fl_board_power_init();
    fl_board_clock_init();
    fl_board_systick_init();
    fl_board_hal_init(&fw->hal);
    fw_slots_boot(&g_slots);
    /* Without models (storage not brought up yet) camera frames cannot be classified; thermal still can. */
    fw->models_ok = load_models(fw) == FL_OK;
#ifdef FL_FW_HAVE_LOOP
    if (loop_setup(fw, &loop) != FL_OK) {
        fl_board_halt();
    }
    for (;;) {
        fl_loop_wake_result_t result;
        if (fl_loop_wake(&loop, reason, &result) != FL_OK) {
            fl_board_halt();
        }
        fw_slots_poll(&g_slots, &fw->hal);
        if (fl_loop_sleep(&loop, &reason) != FL_OK) {
            fl_board_halt();
        }
    }
#else
    for (;;) {
        fl_wake_reason_t reason = FL_WAKE_NONE;
        (void)wake_cycle(fw);
        fw_slots_poll(&g_slots, &fw->hal);
        if (fw->hal.sleep(fw->hal.ctx, FL_SLEEP_CPU, FL_WAKE_SRC_RTC, FW_WAKE_INTERVAL_MS, &reason) != FL_OK) {
            fl_board_halt();
        }
    }
#endif
}
