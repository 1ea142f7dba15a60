/* SPDX-License-Identifier: MIT */
/* Mount: geometry, the journal, repair of a download a power cut interrupted, the active slot's hash, and the
 * boot count of a model on trial. */
#include <string.h>

#include "fl_slots_internal.h"

static int pow2(uint32_t v)
{
    return v != 0u && (v & (v - 1u)) == 0u;
}

static fl_status_t geometry(fl_slots_t *s)
{
    const fl_flash_t *f = s->cfg.flash;
    uint32_t journal_bytes, rest;
    if (f == NULL || f->read == NULL || f->program == NULL || f->erase_sector == NULL ||
        !pow2(f->sector_bytes) || f->sector_bytes < FL_SLOTS_RECORD_BYTES || !pow2(f->program_unit) ||
        f->program_unit > FL_SLOTS_PROGRAM_UNIT_MAX || f->total_bytes % f->sector_bytes != 0u ||
        s->cfg.journal_sectors < 2u || s->cfg.journal_sectors > f->total_bytes / f->sector_bytes ||
        s->cfg.sha256 == NULL || s->cfg.ecdsa_p256_verify == NULL || s->cfg.public_key[0] != 0x04u) {
        return FL_ERR_ARG;
    }
    journal_bytes = s->cfg.journal_sectors * f->sector_bytes;
    rest = f->total_bytes - journal_bytes;
    s->slot_bytes = (rest / 2u) / f->sector_bytes * f->sector_bytes;
    if (s->slot_bytes < f->sector_bytes) {
        return FL_ERR_ARG;
    }
    s->slot_addr[0] = journal_bytes;
    s->slot_addr[1] = journal_bytes + s->slot_bytes;
    s->journal_records = journal_bytes / FL_SLOTS_RECORD_BYTES;
    return FL_OK;
}

fl_status_t fl_slots_check_hash(const fl_slots_t *s, uint32_t slot, uint32_t size, const uint8_t sha[32])
{
    const uint8_t *blob;
    uint8_t digest[32];
    uint8_t diff = 0;
    int i;
    if (slot > 1u || size > s->slot_bytes) {
        return FL_ERR_MISMATCH;
    }
    blob = fl_flash_map(s->cfg.flash, s->slot_addr[slot], size);
    if (blob == NULL) {
        return FL_ERR_UNSUPPORTED;
    }
    if (s->cfg.sha256(s->cfg.sha256_user, blob, size, digest) != FL_OK) {
        return FL_ERR_IO;
    }
    for (i = 0; i < 32; i++) {
        diff = (uint8_t)(diff | (digest[i] ^ sha[i]));
    }
    return diff == 0u ? FL_OK : FL_ERR_MISMATCH;
}

void fl_slots_fallback(const fl_slots_state_t *cur, fl_slots_state_t *next)
{
    *next = *cur;
    next->has_last = 1u;
    next->last_code = FL_OTA_ROLLED_BACK;
    next->last_offer_id = cur->active.offer_id;
    next->active = cur->previous;
    memset(&next->previous, 0, sizeof next->previous);
    next->previous.slot = FL_SLOTS_NONE;
    next->confirmed = 1u;
    next->trial_count = 0;
    next->last_version = next->active.valid ? next->active.version : 0u;
}

/* A cut while a chunk was programmed leaves bytes past the committed end. The sector holding the committed end
 * must be erased beyond it before the transfer resumes (program only into erased bytes). With a scratch
 * buffer: keep the sector's committed prefix, rewind the journal to the sector start (so a second cut during the
 * repair is still safe), erase, program the prefix back, commit the original length again. Without: rewind. */
static fl_status_t repair_pending(fl_slots_t *s)
{
    const fl_flash_t *f = s->cfg.flash;
    uint32_t flash_end = s->st.pending_written - s->st.pending_tail_len; /* whole words programmed */
    uint32_t base = s->slot_addr[s->st.pending_slot];
    uint32_t sec_start = flash_end / f->sector_bytes * f->sector_bytes;
    uint32_t prefix = flash_end - sec_start;
    fl_slots_state_t rewind, keep;
    fl_status_t e;
    if (prefix == 0u) {
        return FL_OK; /* the next write enters a fresh sector and erases it */
    }
    e = fl_flash_check_erased(f, base + flash_end, f->sector_bytes - prefix);
    if (e != FL_ERR_STATE) {
        return e;
    }
    keep = s->st;
    rewind = s->st;
    rewind.pending_written = sec_start;
    rewind.pending_tail_len = 0;
    if (s->cfg.scratch != NULL) {
        FL_TRY(fl_flash_read(f, base + sec_start, s->cfg.scratch, prefix));
    }
    FL_TRY(fl_slots_journal_commit(s, &rewind));
    FL_TRY(fl_flash_erase_sector(f, base + sec_start));
    if (s->cfg.scratch != NULL) {
        FL_TRY(fl_flash_program(f, base + sec_start, s->cfg.scratch, prefix));
        FL_TRY(fl_slots_journal_commit(s, &keep));
    }
    return FL_OK;
}

/* The active slot must still hold what was activated; if not, the previous one (if intact) takes over. */
static fl_status_t verify_active(fl_slots_t *s)
{
    fl_slots_state_t next;
    fl_status_t e;
    if (!s->st.active.valid) {
        return FL_OK;
    }
    e = fl_slots_check_hash(s, s->st.active.slot, s->st.active.size, s->st.active.sha256);
    if (e == FL_OK || (e != FL_ERR_MISMATCH)) {
        return e;
    }
    if (s->st.previous.valid &&
        fl_slots_check_hash(s, s->st.previous.slot, s->st.previous.size, s->st.previous.sha256) == FL_OK) {
        fl_slots_fallback(&s->st, &next);
    } else {
        next = s->st;
        memset(&next.active, 0, sizeof next.active);
        next.active.slot = FL_SLOTS_NONE;
        next.confirmed = 1u;
        next.trial_count = 0;
    }
    return fl_slots_journal_commit(s, &next);
}

/* A boot without confirm counts against the trial. */
static fl_status_t count_boot(fl_slots_t *s)
{
    fl_slots_state_t next;
    if (!s->st.active.valid || s->st.confirmed) {
        return FL_OK;
    }
    if (!s->st.previous.valid && s->st.trial_count >= s->cfg.trial_limit) {
        return FL_OK; /* nothing to fall back to (a first install): stop spending a record per boot */
    }
    next = s->st;
    next.trial_count++;
    if (next.trial_count >= s->cfg.trial_limit && s->st.previous.valid &&
        fl_slots_check_hash(s, s->st.previous.slot, s->st.previous.size, s->st.previous.sha256) == FL_OK) {
        fl_slots_fallback(&s->st, &next);
    }
    return fl_slots_journal_commit(s, &next);
}

fl_status_t fl_slots_mount(fl_slots_t *s, const fl_slots_config_t *cfg)
{
    if (s == NULL || cfg == NULL) {
        return FL_ERR_ARG;
    }
    memset(s, 0, sizeof *s);
    s->cfg = *cfg;
    if (s->cfg.trial_limit == 0u) {
        s->cfg.trial_limit = FL_SLOTS_DEFAULT_TRIAL_LIMIT;
    }
    FL_TRY(geometry(s));
    FL_TRY(fl_slots_journal_load(s));
    if (s->st.pending && (s->st.pending_slot > 1u || s->st.pending_written > s->st.offer.size_bytes ||
                          s->st.offer.size_bytes > s->slot_bytes ||
                          s->st.pending_tail_len >= cfg->flash->program_unit)) {
        fl_slots_state_t next = s->st;
        next.pending = 0; /* a record from another geometry: drop the download, keep the models */
        FL_TRY(fl_slots_journal_commit(s, &next));
    }
    if (s->st.pending) {
        FL_TRY(repair_pending(s));
    }
    FL_TRY(verify_active(s));
    FL_TRY(count_boot(s));
    s->mounted = 1u;
    return FL_OK;
}
