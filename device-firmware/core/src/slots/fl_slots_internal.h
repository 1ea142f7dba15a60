/* SPDX-License-Identifier: MIT */
/* Private to src/slots: the journal (record codec, ring scan, commit) and the helpers the slot operations
 * share. */
#ifndef FL_SLOTS_INTERNAL_H
#define FL_SLOTS_INTERNAL_H

#include "fl/fl_slots.h"

/* Decode a 512-byte record: FL_OK when magic, format and CRC hold, FL_ERR_FORMAT otherwise. */
FL_NODISCARD fl_status_t fl_slots_record_decode(const uint8_t rec[FL_SLOTS_RECORD_BYTES], fl_slots_state_t *st);
void fl_slots_record_encode(const fl_slots_state_t *st, uint8_t rec[FL_SLOTS_RECORD_BYTES]);

/* Scan the ring: s->st = the newest valid record (or a fresh state), s->next_record after it. */
FL_NODISCARD fl_status_t fl_slots_journal_load(fl_slots_t *s);

/* Append `next` (seq = the current seq + 1) and make it the state. A cut leaves the previous record in force. */
FL_NODISCARD fl_status_t fl_slots_journal_commit(fl_slots_t *s, const fl_slots_state_t *next);

/* SHA-256 of slot `slot`'s first `size` bytes, compared with `sha`: FL_OK, FL_ERR_MISMATCH, or an error. */
FL_NODISCARD fl_status_t fl_slots_check_hash(const fl_slots_t *s, uint32_t slot, uint32_t size, const uint8_t sha[32]);

/* Fall back to the previous model (activating it, recording FL_OTA_ROLLED_BACK) in `next`. */
void fl_slots_fallback(const fl_slots_state_t *cur, fl_slots_state_t *next);

uint32_t fl_slots_crc32(const uint8_t *p, size_t n);

#endif /* FL_SLOTS_INTERNAL_H */
