/* SPDX-License-Identifier: MIT */
/* Arm semihosting for the QEMU port: console output, host files (read-only, through newlib's stdio) and the
 * exit status go to the host through QEMU
 * (-semihosting-config enable=on,target=native). Only for emulation and debugging: on a board without a
 * debugger attached, BKPT 0xAB faults. */
#ifndef FL_QEMU_SEMIHOST_H
#define FL_QEMU_SEMIHOST_H

#include <stddef.h>

/* Writes len bytes to the host's stdout. Returns the number of bytes written. */
size_t fl_semihost_write(const char *buf, size_t len);

/* Writes a NUL-terminated string (SYS_WRITE0); usable before newlib is set up and from fault handlers. */
void fl_semihost_puts(const char *s);

/* The command line QEMU was given (-semihosting-config ...,arg=a,arg=b gives "a b"), NUL-terminated in buf.
 * Returns 0, or -1 (buf empty) when the host has none or it does not fit. */
int fl_semihost_cmdline(char *buf, size_t cap);

/* Ends the emulation; QEMU exits with `status` (SYS_EXIT_EXTENDED, so any value, not only 0 or 1). */
void fl_semihost_exit(int status) __attribute__((noreturn));

#endif /* FL_QEMU_SEMIHOST_H */
