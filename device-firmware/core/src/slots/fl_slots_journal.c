/* SPDX-License-Identifier: MIT */
/* The journal: a ring of 512-byte records over journal_sectors sectors. Each record is a full snapshot of the
 * state, so mount needs only the newest valid one (highest sequence number, magic and CRC-32 intact). A record is
 * appended at the next free place; a cut while it is programmed leaves a torn record whose CRC fails, and the
 * previous record stays in force. Entering a sector erases it first; with at least two sectors the newest record
 * always lies in another sector, so an erase never destroys the state in force. */
#include <string.h>

#include "fl_slots_internal.h"

#define REC_MAGIC 0x4A534C46u /* "FLSJ" */
#define REC_FORMAT 1u
#define OFF_CRC (FL_SLOTS_RECORD_BYTES - 4u)

uint32_t fl_slots_crc32(const uint8_t *p, size_t n)
{
    uint32_t crc = 0xFFFFFFFFu;
    size_t i;
    int k;
    for (i = 0; i < n; i++) {
        crc ^= p[i];
        for (k = 0; k < 8; k++) {
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
        }
    }
    return ~crc;
}

static void put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

static uint32_t get32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

/* Model descriptor: 80 bytes. */
static void put_model(uint8_t *p, const fl_slots_model_t *m)
{
    p[0] = (uint8_t)m->valid;
    p[1] = (uint8_t)m->slot;
    put32(p + 4, m->size);
    put32(p + 8, m->version);
    put32(p + 12, m->offer_id);
    memcpy(p + 16, m->sha256, 32);
    memcpy(p + 48, m->model_id, FL_MODEL_ID_BYTES);
}

static void get_model(const uint8_t *p, fl_slots_model_t *m)
{
    m->valid = p[0];
    m->slot = p[1];
    m->size = get32(p + 4);
    m->version = get32(p + 8);
    m->offer_id = get32(p + 12);
    memcpy(m->sha256, p + 16, 32);
    memcpy(m->model_id, p + 48, FL_MODEL_ID_BYTES);
    m->model_id[FL_MODEL_ID_BYTES - 1u] = '\0';
}

/* Layout (docs/model-slots.md): 0 magic, 4 seq, 8 format, 16 active, 96 previous, 176 trial, 180 pending,
 * 336 tail, 404 last result, 508 CRC-32 of [0, 508). Unused bytes are zero. */
void fl_slots_record_encode(const fl_slots_state_t *st, uint8_t rec[FL_SLOTS_RECORD_BYTES])
{
    uint8_t *p;
    memset(rec, 0, FL_SLOTS_RECORD_BYTES);
    put32(rec, REC_MAGIC);
    put32(rec + 4, st->seq);
    put32(rec + 8, REC_FORMAT);
    put_model(rec + 16, &st->active);
    put_model(rec + 96, &st->previous);
    rec[176] = (uint8_t)st->confirmed;
    rec[177] = (uint8_t)(st->trial_count > 255u ? 255u : st->trial_count);
    p = rec + 180;
    p[0] = (uint8_t)st->pending;
    p[1] = (uint8_t)st->pending_slot;
    put32(p + 4, st->offer.offer_id);
    put32(p + 8, st->offer.model_version);
    put32(p + 12, st->offer.size_bytes);
    put32(p + 16, st->pending_written);
    memcpy(p + 20, st->offer.sha256, 32);
    memcpy(p + 52, st->offer.signature, 64);
    memcpy(p + 116, st->offer.model_id, FL_MODEL_ID_BYTES);
    p = rec + 336;
    p[0] = (uint8_t)st->pending_tail_len;
    memcpy(p + 4, st->pending_tail, FL_SLOTS_PROGRAM_UNIT_MAX);
    p = rec + 404;
    p[0] = (uint8_t)st->has_last;
    p[1] = (uint8_t)st->last_code;
    put32(p + 4, st->last_offer_id);
    put32(p + 8, st->last_version);
    put32(rec + OFF_CRC, fl_slots_crc32(rec, OFF_CRC));
}

fl_status_t fl_slots_record_decode(const uint8_t rec[FL_SLOTS_RECORD_BYTES], fl_slots_state_t *st)
{
    const uint8_t *p;
    if (get32(rec) != REC_MAGIC || get32(rec + 8) != REC_FORMAT ||
        get32(rec + OFF_CRC) != fl_slots_crc32(rec, OFF_CRC)) {
        return FL_ERR_FORMAT;
    }
    memset(st, 0, sizeof *st);
    st->seq = get32(rec + 4);
    get_model(rec + 16, &st->active);
    get_model(rec + 96, &st->previous);
    st->confirmed = rec[176];
    st->trial_count = rec[177];
    p = rec + 180;
    st->pending = p[0];
    st->pending_slot = p[1];
    st->offer.offer_id = get32(p + 4);
    st->offer.model_version = get32(p + 8);
    st->offer.size_bytes = get32(p + 12);
    st->pending_written = get32(p + 16);
    memcpy(st->offer.sha256, p + 20, 32);
    memcpy(st->offer.signature, p + 52, 64);
    memcpy(st->offer.model_id, p + 116, FL_MODEL_ID_BYTES);
    st->offer.model_id[FL_MODEL_ID_BYTES - 1u] = '\0';
    p = rec + 336;
    st->pending_tail_len = p[0] < FL_SLOTS_PROGRAM_UNIT_MAX ? p[0] : 0u;
    memcpy(st->pending_tail, p + 4, FL_SLOTS_PROGRAM_UNIT_MAX);
    p = rec + 404;
    st->has_last = p[0];
    st->last_code = p[1];
    st->last_offer_id = get32(p + 4);
    st->last_version = get32(p + 8);
    return FL_OK;
}

static uint32_t record_addr(uint32_t i)
{
    return i * FL_SLOTS_RECORD_BYTES; /* the journal starts at flash address 0 */
}

fl_status_t fl_slots_journal_load(fl_slots_t *s)
{
    uint8_t rec[FL_SLOTS_RECORD_BYTES];
    fl_slots_state_t cand;
    uint32_t i, newest = 0;
    int found = 0;
    memset(&s->st, 0, sizeof s->st);
    s->st.active.slot = FL_SLOTS_NONE;
    s->st.previous.slot = FL_SLOTS_NONE;
    s->st.confirmed = 1u;
    for (i = 0; i < s->journal_records; i++) {
        FL_TRY(fl_flash_read(s->cfg.flash, record_addr(i), rec, sizeof rec));
        if (fl_slots_record_decode(rec, &cand) != FL_OK) {
            continue;
        }
        if (!found || cand.seq > s->st.seq) {
            s->st = cand;
            newest = i;
            found = 1;
        }
    }
    s->next_record = found ? (newest + 1u) % s->journal_records : 0u;
    return FL_OK;
}

fl_status_t fl_slots_journal_commit(fl_slots_t *s, const fl_slots_state_t *next)
{
    uint8_t rec[FL_SLOTS_RECORD_BYTES];
    const fl_flash_t *f = s->cfg.flash;
    uint32_t per_sector = f->sector_bytes / FL_SLOTS_RECORD_BYTES;
    uint32_t tries;
    fl_slots_state_t st = *next;
    st.seq = s->st.seq + 1u;
    fl_slots_record_encode(&st, rec);
    /* Skip places a cut left torn; entering a sector erases it (it holds only older records). */
    for (tries = 0; tries < s->journal_records; tries++) {
        uint32_t i = s->next_record;
        uint32_t addr = record_addr(i);
        fl_status_t e;
        if (i % per_sector == 0u) {
            FL_TRY(fl_flash_erase_sector(f, addr));
            e = FL_OK;
        } else {
            e = fl_flash_check_erased(f, addr, FL_SLOTS_RECORD_BYTES);
            if (e != FL_OK && e != FL_ERR_STATE) {
                return e;
            }
        }
        s->next_record = (i + 1u) % s->journal_records;
        if (e == FL_OK) {
            FL_TRY(fl_flash_program(f, addr, rec, sizeof rec));
            s->st = st;
            s->records_written++;
            return FL_OK;
        }
    }
    return FL_ERR_IO; /* every place torn: cannot happen with a working flash */
}
