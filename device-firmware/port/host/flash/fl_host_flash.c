/* SPDX-License-Identifier: MIT */
/* A file as NOR flash (fl_host_flash.h). */
#define _POSIX_C_SOURCE 200809L
#include "fl_host_flash.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static fl_status_t hf_read(void *ctx, uint32_t addr, uint8_t *dst, size_t len)
{
    fl_host_flash_t *h = (fl_host_flash_t *)ctx;
    if (h->dead) {
        return FL_ERR_IO;
    }
    memcpy(dst, h->mem + addr, len);
    return FL_OK;
}

static fl_status_t hf_program(void *ctx, uint32_t addr, const uint8_t *src, size_t len)
{
    fl_host_flash_t *h = (fl_host_flash_t *)ctx;
    size_t i, n = len;
    if (h->dead) {
        return FL_ERR_IO;
    }
    for (i = 0; i < len; i++) {
        if (h->mem[addr + i] != 0xFFu) {
            return FL_ERR_STATE;
        }
    }
    if (h->cut_bytes >= 0 && (uint64_t)h->cut_bytes < len) {
        n = (size_t)h->cut_bytes;
    }
    memcpy(h->mem + addr, src, n);
    h->programmed += n;
    if (n < len) {
        /* The torn word: the cell at the cut got only part of its charge, some of its 0 bits are still 1. */
        h->mem[addr + n] = (uint8_t)(src[n] | 0x55u);
        h->dead = 1;
        h->cut_bytes = -1;
        return FL_ERR_IO;
    }
    if (h->cut_bytes >= 0) {
        h->cut_bytes -= (int64_t)len;
    }
    return FL_OK;
}

static fl_status_t hf_erase(void *ctx, uint32_t addr)
{
    fl_host_flash_t *h = (fl_host_flash_t *)ctx;
    if (h->dead) {
        return FL_ERR_IO;
    }
    if (h->cut_erases == 0) {
        memset(h->mem + addr, 0xFF, h->sector / 2u);
        h->dead = 1;
        h->cut_erases = -1;
        return FL_ERR_IO;
    }
    if (h->cut_erases > 0) {
        h->cut_erases--;
    }
    memset(h->mem + addr, 0xFF, h->sector);
    h->erases++;
    return FL_OK;
}

static const uint8_t *hf_map(void *ctx, uint32_t addr, size_t len)
{
    fl_host_flash_t *h = (fl_host_flash_t *)ctx;
    (void)len;
    return h->dead ? NULL : h->mem + addr;
}

static fl_status_t create_erased(int fd, uint32_t total)
{
    uint8_t buf[4096];
    uint32_t done = 0;
    memset(buf, 0xFF, sizeof buf);
    while (done < total) {
        size_t n = total - done < sizeof buf ? total - done : sizeof buf;
        ssize_t w = write(fd, buf, n);
        if (w <= 0) {
            return FL_ERR_IO;
        }
        done += (uint32_t)w;
    }
    return FL_OK;
}

fl_status_t fl_host_flash_open(fl_host_flash_t *h, const char *path, uint32_t total_bytes, uint32_t sector_bytes,
                               uint32_t program_unit, fl_flash_t *flash)
{
    struct stat sb;
    void *m;
    if (h == NULL || path == NULL || flash == NULL || sector_bytes == 0u || total_bytes == 0u ||
        total_bytes % sector_bytes != 0u || program_unit == 0u || sector_bytes % program_unit != 0u) {
        return FL_ERR_ARG;
    }
    memset(h, 0, sizeof *h);
    h->fd = open(path, O_RDWR | O_CREAT, 0644);
    if (h->fd < 0) {
        return FL_ERR_IO;
    }
    if (fstat(h->fd, &sb) != 0) {
        close(h->fd);
        return FL_ERR_IO;
    }
    if (sb.st_size == 0) {
        if (create_erased(h->fd, total_bytes) != FL_OK) {
            close(h->fd);
            return FL_ERR_IO;
        }
    } else if ((uint64_t)sb.st_size != total_bytes) {
        close(h->fd);
        return FL_ERR_MISMATCH;
    }
    m = mmap(NULL, total_bytes, PROT_READ | PROT_WRITE, MAP_SHARED, h->fd, 0);
    if (m == MAP_FAILED) {
        close(h->fd);
        return FL_ERR_IO;
    }
    h->mem = (uint8_t *)m;
    h->total = total_bytes;
    h->sector = sector_bytes;
    h->unit = program_unit;
    h->cut_bytes = -1;
    h->cut_erases = -1;
    memset(flash, 0, sizeof *flash);
    flash->read = hf_read;
    flash->program = hf_program;
    flash->erase_sector = hf_erase;
    flash->map = hf_map;
    flash->ctx = h;
    flash->sector_bytes = sector_bytes;
    flash->total_bytes = total_bytes;
    flash->program_unit = program_unit;
    return FL_OK;
}

void fl_host_flash_close(fl_host_flash_t *h)
{
    if (h == NULL || h->mem == NULL) {
        return;
    }
    munmap(h->mem, h->total);
    close(h->fd);
    h->mem = NULL;
    h->fd = -1;
}

void fl_host_flash_cut_after_bytes(fl_host_flash_t *h, uint64_t bytes)
{
    h->cut_bytes = (int64_t)bytes;
}

void fl_host_flash_cut_at_erase(fl_host_flash_t *h, uint64_t erases)
{
    h->cut_erases = (int64_t)erases;
}
