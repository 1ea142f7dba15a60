/* SPDX-License-Identifier: MIT */
/* fl_hal_t for the STM32H743 board. The clock and the CPU-sleep mode use only the Arm core and are
 * implemented; camera, thermal sensor, radio, RTC wake and Stop/Standby are BRING-UP POINTS that answer
 * FL_ERR_UNSUPPORTED, so the loop sees "this board cannot do it yet", never a made-up frame or a fake send. */
#include <string.h>

#include "board.h"

/* The loop's persistent state lives in backup SRAM (kept in Standby with VBAT, section .backup). */
#define STATE_BYTES FL_BOARD_STATE_BYTES
typedef struct {
    uint32_t magic;
    uint32_t len;
    uint8_t data[STATE_BYTES];
} backup_state_t;
#define STATE_MAGIC 0x464C5354u /* "FLST" */

__attribute__((section(".backup"))) static backup_state_t g_state;

static uint64_t hal_now_us(void *ctx)
{
    (void)ctx;
    return fl_board_now_us();
}

static uint64_t hal_rtc_ms(void *ctx)
{
    (void)ctx;
    return 0u; /* BRING-UP POINT: RTC (LSE) calendar; 0 = "not set", as fl_hal.h allows */
}

static void hal_delay_us(void *ctx, uint32_t us)
{
    uint64_t end = fl_board_now_us() + us;
    (void)ctx;
    while (fl_board_now_us() < end) {
    }
}

static fl_status_t hal_sleep(void *ctx, fl_sleep_mode_t mode, uint32_t wake_sources, uint32_t interval_ms,
                             fl_wake_reason_t *reason)
{
    (void)ctx;
    if (wake_sources == 0u || reason == NULL) {
        return FL_ERR_ARG;
    }
    if (mode != FL_SLEEP_CPU || (wake_sources & FL_WAKE_SRC_GPIO) != 0u) {
        /* BRING-UP POINT: Stop/Standby (PWR_CPUCR, SCB SLEEPDEEP), the RTC wake-up timer and EXTI for the PIR
         * pin. */
        return FL_ERR_UNSUPPORTED;
    }
    /* CPU sleep with the SysTick as the only wake source: WFI until interval_ms have passed. */
    {
        uint64_t end = fl_board_now_us() + (uint64_t)interval_ms * 1000u;
        while (fl_board_now_us() < end) {
            __asm__ volatile("wfi");
        }
    }
    *reason = FL_WAKE_TIMER;
    return FL_OK;
}

static fl_status_t hal_sensor_power(void *ctx, int on)
{
    (void)ctx;
    (void)on;
    return FL_ERR_UNSUPPORTED; /* BRING-UP POINT: sensor supply GPIO / PWDN pin */
}

static fl_status_t hal_capture(void *ctx, fl_frame_t *frame)
{
    (void)ctx;
    (void)frame;
    /* BRING-UP POINT: DCMI + DMA into an .axisram buffer, camera (OV7725/OV5640) over SCCB; or a thermal
     * sensor over I2C. */
    return FL_ERR_UNSUPPORTED;
}

static fl_status_t hal_radio_power(void *ctx, int up)
{
    (void)ctx;
    (void)up;
    return FL_ERR_UNSUPPORTED; /* BRING-UP POINT: the radio module (Wi-Fi/BLE/LoRa/LTE-M) and its stack */
}

static fl_status_t hal_publish(void *ctx, const char *topic, const uint8_t *data, size_t len)
{
    (void)ctx;
    (void)topic;
    (void)data;
    (void)len;
    return FL_ERR_UNSUPPORTED; /* BRING-UP POINT: MQTT over the radio */
}

fl_status_t fl_board_radio_receive(uint8_t *buf, size_t cap, size_t *len)
{
    /* BRING-UP POINT: the MQTT subscription's messages (down/ota/offer, down/ota/chunk, desired config). */
    (void)buf;
    (void)cap;
    if (len != NULL) {
        *len = 0u;
    }
    return FL_ERR_UNSUPPORTED;
}

static fl_status_t hal_state_load(void *ctx, void *buf, size_t cap, size_t *len)
{
    (void)ctx;
    /* BRING-UP POINT: backup SRAM needs PWR_CR1.DBP and the BKPRAM clock before it keeps data; until then a
     * reset finds no valid magic and the loop starts fresh, which is its documented first-boot path. */
    if (g_state.magic != STATE_MAGIC || g_state.len > STATE_BYTES || g_state.len > cap) {
        return FL_ERR_IO;
    }
    memcpy(buf, g_state.data, g_state.len);
    *len = g_state.len;
    return FL_OK;
}

static fl_status_t hal_state_save(void *ctx, const void *buf, size_t len)
{
    (void)ctx;
    if (len > STATE_BYTES) {
        return FL_ERR_NO_MEM;
    }
    memcpy(g_state.data, buf, len);
    g_state.len = (uint32_t)len;
    g_state.magic = STATE_MAGIC;
    return FL_OK;
}

void fl_board_hal_init(fl_hal_t *hal)
{
    memset(hal, 0, sizeof *hal);
    hal->ctx = NULL;
    hal->now_us = hal_now_us;
    hal->rtc_ms = hal_rtc_ms;
    hal->delay_us = hal_delay_us;
    hal->elapse_us = NULL; /* a real clock: work time has already passed */
    hal->sleep = hal_sleep;
    hal->sensor_power = hal_sensor_power;
    hal->capture = hal_capture;
    hal->radio_power = hal_radio_power;
    hal->publish = hal_publish;
    hal->state_load = hal_state_load;
    hal->state_save = hal_state_save;
}
