/* SPDX-License-Identifier: MIT */
/* Protocol v1 (docs/protocol.md §3) as tables. Each row is one key, starting at key 3, in key order. */
#include "proto/fl_proto_schema.h"

#define OFF(member) ((uint16_t)offsetof(fl_msg_t, member))
#define BOX_OFF(member) ((uint16_t)offsetof(fl_box_t, member))
#define SIZE(member) ((uint16_t)sizeof(((fl_msg_t *)0)->member))

#define NUM(kind, member, lo, hi) {(kind), 0, OFF(member), 0, 0, (lo), (hi), 0, 0}
#define U32(member) NUM(FL_FIELD_U32, member, 0, UINT32_MAX)
#define U64(member) NUM(FL_FIELD_U64, member, 0, 0)
#define TEXT(member, cs, lo, hi) {FL_FIELD_TEXT, (cs), OFF(member), 0, SIZE(member), (lo), (hi), 0, 0}
#define MODEL_ID(member) TEXT(member, FL_CHARSET_ID, 0, FL_PROTO_MODEL_ID_MAX)
#define FW_VERSION(member) TEXT(member, FL_CHARSET_PRINTABLE, 0, FL_PROTO_FW_VERSION_MAX)
#define DETECTOR(member) NUM(FL_FIELD_ENUM8, member, 0, FL_DETECTOR_CLASSIFIER)
/* Optional scalar `member` at `key`, present when the uint8_t `flag` is 1. */
#define OPT_NUM(key, kind, member, flag, lo, hi) {(kind), 0, OFF(member), 0, 0, (lo), (hi), (key), OFF(flag)}
#define OPT_QUIET(key, m, which) \
    OPT_NUM(key, FL_FIELD_U16, m.quiet_##which##_min, m.has_quiet_##which##_min, 0, FL_PROTO_QUIET_MIN_MAX)

const fl_field_t fl_proto_device_id_field = {
    FL_FIELD_TEXT, FL_CHARSET_ID, OFF(device_id), 0, SIZE(device_id), 1, FL_PROTO_DEVICE_ID_MAX, 0, 0};

const fl_field_t fl_proto_box_fields[FL_PROTO_BOX_ITEMS] = {
    {FL_FIELD_U16, 0, BOX_OFF(x), 0, 0, 0, UINT16_MAX, 0, 0},
    {FL_FIELD_U16, 0, BOX_OFF(y), 0, 0, 0, UINT16_MAX, 0, 0},
    {FL_FIELD_U16, 0, BOX_OFF(w), 0, 0, 0, UINT16_MAX, 0, 0},
    {FL_FIELD_U16, 0, BOX_OFF(h), 0, 0, 0, UINT16_MAX, 0, 0},
    {FL_FIELD_U16, 0, BOX_OFF(score_pmy), 0, 0, 0, 10000, 0, 0},
    {FL_FIELD_TEXT, FL_CHARSET_PRINTABLE, BOX_OFF(label), 0, (uint16_t)sizeof(((fl_box_t *)0)->label), 0,
     FL_PROTO_LABEL_MAX, 0, 0},
};

static const fl_field_t detection_fields[] = {
    U32(body.detection.seq),
    U64(body.detection.device_time_ms),
    DETECTOR(body.detection.detector),
    {FL_FIELD_BOXES, 0, OFF(body.detection.boxes), OFF(body.detection.box_count), 0, 0, FL_PROTO_MAX_BOXES, 0, 0},
    MODEL_ID(body.detection.model_id),
    U32(body.detection.model_version),
    U32(body.detection.inference_us),
    U32(body.detection.inference_macs),
    U32(body.detection.energy_uj),
};

static const fl_field_t telemetry_fields[] = {
    U32(body.telemetry.seq),
    U64(body.telemetry.device_time_ms),
    NUM(FL_FIELD_U16, body.telemetry.battery_mv, 0, UINT16_MAX),
    NUM(FL_FIELD_U16, body.telemetry.soc_pm, 0, 1000),
    NUM(FL_FIELD_I16, body.telemetry.temperature_cc, INT16_MIN, INT16_MAX),
    U32(body.telemetry.charge_used_uah),
    U32(body.telemetry.wake_count),
    U32(body.telemetry.uptime_s),
    FW_VERSION(body.telemetry.firmware_version),
    MODEL_ID(body.telemetry.model_id),
    U32(body.telemetry.model_version),
    NUM(FL_FIELD_I8, body.telemetry.rssi_dbm, INT8_MIN, INT8_MAX),
    {FL_FIELD_U32_ARRAY_OPT, 0, OFF(body.telemetry.wake_ledger_uc), OFF(body.telemetry.wake_ledger_count),
     SIZE(body.telemetry.wake_ledger_uc), FL_PROTO_LEDGER_STATES, FL_PROTO_LEDGER_STATES, 15, 0},
    OPT_NUM(16, FL_FIELD_U32, body.telemetry.dropped_telemetry, body.telemetry.has_dropped_telemetry, 0,
            UINT32_MAX),
    OPT_NUM(17, FL_FIELD_U32, body.telemetry.dropped_detections, body.telemetry.has_dropped_detections, 0,
            UINT32_MAX),
};

static const fl_field_t status_fields[] = {
    U32(body.status.seq),
    U64(body.status.device_time_ms),
    NUM(FL_FIELD_ENUM8, body.status.state, 0, FL_STATE_SLEEPING),
    FW_VERSION(body.status.firmware_version),
    NUM(FL_FIELD_ENUM8, body.status.wake_reason, 0, FL_WAKE_WATCHDOG),
    U32(body.status.next_wake_s),
};

/* Types 4 and 5 share keys 3..10; the union places both config members at the same offset. */
#define CONFIG_FIELDS(m)                                                                                         \
    U32(m.config_version), NUM(FL_FIELD_U32, m.wake_interval_s, 1, 86400),                                        \
        NUM(FL_FIELD_U16, m.telemetry_every, 1, 1000), NUM(FL_FIELD_U16, m.score_threshold_pmy, 0, 10000),     \
        DETECTOR(m.detector), MODEL_ID(m.model_id), U32(m.model_version), NUM(FL_FIELD_BOOL, m.report_empty, 0, 1)

static const fl_field_t desired_config_fields[] = {
    CONFIG_FIELDS(body.desired_config.config),
    OPT_QUIET(13, body.desired_config, start),
    OPT_QUIET(14, body.desired_config, end),
};

static const fl_field_t reported_config_fields[] = {
    CONFIG_FIELDS(body.reported_config.config),
    NUM(FL_FIELD_ENUM8, body.reported_config.apply_result, 0, FL_APPLY_REJECTED_MODEL_MISSING),
    {FL_FIELD_TEXT, FL_CHARSET_PRINTABLE, OFF(body.reported_config.reject_reason), 0,
     SIZE(body.reported_config.reject_reason), 0, FL_PROTO_REJECT_REASON_MAX, 12,
     OFF(body.reported_config.has_reject_reason)},
    OPT_QUIET(13, body.reported_config, start),
    OPT_QUIET(14, body.reported_config, end),
};

static const fl_field_t ota_offer_fields[] = {
    U32(body.ota_offer.offer_id),
    TEXT(body.ota_offer.model_id, FL_CHARSET_ID, 1, FL_PROTO_MODEL_ID_MAX),
    U32(body.ota_offer.model_version),
    NUM(FL_FIELD_U32, body.ota_offer.size_bytes, 1, FL_PROTO_OTA_SIZE_MAX),
    {FL_FIELD_BYTES_FIXED, 0, OFF(body.ota_offer.sha256), 0, SIZE(body.ota_offer.sha256), 0, 0, 0, 0},
    NUM(FL_FIELD_U16, body.ota_offer.chunk_size, 1, FL_PROTO_CHUNK_MAX),
    {FL_FIELD_BYTES_FIXED, 0, OFF(body.ota_offer.signature), 0, SIZE(body.ota_offer.signature), 0, 0, 0, 0},
};

static const fl_field_t ota_chunk_request_fields[] = {
    U32(body.ota_chunk_request.offer_id),
    U32(body.ota_chunk_request.offset),
    NUM(FL_FIELD_U16, body.ota_chunk_request.length, 1, FL_PROTO_CHUNK_MAX),
};

static const fl_field_t ota_chunk_fields[] = {
    U32(body.ota_chunk.offer_id),
    U32(body.ota_chunk.offset),
    {FL_FIELD_BYTES_VAR, 0, OFF(body.ota_chunk.data), OFF(body.ota_chunk.data_len), SIZE(body.ota_chunk.data), 1,
     FL_PROTO_CHUNK_MAX, 0, 0},
};

static const fl_field_t ota_result_fields[] = {
    U32(body.ota_result.offer_id),
    NUM(FL_FIELD_ENUM8, body.ota_result.code, 0, FL_OTA_DEFERRED_LOW_BATTERY),
    U32(body.ota_result.active_model_version),
};

#define SCHEMA(type, fields) {(type), (uint8_t)(sizeof(fields) / sizeof((fields)[0])), (fields)}

/* Indexed by type - 1. */
static const fl_msg_schema_t schemas[] = {
    SCHEMA(FL_MSG_DETECTION, detection_fields),
    SCHEMA(FL_MSG_TELEMETRY, telemetry_fields),
    SCHEMA(FL_MSG_STATUS, status_fields),
    SCHEMA(FL_MSG_DESIRED_CONFIG, desired_config_fields),
    SCHEMA(FL_MSG_REPORTED_CONFIG, reported_config_fields),
    SCHEMA(FL_MSG_OTA_OFFER, ota_offer_fields),
    SCHEMA(FL_MSG_OTA_CHUNK_REQUEST, ota_chunk_request_fields),
    SCHEMA(FL_MSG_OTA_CHUNK, ota_chunk_fields),
    SCHEMA(FL_MSG_OTA_RESULT, ota_result_fields),
};

const fl_msg_schema_t *fl_proto_schema(uint64_t type)
{
    if (type < 1 || type > sizeof(schemas) / sizeof(schemas[0])) {
        return NULL;
    }
    return &schemas[type - 1];
}

uint64_t fl_proto_field_key(const fl_field_t *fields, size_t i)
{
    return fields[i].opt_key != 0 ? fields[i].opt_key : FL_PROTO_FIRST_BODY_KEY + (uint64_t)i;
}

int fl_proto_field_present(const fl_field_t *f, const uint8_t *base)
{
    if (f->opt_key == 0) {
        return 1;
    }
    if (f->kind == FL_FIELD_U32_ARRAY_OPT) {
        return base[f->len_offset] != 0;
    }
    return base[f->present_offset] != 0;
}

int fl_proto_charset_ok(fl_charset_t charset, const uint8_t *s, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        uint8_t c = s[i];
        int ok;
        if (charset == FL_CHARSET_ID) {
            ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
                 c == '_' || c == '-';
        } else {
            ok = c >= 0x20 && c <= 0x7E;
        }
        if (!ok) {
            return 0;
        }
    }
    return 1;
}
