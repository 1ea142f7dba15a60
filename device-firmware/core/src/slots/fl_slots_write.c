/* SPDX-License-Identifier: MIT */
/* Receiving a download: begin (new, resumed or refused) and chunks at offsets. The flash is programmed in whole
 * words only; the bytes past the last whole word ride in the journal record that commits the chunk, so the
 * committed length is exact and a resume re-sends nothing that was acknowledged. */
#include <string.h>

#include "fl_slots_internal.h"

static int id_ok(const char *id)
{
    size_t n = 0;
    while (n < FL_MODEL_ID_BYTES && id[n] != '\0') {
        char c = id[n];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
              c == '-')) {
            return 0;
        }
        n++;
    }
    return n >= 1u && n < FL_MODEL_ID_BYTES;
}

static int same_offer(const fl_ota_offer_t *a, const fl_ota_offer_t *b)
{
    return a->offer_id == b->offer_id && a->model_version == b->model_version && a->size_bytes == b->size_bytes &&
           memcmp(a->sha256, b->sha256, 32) == 0 && memcmp(a->signature, b->signature, 64) == 0 &&
           strncmp(a->model_id, b->model_id, FL_MODEL_ID_BYTES) == 0;
}

fl_status_t fl_slots_begin(fl_slots_t *s, const fl_ota_offer_t *offer, uint32_t *resume_offset,
                           fl_ota_code_t *refusal)
{
    fl_slots_state_t next;
    if (s == NULL || offer == NULL || resume_offset == NULL || refusal == NULL) {
        return FL_ERR_ARG;
    }
    if (!s->mounted) {
        return FL_ERR_STATE;
    }
    s->already_active_valid = 0;
    if (!id_ok(offer->model_id) || offer->size_bytes < FL_MODEL_HEADER_BYTES ||
        offer->size_bytes > FL_MODEL_MAX_BYTES) {
        *refusal = FL_OTA_INCOMPATIBLE;
        return FL_ERR_RANGE;
    }
    if (offer->size_bytes > s->slot_bytes) {
        *refusal = FL_OTA_NO_SPACE;
        return FL_ERR_RANGE;
    }
    if (s->st.active.valid && s->st.active.size == offer->size_bytes &&
        memcmp(s->st.active.sha256, offer->sha256, 32) == 0) {
        /* Already running (e.g. the result was lost in a cut after activation): nothing to send. */
        s->already_active_offer = offer->offer_id;
        s->already_active_valid = 1u;
        *resume_offset = offer->size_bytes;
        return FL_OK;
    }
    if (s->st.pending && same_offer(&s->st.offer, offer)) {
        *resume_offset = s->st.pending_written;
        return FL_OK;
    }
    if (s->st.active.valid && !s->st.confirmed) {
        /* The other slot holds the fallback of the model on trial: keep it until the trial ends. */
        *refusal = FL_OTA_ABORTED;
        return FL_ERR_RANGE;
    }
    next = s->st;
    next.pending = 1u;
    next.pending_slot = s->st.active.valid ? 1u - s->st.active.slot : 0u;
    next.pending_written = 0;
    next.pending_tail_len = 0;
    memset(next.pending_tail, 0, sizeof next.pending_tail);
    next.offer = *offer;
    next.offer.chunk_size = 0;
    if (next.previous.valid && next.previous.slot == next.pending_slot) {
        memset(&next.previous, 0, sizeof next.previous); /* its slot is about to be overwritten */
        next.previous.slot = FL_SLOTS_NONE;
    }
    FL_TRY(fl_slots_journal_commit(s, &next));
    *resume_offset = 0;
    return FL_OK;
}

/* Program [a, a + n) of the pending slot from words, erasing each sector the range enters at its start (such a
 * sector holds nothing committed). a and n are multiples of the program unit. */
static fl_status_t program_words(fl_slots_t *s, uint32_t a, const uint8_t *words, uint32_t n)
{
    const fl_flash_t *f = s->cfg.flash;
    uint32_t base = s->slot_addr[s->st.pending_slot];
    uint32_t sec = (a + f->sector_bytes - 1u) / f->sector_bytes * f->sector_bytes;
    for (; sec < a + n; sec += f->sector_bytes) {
        FL_TRY(fl_flash_erase_sector(f, base + sec));
    }
    return fl_flash_program(f, base + a, words, n);
}

fl_status_t fl_slots_write_chunk(fl_slots_t *s, uint32_t offset, const uint8_t *data, size_t len)
{
    /* tail + chunk + one padding word, in whole program units */
    uint8_t buf[FL_SLOTS_PROGRAM_UNIT_MAX + FL_SLOTS_CHUNK_MAX + FL_SLOTS_PROGRAM_UNIT_MAX];
    fl_slots_state_t next;
    uint32_t unit, written, skip, take, total, whole, flash_end;
    if (s == NULL || data == NULL || len == 0u || len > FL_SLOTS_CHUNK_MAX) {
        return FL_ERR_ARG;
    }
    if (!s->mounted || !s->st.pending) {
        return FL_ERR_STATE;
    }
    written = s->st.pending_written;
    if (offset > written) {
        return FL_ERR_STATE;
    }
    if ((uint64_t)offset + len <= written) {
        return FL_OK; /* a duplicate: already committed */
    }
    skip = written - offset;
    take = (uint32_t)len - skip;
    if ((uint64_t)written + take > s->st.offer.size_bytes) {
        return FL_ERR_RANGE;
    }
    unit = s->cfg.flash->program_unit;
    flash_end = written - s->st.pending_tail_len;
    memcpy(buf, s->st.pending_tail, s->st.pending_tail_len);
    memcpy(buf + s->st.pending_tail_len, data + skip, take);
    total = s->st.pending_tail_len + take;
    whole = total / unit * unit;
    next = s->st;
    if (written + take == s->st.offer.size_bytes && whole < total) {
        /* The artifact's last partial word: pad with erased bytes and program it now. */
        memset(buf + total, 0xFF, unit - (total - whole));
        whole += unit;
        total = whole;
    }
    if (whole > 0u) {
        FL_TRY(program_words(s, flash_end, buf, whole));
    }
    next.pending_tail_len = total - whole;
    memset(next.pending_tail, 0, sizeof next.pending_tail);
    memcpy(next.pending_tail, buf + whole, next.pending_tail_len);
    next.pending_written = written + take;
    return fl_slots_journal_commit(s, &next);
}
