/* SPDX-License-Identifier: MIT */
/* Encode -> decode -> encode for all nine types, the largest messages, buffer sizing, and the encoder's own
 * refusal of structs that break docs/protocol.md. */
#include <stdint.h>

#include "fl/fl_proto.h"
#include "fl_golden_fixtures.h"
#include "fl_test.h"

static uint8_t g_buf[FL_PROTO_MAX_PAYLOAD];
static uint8_t g_buf2[FL_PROTO_MAX_PAYLOAD];
static fl_msg_t g_msg;
static fl_msg_t g_back;

/* Encode, decode (any type and the expected type), compare structs, re-encode and compare bytes. */
static void check_round_trip(const fl_msg_t *msg)
{
    size_t len = 0, len2 = 0, sized = 0;
    FL_CHECK_EQ_INT(FL_OK, fl_proto_encode(msg, g_buf, sizeof g_buf, &len));
    FL_CHECK_EQ_INT(FL_OK, fl_proto_encode(msg, NULL, 0, &sized));
    FL_CHECK_EQ_INT(len, sized);
    FL_CHECK_EQ_INT(FL_OK, fl_proto_decode(g_buf, len, &g_back));
    FL_CHECK_MEM_EQ(msg, &g_back, sizeof g_back); /* fixtures start zeroed, as decode does */
    FL_CHECK_EQ_INT(FL_OK, fl_proto_decode_expect(g_buf, len, msg->type, &g_back));
    FL_CHECK_EQ_INT(FL_OK, fl_proto_encode(&g_back, g_buf2, sizeof g_buf2, &len2));
    FL_CHECK_EQ_INT(len, len2);
    FL_CHECK_MEM_EQ(g_buf, g_buf2, len);
}

static void test_round_trip_every_fixture(void)
{
    size_t i;
    for (i = 0; i < FL_GOLDEN_COUNT; i++) {
        (void)fl_golden_fixture(i, &g_msg);
        if (i < FL_GOLDEN_TYPES) {
            FL_CHECK_EQ_INT(i + 1, g_msg.type);
        }
        check_round_trip(&g_msg);
    }
}

static void fill(char *dst, size_t n, char c)
{
    memset(dst, c, n);
    dst[n] = '\0';
}

static void test_round_trip_largest_detection(void)
{
    size_t i;
    size_t len = 0;
    (void)fl_golden_fixture(0, &g_msg);
    fill(g_msg.device_id, FL_PROTO_DEVICE_ID_MAX, 'Z');
    fill(g_msg.body.detection.model_id, FL_PROTO_MODEL_ID_MAX, '9');
    g_msg.body.detection.device_time_ms = UINT64_MAX;
    g_msg.body.detection.box_count = FL_PROTO_MAX_BOXES;
    for (i = 0; i < FL_PROTO_MAX_BOXES; i++) {
        fl_box_t *b = &g_msg.body.detection.boxes[i];
        b->x = b->y = b->w = b->h = UINT16_MAX;
        b->score_pmy = 10000;
        fill(b->label, FL_PROTO_LABEL_MAX, '~');
    }
    check_round_trip(&g_msg);
    FL_CHECK_EQ_INT(FL_OK, fl_proto_encode(&g_msg, g_buf, sizeof g_buf, &len));
    FL_CHECK(len < FL_PROTO_MAX_PAYLOAD);
}

static void test_round_trip_chunk_of_1_and_1024_bytes(void)
{
    size_t i;
    (void)fl_golden_fixture(7, &g_msg);
    g_msg.body.ota_chunk.data_len = 1;
    g_msg.body.ota_chunk.data[0] = 0xAB;
    memset(g_msg.body.ota_chunk.data + 1, 0, sizeof g_msg.body.ota_chunk.data - 1);
    check_round_trip(&g_msg);
    g_msg.body.ota_chunk.data_len = FL_PROTO_CHUNK_MAX;
    for (i = 0; i < FL_PROTO_CHUNK_MAX; i++) {
        g_msg.body.ota_chunk.data[i] = (uint8_t)(i * 13u);
    }
    g_msg.body.ota_chunk.offer_id = UINT32_MAX;
    g_msg.body.ota_chunk.offset = UINT32_MAX;
    check_round_trip(&g_msg);
}

static void test_round_trip_signed_extremes(void)
{
    static const int16_t temps[] = {INT16_MIN, -257, -256, -25, -24, -1, 0, 23, 24, INT16_MAX};
    static const int8_t rssi[] = {INT8_MIN, -25, -24, -1, 0, 24, INT8_MAX};
    size_t i;
    (void)fl_golden_fixture(1, &g_msg);
    for (i = 0; i < sizeof temps / sizeof temps[0]; i++) {
        g_msg.body.telemetry.temperature_cc = temps[i];
        check_round_trip(&g_msg);
    }
    for (i = 0; i < sizeof rssi / sizeof rssi[0]; i++) {
        g_msg.body.telemetry.rssi_dbm = rssi[i];
        check_round_trip(&g_msg);
    }
}

static void test_encode_every_short_buffer_is_no_mem(void)
{
    size_t i;
    for (i = 0; i < FL_GOLDEN_COUNT; i++) {
        size_t len = 0, cap;
        (void)fl_golden_fixture(i, &g_msg);
        FL_CHECK_EQ_INT(FL_OK, fl_proto_encode(&g_msg, g_buf, sizeof g_buf, &len));
        for (cap = 0; cap < len; cap++) {
            size_t got = 99;
            FL_CHECK_EQ_INT(FL_ERR_NO_MEM, fl_proto_encode(&g_msg, g_buf, cap, &got));
            FL_CHECK_EQ_INT(0, got);
        }
        FL_CHECK_EQ_INT(FL_OK, fl_proto_encode(&g_msg, g_buf, len, &len));
    }
}

static void test_encode_null_arguments_are_arg(void)
{
    size_t len;
    (void)fl_golden_fixture(0, &g_msg);
    FL_CHECK_EQ_INT(FL_ERR_ARG, fl_proto_encode(NULL, g_buf, sizeof g_buf, &len));
    FL_CHECK_EQ_INT(FL_ERR_ARG, fl_proto_encode(&g_msg, g_buf, sizeof g_buf, NULL));
}

/* Applies one bad edit to fixture `index` and expects the encoder to refuse it with FL_ERR_RANGE. */
#define EXPECT_ENCODE_RANGE(index, edit)                                                       \
    do {                                                                                       \
        size_t len_ = 7;                                                                       \
        (void)fl_golden_fixture((index), &g_msg);                                              \
        edit;                                                                                  \
        FL_CHECK_EQ_INT(FL_ERR_RANGE, fl_proto_encode(&g_msg, g_buf, sizeof g_buf, &len_));   \
        FL_CHECK_EQ_INT(0, len_);                                                              \
    } while (0)

static void test_encode_refuses_out_of_contract_structs(void)
{
    fl_detection_t *d = &g_msg.body.detection;
    fl_telemetry_t *t = &g_msg.body.telemetry;
    fl_status_msg_t *s = &g_msg.body.status;
    fl_config_t *dc = &g_msg.body.desired_config.config;
    fl_reported_config_t *rc = &g_msg.body.reported_config;
    fl_ota_offer_t *o = &g_msg.body.ota_offer;

    EXPECT_ENCODE_RANGE(0, g_msg.type = 0);
    EXPECT_ENCODE_RANGE(0, g_msg.type = 10);
    EXPECT_ENCODE_RANGE(0, g_msg.device_id[0] = '\0');
    EXPECT_ENCODE_RANGE(0, memset(g_msg.device_id, 'a', sizeof g_msg.device_id)); /* no NUL */
    EXPECT_ENCODE_RANGE(0, g_msg.device_id[1] = '/');
    EXPECT_ENCODE_RANGE(0, g_msg.device_id[1] = '+');
    EXPECT_ENCODE_RANGE(0, g_msg.device_id[1] = ' ');
    EXPECT_ENCODE_RANGE(0, d->box_count = 17);
    EXPECT_ENCODE_RANGE(0, d->boxes[2].score_pmy = 10001);
    EXPECT_ENCODE_RANGE(0, d->boxes[0].label[1] = '\t');
    EXPECT_ENCODE_RANGE(0, memset(d->boxes[0].label, 'x', sizeof d->boxes[0].label));
    EXPECT_ENCODE_RANGE(0, d->detector = 4);
    EXPECT_ENCODE_RANGE(0, memset(d->model_id, 'm', sizeof d->model_id));
    EXPECT_ENCODE_RANGE(1, t->soc_pm = 1001);
    EXPECT_ENCODE_RANGE(1, t->firmware_version[0] = (char)0x7f);
    EXPECT_ENCODE_RANGE(1, t->model_id[0] = '#');
    EXPECT_ENCODE_RANGE(2, s->state = 3);
    EXPECT_ENCODE_RANGE(2, s->wake_reason = 5);
    EXPECT_ENCODE_RANGE(3, dc->wake_interval_s = 0);
    EXPECT_ENCODE_RANGE(3, dc->wake_interval_s = 86401);
    EXPECT_ENCODE_RANGE(3, dc->telemetry_every = 0);
    EXPECT_ENCODE_RANGE(3, dc->telemetry_every = 1001);
    EXPECT_ENCODE_RANGE(3, dc->score_threshold_pmy = 10001);
    EXPECT_ENCODE_RANGE(3, dc->report_empty = 2);
    EXPECT_ENCODE_RANGE(4, rc->apply_result = 3);
    EXPECT_ENCODE_RANGE(5, o->model_id[0] = '\0');
    EXPECT_ENCODE_RANGE(5, o->size_bytes = 0);
    EXPECT_ENCODE_RANGE(5, o->size_bytes = FL_PROTO_OTA_SIZE_MAX + 1);
    EXPECT_ENCODE_RANGE(5, o->chunk_size = 0);
    EXPECT_ENCODE_RANGE(5, o->chunk_size = 1025);
    EXPECT_ENCODE_RANGE(6, g_msg.body.ota_chunk_request.length = 0);
    EXPECT_ENCODE_RANGE(6, g_msg.body.ota_chunk_request.length = 1025);
    EXPECT_ENCODE_RANGE(7, g_msg.body.ota_chunk.data_len = 0);
    EXPECT_ENCODE_RANGE(7, g_msg.body.ota_chunk.data_len = 1025);
    EXPECT_ENCODE_RANGE(8, g_msg.body.ota_result.code = FL_OTA_DEFERRED_LOW_BATTERY + 1);
    /* optional keys: a presence byte is 0 or 1; a present value obeys its range; the cross-field rules */
    EXPECT_ENCODE_RANGE(FL_GOLDEN_DROPPED_INDEX, t->has_dropped_telemetry = 2);
    EXPECT_ENCODE_RANGE(FL_GOLDEN_REJECT_INDEX, rc->reject_reason[3] = '\n');
    EXPECT_ENCODE_RANGE(FL_GOLDEN_REJECT_INDEX, memset(rc->reject_reason, 'r', sizeof rc->reject_reason));
    EXPECT_ENCODE_RANGE(FL_GOLDEN_REJECT_INDEX, rc->apply_result = FL_APPLY_APPLIED);
    EXPECT_ENCODE_RANGE(FL_GOLDEN_REJECT_INDEX, rc->quiet_end_min = 1440);
    EXPECT_ENCODE_RANGE(FL_GOLDEN_REJECT_INDEX, rc->has_quiet_end_min = 0);
    EXPECT_ENCODE_RANGE(FL_GOLDEN_QUIET_INDEX, g_msg.body.desired_config.quiet_start_min = 1440);
    EXPECT_ENCODE_RANGE(FL_GOLDEN_QUIET_INDEX, g_msg.body.desired_config.has_quiet_start_min = 0);
}

/* An absent optional key is not sent, so its value is not judged, and a message with none of them is byte for
 * byte the v1 message it always was. */
static void test_absent_optional_keys_are_not_encoded(void)
{
    uint8_t plain[FL_PROTO_MAX_PAYLOAD];
    size_t plain_len = 0, len = 0;
    fl_reported_config_t *rc = &g_msg.body.reported_config;

    (void)fl_golden_fixture(1, &g_msg); /* 02_telemetry: no optional key */
    FL_CHECK_EQ_INT(FL_OK, fl_proto_encode(&g_msg, plain, sizeof plain, &plain_len));
    g_msg.body.telemetry.dropped_telemetry = 99;
    g_msg.body.telemetry.dropped_detections = 98;
    FL_CHECK_EQ_INT(FL_OK, fl_proto_encode(&g_msg, g_buf, sizeof g_buf, &len));
    FL_CHECK_EQ_INT(plain_len, len);
    FL_CHECK_MEM_EQ(plain, g_buf, len);

    (void)fl_golden_fixture(FL_GOLDEN_REJECT_INDEX, &g_msg);
    rc->has_reject_reason = 0;
    rc->has_quiet_start_min = 0;
    rc->has_quiet_end_min = 0;
    rc->quiet_start_min = 9999; /* out of range, but absent */
    rc->apply_result = FL_APPLY_APPLIED;
    FL_CHECK_EQ_INT(FL_OK, fl_proto_encode(&g_msg, g_buf, sizeof g_buf, &len));
    FL_CHECK_EQ_INT(0xa0 + 12, g_buf[0]); /* keys 0..11 */
    FL_CHECK_EQ_INT(FL_OK, fl_proto_decode(g_buf, len, &g_msg));
    FL_CHECK_EQ_INT(0, rc->has_reject_reason);
    FL_CHECK_EQ_INT(0, rc->has_quiet_start_min);
    FL_CHECK_EQ_INT(0, rc->quiet_start_min);

    /* only key 17: telemetry 0..14 then 17 */
    (void)fl_golden_fixture(FL_GOLDEN_DROPPED_INDEX, &g_msg);
    g_msg.body.telemetry.has_dropped_telemetry = 0;
    g_msg.body.telemetry.dropped_telemetry = 0; /* what decode leaves for an absent key */
    FL_CHECK_EQ_INT(FL_OK, fl_proto_encode(&g_msg, g_buf, sizeof g_buf, &len));
    FL_CHECK_EQ_INT(0xa0 + 16, g_buf[0]);
    check_round_trip(&g_msg);
}

int main(void)
{
    int passed = 0;
    FL_RUN(test_round_trip_every_fixture, passed);
    FL_RUN(test_round_trip_largest_detection, passed);
    FL_RUN(test_round_trip_chunk_of_1_and_1024_bytes, passed);
    FL_RUN(test_round_trip_signed_extremes, passed);
    FL_RUN(test_encode_every_short_buffer_is_no_mem, passed);
    FL_RUN(test_encode_null_arguments_are_arg, passed);
    FL_RUN(test_encode_refuses_out_of_contract_structs, passed);
    FL_RUN(test_absent_optional_keys_are_not_encoded, passed);
    FL_TEST_MAIN_END(passed);
}
