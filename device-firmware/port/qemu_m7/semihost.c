/* SPDX-License-Identifier: MIT */
/* Semihosting calls and the newlib system calls that use them: stdout, exit, and host files (open, read,
 * lseek, close), which are the QEMU firmware's "SD card" for models, cascades and frames. The rest of
 * libnosys's stubs (sbrk, ...) stay as they are. */
#include "semihost.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum {
    SYS_OPEN = 0x01,
    SYS_CLOSE = 0x02,
    SYS_WRITE0 = 0x04,
    SYS_WRITE = 0x05,
    SYS_READ = 0x06,
    SYS_SEEK = 0x0A,
    SYS_FLEN = 0x0C,
    SYS_GET_CMDLINE = 0x15,
    SYS_EXIT_EXTENDED = 0x20,
    ADP_STOPPED_APPLICATION_EXIT = 0x20026
};

/* newlib descriptors of host files are the semihosting handle plus this base, so they never collide with
 * 0..2 (the console), whatever handle numbers the host hands out. */
#define FL_SEMIHOST_FD_BASE 16

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

int fl_semihost_cmdline(char *buf, size_t cap)
{
    uintptr_t block[2];
    if (buf == NULL || cap == 0u) {
        return -1;
    }
    block[0] = (uintptr_t)buf;
    block[1] = cap;
    if (semihost_call(SYS_GET_CMDLINE, block) != 0) {
        buf[0] = '\0';
        return -1;
    }
    buf[cap - 1u] = '\0';
    return 0;
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

int _open(const char *path, int flags, ...);
int _close(int fd);
int _read(int fd, char *buf, int len);
off_t _lseek(int fd, off_t offset, int whence);
int _write(int fd, const char *buf, int len);
int _isatty(int fd);
int _fstat(int fd, struct stat *st);
void _exit(int status);

static int host_handle(int fd)
{
    return fd >= FL_SEMIHOST_FD_BASE ? fd - FL_SEMIHOST_FD_BASE : -1;
}

/* Read-only: the firmware reads its model, cascade and frames from the host and never writes there. */
int _open(const char *path, int flags, ...)
{
    uintptr_t block[3];
    int h;
    if ((flags & O_ACCMODE) != O_RDONLY) {
        errno = EROFS;
        return -1;
    }
    block[0] = (uintptr_t)path;
    block[1] = 1u; /* "rb" */
    block[2] = strlen(path);
    h = semihost_call(SYS_OPEN, block);
    if (h < 0) {
        errno = ENOENT;
        return -1;
    }
    return h + FL_SEMIHOST_FD_BASE;
}

int _close(int fd)
{
    uintptr_t block[1];
    int h = host_handle(fd);
    if (h < 0) {
        return 0; /* the console stays open */
    }
    block[0] = (uintptr_t)h;
    return semihost_call(SYS_CLOSE, block) == 0 ? 0 : -1;
}

int _read(int fd, char *buf, int len)
{
    uintptr_t block[3];
    int h = host_handle(fd);
    int not_read;
    if (h < 0) {
        errno = EBADF;
        return -1;
    }
    if (len <= 0) {
        return 0;
    }
    block[0] = (uintptr_t)h;
    block[1] = (uintptr_t)buf;
    block[2] = (uintptr_t)len;
    /* SYS_READ returns the number of bytes NOT read (len at end of file), or -1. */
    not_read = semihost_call(SYS_READ, block);
    if (not_read < 0 || not_read > len) {
        errno = EIO;
        return -1;
    }
    return len - not_read;
}

/* SYS_SEEK only takes absolute positions; SEEK_END needs the length (SYS_FLEN). SEEK_CUR is not supported:
 * newlib's fseek/ftell keep their own position and only ask for absolute or end-relative seeks here. */
off_t _lseek(int fd, off_t offset, int whence)
{
    uintptr_t block[2];
    int h = host_handle(fd);
    long base = 0;
    if (h < 0) {
        errno = ESPIPE;
        return (off_t)-1;
    }
    block[0] = (uintptr_t)h;
    if (whence == SEEK_END) {
        base = semihost_call(SYS_FLEN, block);
        if (base < 0) {
            errno = EIO;
            return (off_t)-1;
        }
    } else if (whence != SEEK_SET) {
        errno = EINVAL;
        return (off_t)-1;
    }
    if (base + (long)offset < 0) {
        errno = EINVAL;
        return (off_t)-1;
    }
    block[1] = (uintptr_t)(base + (long)offset);
    if (semihost_call(SYS_SEEK, block) != 0) {
        errno = EIO;
        return (off_t)-1;
    }
    return (off_t)(base + (long)offset);
}

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
    memset(st, 0, sizeof *st);
    st->st_mode = host_handle(fd) < 0 ? S_IFCHR : S_IFREG;
    return 0;
}

void _exit(int status)
{
    fl_semihost_exit(status);
}
