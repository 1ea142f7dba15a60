/* SPDX-License-Identifier: MIT */
/* Reset and vector table of the STM32H743 (RM0433 table 143: 16 system exceptions + 150 interrupts). The reset
 * handler enables the FPU, points VTOR at this table, copies .data and zeroes .bss (both in DTCM), then runs
 * main(). Interrupts without a handler, and every fault, end in fl_board_halt(). */
#include <stdint.h>

#include "board/board.h"

#define FL_H743_IRQ_COUNT 150

extern char _estack[];
extern uint32_t _sidata[], _sdata[], _edata[], _sbss[], _ebss[];

int main(void);
void Reset_Handler(void);
void Default_Handler(void);
void SysTick_Handler(void);

#define SCB_CPACR (*(volatile uint32_t *)0xE000ED88u)
#define SCB_VTOR (*(volatile uint32_t *)0xE000ED08u)

typedef struct {
    void *initial_sp;
    void (*handler[15 + FL_H743_IRQ_COUNT])(void);
} vector_table_t;

static const vector_table_t g_vectors;

void Reset_Handler(void)
{
    uint32_t *dst;
    const uint32_t *src;
    /* -mfloat-abi=hard code may use VFP registers anywhere (even memcpy); any VFP instruction faults until
     * CP10/CP11 are enabled. */
    SCB_CPACR |= 0xFu << 20;
    SCB_VTOR = (uint32_t)(uintptr_t)&g_vectors;
    __asm__ volatile("dsb\n\tisb" ::: "memory");
    for (src = _sidata, dst = _sdata; dst < _edata;) {
        *dst++ = *src++;
    }
    for (dst = _sbss; dst < _ebss;) {
        *dst++ = 0u;
    }
    (void)main();
    fl_board_halt();
}

void Default_Handler(void)
{
    fl_board_halt();
}

/* newlib's exit path references _fini; -nostartfiles leaves crti.o out. */
void _fini(void);
void _fini(void)
{
}

/* The 150 interrupt entries, spelled out (C99 has no range initialiser). */
#define H4(x) x, x, x, x
#define H16(x) H4(x), H4(x), H4(x), H4(x)
#define H150(x) H16(x), H16(x), H16(x), H16(x), H16(x), H16(x), H16(x), H16(x), H16(x), H4(x), x, x

__attribute__((section(".isr_vector"), used)) static const vector_table_t g_vectors = {
    _estack,
    {
        Reset_Handler,   /* 1 Reset */
        Default_Handler, /* 2 NMI */
        Default_Handler, /* 3 HardFault */
        Default_Handler, /* 4 MemManage */
        Default_Handler, /* 5 BusFault */
        Default_Handler, /* 6 UsageFault */
        0, 0, 0, 0,      /* 7..10 reserved */
        Default_Handler, /* 11 SVCall */
        Default_Handler, /* 12 DebugMonitor */
        0,               /* 13 reserved */
        Default_Handler, /* 14 PendSV */
        SysTick_Handler, /* 15 SysTick */
        H150(Default_Handler), /* IRQ 0..149: BRING-UP POINT, each peripheral's handler replaces its entry */
    },
};
