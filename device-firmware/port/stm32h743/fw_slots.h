/* SPDX-License-Identifier: MIT */
/* The STM32H743's model slots (docs/model-slots.md): mounted over flash bank 2 at boot with the mbedTLS crypto
 * callbacks, the active model checked, and OTA offers and chunks from the gateway fed into them. */
#ifndef FW_SLOTS_H
#define FW_SLOTS_H

#include <stdint.h>

#include "fl/fl_hal.h"
#include "fl/fl_slots.h"

typedef struct {
    fl_flash_t flash;
    fl_slots_t slots;
    fl_slots_config_t cfg;
    int mounted;
    fl_status_t mount_status;   /* why not, when mounted is 0 */
    fl_status_t active_status;  /* the active model's boot check (FL_ERR_STATE: none installed) */
    fl_status_t journal_status; /* of the confirm or fault record that check wrote */
} fw_slots_t;

/* Mount the slots (repairing what a power cut left), then load the active model with its hash and run its
 * self-test: a pass confirms it, a failure counts as a fault (the slots fall back after trial_limit). A store
 * that cannot be mounted, or a part without a provisioned signing key (mount_status FL_ERR_STATE), leaves
 * mounted 0: the device runs without a slot model and ignores offers. */
void fw_slots_boot(fw_slots_t *fs);

/* Take the radio's pending downlink messages: an OTA offer starts or resumes a download, a chunk extends it,
 * the last chunk verifies (SHA-256, ECDSA P-256 with the provisioned key), self-tests and activates it; the
 * outcome is published as an OTA result. */
void fw_slots_poll(fw_slots_t *fs, fl_hal_t *hal);

#endif /* FW_SLOTS_H */
