/* SPDX-License-Identifier: MIT */
/* Model slots with safe updates (docs/model-slots.md): two model slots and a journal on a NOR flash
 * (fl_flash.h). An OTA download goes into the slot that is not running, in chunks at offsets, and survives a
 * power cut at any byte: every accepted chunk is committed by a journal record, so a resumed transfer re-sends
 * at most the chunk that was in flight. finish() checks SHA-256 and the ECDSA P-256 signature over the artifact,
 * loads it with the model loader and runs its self-test vector before one journal record activates it. A new
 * model is on trial until fl_slots_confirm(): each boot and each reported fault counts, and at trial_limit the
 * device falls back to the previous slot (FL_OTA_ROLLED_BACK).
 *
 * Crypto comes from the caller (the core has none): sha256 (fl_model.h's fl_sha256_fn) and ecdsa_p256_verify.
 * Memory comes from the caller: the fl_slots_t itself, an arena for the model load + self-test, and an optional
 * sector-sized scratch buffer for repairs after a cut (without it a resume after a cut mid-sector restarts at
 * the sector's start).
 *
 * Journal records are 512 bytes, each a full snapshot of the state with a sequence number and a CRC-32; mount
 * takes the valid record with the highest sequence number. The flash needs map() (read in place). */
#ifndef FL_SLOTS_H
#define FL_SLOTS_H

#include <stddef.h>
#include <stdint.h>

#include "fl_export.h"
#include "fl_flash.h"
#include "fl_model.h"
#include "fl_proto.h"
#include "fl_status.h"

#ifdef __cplusplus
extern "C" {
#endif

#define FL_SLOTS_RECORD_BYTES 512u     /* one journal record */
#define FL_SLOTS_PUBLIC_KEY_BYTES 65u  /* uncompressed P-256 point 0x04 || X || Y */
#define FL_SLOTS_SIGNATURE_BYTES 64u   /* r || s */
#define FL_SLOTS_CHUNK_MAX 1024u       /* largest write_chunk (the protocol's chunk limit) */
#define FL_SLOTS_PROGRAM_UNIT_MAX 64u  /* largest flash word the journal can carry a partial tail of */
#define FL_SLOTS_DEFAULT_TRIAL_LIMIT 3u
#define FL_SLOTS_NONE 0xFFu            /* no slot */

/* Verify an ECDSA P-256 signature (r || s, 64 bytes) over a SHA-256 digest with an uncompressed public key.
 * FL_OK if it verifies, FL_ERR_MISMATCH if it does not (including a malformed signature or key), another error
 * if the implementation itself failed. */
typedef fl_status_t (*fl_ecdsa_p256_verify_fn)(void *user, const uint8_t public_key[FL_SLOTS_PUBLIC_KEY_BYTES],
                                               const uint8_t digest[32],
                                               const uint8_t signature[FL_SLOTS_SIGNATURE_BYTES]);

typedef struct {
    const fl_flash_t *flash;        /* must outlive the slots */
    uint32_t journal_sectors;       /* >= 2, at the start of the flash; the two slots share the rest */
    fl_sha256_fn sha256;
    void *sha256_user;
    fl_ecdsa_p256_verify_fn ecdsa_p256_verify;
    void *verify_user;
    uint8_t public_key[FL_SLOTS_PUBLIC_KEY_BYTES]; /* the trusted signing key */
    void *arena_mem;                /* model load + self-test in finish(); the model's arena_bytes at least */
    size_t arena_bytes;
    uint8_t *scratch;               /* optional, flash->sector_bytes: keeps a sector's committed prefix */
    uint32_t trial_limit;           /* boots + faults without confirm before the fallback; 0 = default (3) */
    uint32_t allow_no_selftest;     /* 0: a model without a self-test section is INCOMPATIBLE (the default) */
} fl_slots_config_t;

/* A model that sits in a slot (journal state). Fixed-width fields only. */
typedef struct {
    uint32_t valid;                 /* 0/1 */
    uint32_t slot;                  /* 0 or 1 */
    uint32_t size;
    uint32_t version;
    uint32_t offer_id;
    uint8_t sha256[32];
    char model_id[FL_MODEL_ID_BYTES];
} fl_slots_model_t;

/* The journal's state. Fixed-width fields only. */
typedef struct {
    uint32_t seq;                   /* of the record it was read from / last written */
    fl_slots_model_t active, previous;
    uint32_t confirmed;             /* the active model passed its trial */
    uint32_t trial_count;           /* boots + faults since activation, while not confirmed */
    uint32_t pending;               /* 0/1: a download is in progress */
    uint32_t pending_slot;
    uint32_t pending_written;       /* bytes accepted (committed); the resume offset */
    uint32_t pending_tail_len;      /* accepted bytes past the last whole flash word, kept in the journal */
    uint8_t pending_tail[FL_SLOTS_PROGRAM_UNIT_MAX];
    fl_ota_offer_t offer;           /* the pending offer (chunk_size ignored) */
    uint32_t has_last;              /* 0/1: last_code holds the outcome of the last finished or rolled back offer */
    uint32_t last_code;             /* fl_ota_code_t */
    uint32_t last_offer_id;
    uint32_t last_version;          /* active model version after that outcome */
} fl_slots_state_t;

/* The whole thing; caller-allocated (fl_slots_sizeof() for bindings), treat as opaque. */
typedef struct {
    fl_slots_config_t cfg;
    fl_slots_state_t st;
    uint32_t mounted;
    uint32_t slot_addr[2];
    uint32_t slot_bytes;
    uint32_t journal_records;       /* records the ring holds */
    uint32_t next_record;           /* where the next record goes */
    uint32_t already_active_offer;  /* begin() saw an offer of the active model: finish() says ACTIVATED */
    uint32_t already_active_valid;
    uint32_t records_written;       /* since mount (a figure for the docs' wear estimate) */
} fl_slots_t;

/* What a binding shows (fl_slots_get_status). Fixed-width fields only; C# mirrors it (a layout test checks). */
typedef struct {
    uint32_t has_active, active_slot, active_version, active_size, active_offer_id;
    uint32_t confirmed, trial_count, trial_limit;
    uint32_t has_previous, previous_version;
    uint32_t has_pending, pending_offer_id, pending_version, pending_size, pending_written;
    uint32_t has_last, last_code, last_offer_id, last_version;
    uint32_t slot_bytes, journal_seq;
    char active_model_id[FL_MODEL_ID_BYTES];
    char previous_model_id[FL_MODEL_ID_BYTES];
    char pending_model_id[FL_MODEL_ID_BYTES];
} fl_slots_status_t;

/* Read the journal, repair what a power cut left half done, verify the active slot's hash (falling back to the
 * previous slot if it fails), count this boot against an unconfirmed model's trial (falling back at the limit).
 * FL_ERR_ARG for a bad configuration or geometry (docs/model-slots.md), FL_ERR_IO from the flash. */
FL_API FL_NODISCARD fl_status_t fl_slots_mount(fl_slots_t *s, const fl_slots_config_t *cfg);

/* Start or resume an offer. FL_OK: *resume_offset is where the transfer goes on (0 for a new offer, the
 * committed length for the same offer again, size_bytes for an offer of the model already active).
 * FL_ERR_RANGE: refused, *refusal says why: FL_OTA_NO_SPACE (bigger than a slot), FL_OTA_INCOMPATIBLE (size or
 * id not a possible model), FL_OTA_ABORTED (the active model is still on trial). A different offer replaces a
 * pending one. */
FL_API FL_NODISCARD fl_status_t fl_slots_begin(fl_slots_t *s, const fl_ota_offer_t *offer, uint32_t *resume_offset,
                                               fl_ota_code_t *refusal);

/* Accept len (1..FL_SLOTS_CHUNK_MAX) bytes at offset. Only the next expected offset extends the download; a
 * chunk that ends at or before it (a duplicate) is accepted and ignored; one that overlaps it is accepted for
 * its new part. FL_ERR_STATE: no download, or offset past the expected one (resend from the resume offset);
 * FL_ERR_RANGE: past size_bytes; FL_ERR_ARG: len; FL_ERR_IO: flash. */
FL_API FL_NODISCARD fl_status_t fl_slots_write_chunk(fl_slots_t *s, uint32_t offset, const uint8_t *data, size_t len);

/* Verify, load, self-test and activate the complete download. FL_OK: *code is the outcome (FL_OTA_ACTIVATED,
 * FL_OTA_HASH_MISMATCH, FL_OTA_BAD_SIGNATURE, FL_OTA_INCOMPATIBLE, FL_OTA_SELF_TEST_FAILED), journaled; on
 * anything but ACTIVATED the download is dropped and the active model is unchanged. FL_ERR_STATE: no download or
 * not all bytes received; FL_ERR_UNSUPPORTED: the flash has no map(); FL_ERR_IO: flash or crypto failure. */
FL_API FL_NODISCARD fl_status_t fl_slots_finish(fl_slots_t *s, fl_ota_code_t *code);

/* The active model in place (4-aligned, hash verified at mount). FL_ERR_STATE when there is none. */
FL_API FL_NODISCARD fl_status_t fl_slots_active(const fl_slots_t *s, const uint8_t **blob, uint32_t *len);

/* The active model is healthy: its trial ends, faults no longer roll it back. */
FL_API FL_NODISCARD fl_status_t fl_slots_confirm(fl_slots_t *s);

/* The active model faulted. While it is on trial this counts; at trial_limit the device falls back to the
 * previous slot and *rolled_back is 1 (the status's last_code is then FL_OTA_ROLLED_BACK). */
FL_API FL_NODISCARD fl_status_t fl_slots_report_fault(fl_slots_t *s, uint32_t *rolled_back);

FL_API FL_NODISCARD fl_status_t fl_slots_get_status(const fl_slots_t *s, fl_slots_status_t *status);

FL_API size_t fl_slots_sizeof(void);
FL_API size_t fl_slots_status_sizeof(void);

#ifdef __cplusplus
}
#endif

#endif /* FL_SLOTS_H */
