/* SPDX-License-Identifier: MIT */
/* Reset and fault vectors for QEMU mps2-an500 (Cortex-M7): enable the FPU, set up .data/.bss, run main(),
 * exit through semihosting with main's return value as QEMU's exit status. */
#include <stdint.h>
#include <stdlib.h>

#include "semihost.h"

extern char _estack[];
extern uint32_t _sidata[], _sdata[], _edata[], _sbss[], _ebss[];

int main(void);
void Reset_Handler(void);
void Fault_Handler(void);

/* Coprocessor Access Control Register: CP10 and CP11 (the FPU) full access is bits 20..23. */
#define SCB_CPACR (*(volatile uint32_t *)0xE000ED88u)

void Reset_Handler(void)
{
    uint32_t *dst;
    const uint32_t *src;
    /* -mfloat-abi=hard code may use VFP registers anywhere (even memcpy), and any VFP instruction faults
     * (NOCP UsageFault) until CP10/CP11 are enabled; the barriers make the new setting take effect before
     * the next instruction. */
    SCB_CPACR |= 0xFu << 20;
    __asm__ volatile("dsb\n\tisb" ::: "memory");
    for (src = _sidata, dst = _sdata; dst < _edata;) {
        *dst++ = *src++;
    }
    for (dst = _sbss; dst < _ebss;) {
        *dst++ = 0u;
    }
    exit(main()); /* newlib's exit flushes stdio, then calls _exit -> SYS_EXIT_EXTENDED */
}

/* newlib's exit() runs __libc_fini_array, which ends by calling _fini(); crti.o would provide it, but
 * -nostartfiles leaves it out and C code registers nothing there. */
void _fini(void);
void _fini(void)
{
}

/* Any fault ends the run with status 2 (tests return 0 or 1), after saying so. */
void Fault_Handler(void)
{
    fl_semihost_puts("\n*** fault (HardFault/MemManage/BusFault/UsageFault/NMI)\n");
    fl_semihost_exit(2);
}

/* The Cortex-M vector table: initial stack pointer, then the handlers of exceptions 1..15. */
typedef struct {
    void *initial_sp;
    void (*handler[15])(void);
} vector_table_t;

__attribute__((section(".isr_vector"), used)) static const vector_table_t vectors = {
    _estack,
    {
        Reset_Handler, /* 1 Reset */
        Fault_Handler, /* 2 NMI */
        Fault_Handler, /* 3 HardFault */
        Fault_Handler, /* 4 MemManage */
        Fault_Handler, /* 5 BusFault */
        Fault_Handler, /* 6 UsageFault */
        0, 0, 0, 0,    /* 7..10 reserved */
        Fault_Handler, /* 11 SVCall */
        Fault_Handler, /* 12 DebugMonitor */
        0,             /* 13 reserved */
        Fault_Handler, /* 14 PendSV */
        Fault_Handler, /* 15 SysTick */
    },
};
