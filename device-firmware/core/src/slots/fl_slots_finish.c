/* SPDX-License-Identifier: MIT */
/* finish(): the complete download must match the offer's SHA-256, carry a valid ECDSA P-256 signature by the
 * trusted key, load with the model loader as the model the offer named, and reproduce its self-test vector. Only
 * then does one journal record activate it; any failure drops the download and leaves the active model alone. */
#include <string.h>

#include "fl_slots_internal.h"

static fl_ota_code_t check_download(fl_slots_t *s, const uint8_t *blob, fl_status_t *io)
{
    const fl_ota_offer_t *o = &s->st.offer;
    fl_model_load_options_t opts;
    fl_model_info_t info;
    fl_arena_t arena;
    fl_model_t model;
    int8_t out[FL_MODEL_MAX_LABELS];
    uint8_t digest[32];
    uint8_t diff = 0;
    fl_status_t e;
    int i;
    *io = FL_OK;
    if (s->cfg.sha256(s->cfg.sha256_user, blob, o->size_bytes, digest) != FL_OK) {
        *io = FL_ERR_IO;
        return FL_OTA_ABORTED;
    }
    for (i = 0; i < 32; i++) {
        diff = (uint8_t)(diff | (digest[i] ^ o->sha256[i]));
    }
    if (diff != 0u) {
        return FL_OTA_HASH_MISMATCH;
    }
    e = s->cfg.ecdsa_p256_verify(s->cfg.verify_user, s->cfg.public_key, digest, o->signature);
    if (e == FL_ERR_MISMATCH) {
        return FL_OTA_BAD_SIGNATURE;
    }
    if (e != FL_OK) {
        *io = FL_ERR_IO;
        return FL_OTA_ABORTED;
    }
    if (s->cfg.arena_mem == NULL || fl_arena_init(&arena, s->cfg.arena_mem, s->cfg.arena_bytes) != FL_OK) {
        return FL_OTA_INCOMPATIBLE;
    }
    opts.sha256 = s->cfg.sha256; /* the file's own content hash too: a writer bug is caught here, not at run */
    opts.sha256_user = s->cfg.sha256_user;
    if (fl_model_load(&model, blob, o->size_bytes, &arena, &opts, NULL) != FL_OK) {
        return FL_OTA_INCOMPATIBLE;
    }
    if (fl_model_get_info(&model, &info) != FL_OK ||
        strncmp(info.model_id, o->model_id, FL_MODEL_ID_BYTES) != 0 || info.model_version != o->model_version) {
        return FL_OTA_INCOMPATIBLE;
    }
    e = fl_model_selftest_run(&model, out, sizeof out);
    if (e == FL_ERR_UNSUPPORTED) {
        return s->cfg.allow_no_selftest ? FL_OTA_ACTIVATED : FL_OTA_INCOMPATIBLE;
    }
    return e == FL_OK ? FL_OTA_ACTIVATED : FL_OTA_SELF_TEST_FAILED;
}

fl_status_t fl_slots_finish(fl_slots_t *s, fl_ota_code_t *code)
{
    const uint8_t *blob;
    fl_slots_state_t next;
    fl_ota_code_t c;
    fl_status_t io;
    if (s == NULL || code == NULL) {
        return FL_ERR_ARG;
    }
    if (!s->mounted) {
        return FL_ERR_STATE;
    }
    if (!s->st.pending && s->already_active_valid) {
        s->already_active_valid = 0;
        *code = FL_OTA_ACTIVATED;
        return FL_OK;
    }
    if (!s->st.pending || s->st.pending_written != s->st.offer.size_bytes) {
        return FL_ERR_STATE;
    }
    blob = fl_flash_map(s->cfg.flash, s->slot_addr[s->st.pending_slot], s->st.offer.size_bytes);
    if (blob == NULL) {
        return FL_ERR_UNSUPPORTED;
    }
    c = check_download(s, blob, &io);
    FL_TRY(io);
    next = s->st;
    next.pending = 0;
    next.pending_written = 0;
    next.pending_tail_len = 0;
    next.has_last = 1u;
    next.last_code = (uint32_t)c;
    next.last_offer_id = s->st.offer.offer_id;
    if (c == FL_OTA_ACTIVATED) {
        next.previous = s->st.active;
        next.active.valid = 1u;
        next.active.slot = s->st.pending_slot;
        next.active.size = s->st.offer.size_bytes;
        next.active.version = s->st.offer.model_version;
        next.active.offer_id = s->st.offer.offer_id;
        memcpy(next.active.sha256, s->st.offer.sha256, 32);
        memset(next.active.model_id, 0, sizeof next.active.model_id);
        memcpy(next.active.model_id, s->st.offer.model_id, FL_MODEL_ID_BYTES - 1u);
        next.confirmed = 0;
        next.trial_count = 0;
    }
    next.last_version = next.active.valid ? next.active.version : 0u;
    FL_TRY(fl_slots_journal_commit(s, &next));
    *code = c;
    return FL_OK;
}
