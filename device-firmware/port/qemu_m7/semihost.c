/* SPDX-License-Identifier: MIT */
/* Semihosting calls and the newlib system calls that use them (stdout, exit). The rest of libnosys's stubs
 * (read, lseek, close, sbrk, ...) stay as they are. */
#include "semihost.h"

#include <errno.h>
#include <stdint.h>
#include <sys/stat.h>

enum {
    SYS_OPEN = 0x01,
    SYS_WRITE0 = 0x04,
    SYS_WRITE = 0x05,
    SYS_EXIT_EXTENDED = 0x20,
    ADP_STOPPED_APPLICATION_EXIT = 0x20026
};

/* BKPT 0xAB with the operation in r0 and a pointer to its argument block in r1; the result comes back in r0
 * (Arm semihosting specification, the M-profile trap). */
static int semihost_call(int op, const void *arg)
{
    register int r0 __asm__("r0") = op;
    register const void *r1 __asm__("r1") = arg;
    __asm__ volatile("bkpt 0xAB" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

static int stdout_handle = -1;

size_t fl_semihost_write(const char *buf, size_t len)
{
    uintptr_t block[3];
    if (stdout_handle < 0) {
        /* ":tt" opened for writing (mode 4, "w") is the host console. */
        static const char tt[] = ":tt";
        uintptr_t open_block[3];
        open_block[0] = (uintptr_t)tt;
        open_block[1] = 4u;
        open_block[2] = sizeof tt - 1u;
        stdout_handle = semihost_call(SYS_OPEN, open_block);
        if (stdout_handle < 0) {
            return 0u;
        }
    }
    block[0] = (uintptr_t)stdout_handle;
    block[1] = (uintptr_t)buf;
    block[2] = len;
    /* SYS_WRITE returns the number of bytes NOT written. */
    return len - (size_t)semihost_call(SYS_WRITE, block);
}

void fl_semihost_puts(const char *s)
{
    (void)semihost_call(SYS_WRITE0, s);
}

void fl_semihost_exit(int status)
{
    /* Plain SYS_EXIT on AArch32 can only report "application exit" (0) or an error (1); the extended call
     * carries the status itself. */
    uintptr_t block[2];
    block[0] = ADP_STOPPED_APPLICATION_EXIT;
    block[1] = (uintptr_t)(uint32_t)status;
    (void)semihost_call(SYS_EXIT_EXTENDED, block);
    for (;;) {
    }
}

/* ---- newlib system calls ---- */

int _write(int fd, const char *buf, int len);
int _isatty(int fd);
int _fstat(int fd, struct stat *st);
void _exit(int status);

int _write(int fd, const char *buf, int len)
{
    if (fd != 1 && fd != 2) {
        errno = EBADF;
        return -1;
    }
    return len <= 0 ? 0 : (int)fl_semihost_write(buf, (size_t)len);
}

/* stdout is a terminal, so newlib line-buffers it: a test's output is on the host even if it then faults. */
int _isatty(int fd)
{
    return fd >= 0 && fd <= 2;
}

int _fstat(int fd, struct stat *st)
{
    (void)fd;
    st->st_mode = S_IFCHR;
    return 0;
}

void _exit(int status)
{
    fl_semihost_exit(status);
}
