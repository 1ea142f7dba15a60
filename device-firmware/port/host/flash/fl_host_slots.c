/* SPDX-License-Identifier: MIT */
/* The host's model-slots device (fl_host_slots.h). */
#include "fl_host_slots.h"

#include <string.h>

#include "fl_host_crypto.h"

fl_status_t fl_host_slots_open(fl_host_slots_t *d, const char *path, uint32_t total_bytes,
                               const uint8_t public_key[65], void *arena, size_t arena_bytes, uint32_t trial_limit)
{
    fl_slots_config_t cfg;
    fl_status_t st;
    if (d == NULL || path == NULL || public_key == NULL) {
        return FL_ERR_ARG;
    }
    memset(d, 0, sizeof *d);
    FL_TRY(fl_host_flash_open(&d->file, path, total_bytes, FL_HOST_SLOTS_SECTOR_BYTES, FL_HOST_SLOTS_PROGRAM_UNIT,
                              &d->flash));
    memset(&cfg, 0, sizeof cfg);
    cfg.flash = &d->flash;
    cfg.journal_sectors = FL_HOST_SLOTS_JOURNAL_SECTORS;
    cfg.sha256 = fl_host_sha256;
    cfg.ecdsa_p256_verify = fl_host_ecdsa_p256_verify;
    memcpy(cfg.public_key, public_key, FL_SLOTS_PUBLIC_KEY_BYTES);
    cfg.arena_mem = arena;
    cfg.arena_bytes = arena_bytes;
    cfg.scratch = d->scratch;
    cfg.trial_limit = trial_limit;
    st = fl_slots_mount(&d->slots, &cfg);
    if (st != FL_OK) {
        fl_host_flash_close(&d->file);
    }
    return st;
}

void fl_host_slots_close(fl_host_slots_t *d)
{
    if (d != NULL) {
        fl_host_flash_close(&d->file);
    }
}

fl_slots_t *fl_host_slots_get(fl_host_slots_t *d)
{
    return d == NULL ? NULL : &d->slots;
}

fl_status_t fl_host_slots_begin(fl_host_slots_t *d, uint32_t offer_id, const char *model_id, uint32_t version,
                                uint32_t size_bytes, const uint8_t sha256[32], const uint8_t signature[64],
                                uint32_t *resume_offset, uint32_t *refusal)
{
    fl_ota_offer_t o;
    fl_ota_code_t code = FL_OTA_ACTIVATED;
    fl_status_t st;
    if (d == NULL || model_id == NULL || sha256 == NULL || signature == NULL || refusal == NULL) {
        return FL_ERR_ARG;
    }
    memset(&o, 0, sizeof o);
    o.offer_id = offer_id;
    o.model_version = version;
    o.size_bytes = size_bytes;
    strncpy(o.model_id, model_id, sizeof o.model_id - 1u);
    if (strlen(model_id) >= sizeof o.model_id) {
        o.model_id[0] = '!'; /* too long: let begin refuse it as INCOMPATIBLE */
    }
    memcpy(o.sha256, sha256, 32);
    memcpy(o.signature, signature, 64);
    st = fl_slots_begin(&d->slots, &o, resume_offset, &code);
    *refusal = (uint32_t)code;
    return st;
}

size_t fl_host_slots_sizeof(void)
{
    return sizeof(fl_host_slots_t);
}
