/* SPDX-License-Identifier: MIT */
/* Layout exports: the C# mirror structs are declared by hand, so their tests ask this compiler for every size and
 * offset instead of trusting that both sides agree. Field ids are declaration order (see fl_proto.h). */
#include "fl/fl_proto.h"

#define F(type, member) ((uint32_t)offsetof(type, member))

static const uint32_t msg_fields[] = {F(fl_msg_t, type), F(fl_msg_t, device_id), F(fl_msg_t, body)};
static const uint32_t box_fields[] = {F(fl_box_t, x), F(fl_box_t, y), F(fl_box_t, w), F(fl_box_t, h),
                                      F(fl_box_t, score_pmy), F(fl_box_t, label)};
static const uint32_t detection_fields[] = {
    F(fl_detection_t, device_time_ms), F(fl_detection_t, seq), F(fl_detection_t, model_version),
    F(fl_detection_t, inference_us), F(fl_detection_t, inference_macs), F(fl_detection_t, energy_uj),
    F(fl_detection_t, detector), F(fl_detection_t, box_count), F(fl_detection_t, model_id),
    F(fl_detection_t, boxes)};
static const uint32_t telemetry_fields[] = {
    F(fl_telemetry_t, device_time_ms), F(fl_telemetry_t, seq), F(fl_telemetry_t, charge_used_uah),
    F(fl_telemetry_t, wake_count), F(fl_telemetry_t, uptime_s), F(fl_telemetry_t, model_version),
    F(fl_telemetry_t, battery_mv), F(fl_telemetry_t, soc_pm), F(fl_telemetry_t, temperature_cc),
    F(fl_telemetry_t, rssi_dbm), F(fl_telemetry_t, firmware_version), F(fl_telemetry_t, model_id),
    F(fl_telemetry_t, wake_ledger_count), F(fl_telemetry_t, wake_ledger_uc),
    F(fl_telemetry_t, has_dropped_telemetry), F(fl_telemetry_t, has_dropped_detections),
    F(fl_telemetry_t, dropped_telemetry), F(fl_telemetry_t, dropped_detections)};
static const uint32_t status_fields[] = {
    F(fl_status_msg_t, device_time_ms), F(fl_status_msg_t, seq), F(fl_status_msg_t, next_wake_s),
    F(fl_status_msg_t, state), F(fl_status_msg_t, wake_reason), F(fl_status_msg_t, firmware_version)};
static const uint32_t config_fields[] = {
    F(fl_config_t, config_version), F(fl_config_t, wake_interval_s), F(fl_config_t, model_version),
    F(fl_config_t, telemetry_every), F(fl_config_t, score_threshold_pmy), F(fl_config_t, detector),
    F(fl_config_t, report_empty), F(fl_config_t, model_id)};
static const uint32_t desired_config_fields[] = {
    F(fl_desired_config_t, config), F(fl_desired_config_t, has_quiet_start_min),
    F(fl_desired_config_t, has_quiet_end_min), F(fl_desired_config_t, quiet_start_min),
    F(fl_desired_config_t, quiet_end_min)};
static const uint32_t reported_config_fields[] = {
    F(fl_reported_config_t, config), F(fl_reported_config_t, apply_result),
    F(fl_reported_config_t, has_reject_reason), F(fl_reported_config_t, reject_reason),
    F(fl_reported_config_t, has_quiet_start_min), F(fl_reported_config_t, has_quiet_end_min),
    F(fl_reported_config_t, quiet_start_min), F(fl_reported_config_t, quiet_end_min)};
static const uint32_t ota_offer_fields[] = {
    F(fl_ota_offer_t, offer_id), F(fl_ota_offer_t, model_version), F(fl_ota_offer_t, size_bytes),
    F(fl_ota_offer_t, chunk_size), F(fl_ota_offer_t, model_id), F(fl_ota_offer_t, sha256),
    F(fl_ota_offer_t, signature)};
static const uint32_t ota_chunk_request_fields[] = {F(fl_ota_chunk_request_t, offer_id),
                                                    F(fl_ota_chunk_request_t, offset),
                                                    F(fl_ota_chunk_request_t, length)};
static const uint32_t ota_chunk_fields[] = {F(fl_ota_chunk_t, offer_id), F(fl_ota_chunk_t, offset),
                                            F(fl_ota_chunk_t, data_len), F(fl_ota_chunk_t, data)};
static const uint32_t ota_result_fields[] = {F(fl_ota_result_t, offer_id), F(fl_ota_result_t, active_model_version),
                                             F(fl_ota_result_t, code)};

typedef struct {
    uint32_t size;
    uint32_t field_count;
    const uint32_t *offsets;
} layout_t;

#define LAYOUT(type, fields) {(uint32_t)sizeof(type), (uint32_t)(sizeof(fields) / sizeof((fields)[0])), (fields)}

/* Indexed by fl_proto_abi_struct_t - 1. */
static const layout_t layouts[] = {
    LAYOUT(fl_msg_t, msg_fields),
    LAYOUT(fl_box_t, box_fields),
    LAYOUT(fl_detection_t, detection_fields),
    LAYOUT(fl_telemetry_t, telemetry_fields),
    LAYOUT(fl_status_msg_t, status_fields),
    LAYOUT(fl_config_t, config_fields),
    LAYOUT(fl_desired_config_t, desired_config_fields),
    LAYOUT(fl_reported_config_t, reported_config_fields),
    LAYOUT(fl_ota_offer_t, ota_offer_fields),
    LAYOUT(fl_ota_chunk_request_t, ota_chunk_request_fields),
    LAYOUT(fl_ota_chunk_t, ota_chunk_fields),
    LAYOUT(fl_ota_result_t, ota_result_fields),
};

static const layout_t *find(uint32_t struct_id)
{
    if (struct_id < 1 || struct_id > sizeof(layouts) / sizeof(layouts[0])) {
        return NULL;
    }
    return &layouts[struct_id - 1];
}

uint32_t fl_proto_abi_sizeof(uint32_t struct_id)
{
    const layout_t *l = find(struct_id);
    return l != NULL ? l->size : 0;
}

uint32_t fl_proto_abi_field_count(uint32_t struct_id)
{
    const layout_t *l = find(struct_id);
    return l != NULL ? l->field_count : 0;
}

uint32_t fl_proto_abi_offsetof(uint32_t struct_id, uint32_t field_id)
{
    const layout_t *l = find(struct_id);
    if (l == NULL || field_id >= l->field_count) {
        return UINT32_MAX;
    }
    return l->offsets[field_id];
}
