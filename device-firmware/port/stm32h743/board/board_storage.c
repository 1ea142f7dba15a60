/* SPDX-License-Identifier: MIT */
/* The SD card the seed's models and cascade come from. */
#include "board.h"

fl_status_t fl_board_storage_read(const char *name, uint8_t *buf, size_t cap, size_t *len)
{
    /* BRING-UP POINT: SDMMC1 (4-bit, 25 MHz at first), a FAT reader, then read `name` into buf. Not
     * implemented: nothing is read. */
    (void)name;
    (void)buf;
    (void)cap;
    if (len != NULL) {
        *len = 0u;
    }
    return FL_ERR_UNSUPPORTED;
}
