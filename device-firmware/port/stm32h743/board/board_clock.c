/* SPDX-License-Identifier: MIT */
/* Power and clock bring-up points, and the SysTick time base (the one part the Arm architecture defines). */
#include "board.h"

void fl_board_power_init(void)
{
    /* BRING-UP POINT: PWR_CR3 supply configuration (LDO/SMPS per the board's wiring), then wait for
     * PWR_CSR1.ACTVOSRDY. Needs the board schematic; nothing is written here. */
}

void fl_board_clock_init(void)
{
    /* BRING-UP POINT: HSE, PLL1, VOS, FLASH_ACR latency, D1/D2/D3 prescalers. Until then the core runs on
     * the reset clock, HSI at FL_BOARD_CORE_HZ, which every timing below assumes. */
}

/* SysTick (Armv7-M B3.3): CSR, RVR, CVR. */
#define SYST_CSR (*(volatile uint32_t *)0xE000E010u)
#define SYST_RVR (*(volatile uint32_t *)0xE000E014u)
#define SYST_CVR (*(volatile uint32_t *)0xE000E018u)
#define SYST_CSR_ENABLE 0x1u
#define SYST_CSR_TICKINT 0x2u
#define SYST_CSR_CLKSOURCE 0x4u /* processor clock */
#define SYST_CSR_COUNTFLAG 0x10000u

#define TICK_RELOAD (FL_BOARD_CORE_HZ / 1000u)

static volatile uint64_t g_ms;

void SysTick_Handler(void);
void SysTick_Handler(void)
{
    g_ms++;
}

void fl_board_systick_init(void)
{
    SYST_RVR = TICK_RELOAD - 1u;
    SYST_CVR = 0u;
    SYST_CSR = SYST_CSR_ENABLE | SYST_CSR_TICKINT | SYST_CSR_CLKSOURCE;
}

/* Milliseconds from the tick count, microseconds from the down-counter; read twice so a tick between the two
 * reads is not lost. SysTick stops in Stop/Standby: across those the RTC (a bring-up point) must take over. */
uint64_t fl_board_now_us(void)
{
    uint64_t ms;
    uint32_t cvr;
    do {
        ms = g_ms;
        cvr = SYST_CVR;
    } while (ms != g_ms);
    return ms * 1000u + (uint64_t)((TICK_RELOAD - 1u - cvr) / (FL_BOARD_CORE_HZ / 1000000u));
}

void fl_board_halt(void)
{
    __asm__ volatile("cpsid i" ::: "memory");
    for (;;) {
        __asm__ volatile("wfi");
    }
}
