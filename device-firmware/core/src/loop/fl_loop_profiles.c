/* SPDX-License-Identifier: MIT */
/* The compiled-in power profiles (generated from device-firmware/profiles/<name>.json) and the charge arithmetic
 * every ledger entry uses. */
#include <string.h>

#include "fl/fl_loop.h"
#include "fl_profiles_gen.h"

const fl_board_profile_t *fl_profile_board(const char *name)
{
    uint32_t i;
    if (name == NULL) {
        return NULL;
    }
    for (i = 0; i < FL_PROFILE_BOARD_COUNT; i++) {
        if (strcmp(fl_profile_boards[i]->name, name) == 0) {
            return fl_profile_boards[i];
        }
    }
    return NULL;
}

const fl_radio_profile_t *fl_profile_radio(const char *name)
{
    uint32_t i;
    if (name == NULL) {
        return NULL;
    }
    for (i = 0; i < FL_PROFILE_RADIO_COUNT; i++) {
        if (strcmp(fl_profile_radios[i]->name, name) == 0) {
            return fl_profile_radios[i];
        }
    }
    return NULL;
}

const fl_board_profile_t *fl_profile_board_at(uint32_t i)
{
    return i < FL_PROFILE_BOARD_COUNT ? fl_profile_boards[i] : NULL;
}

const fl_radio_profile_t *fl_profile_radio_at(uint32_t i)
{
    return i < FL_PROFILE_RADIO_COUNT ? fl_profile_radios[i] : NULL;
}

/* nA x us = 1e-15 C; 1 uC = 1e9 nA.us. 64 bits hold 4.29 A for 49 days before overflowing. */
uint64_t fl_charge_uc(uint32_t na, uint64_t us)
{
    return ((uint64_t)na * us + 500000000u) / 1000000000u;
}

uint32_t fl_radio_tx_us(const fl_radio_profile_t *radio, size_t bytes)
{
    uint64_t us;
    if (radio == NULL) {
        return 0;
    }
    us = (uint64_t)radio->tx_fixed_us + (uint64_t)radio->tx_us_per_byte * bytes;
    return us > UINT32_MAX ? UINT32_MAX : (uint32_t)us;
}

/* Haar time grows with the frame area (every scale scans the whole frame); the CNN runs once per face. */
uint32_t fl_board_detect_us(const fl_board_profile_t *board, int thermal, int32_t w, int32_t h,
                            uint32_t classified_faces)
{
    uint64_t us;
    if (board == NULL || w <= 0 || h <= 0) {
        return 0;
    }
    if (thermal) {
        return board->thermal_us_per_frame;
    }
    us = ((uint64_t)board->haar_us_per_qvga * (uint64_t)w * (uint64_t)h + (320u * 240u) / 2u) / (320u * 240u);
    us += (uint64_t)board->cnn_us_per_face * classified_faces;
    return us > UINT32_MAX ? UINT32_MAX : (uint32_t)us;
}
