/* SPDX-License-Identifier: MIT */
/* The model store in flash bank 2 as an fl_flash_t (fl_flash.h): 0x08100000, 7 sectors of 128 KiB (the 8th is the
 * configuration sector), 32-byte flash words. Reads and the in-place map are plain memory-mapped accesses.
 *
 * BRING-UP POINT (flash program/erase): the register sequences below follow RM0433 (FLASH_KEYR2/CR2/SR2/CCR2,
 * "single write sequence" and "flash sector erase sequence") but have never run on silicon; nothing in this tree
 * can exercise them (QEMU has no STM32H7 flash controller). The same slots code is exercised under QEMU on an
 * emulated NOR flash with these semantics (port/qemu_m7/slots/). Before the first board relies on them: check
 * PSIZE against the board's supply voltage, enable the D-cache maintenance (bank 2 reads are cacheable once the
 * D-cache is on: invalidate the range after program/erase), and run an erase/program/read-back test. */
#include <string.h>

#include "board.h"

extern const uint8_t __fl_model_store_start[];
extern const uint8_t __fl_model_store_size[];

#define STORE_SECTOR_BYTES (128u * 1024u)
#define STORE_WORD_BYTES 32u
#define STORE_FIRST_SECTOR 0u /* bank 2 sector number of the store's first sector */

/* Bank 2 registers (RM0433 §4.9: FLASH at 0x52002000, bank 2 copies at +0x100). */
#define FLASH_BASE 0x52002000u
#define FLASH_KEYR2 (*(volatile uint32_t *)(FLASH_BASE + 0x104u))
#define FLASH_CR2 (*(volatile uint32_t *)(FLASH_BASE + 0x10Cu))
#define FLASH_SR2 (*(volatile uint32_t *)(FLASH_BASE + 0x110u))
#define FLASH_CCR2 (*(volatile uint32_t *)(FLASH_BASE + 0x114u))
#define FLASH_KEY1 0x45670123u
#define FLASH_KEY2 0xCDEF89ABu
#define CR_LOCK (1u << 0)
#define CR_PG (1u << 1)
#define CR_SER (1u << 2)
#define CR_PSIZE_X64 (3u << 4) /* 64-bit parallelism: VDD 2.7..3.6 V */
#define CR_START (1u << 7)
#define CR_SNB_SHIFT 8u
#define SR_BSY (1u << 0)
#define SR_WBNE (1u << 1)
#define SR_QW (1u << 2)
#define SR_ERRORS (0x7Eu << 17) /* WRPERR PGSERR STRBERR (bit 20 reserved) INCERR OPERR RDPERR RDSERR */
#define SR_ECC_ERRORS (3u << 25) /* SNECCERR DBECCERR */

static const uint8_t *store_base(void)
{
    return __fl_model_store_start;
}

static uint32_t store_bytes(void)
{
    return (uint32_t)(uintptr_t)__fl_model_store_size;
}

static void barrier(void)
{
    __asm__ volatile("dsb 0xF\n\tisb 0xF" ::: "memory");
}

static fl_status_t wait_idle(void)
{
    uint32_t sr;
    while ((FLASH_SR2 & (SR_BSY | SR_QW | SR_WBNE)) != 0u) {
    }
    sr = FLASH_SR2;
    FLASH_CCR2 = SR_ERRORS | SR_ECC_ERRORS | (1u << 16);
    return (sr & (SR_ERRORS | SR_ECC_ERRORS)) != 0u ? FL_ERR_IO : FL_OK;
}

static void unlock(void)
{
    if ((FLASH_CR2 & CR_LOCK) != 0u) {
        FLASH_KEYR2 = FLASH_KEY1;
        FLASH_KEYR2 = FLASH_KEY2;
    }
}

static void lock(void)
{
    FLASH_CR2 |= CR_LOCK;
}

static fl_status_t bf_read(void *ctx, uint32_t addr, uint8_t *dst, size_t len)
{
    (void)ctx;
    memcpy(dst, store_base() + addr, len);
    return FL_OK;
}

static const uint8_t *bf_map(void *ctx, uint32_t addr, size_t len)
{
    (void)ctx;
    (void)len;
    return store_base() + addr;
}

static fl_status_t bf_program(void *ctx, uint32_t addr, const uint8_t *src, size_t len)
{
    size_t off, i;
    fl_status_t st = FL_OK;
    (void)ctx;
    /* ECC flash: a second program of a flash word is forbidden, so the contract's check is done first. */
    for (i = 0; i < len; i++) {
        if (store_base()[addr + i] != 0xFFu) {
            return FL_ERR_STATE;
        }
    }
    unlock();
    for (off = 0; off < len && st == FL_OK; off += STORE_WORD_BYTES) {
        volatile uint32_t *dst = (volatile uint32_t *)(uintptr_t)(store_base() + addr + off);
        uint32_t words[STORE_WORD_BYTES / 4u];
        memcpy(words, src + off, sizeof words);
        FLASH_CR2 = (FLASH_CR2 & ~(CR_SER | (7u << CR_SNB_SHIFT))) | CR_PSIZE_X64 | CR_PG;
        barrier();
        for (i = 0; i < STORE_WORD_BYTES / 4u; i++) {
            dst[i] = words[i]; /* the write buffer starts programming once the whole flash word is in */
        }
        barrier();
        st = wait_idle();
        FLASH_CR2 &= ~CR_PG;
    }
    lock();
    return st;
}

static fl_status_t bf_erase(void *ctx, uint32_t addr)
{
    uint32_t snb = STORE_FIRST_SECTOR + addr / STORE_SECTOR_BYTES;
    fl_status_t st;
    (void)ctx;
    unlock();
    FLASH_CR2 = (FLASH_CR2 & ~(CR_PG | (7u << CR_SNB_SHIFT))) | CR_PSIZE_X64 | CR_SER | (snb << CR_SNB_SHIFT);
    FLASH_CR2 |= CR_START;
    barrier();
    st = wait_idle();
    FLASH_CR2 &= ~CR_SER;
    lock();
    return st;
}

fl_status_t fl_board_flash_init(fl_flash_t *flash)
{
    if (flash == NULL) {
        return FL_ERR_ARG;
    }
    memset(flash, 0, sizeof *flash);
    flash->read = bf_read;
    flash->program = bf_program;
    flash->erase_sector = bf_erase;
    flash->map = bf_map;
    flash->ctx = NULL;
    flash->sector_bytes = STORE_SECTOR_BYTES;
    flash->total_bytes = store_bytes();
    flash->program_unit = STORE_WORD_BYTES;
    return FL_OK;
}

fl_status_t fl_board_trusted_key(uint8_t public_key[65])
{
    extern const uint8_t __fl_config_start[];
    /* BRING-UP POINT (provisioning): the fleet's model-signing public key is written into the configuration
     * sector at manufacture (offset 0, uncompressed point 0x04 || X || Y). An unprovisioned part reads 0xFF:
     * FL_ERR_STATE, and the firmware then leaves the slots unmounted (no model can ever activate). */
    if (public_key == NULL) {
        return FL_ERR_ARG;
    }
    memcpy(public_key, __fl_config_start, 65u);
    return public_key[0] == 0x04u ? FL_OK : FL_ERR_STATE;
}
