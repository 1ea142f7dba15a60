/* SPDX-License-Identifier: MIT */
/* Board support for an STM32H743 sensor (OpenMV Cam H7 class). Everything that touches the chip's peripherals
 * lives under port/stm32h743/board/ and nowhere else; the firmware (fw_main.c) and the core only see this
 * header and fl_hal_t.
 *
 * No vendor HAL (STM32CubeH7) or CMSIS device headers are available in this tree, so only what the Arm core
 * itself defines (SysTick, SCB, FPU, WFI) is implemented here, from the Armv7-M architecture manual. Every
 * function marked BRING-UP POINT is not implemented: it returns FL_ERR_UNSUPPORTED (or does nothing) and says so; it
 * does not pretend to work. They are the list of work for the first board. */
#ifndef FL_BOARD_H
#define FL_BOARD_H

#include <stddef.h>
#include <stdint.h>

#include "fl/fl_flash.h"
#include "fl/fl_hal.h"
#include "fl/fl_status.h"

/* The core clock after reset: HSI, 64 MHz. board_clock_init() is a bring-up point, so this stays the clock. */
#define FL_BOARD_CORE_HZ 64000000u

/* BRING-UP POINT (power): the H743 must be told its supply configuration (PWR_CR3: LDO or SMPS, as the board
 * is wired) before the voltage scale is raised; a wrong setting can lock the part until a power cycle. */
void fl_board_power_init(void);

/* BRING-UP POINT (clock): HSE + PLL1 to 400 MHz at VOS1 (480 MHz needs VOS0 on rev V), flash wait states
 * (FLASH_ACR), bus prescalers. Not implemented: the core runs on HSI at FL_BOARD_CORE_HZ. */
void fl_board_clock_init(void);

/* SysTick at 1 kHz from the core clock (architectural, implemented) and the monotonic microsecond clock. */
void fl_board_systick_init(void);
uint64_t fl_board_now_us(void);

/* BRING-UP POINT (storage): read a named file (e.g. "smile.network", "frontalface.cascade") from the SD card
 * (SDMMC1 + FatFs on the OpenMV Cam) into buf. Not implemented: returns FL_ERR_UNSUPPORTED. */
fl_status_t fl_board_storage_read(const char *name, uint8_t *buf, size_t cap, size_t *len);

/* The model store (flash bank 2 less its configuration sector) as NOR flash for the model slots
 * (board_flash.c). Reads and map are implemented; program and erase are a BRING-UP POINT written from RM0433
 * but never run on silicon. */
fl_status_t fl_board_flash_init(fl_flash_t *flash);

/* BRING-UP POINT (provisioning): the trusted model-signing key from the configuration sector. FL_ERR_STATE on an
 * unprovisioned part (it reads 0xFF); the firmware then leaves the model slots unmounted. */
fl_status_t fl_board_trusted_key(uint8_t public_key[65]);

/* BRING-UP POINT (radio downlink): the next message the gateway sent to this device (e.g. an OTA offer or chunk)
 * into buf. Not implemented: FL_ERR_UNSUPPORTED, nothing is received. */
fl_status_t fl_board_radio_receive(uint8_t *buf, size_t cap, size_t *len);

/* Bytes of persistent state state_save() keeps: the 4 KiB backup SRAM less the record's magic and length. */
#define FL_BOARD_STATE_BYTES (4096u - 8u)

/* Fills *hal with this board's implementation of fl_hal_t (board_hal.c). */
void fl_board_hal_init(fl_hal_t *hal);

/* Stops here for good: interrupts off, WFI forever (a watchdog, once brought up, would reset). */
void fl_board_halt(void) __attribute__((noreturn));

#endif /* FL_BOARD_H */
