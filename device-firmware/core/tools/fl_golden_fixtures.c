/* SPDX-License-Identifier: MIT */
/* Fixture values are chosen to exercise the encoding, not just to look plausible: negative ints (one- and
 * two-byte), every integer width including u64 > 2^32 and exactly 2^32, empty and maximum-length strings, three
 * boxes, true and false, and byte strings of fixed and variable length. The C# side rebuilds them from README.md. */
#include "fl_golden_fixtures.h"

#include <string.h>

#define COPY_STR(dst, s) memcpy((dst), (s), sizeof(s)) /* s is a literal that fits dst (checked by encode) */

static void set_box(fl_box_t *b, uint16_t x, uint16_t y, uint16_t w, uint16_t h, uint16_t score, const char *label)
{
    b->x = x;
    b->y = y;
    b->w = w;
    b->h = h;
    b->score_pmy = score;
    memcpy(b->label, label, strlen(label) + 1);
}

static void detection(fl_msg_t *m)
{
    fl_detection_t *d = &m->body.detection;
    m->type = FL_MSG_DETECTION;
    COPY_STR(m->device_id, "cam-0042.lab_A");
    d->seq = 1234567u;
    d->device_time_ms = 1767225600123u;
    d->detector = FL_DETECTOR_FACE;
    d->box_count = 3;
    set_box(&d->boxes[0], 0, 23, 24, 255, 10000, "face");
    set_box(&d->boxes[1], 256, 65535, 1000, 88, 0, "");
    set_box(&d->boxes[2], 12, 11, 107, 107, 9500, "Face #2 (left)!");
    COPY_STR(d->model_id, "frontalface.cascade-15");
    d->model_version = 3;
    d->inference_us = 48213;
    d->inference_macs = 39828480u;
    d->energy_uj = 1250000u;
}

static void telemetry(fl_msg_t *m)
{
    fl_telemetry_t *t = &m->body.telemetry;
    m->type = FL_MSG_TELEMETRY;
    COPY_STR(m->device_id, "sensor.North-Wing_0123456789abcd");
    t->seq = 65536u;
    t->device_time_ms = 4294967296u;
    t->battery_mv = 3712;
    t->soc_pm = 1000;
    t->temperature_cc = -1250;
    t->charge_used_uah = 70000u;
    t->wake_count = 65535u;
    t->uptime_s = 23;
    COPY_STR(t->firmware_version, "fleet-fw 1.4.2+build.77");
    COPY_STR(t->model_id, "");
    t->model_version = 0;
    t->rssi_dbm = -128;
}

/* Key 15 present: every uint width, from 0 to UINT32_MAX, in the eight ledger entries. */
static void telemetry_ledger(fl_msg_t *m)
{
    static const uint32_t ledger[FL_PROTO_LEDGER_STATES] = {0u, 23u, 24u, 255u, 256u, 65535u, 65536u,
                                                            4294967295u};
    fl_telemetry_t *t = &m->body.telemetry;
    m->type = FL_MSG_TELEMETRY;
    COPY_STR(m->device_id, "cam-0042");
    t->seq = 7;
    t->device_time_ms = 1767225660000u;
    t->battery_mv = 3905;
    t->soc_pm = 712;
    t->temperature_cc = 2150;
    t->charge_used_uah = 1234u;
    t->wake_count = 60;
    t->uptime_s = 3600;
    COPY_STR(t->firmware_version, "1.5.0");
    COPY_STR(t->model_id, "smile");
    t->model_version = 2;
    t->rssi_dbm = -67;
    t->wake_ledger_count = (uint8_t)FL_PROTO_LEDGER_STATES;
    memcpy(t->wake_ledger_uc, ledger, sizeof ledger);
}

/* Keys 16 and 17 without key 15: an optional key may be absent in the middle; the widest and a one-byte value. */
static void telemetry_dropped(fl_msg_t *m)
{
    fl_telemetry_t *t = &m->body.telemetry;
    m->type = FL_MSG_TELEMETRY;
    COPY_STR(m->device_id, "cam-0042");
    t->seq = 8;
    t->device_time_ms = 1767229200000u;
    t->battery_mv = 3620;
    t->soc_pm = 180;
    t->temperature_cc = -450;
    t->charge_used_uah = 98765u;
    t->wake_count = 1440;
    t->uptime_s = 86400;
    COPY_STR(t->firmware_version, "1.5.0");
    COPY_STR(t->model_id, "smile");
    t->model_version = 2;
    t->rssi_dbm = 0;
    t->has_dropped_telemetry = 1;
    t->dropped_telemetry = 4294967295u;
    t->has_dropped_detections = 1;
    t->dropped_detections = 23u;
}

static void status(fl_msg_t *m)
{
    fl_status_msg_t *s = &m->body.status;
    m->type = FL_MSG_STATUS;
    COPY_STR(m->device_id, "a");
    s->seq = 24;
    s->device_time_ms = 1767225600000u;
    s->state = FL_STATE_SLEEPING;
    COPY_STR(s->firmware_version, "1.4.2");
    s->wake_reason = FL_WAKE_TIMER;
    s->next_wake_s = 86400u;
}

static void desired_config(fl_msg_t *m)
{
    fl_config_t *c = &m->body.desired_config.config;
    m->type = FL_MSG_DESIRED_CONFIG;
    COPY_STR(m->device_id, "cam-0042");
    c->config_version = 7;
    c->wake_interval_s = 300;
    c->telemetry_every = 12;
    c->score_threshold_pmy = 7500;
    c->detector = FL_DETECTOR_SMILE;
    COPY_STR(c->model_id, "smile-detector_v2.int8-qat.2025");
    c->model_version = 20251124u;
    c->report_empty = 1;
}

static void reported_config(fl_msg_t *m)
{
    fl_config_t *c = &m->body.reported_config.config;
    m->type = FL_MSG_REPORTED_CONFIG;
    COPY_STR(m->device_id, "cam-0042");
    c->config_version = 4294967295u;
    c->wake_interval_s = 86400u;
    c->telemetry_every = 1000;
    c->score_threshold_pmy = 0;
    c->detector = FL_DETECTOR_THERMAL_PERSON;
    COPY_STR(c->model_id, "thermal-person");
    c->model_version = 1;
    c->report_empty = 0;
    m->body.reported_config.apply_result = FL_APPLY_REJECTED_MODEL_MISSING;
}

/* Rejected with the validator's reason (the longest allowed, with spaces and punctuation) and quiet hours
 * across midnight (22:00 to 06:00). */
static void reported_config_reject(fl_msg_t *m)
{
    fl_reported_config_t *r = &m->body.reported_config;
    fl_config_t *c = &r->config;
    m->type = FL_MSG_REPORTED_CONFIG;
    COPY_STR(m->device_id, "cam-0042");
    c->config_version = 6;
    c->wake_interval_s = 300;
    c->telemetry_every = 12;
    c->score_threshold_pmy = 7500;
    c->detector = FL_DETECTOR_SMILE;
    COPY_STR(c->model_id, "smile");
    c->model_version = 2;
    c->report_empty = 1;
    r->apply_result = FL_APPLY_REJECTED_INVALID;
    r->has_reject_reason = 1;
    COPY_STR(r->reject_reason, "wake_interval_s: 0 outside 1..86400; telemetry_every: 0 outside");
    r->has_quiet_start_min = 1;
    r->quiet_start_min = 1320;
    r->has_quiet_end_min = 1;
    r->quiet_end_min = 360;
}

/* Quiet hours at both ends of their range: 00:00 to 23:59. */
static void desired_config_quiet(fl_msg_t *m)
{
    fl_desired_config_t *d = &m->body.desired_config;
    desired_config(m);
    d->has_quiet_start_min = 1;
    d->quiet_start_min = 0;
    d->has_quiet_end_min = 1;
    d->quiet_end_min = 1439;
}

static void ota_offer(fl_msg_t *m)
{
    fl_ota_offer_t *o = &m->body.ota_offer;
    size_t i;
    m->type = FL_MSG_OTA_OFFER;
    COPY_STR(m->device_id, "cam-0042");
    o->offer_id = 42;
    COPY_STR(o->model_id, "cifar10_fast");
    o->model_version = 30;
    o->size_bytes = 16777216u;
    for (i = 0; i < FL_PROTO_SHA256_LEN; i++) {
        o->sha256[i] = (uint8_t)i;
    }
    o->chunk_size = 1024;
    for (i = 0; i < FL_PROTO_SIGNATURE_LEN; i++) {
        o->signature[i] = (uint8_t)((3u * i + 7u) & 0xFFu);
    }
}

static void ota_chunk_request(fl_msg_t *m)
{
    fl_ota_chunk_request_t *q = &m->body.ota_chunk_request;
    m->type = FL_MSG_OTA_CHUNK_REQUEST;
    COPY_STR(m->device_id, "cam-0042");
    q->offer_id = 42;
    q->offset = 16776192u;
    q->length = 1024;
}

static void ota_chunk(fl_msg_t *m)
{
    fl_ota_chunk_t *c = &m->body.ota_chunk;
    size_t i;
    m->type = FL_MSG_OTA_CHUNK;
    COPY_STR(m->device_id, "cam-0042");
    c->offer_id = 42;
    c->offset = 1024;
    c->data_len = 300;
    for (i = 0; i < c->data_len; i++) {
        c->data[i] = (uint8_t)((7u * i + 1u) & 0xFFu);
    }
}

static void ota_result(fl_msg_t *m)
{
    fl_ota_result_t *r = &m->body.ota_result;
    m->type = FL_MSG_OTA_RESULT;
    COPY_STR(m->device_id, "cam-0042");
    r->offer_id = 42;
    r->code = FL_OTA_INCOMPATIBLE;
    r->active_model_version = 29;
}

static void ota_result_deferred(fl_msg_t *m)
{
    fl_ota_result_t *r = &m->body.ota_result;
    m->type = FL_MSG_OTA_RESULT;
    COPY_STR(m->device_id, "cam-0042");
    r->offer_id = 43;
    r->code = FL_OTA_DEFERRED_LOW_BATTERY;
    r->active_model_version = 29;
}

typedef struct {
    const char *file;
    void (*build)(fl_msg_t *msg);
} fixture_t;

static const fixture_t fixtures[FL_GOLDEN_COUNT] = {
    {"01_detection.cbor", detection},
    {"02_telemetry.cbor", telemetry},
    {"03_status.cbor", status},
    {"04_desired_config.cbor", desired_config},
    {"05_reported_config.cbor", reported_config},
    {"06_ota_offer.cbor", ota_offer},
    {"07_ota_chunk_request.cbor", ota_chunk_request},
    {"08_ota_chunk.cbor", ota_chunk},
    {"09_ota_result.cbor", ota_result},
    {"10_telemetry_ledger.cbor", telemetry_ledger},
    {"11_telemetry_dropped.cbor", telemetry_dropped},
    {"12_reported_config_reject.cbor", reported_config_reject},
    {"13_desired_config_quiet.cbor", desired_config_quiet},
    {"14_ota_result_deferred.cbor", ota_result_deferred},
};

const char *fl_golden_fixture(size_t index, fl_msg_t *msg)
{
    memset(msg, 0, sizeof *msg);
    fixtures[index].build(msg);
    return fixtures[index].file;
}

/* ---- README ---- */

static void row_u(FILE *f, unsigned key, const char *name, unsigned long long v)
{
    fprintf(f, "| %u | %s | %llu |\n", key, name, v);
}

static void row_i(FILE *f, unsigned key, const char *name, long long v)
{
    fprintf(f, "| %u | %s | %lld |\n", key, name, v);
}

static void row_s(FILE *f, unsigned key, const char *name, const char *s)
{
    fprintf(f, "| %u | %s | `\"%s\"` (%u chars) |\n", key, name, s, (unsigned)strlen(s));
}

static void row_config(FILE *f, const fl_config_t *c)
{
    row_u(f, 3, "config_version (ConfigVersion)", c->config_version);
    row_u(f, 4, "wake_interval_s (WakeIntervalS)", c->wake_interval_s);
    row_u(f, 5, "telemetry_every (TelemetryEvery)", c->telemetry_every);
    row_u(f, 6, "score_threshold_pmy (ScoreThresholdPmy)", c->score_threshold_pmy);
    row_u(f, 7, "detector (Detector)", c->detector);
    row_s(f, 8, "model_id (ModelId)", c->model_id);
    row_u(f, 9, "model_version (ModelVersion)", c->model_version);
    fprintf(f, "| 10 | report_empty (ReportEmpty) | %s |\n", c->report_empty ? "true" : "false");
}

/* Config keys 13 and 14 (C# DeviceConfig.QuietStartMin / QuietEndMin). */
static void row_quiet(FILE *f, uint8_t has_start, uint16_t start, uint8_t has_end, uint16_t end)
{
    if (has_start) {
        row_u(f, 13, "quiet_start_min (Config.QuietStartMin)", start);
    } else {
        fprintf(f, "| 13 | quiet_start_min (Config.QuietStartMin) | absent (null) |\n");
    }
    if (has_end) {
        row_u(f, 14, "quiet_end_min (Config.QuietEndMin)", end);
    } else {
        fprintf(f, "| 14 | quiet_end_min (Config.QuietEndMin) | absent (null) |\n");
    }
}

static void describe(FILE *f, const fl_msg_t *m)
{
    size_t i;
    fprintf(f, "| key | field (C# property) | value |\n|---|---|---|\n");
    fprintf(f, "| 0 | schema version | 1 |\n");
    fprintf(f, "| 1 | message type | %u |\n", m->type);
    row_s(f, 2, "device_id (DeviceId)", m->device_id);
    switch (m->type) {
    case FL_MSG_DETECTION: {
        const fl_detection_t *d = &m->body.detection;
        row_u(f, 3, "seq (Sequence)", d->seq);
        row_u(f, 4, "device_time_ms (DeviceTimeMs)", d->device_time_ms);
        row_u(f, 5, "detector (Detector)", d->detector);
        fprintf(f, "| 6 | boxes (Boxes) | %u boxes, below |\n", d->box_count);
        row_s(f, 7, "model_id (ModelId)", d->model_id);
        row_u(f, 8, "model_version (ModelVersion)", d->model_version);
        row_u(f, 9, "inference_us (InferenceUs)", d->inference_us);
        row_u(f, 10, "inference_macs (InferenceMacs)", d->inference_macs);
        row_u(f, 11, "energy_uj (EnergyUj)", d->energy_uj);
        fprintf(f, "\nBoxes `[x, y, w, h, score_pmy, label]` (X, Y, Width, Height, ScorePmy, Label):\n\n");
        for (i = 0; i < d->box_count; i++) {
            const fl_box_t *b = &d->boxes[i];
            fprintf(f, "%u. `[%u, %u, %u, %u, %u, \"%s\"]` (label %u chars)\n", (unsigned)i + 1, b->x, b->y,
                    b->w, b->h, b->score_pmy, b->label, (unsigned)strlen(b->label));
        }
        break;
    }
    case FL_MSG_TELEMETRY: {
        const fl_telemetry_t *t = &m->body.telemetry;
        row_u(f, 3, "seq (Sequence)", t->seq);
        row_u(f, 4, "device_time_ms (DeviceTimeMs)", t->device_time_ms);
        row_u(f, 5, "battery_mv (BatteryMv)", t->battery_mv);
        row_u(f, 6, "soc_pm (SocPm)", t->soc_pm);
        row_i(f, 7, "temperature_cc (TemperatureCc)", t->temperature_cc);
        row_u(f, 8, "charge_used_uah (ChargeUsedUah)", t->charge_used_uah);
        row_u(f, 9, "wake_count (WakeCount)", t->wake_count);
        row_u(f, 10, "uptime_s (UptimeS)", t->uptime_s);
        row_s(f, 11, "firmware_version (FirmwareVersion)", t->firmware_version);
        row_s(f, 12, "model_id (ModelId)", t->model_id);
        row_u(f, 13, "model_version (ModelVersion)", t->model_version);
        row_i(f, 14, "rssi_dbm (RssiDbm)", t->rssi_dbm);
        if (t->wake_ledger_count == 0) {
            fprintf(f, "| 15 | wake_ledger (WakeLedgerUc) | absent (null) |\n");
        } else {
            fprintf(f, "| 15 | wake_ledger (WakeLedgerUc) | [");
            for (i = 0; i < t->wake_ledger_count; i++) {
                fprintf(f, "%s%lu", i == 0 ? "" : ", ", (unsigned long)t->wake_ledger_uc[i]);
            }
            fprintf(f, "] |\n");
        }
        if (t->has_dropped_telemetry) {
            row_u(f, 16, "dropped_telemetry (DroppedTelemetry)", t->dropped_telemetry);
        } else {
            fprintf(f, "| 16 | dropped_telemetry (DroppedTelemetry) | absent (null) |\n");
        }
        if (t->has_dropped_detections) {
            row_u(f, 17, "dropped_detections (DroppedDetections)", t->dropped_detections);
        } else {
            fprintf(f, "| 17 | dropped_detections (DroppedDetections) | absent (null) |\n");
        }
        break;
    }
    case FL_MSG_STATUS: {
        const fl_status_msg_t *s = &m->body.status;
        row_u(f, 3, "seq (Sequence)", s->seq);
        row_u(f, 4, "device_time_ms (DeviceTimeMs)", s->device_time_ms);
        row_u(f, 5, "state (State)", s->state);
        row_s(f, 6, "firmware_version (FirmwareVersion)", s->firmware_version);
        row_u(f, 7, "wake_reason (WakeReason)", s->wake_reason);
        row_u(f, 8, "next_wake_s (NextWakeS)", s->next_wake_s);
        break;
    }
    case FL_MSG_DESIRED_CONFIG: {
        const fl_desired_config_t *d = &m->body.desired_config;
        row_config(f, &d->config);
        row_quiet(f, d->has_quiet_start_min, d->quiet_start_min, d->has_quiet_end_min, d->quiet_end_min);
        break;
    }
    case FL_MSG_REPORTED_CONFIG: {
        const fl_reported_config_t *r = &m->body.reported_config;
        row_config(f, &r->config);
        row_u(f, 11, "apply_result (ApplyResult)", r->apply_result);
        if (r->has_reject_reason) {
            row_s(f, 12, "reject_reason (RejectReason)", r->reject_reason);
        } else {
            fprintf(f, "| 12 | reject_reason (RejectReason) | absent (null) |\n");
        }
        row_quiet(f, r->has_quiet_start_min, r->quiet_start_min, r->has_quiet_end_min, r->quiet_end_min);
        break;
    }
    case FL_MSG_OTA_OFFER: {
        const fl_ota_offer_t *o = &m->body.ota_offer;
        row_u(f, 3, "offer_id (OfferId)", o->offer_id);
        row_s(f, 4, "model_id (ModelId)", o->model_id);
        row_u(f, 5, "model_version (ModelVersion)", o->model_version);
        row_u(f, 6, "size_bytes (SizeBytes)", o->size_bytes);
        fprintf(f, "| 7 | sha256 (Sha256) | 32 bytes, byte i = i (00 01 02 … 1f) |\n");
        row_u(f, 8, "chunk_size (ChunkSize)", o->chunk_size);
        fprintf(f, "| 9 | signature (Signature) | 64 bytes, byte i = (3·i + 7) mod 256 (07 0a 0d … c2) |\n");
        break;
    }
    case FL_MSG_OTA_CHUNK_REQUEST: {
        const fl_ota_chunk_request_t *q = &m->body.ota_chunk_request;
        row_u(f, 3, "offer_id (OfferId)", q->offer_id);
        row_u(f, 4, "offset (Offset)", q->offset);
        row_u(f, 5, "length (Length)", q->length);
        break;
    }
    case FL_MSG_OTA_CHUNK: {
        const fl_ota_chunk_t *c = &m->body.ota_chunk;
        row_u(f, 3, "offer_id (OfferId)", c->offer_id);
        row_u(f, 4, "offset (Offset)", c->offset);
        fprintf(f, "| 5 | data (Data) | %u bytes, byte i = (7·i + 1) mod 256 (01 08 0f …) |\n", c->data_len);
        break;
    }
    default: {
        const fl_ota_result_t *r = &m->body.ota_result;
        row_u(f, 3, "offer_id (OfferId)", r->offer_id);
        row_u(f, 4, "code (Code)", r->code);
        row_u(f, 5, "active_model_version (ActiveModelVersion)", r->active_model_version);
        break;
    }
    }
}

static void hex(FILE *f, const uint8_t *b, size_t n)
{
    size_t i;
    fprintf(f, "```\n");
    for (i = 0; i < n; i++) {
        fprintf(f, "%02x%s", b[i], (i % 32 == 31 || i + 1 == n) ? "\n" : " ");
    }
    fprintf(f, "```\n");
}

int fl_golden_write_readme(FILE *f)
{
    size_t i;
    fprintf(f,
            "# Protocol v1 golden vectors\n\n"
            "Generated by `device-firmware/core/tools/gen_golden.c` from the fixtures in\n"
            "`device-firmware/core/tools/fl_golden_fixtures.c`; never edit these files by hand. Regenerate with\n"
            "`cmake --build <build> --target fl_golden`. The C test `test_proto_golden` fails when the files drift\n"
            "from the encoder.\n\n"
            "Each `.cbor` file is one payload in the core deterministic encoding of docs/protocol.md §2. Both codecs\n"
            "must (1) encode the fixture below to exactly these bytes and (2) decode the bytes to the fixture and\n"
            "re-encode them byte-identically. Enum values are the numbers of docs/protocol.md §3 (DetectorKind,\n"
            "DeviceState, WakeReason, ConfigApplyResult, OtaResultCode in `Fleet.Contracts.Messages`).\n\n"
            "## How the C decoder classifies bad input\n\n"
            "The first error in byte order wins; an item is read whole (FORMAT) before its value is judged (RANGE).\n\n"
            "| fl_status_t | gateway reason | cases |\n|---|---|---|\n"
            "| FL_ERR_FORMAT | malformed | truncated, trailing bytes, non-shortest int or length, indefinite length,"
            " tag, float, reserved additional info 28–30, stray break, 2-byte simple value < 32, top level not a"
            " map, payload > 4,096 bytes |\n"
            "| FL_ERR_UNSUPPORTED | unsupported_version | key 0 is an unsigned int ≠ 1 (checked before anything"
            " after it) |\n"
            "| FL_ERR_MISMATCH | type_mismatch | key 1 ≠ the type the caller expects (topic) |\n"
            "| FL_ERR_RANGE | invalid_field | missing / duplicate / out-of-order / unknown key (incl. a non-uint key"
            " or a pair beyond the last key), wrong CBOR type (incl. null, undefined, other simple values), value"
            " or length out of range, character outside the field's set, unknown message type, box not an array"
            " of exactly 6 |\n\n");
    for (i = 0; i < FL_GOLDEN_COUNT; i++) {
        fl_msg_t m;
        uint8_t buf[FL_PROTO_MAX_PAYLOAD];
        size_t len = 0;
        const char *name = fl_golden_fixture(i, &m);
        if (fl_proto_encode(&m, buf, sizeof buf, &len) != FL_OK) {
            return -1;
        }
        fprintf(f, "## `%s` (%u bytes)\n\n", name, (unsigned)len);
        describe(f, &m);
        fprintf(f, "\nBytes:\n\n");
        hex(f, buf, len);
        fprintf(f, "\n");
    }
    return 0;
}
