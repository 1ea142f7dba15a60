/* SPDX-License-Identifier: MIT */
/* After activation: the active model in place, confirm, faults (the fallback at the trial limit), status. */
#include <string.h>

#include "fl_slots_internal.h"

fl_status_t fl_slots_active(const fl_slots_t *s, const uint8_t **blob, uint32_t *len)
{
    const uint8_t *p;
    if (s == NULL || blob == NULL || len == NULL) {
        return FL_ERR_ARG;
    }
    if (!s->mounted || !s->st.active.valid) {
        return FL_ERR_STATE;
    }
    p = fl_flash_map(s->cfg.flash, s->slot_addr[s->st.active.slot], s->st.active.size);
    if (p == NULL) {
        return FL_ERR_UNSUPPORTED;
    }
    *blob = p;
    *len = s->st.active.size;
    return FL_OK;
}

fl_status_t fl_slots_confirm(fl_slots_t *s)
{
    fl_slots_state_t next;
    if (s == NULL) {
        return FL_ERR_ARG;
    }
    if (!s->mounted || !s->st.active.valid) {
        return FL_ERR_STATE;
    }
    if (s->st.confirmed) {
        return FL_OK;
    }
    next = s->st;
    next.confirmed = 1u;
    next.trial_count = 0;
    return fl_slots_journal_commit(s, &next);
}

fl_status_t fl_slots_report_fault(fl_slots_t *s, uint32_t *rolled_back)
{
    fl_slots_state_t next;
    if (s == NULL || rolled_back == NULL) {
        return FL_ERR_ARG;
    }
    *rolled_back = 0;
    if (!s->mounted) {
        return FL_ERR_STATE;
    }
    if (!s->st.active.valid || s->st.confirmed) {
        return FL_OK; /* a confirmed model is past its trial: faults are the application's to handle */
    }
    next = s->st;
    next.trial_count++;
    if (next.trial_count >= s->cfg.trial_limit && s->st.previous.valid &&
        fl_slots_check_hash(s, s->st.previous.slot, s->st.previous.size, s->st.previous.sha256) == FL_OK) {
        fl_slots_fallback(&s->st, &next);
        *rolled_back = 1u;
    }
    return fl_slots_journal_commit(s, &next);
}

fl_status_t fl_slots_get_status(const fl_slots_t *s, fl_slots_status_t *o)
{
    const fl_slots_state_t *st;
    if (s == NULL || o == NULL) {
        return FL_ERR_ARG;
    }
    if (!s->mounted) {
        return FL_ERR_STATE;
    }
    st = &s->st;
    memset(o, 0, sizeof *o);
    o->has_active = st->active.valid;
    o->active_slot = st->active.valid ? st->active.slot : FL_SLOTS_NONE;
    o->active_version = st->active.version;
    o->active_size = st->active.size;
    o->active_offer_id = st->active.offer_id;
    memcpy(o->active_model_id, st->active.model_id, FL_MODEL_ID_BYTES);
    o->confirmed = st->confirmed;
    o->trial_count = st->trial_count;
    o->trial_limit = s->cfg.trial_limit;
    o->has_previous = st->previous.valid;
    o->previous_version = st->previous.version;
    memcpy(o->previous_model_id, st->previous.model_id, FL_MODEL_ID_BYTES);
    o->has_pending = st->pending;
    if (st->pending) {
        o->pending_offer_id = st->offer.offer_id;
        o->pending_version = st->offer.model_version;
        o->pending_size = st->offer.size_bytes;
        o->pending_written = st->pending_written;
        memcpy(o->pending_model_id, st->offer.model_id, FL_MODEL_ID_BYTES);
    }
    o->has_last = st->has_last;
    o->last_code = st->last_code;
    o->last_offer_id = st->last_offer_id;
    o->last_version = st->last_version;
    o->slot_bytes = s->slot_bytes;
    o->journal_seq = st->seq;
    return FL_OK;
}

size_t fl_slots_sizeof(void)
{
    return sizeof(fl_slots_t);
}

size_t fl_slots_status_sizeof(void)
{
    return sizeof(fl_slots_status_t);
}
