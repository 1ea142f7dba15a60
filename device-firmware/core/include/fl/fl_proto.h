/* SPDX-License-Identifier: MIT */
/* Fleet protocol v1 (docs/protocol.md): the nine device <-> gateway messages and their deterministic CBOR codec.
 *
 * Ownership and memory: no allocation anywhere. fl_msg_t is self-contained (strings, boxes, hashes and chunk data
 * are fixed arrays inside it), the caller owns it and every buffer passed in. The codec keeps no state, so it is
 * reentrant and thread-safe on distinct messages; it uses a few hundred bytes of stack and time linear in the
 * payload (fl_msg_t itself is ~1.1 KB: keep it static or in a task's context, not on a small ISR stack).
 *
 * Errors (fl_status_t), matching the gateway's rejection reasons (docs/protocol.md §4):
 *   FL_ERR_ARG          NULL pointer where the contract forbids it.
 *   FL_ERR_NO_MEM       encode: out_cap too small for the message (nothing useful is left in out).
 *   FL_ERR_FORMAT       decode, `malformed`: not well-formed core-deterministic CBOR (truncated, trailing bytes,
 *                       non-shortest integer or length, indefinite length, tag, float, reserved or stray break
 *                       byte, simple value < 32 in two bytes), a top level that is not a map, or a payload
 *                       longer than FL_PROTO_MAX_PAYLOAD (the gateway checks that first and says `oversized`).
 *   FL_ERR_UNSUPPORTED  decode, `unsupported_version`: key 0 is an unsigned integer other than 1.
 *   FL_ERR_MISMATCH     decode with an expected type, `type_mismatch`: key 1 differs from the expected type.
 *   FL_ERR_RANGE        `invalid_field`: a missing mandatory, duplicate, out-of-order or unknown key (optional
 *                       keys, telemetry 15..17 and config 12..14, may each be absent; a key that is not
 *                       an unsigned integer, or a pair beyond the type's last key, is unknown), a value of the
 *                       wrong CBOR type, a number or length outside its range, a character outside the field's set,
 *                       an unknown message type, a box that is not an array of exactly 6 items, a broken rule
 *                       across fields (reject_reason with apply_result 0; one quiet-hours key without the other;
 *                       judged after the whole map is read).
 *                       encode: the same rules applied to the struct (e.g. a string without a NUL within its
 *                       array, box_count > 16, data_len 0, a has_ presence byte other than 0 or 1), so encode never emits bytes decode would reject.
 * Decode reports the first error met in byte order. Each item is first read whole (well-formedness, FORMAT) and
 * only then judged (RANGE), so a truncated over-long string is FORMAT, a complete over-long string is RANGE. */
#ifndef FL_PROTO_H
#define FL_PROTO_H

#include <stddef.h>
#include <stdint.h>

#include "fl_export.h"
#include "fl_status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Limits (docs/protocol.md §2.1) ---------------------------------------------------------------------- */
#define FL_PROTO_SCHEMA_VERSION 1u
#define FL_PROTO_MAX_PAYLOAD 4096u    /* bytes; an out buffer of this size always suffices for encode */
#define FL_PROTO_DEVICE_ID_MAX 32u    /* bytes, 1..32 of [A-Za-z0-9._-] */
#define FL_PROTO_MODEL_ID_MAX 31u     /* bytes, 0..31 of [A-Za-z0-9._-] (1..31 in an OTA offer) */
#define FL_PROTO_FW_VERSION_MAX 23u   /* bytes, 0..23 printable ASCII (0x20..0x7E) */
#define FL_PROTO_LABEL_MAX 15u        /* bytes, 0..15 printable ASCII */
#define FL_PROTO_MAX_BOXES 16u        /* boxes per detection */
#define FL_PROTO_CHUNK_MAX 1024u      /* OTA chunk data, chunk_size and request length: 1..1024 */
#define FL_PROTO_SHA256_LEN 32u
#define FL_PROTO_SIGNATURE_LEN 64u
#define FL_PROTO_OTA_SIZE_MAX 16777216u /* OTA artifact size_bytes: 1..16 MiB */
#define FL_PROTO_LEDGER_STATES 8u     /* telemetry key 15, wake_ledger: exactly this many entries when present */
#define FL_PROTO_REJECT_REASON_MAX 63u /* reported config key 12, reject_reason */
#define FL_PROTO_QUIET_MIN_MAX 1439u   /* config keys 13/14, quiet hours: minutes after midnight, 0..1439 */

/* ---- Enumerations. Struct fields that hold them are uint8_t so the layout is the same in C and C#. ---------- */
typedef enum {
    FL_MSG_DETECTION = 1,
    FL_MSG_TELEMETRY = 2,
    FL_MSG_STATUS = 3,
    FL_MSG_DESIRED_CONFIG = 4,
    FL_MSG_REPORTED_CONFIG = 5,
    FL_MSG_OTA_OFFER = 6,
    FL_MSG_OTA_CHUNK_REQUEST = 7,
    FL_MSG_OTA_CHUNK = 8,
    FL_MSG_OTA_RESULT = 9
} fl_msg_type_t;

/* Passed as expected_type to fl_proto_decode_expect() to accept any of the nine types. */
#define FL_MSG_ANY 0u

typedef enum { FL_DETECTOR_FACE = 0, FL_DETECTOR_SMILE = 1, FL_DETECTOR_THERMAL_PERSON = 2,
               FL_DETECTOR_CLASSIFIER = 3 } fl_detector_t;
typedef enum { FL_STATE_OFFLINE = 0, FL_STATE_ONLINE = 1, FL_STATE_SLEEPING = 2 } fl_device_state_t;
typedef enum { FL_WAKE_NONE = 0, FL_WAKE_TIMER = 1, FL_WAKE_INTERRUPT = 2, FL_WAKE_POWER_ON = 3,
               FL_WAKE_WATCHDOG = 4 } fl_wake_reason_t;
/* Index of each entry of the telemetry wake ledger (key 15): charge in microcoulombs per state of one wake.
 * Sleep is the sleep that ended with this wake; the order is fixed by docs/protocol.md and never changes. */
typedef enum { FL_LEDGER_SLEEP = 0, FL_LEDGER_WAKE = 1, FL_LEDGER_WARMUP = 2, FL_LEDGER_CAPTURE = 3,
               FL_LEDGER_DETECT = 4, FL_LEDGER_RADIO_CONNECT = 5, FL_LEDGER_RADIO_TX = 6,
               FL_LEDGER_RADIO_RX = 7 } fl_ledger_state_t;
typedef enum { FL_APPLY_APPLIED = 0, FL_APPLY_REJECTED_INVALID = 1,
               FL_APPLY_REJECTED_MODEL_MISSING = 2 } fl_apply_result_t;
typedef enum { FL_OTA_ACTIVATED = 0, FL_OTA_HASH_MISMATCH = 1, FL_OTA_BAD_SIGNATURE = 2, FL_OTA_NO_SPACE = 3,
               FL_OTA_ABORTED = 4, FL_OTA_INCOMPATIBLE = 5, FL_OTA_TIMED_OUT = 6,
               FL_OTA_SELF_TEST_FAILED = 7, FL_OTA_ROLLED_BACK = 8,
               FL_OTA_DEFERRED_LOW_BATTERY = 9 /* offer refused for a low cell, not a failed transfer */
} fl_ota_code_t;

/* ---- Messages. Strings are NUL-terminated inside arrays of limit + 1 bytes. Fields are ordered by size so the
 * only padding is at struct ends and before fl_msg_t.body; fl_proto_abi_offsetof() exports every offset for C#. */

/* Box: [x, y, w, h, score_pmy, label], pixels of the captured frame. */
typedef struct {
    uint16_t x;
    uint16_t y;
    uint16_t w;
    uint16_t h;
    uint16_t score_pmy;                     /* 0..10000 */
    char label[FL_PROTO_LABEL_MAX + 1];
} fl_box_t;

/* Type 1, up/detection. */
typedef struct {
    uint64_t device_time_ms;                /* Unix ms, device clock */
    uint32_t seq;
    uint32_t model_version;
    uint32_t inference_us;
    uint32_t inference_macs;
    uint32_t energy_uj;                     /* spent in this wake so far */
    uint8_t detector;                       /* fl_detector_t */
    uint8_t box_count;                      /* 0..16 valid entries of boxes */
    char model_id[FL_PROTO_MODEL_ID_MAX + 1];
    fl_box_t boxes[FL_PROTO_MAX_BOXES];
} fl_detection_t;

/* Type 2, up/telemetry. */
typedef struct {
    uint64_t device_time_ms;
    uint32_t seq;
    uint32_t charge_used_uah;               /* since the battery was fitted */
    uint32_t wake_count;
    uint32_t uptime_s;
    uint32_t model_version;
    uint16_t battery_mv;
    uint16_t soc_pm;                        /* 0..1000 */
    int16_t temperature_cc;                 /* hundredths of a degree Celsius */
    int8_t rssi_dbm;
    char firmware_version[FL_PROTO_FW_VERSION_MAX + 1];
    char model_id[FL_PROTO_MODEL_ID_MAX + 1];
    /* Optional key 15. Appended after the v1 fields so their offsets do not move (offset 91 and 92: no
     * padding). 0 = absent (not encoded), FL_PROTO_LEDGER_STATES = present; any other count is invalid. */
    uint8_t wake_ledger_count;
    uint32_t wake_ledger_uc[FL_PROTO_LEDGER_STATES]; /* indexed by fl_ledger_state_t */
    /* Optional keys 16 and 17, each present when its has_ byte is 1 (0 = absent): items the device's queue
     * dropped since it was provisioned (running totals kept across reboots). */
    uint8_t has_dropped_telemetry;
    uint8_t has_dropped_detections;
    uint32_t dropped_telemetry;
    uint32_t dropped_detections;
} fl_telemetry_t;

/* Type 3, up/status (retained; also the MQTT will). */
typedef struct {
    uint64_t device_time_ms;
    uint32_t seq;
    uint32_t next_wake_s;                   /* 0 when not sleeping */
    uint8_t state;                          /* fl_device_state_t */
    uint8_t wake_reason;                    /* fl_wake_reason_t */
    char firmware_version[FL_PROTO_FW_VERSION_MAX + 1];
} fl_status_msg_t;

/* Keys 3..10 shared by types 4 and 5. */
typedef struct {
    uint32_t config_version;
    uint32_t wake_interval_s;               /* 1..86400 */
    uint32_t model_version;
    uint16_t telemetry_every;               /* 1..1000 */
    uint16_t score_threshold_pmy;           /* 0..10000 */
    uint8_t detector;                       /* fl_detector_t */
    uint8_t report_empty;                   /* 0 false, 1 true (a byte, not _Bool, for a fixed ABI) */
    char model_id[FL_PROTO_MODEL_ID_MAX + 1];
} fl_config_t;

/* Type 4, down/config. */
typedef struct {
    fl_config_t config;
    /* Optional keys 13 and 14, quiet hours (both or neither): present when the has_ byte is 1. Outside
     * fl_config_t so that the reported config's apply_result keeps its offset. */
    uint8_t has_quiet_start_min;
    uint8_t has_quiet_end_min;
    uint16_t quiet_start_min;               /* 0..1439 */
    uint16_t quiet_end_min;                 /* 0..1439 */
} fl_desired_config_t;

/* Type 5, up/config. */
typedef struct {
    fl_config_t config;
    uint8_t apply_result;                   /* fl_apply_result_t */
    /* Optional key 12, only with apply_result != 0: the validator's reason (0..63 printable ASCII). */
    uint8_t has_reject_reason;
    char reject_reason[FL_PROTO_REJECT_REASON_MAX + 1];
    /* Optional keys 13 and 14 as in fl_desired_config_t (both or neither). */
    uint8_t has_quiet_start_min;
    uint8_t has_quiet_end_min;
    uint16_t quiet_start_min;
    uint16_t quiet_end_min;
} fl_reported_config_t;

/* Type 6, down/ota/offer. */
typedef struct {
    uint32_t offer_id;
    uint32_t model_version;
    uint32_t size_bytes;                    /* 1..16777216 */
    uint16_t chunk_size;                    /* 1..1024 */
    char model_id[FL_PROTO_MODEL_ID_MAX + 1]; /* 1..31 chars here */
    uint8_t sha256[FL_PROTO_SHA256_LEN];
    uint8_t signature[FL_PROTO_SIGNATURE_LEN]; /* ECDSA P-256 r || s, docs/model-signing.md */
} fl_ota_offer_t;

/* Type 7, up/ota/request. */
typedef struct {
    uint32_t offer_id;
    uint32_t offset;                        /* bytes into the artifact */
    uint16_t length;                        /* 1..1024 */
} fl_ota_chunk_request_t;

/* Type 8, down/ota/chunk. */
typedef struct {
    uint32_t offer_id;
    uint32_t offset;
    uint16_t data_len;                      /* 1..1024 valid bytes of data */
    uint8_t data[FL_PROTO_CHUNK_MAX];
} fl_ota_chunk_t;

/* Type 9, up/ota/result. */
typedef struct {
    uint32_t offer_id;
    uint32_t active_model_version;          /* the version running after this result */
    uint8_t code;                           /* fl_ota_code_t */
} fl_ota_result_t;

/* Any message: keys 1 (type) and 2 (device id) plus the body that `type` selects. Key 0 (schema) is implied. */
typedef struct {
    uint8_t type;                           /* fl_msg_type_t */
    char device_id[FL_PROTO_DEVICE_ID_MAX + 1]; /* 1..32 chars */
    union {
        fl_detection_t detection;
        fl_telemetry_t telemetry;
        fl_status_msg_t status;
        fl_desired_config_t desired_config;
        fl_reported_config_t reported_config;
        fl_ota_offer_t ota_offer;
        fl_ota_chunk_request_t ota_chunk_request;
        fl_ota_chunk_t ota_chunk;
        fl_ota_result_t ota_result;
    } body;
} fl_msg_t;

/* ---- Codec ------------------------------------------------------------------------------------------------ */

/* Encode `msg` as one deterministic CBOR map into out[0..out_cap).
 * out may be NULL (then out_cap is ignored) for a sizing pass: *out_len gets the size and nothing is written.
 * On success *out_len is the number of bytes written (<= FL_PROTO_MAX_PAYLOAD). On error *out_len is 0.
 * Errors: FL_ERR_ARG (msg or out_len NULL), FL_ERR_RANGE (a field breaks docs/protocol.md), FL_ERR_NO_MEM. */
FL_API FL_NODISCARD fl_status_t fl_proto_encode(const fl_msg_t *msg, uint8_t *out, size_t out_cap, size_t *out_len);

/* Decode buf[0..len) into *msg, accepting any of the nine types. buf may be NULL only when len is 0.
 * *msg is zeroed first, and zeroed again on error, so it never holds half a message.
 * Errors: see the top of this file. Never reads outside buf[0..len). */
FL_API FL_NODISCARD fl_status_t fl_proto_decode(const uint8_t *buf, size_t len, fl_msg_t *msg);

/* As fl_proto_decode(), but key 1 must equal expected_type (an fl_msg_type_t, or FL_MSG_ANY): the gateway
 * passes the type the topic names and gets FL_ERR_MISMATCH for any other type, known or not. */
FL_API FL_NODISCARD fl_status_t fl_proto_decode_expect(const uint8_t *buf, size_t len, uint32_t expected_type,
                                                       fl_msg_t *msg);

/* ---- Layout exports, so the C# mirror structs can be checked against this compiler's layout ------------- */
typedef enum {
    FL_ABI_MSG = 1,
    FL_ABI_BOX = 2,
    FL_ABI_DETECTION = 3,
    FL_ABI_TELEMETRY = 4,
    FL_ABI_STATUS = 5,
    FL_ABI_CONFIG = 6,
    FL_ABI_DESIRED_CONFIG = 7,
    FL_ABI_REPORTED_CONFIG = 8,
    FL_ABI_OTA_OFFER = 9,
    FL_ABI_OTA_CHUNK_REQUEST = 10,
    FL_ABI_OTA_CHUNK = 11,
    FL_ABI_OTA_RESULT = 12
} fl_proto_abi_struct_t;

/* sizeof the struct, or 0 for an unknown id. */
FL_API uint32_t fl_proto_abi_sizeof(uint32_t struct_id);

/* Number of fields fl_proto_abi_offsetof() knows for the struct (0 for an unknown id). */
FL_API uint32_t fl_proto_abi_field_count(uint32_t struct_id);

/* Byte offset of field `field_id` of the struct, where field ids count the members in declaration order from 0
 * (fl_msg_t: 0 type, 1 device_id, 2 body). UINT32_MAX for an unknown struct or field. */
FL_API uint32_t fl_proto_abi_offsetof(uint32_t struct_id, uint32_t field_id);

#ifdef __cplusplus
}
#endif

#endif /* FL_PROTO_H */
