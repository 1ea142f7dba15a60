/* SPDX-License-Identifier: MIT */
/* Every rejection rule of docs/protocol.md §2, applied to every fixture where it makes sense. Inputs are built by
 * splitting a valid encoding into its (key, value) pairs and editing that list, so each case breaks exactly one
 * rule of an otherwise valid payload. */
#include <stdint.h>

#include "fl/fl_proto.h"
#include "fl_golden_fixtures.h"
#include "fl_test.h"
#include "proto/fl_cbor.h"

#define MAX_PAIRS 24

typedef struct {
    const uint8_t *p;
    size_t n;
} span_t;

typedef struct {
    span_t key;
    span_t value;
} pair_t;

static uint8_t g_src[FL_PROTO_MAX_PAYLOAD];
static size_t g_src_len;
static pair_t g_pairs[MAX_PAIRS];
static size_t g_npairs;
static uint8_t g_out[2 * FL_PROTO_MAX_PAYLOAD];
static uint8_t g_val[2048];
static fl_msg_t g_msg;

/* Skips one well-formed item (test-side only: the decoder never needs to skip). 0 on success. */
static int skip_item(fl_cbor_reader_t *r)
{
    uint8_t major;
    uint64_t arg, i;
    if (fl_cbor_read_head(r, &major, &arg) != FL_OK) {
        return -1;
    }
    if (major == FL_CBOR_BYTES || major == FL_CBOR_TEXT) {
        if (arg > r->left) {
            return -1;
        }
        r->p += arg;
        r->left -= (size_t)arg;
    } else if (major == FL_CBOR_ARRAY || major == FL_CBOR_MAP) {
        uint64_t items = major == FL_CBOR_MAP ? 2 * arg : arg;
        for (i = 0; i < items; i++) {
            if (skip_item(r) != 0) {
                return -1;
            }
        }
    }
    return 0;
}

/* Encodes fixture `index` into g_src and splits it into g_pairs. */
static void load(size_t index)
{
    fl_cbor_reader_t r;
    uint8_t major;
    uint64_t count, i;
    (void)fl_golden_fixture(index, &g_msg);
    if (fl_proto_encode(&g_msg, g_src, sizeof g_src, &g_src_len) != FL_OK) {
        FL_CHECK(0);
        return;
    }
    fl_cbor_reader_init(&r, g_src, g_src_len);
    FL_CHECK_EQ_INT(FL_OK, fl_cbor_read_head(&r, &major, &count));
    g_npairs = (size_t)count;
    for (i = 0; i < count && i < MAX_PAIRS; i++) {
        g_pairs[i].key.p = r.p;
        FL_CHECK_EQ_INT(0, skip_item(&r));
        g_pairs[i].key.n = (size_t)(r.p - g_pairs[i].key.p);
        g_pairs[i].value.p = r.p;
        FL_CHECK_EQ_INT(0, skip_item(&r));
        g_pairs[i].value.n = (size_t)(r.p - g_pairs[i].value.p);
    }
}

/* A map head saying `count` pairs, then the n pairs as they are; returns the length in g_out. */
static size_t assemble(const pair_t *pairs, size_t n, uint64_t count)
{
    fl_cbor_writer_t w;
    size_t i;
    fl_cbor_writer_init(&w, g_out, sizeof g_out);
    fl_cbor_write_head(&w, FL_CBOR_MAP, count);
    for (i = 0; i < n; i++) {
        fl_cbor_write_raw(&w, pairs[i].key.p, pairs[i].key.n);
        fl_cbor_write_raw(&w, pairs[i].value.p, pairs[i].value.n);
    }
    FL_CHECK_EQ_INT(FL_OK, w.err);
    return w.len;
}

static fl_status_t decode_pairs(const pair_t *pairs, size_t n)
{
    size_t len = assemble(pairs, n, n);
    return fl_proto_decode(g_out, len, &g_msg);
}

/* The fixture with the value of `key` replaced by bytes[0..n). */
static fl_status_t with_value(size_t index, size_t key, const uint8_t *bytes, size_t n)
{
    pair_t pairs[MAX_PAIRS];
    load(index);
    memcpy(pairs, g_pairs, sizeof pairs);
    pairs[key].value.p = bytes;
    pairs[key].value.n = n;
    return decode_pairs(pairs, g_npairs);
}

/* Builders of replacement values in g_val. */
static size_t v_uint(uint64_t v)
{
    fl_cbor_writer_t w;
    fl_cbor_writer_init(&w, g_val, sizeof g_val);
    fl_cbor_write_uint(&w, v);
    return w.len;
}

static size_t v_int(int64_t v)
{
    fl_cbor_writer_t w;
    fl_cbor_writer_init(&w, g_val, sizeof g_val);
    fl_cbor_write_int(&w, v);
    return w.len;
}

static size_t v_text(char c, size_t n)
{
    static char s[1100];
    fl_cbor_writer_t w;
    memset(s, c, n);
    fl_cbor_writer_init(&w, g_val, sizeof g_val);
    fl_cbor_write_text(&w, s, n);
    return w.len;
}

static size_t v_bytes(size_t n)
{
    static uint8_t d[1100];
    fl_cbor_writer_t w;
    fl_cbor_writer_init(&w, g_val, sizeof g_val);
    fl_cbor_write_bytes(&w, d, n);
    return w.len;
}

/* `count` boxes, each with `items` items: four u16, score, then label (or more u16 if items > 6). */
static size_t v_boxes(size_t count, size_t items, uint64_t score, size_t label_len)
{
    fl_cbor_writer_t w;
    size_t i, j;
    fl_cbor_writer_init(&w, g_val, sizeof g_val);
    fl_cbor_write_head(&w, FL_CBOR_ARRAY, count);
    for (i = 0; i < count; i++) {
        fl_cbor_write_head(&w, FL_CBOR_ARRAY, items);
        for (j = 0; j < items; j++) {
            if (j == 4) {
                fl_cbor_write_uint(&w, score);
            } else if (j == 5) {
                fl_cbor_write_text(&w, "LLLLLLLLLLLLLLLLLLLL", label_len);
            } else {
                fl_cbor_write_uint(&w, 7);
            }
        }
    }
    return w.len;
}

#define EXPECT_VALUE(st, index, key, builder)                                     \
    do {                                                                          \
        size_t n_ = (builder);                                                    \
        FL_CHECK_EQ_INT((st), with_value((index), (key), g_val, n_));             \
    } while (0)

/* ---- framing ---- */

static void test_truncation_at_every_length_is_format(void)
{
    size_t i, n;
    for (i = 0; i < FL_GOLDEN_COUNT; i++) {
        load(i);
        for (n = 0; n < g_src_len; n++) {
            fl_status_t st = fl_proto_decode(g_src, n, &g_msg);
            if (st != FL_ERR_FORMAT) {
                printf("  fixture %u truncated to %u: %s\n", (unsigned)i, (unsigned)n, fl_status_name(st));
            }
            FL_CHECK_EQ_INT(FL_ERR_FORMAT, st);
        }
        FL_CHECK_EQ_INT(FL_OK, fl_proto_decode(g_src, g_src_len, &g_msg));
    }
}

static void test_trailing_bytes_are_format(void)
{
    size_t i;
    for (i = 0; i < FL_GOLDEN_COUNT; i++) {
        load(i);
        g_src[g_src_len] = 0x00;
        FL_CHECK_EQ_INT(FL_ERR_FORMAT, fl_proto_decode(g_src, g_src_len + 1, &g_msg));
        memcpy(g_src + g_src_len, g_src, g_src_len); /* a second message glued on */
        FL_CHECK_EQ_INT(FL_ERR_FORMAT, fl_proto_decode(g_src, 2 * g_src_len, &g_msg));
    }
}

static void test_top_level_not_a_map_empty_or_oversized_is_format(void)
{
    static const uint8_t array[] = {0x83, 0x00, 0x01, 0x02};
    static const uint8_t uint1[] = {0x01};
    static const uint8_t text[] = {0x61, 'a'};
    static uint8_t big[FL_PROTO_MAX_PAYLOAD + 1];
    FL_CHECK_EQ_INT(FL_ERR_FORMAT, fl_proto_decode(array, sizeof array, &g_msg));
    FL_CHECK_EQ_INT(FL_ERR_FORMAT, fl_proto_decode(uint1, sizeof uint1, &g_msg));
    FL_CHECK_EQ_INT(FL_ERR_FORMAT, fl_proto_decode(text, sizeof text, &g_msg));
    FL_CHECK_EQ_INT(FL_ERR_FORMAT, fl_proto_decode(g_src, 0, &g_msg));
    FL_CHECK_EQ_INT(FL_ERR_FORMAT, fl_proto_decode(NULL, 0, &g_msg));
    load(0);
    memcpy(big, g_src, g_src_len);
    FL_CHECK_EQ_INT(FL_ERR_FORMAT, fl_proto_decode(big, sizeof big, &g_msg));
}

static void test_null_arguments_are_arg(void)
{
    load(0);
    FL_CHECK_EQ_INT(FL_ERR_ARG, fl_proto_decode(NULL, 3, &g_msg));
    FL_CHECK_EQ_INT(FL_ERR_ARG, fl_proto_decode(g_src, g_src_len, NULL));
    FL_CHECK_EQ_INT(FL_ERR_ARG, fl_proto_decode_expect(g_src, g_src_len, 10, &g_msg));
}

static void test_error_leaves_message_zeroed(void)
{
    static const fl_msg_t zero;
    load(0);
    FL_CHECK_EQ_INT(FL_ERR_FORMAT, fl_proto_decode(g_src, g_src_len - 1, &g_msg));
    FL_CHECK_MEM_EQ(&zero, &g_msg, sizeof zero);
}

/* ---- keys ---- */

/* The key of g_pairs[k]. */
static uint64_t pair_key(size_t k)
{
    fl_cbor_reader_t r;
    uint64_t key = UINT64_MAX;
    fl_cbor_reader_init(&r, g_pairs[k].key.p, g_pairs[k].key.n);
    FL_CHECK_EQ_INT(FL_OK, fl_cbor_read_uint(&r, &key));
    return key;
}

/* The optional keys of docs/protocol.md §3: telemetry 15..17, reported config 12..14, desired config 13/14. */
static int key_is_optional(uint8_t type, uint64_t key)
{
    switch (type) {
    case FL_MSG_TELEMETRY:
        return key >= 15 && key <= 17;
    case FL_MSG_REPORTED_CONFIG:
        return key >= 12 && key <= 14;
    case FL_MSG_DESIRED_CONFIG:
        return key == 13 || key == 14;
    default:
        return 0;
    }
}

/* The highest key docs/protocol.md §3 defines for the type. */
static uint64_t last_key(uint8_t type)
{
    static const uint8_t last[] = {0, 11, 17, 8, 14, 14, 9, 5, 5, 5};
    return type < sizeof last ? last[type] : 0;
}

static void test_missing_key_is_range(void)
{
    size_t i, k;
    for (i = 0; i < FL_GOLDEN_COUNT; i++) {
        uint8_t type;
        load(i);
        type = g_msg.type; /* g_msg is overwritten by each decode below */
        for (k = 0; k < g_npairs; k++) {
            pair_t pairs[MAX_PAIRS];
            uint64_t key = pair_key(k);
            /* an optional key may be left out, except one half of the quiet hours (both or neither) */
            fl_status_t want = key_is_optional(type, key) && key != 13 && key != 14 ? FL_OK : FL_ERR_RANGE;
            memcpy(pairs, g_pairs, k * sizeof(pair_t));
            memcpy(pairs + k, g_pairs + k + 1, (g_npairs - k - 1) * sizeof(pair_t));
            FL_CHECK_EQ_INT(want, decode_pairs(pairs, g_npairs - 1));
        }
    }
}

static void test_duplicate_key_is_range(void)
{
    size_t i, k;
    for (i = 0; i < FL_GOLDEN_COUNT; i++) {
        load(i);
        for (k = 0; k < g_npairs; k++) {
            pair_t pairs[MAX_PAIRS];
            memcpy(pairs, g_pairs, (k + 1) * sizeof(pair_t));
            memcpy(pairs + k + 1, g_pairs + k, (g_npairs - k) * sizeof(pair_t));
            FL_CHECK_EQ_INT(FL_ERR_RANGE, decode_pairs(pairs, g_npairs + 1));
        }
    }
}

static void test_out_of_order_key_is_range(void)
{
    size_t i, k;
    for (i = 0; i < FL_GOLDEN_COUNT; i++) {
        load(i);
        for (k = 0; k + 1 < g_npairs; k++) {
            pair_t pairs[MAX_PAIRS];
            memcpy(pairs, g_pairs, g_npairs * sizeof(pair_t));
            pairs[k] = g_pairs[k + 1];
            pairs[k + 1] = g_pairs[k];
            FL_CHECK_EQ_INT(FL_ERR_RANGE, decode_pairs(pairs, g_npairs));
        }
    }
}

static void test_unknown_key_is_range(void)
{
    static uint8_t key_buf[16];
    static const uint8_t text_key[] = {0x61, 'k'};
    static const uint8_t zero[] = {0x00};
    size_t i;
    for (i = 0; i < FL_GOLDEN_COUNT; i++) {
        pair_t pairs[MAX_PAIRS];
        fl_cbor_writer_t w;
        load(i);
        memcpy(pairs, g_pairs, g_npairs * sizeof(pair_t));
        /* the next key after the type's last one */
        fl_cbor_writer_init(&w, key_buf, sizeof key_buf);
        fl_cbor_write_uint(&w, last_key(g_msg.type) + 1);
        pairs[g_npairs].key.p = key_buf;
        pairs[g_npairs].key.n = w.len;
        pairs[g_npairs].value.p = zero;
        pairs[g_npairs].value.n = 1;
        FL_CHECK_EQ_INT(FL_ERR_RANGE, decode_pairs(pairs, g_npairs + 1));
        /* a text key in place of key 3 */
        memcpy(pairs, g_pairs, g_npairs * sizeof(pair_t));
        pairs[3].key.p = text_key;
        pairs[3].key.n = sizeof text_key;
        FL_CHECK_EQ_INT(FL_ERR_RANGE, decode_pairs(pairs, g_npairs));
    }
}

static void test_map_count_disagreeing_with_pairs(void)
{
    size_t i;
    for (i = 0; i < FL_GOLDEN_COUNT; i++) {
        size_t len;
        uint8_t type;
        load(i);
        type = g_msg.type;
        /* claims one pair more than present: truncated */
        len = assemble(g_pairs, g_npairs, g_npairs + 1);
        FL_CHECK_EQ_INT(FL_ERR_FORMAT, fl_proto_decode(g_out, len, &g_msg));
        /* claims one pair less: the last key is missing from the map (valid only where it is optional, and
         * then the dropped pair is trailing bytes) */
        len = assemble(g_pairs, g_npairs, g_npairs - 1);
        FL_CHECK_EQ_INT(key_is_optional(type, pair_key(g_npairs - 1)) ? FL_ERR_FORMAT : FL_ERR_RANGE,
                        fl_proto_decode(g_out, len, &g_msg));
    }
}

/* ---- version and type ---- */

static void test_schema_version_other_than_1_is_unsupported(void)
{
    size_t i;
    for (i = 0; i < FL_GOLDEN_COUNT; i++) {
        EXPECT_VALUE(FL_ERR_UNSUPPORTED, i, 0, v_uint(2));
        EXPECT_VALUE(FL_ERR_UNSUPPORTED, i, 0, v_uint(0));
        EXPECT_VALUE(FL_ERR_UNSUPPORTED, i, 0, v_uint(4294967296u));
    }
    EXPECT_VALUE(FL_ERR_RANGE, 0, 0, v_int(-1));
    EXPECT_VALUE(FL_ERR_RANGE, 0, 0, v_text('1', 1));
}

static void test_schema_2_is_unsupported_even_with_other_fields(void)
{
    /* {0: 2, 99: "future"}: refused for the version, not for the unknown key */
    static const uint8_t b[] = {0xa2, 0x00, 0x02, 0x18, 0x63, 0x66, 'f', 'u', 't', 'u', 'r', 'e'};
    FL_CHECK_EQ_INT(FL_ERR_UNSUPPORTED, fl_proto_decode(b, sizeof b, &g_msg));
}

static void test_type_other_than_expected_is_mismatch(void)
{
    size_t i;
    uint32_t t;
    for (i = 0; i < FL_GOLDEN_COUNT; i++) {
        uint32_t own;
        load(i);
        own = g_msg.type;
        for (t = FL_MSG_DETECTION; t <= FL_MSG_OTA_RESULT; t++) {
            fl_status_t want = t == own ? FL_OK : FL_ERR_MISMATCH;
            FL_CHECK_EQ_INT(want, fl_proto_decode_expect(g_src, g_src_len, t, &g_msg));
        }
    }
    EXPECT_VALUE(FL_ERR_RANGE, 0, 1, v_uint(0));
    EXPECT_VALUE(FL_ERR_RANGE, 0, 1, v_uint(10));
    EXPECT_VALUE(FL_ERR_RANGE, 0, 1, v_text('a', 1));
    {
        /* an unknown type on a topic that names type 1 is a mismatch, not a field error */
        pair_t pairs[MAX_PAIRS];
        size_t n = v_uint(10), len;
        load(0);
        memcpy(pairs, g_pairs, g_npairs * sizeof(pair_t));
        pairs[1].value.p = g_val;
        pairs[1].value.n = n;
        len = assemble(pairs, g_npairs, g_npairs);
        FL_CHECK_EQ_INT(FL_ERR_MISMATCH, fl_proto_decode_expect(g_out, len, FL_MSG_DETECTION, &g_msg));
    }
}

/* ---- deterministic encoding ---- */

static void test_non_shortest_forms_are_format(void)
{
    static const uint8_t wide_key3[] = {0x18, 0x03};
    static const uint8_t wide_type[] = {0x18, 0x01};
    size_t i;
    for (i = 0; i < FL_GOLDEN_COUNT; i++) {
        pair_t pairs[MAX_PAIRS];
        uint8_t wide_val[16];
        size_t len;
        load(i);
        memcpy(pairs, g_pairs, g_npairs * sizeof(pair_t));
        pairs[3].key.p = wide_key3;
        pairs[3].key.n = sizeof wide_key3;
        FL_CHECK_EQ_INT(FL_ERR_FORMAT, decode_pairs(pairs, g_npairs));

        memcpy(pairs, g_pairs, g_npairs * sizeof(pair_t));
        pairs[0].value.p = wide_type; /* schema 1 as 0x18 0x01 */
        pairs[0].value.n = sizeof wide_type;
        FL_CHECK_EQ_INT(FL_ERR_FORMAT, decode_pairs(pairs, g_npairs));

        /* key 3 is a uint in every type: widen its head by one step */
        memcpy(pairs, g_pairs, g_npairs * sizeof(pair_t));
        {
            const uint8_t *v = g_pairs[3].value.p;
            uint8_t ai = (uint8_t)(v[0] & 31u);
            FL_CHECK((v[0] >> 5) == 0);
            if (ai < 24) {
                wide_val[0] = 0x18;
                wide_val[1] = ai;
                len = 2;
            } else if (ai < 27) {
                size_t n = (size_t)1 << (ai - 24u);
                wide_val[0] = (uint8_t)(ai + 1);
                memset(wide_val + 1, 0, n);
                memcpy(wide_val + 1 + n, v + 1, n);
                len = 1 + 2 * n;
            } else {
                len = 0;
            }
            if (len > 0) {
                pairs[3].value.p = wide_val;
                pairs[3].value.n = len;
                FL_CHECK_EQ_INT(FL_ERR_FORMAT, decode_pairs(pairs, g_npairs));
            }
        }

        /* the map head itself in two bytes */
        len = assemble(g_pairs, g_npairs, g_npairs);
        memmove(g_out + 2, g_out + 1, len - 1);
        g_out[0] = 0xb8;
        g_out[1] = (uint8_t)g_npairs;
        FL_CHECK_EQ_INT(FL_ERR_FORMAT, fl_proto_decode(g_out, len + 1, &g_msg));
    }
    {
        /* device id length in two bytes: 0x78 0x08 "cam-0042" */
        static const uint8_t wide_id[] = {0x78, 0x08, 'c', 'a', 'm', '-', '0', '0', '4', '2'};
        FL_CHECK_EQ_INT(FL_ERR_FORMAT, with_value(3, 2, wide_id, sizeof wide_id));
    }
}

static void test_indefinite_lengths_are_format(void)
{
    static const uint8_t indef_id[] = {0x7f, 0x63, 'c', 'a', 'm', 0xff};
    static const uint8_t indef_boxes[] = {0x9f, 0xff};
    size_t i;
    FL_CHECK_EQ_INT(FL_ERR_FORMAT, with_value(3, 2, indef_id, sizeof indef_id));
    FL_CHECK_EQ_INT(FL_ERR_FORMAT, with_value(0, 6, indef_boxes, sizeof indef_boxes));
    for (i = 0; i < FL_GOLDEN_COUNT; i++) {
        size_t len;
        load(i);
        len = assemble(g_pairs, g_npairs, g_npairs);
        g_out[0] = 0xbf; /* same one-byte head size as the definite map */
        g_out[len] = 0xff;
        FL_CHECK_EQ_INT(FL_ERR_FORMAT, fl_proto_decode(g_out, len + 1, &g_msg));
    }
}

static void test_tags_and_floats_are_format(void)
{
    static const uint8_t tagged_seq[] = {0xc1, 0x1a, 0x00, 0x12, 0xd6, 0x87};
    static const uint8_t float_seq[] = {0xfa, 0x3f, 0x80, 0x00, 0x00};
    static const uint8_t half_bool[] = {0xf9, 0x3c, 0x00};
    FL_CHECK_EQ_INT(FL_ERR_FORMAT, with_value(0, 3, tagged_seq, sizeof tagged_seq));
    FL_CHECK_EQ_INT(FL_ERR_FORMAT, with_value(0, 3, float_seq, sizeof float_seq));
    FL_CHECK_EQ_INT(FL_ERR_FORMAT, with_value(3, 10, half_bool, sizeof half_bool));
}

/* ---- field values ---- */

static void test_string_limits_and_characters_are_range(void)
{
    static const uint8_t slash_id[] = {0x63, 'a', '/', 'b'};
    static const uint8_t utf8_fw[] = {0x62, 0xc3, 0xa9};                 /* "é" */
    static const uint8_t del_label_box[] = {0x81, 0x86, 0, 0, 0, 0, 0, 0x61, 0x7f};
    EXPECT_VALUE(FL_ERR_RANGE, 0, 2, v_text('d', 33));
    EXPECT_VALUE(FL_OK, 0, 2, v_text('d', 32));
    EXPECT_VALUE(FL_ERR_RANGE, 0, 2, v_text('d', 0));
    FL_CHECK_EQ_INT(FL_ERR_RANGE, with_value(0, 2, slash_id, sizeof slash_id));
    EXPECT_VALUE(FL_ERR_RANGE, 0, 2, v_text('#', 3));
    EXPECT_VALUE(FL_ERR_RANGE, 0, 7, v_text('m', 32)); /* detection model_id */
    EXPECT_VALUE(FL_OK, 0, 7, v_text('m', 31));
    EXPECT_VALUE(FL_ERR_RANGE, 1, 11, v_text('f', 24)); /* telemetry firmware_version */
    EXPECT_VALUE(FL_OK, 1, 11, v_text(' ', 23));
    FL_CHECK_EQ_INT(FL_ERR_RANGE, with_value(2, 6, utf8_fw, sizeof utf8_fw));
    EXPECT_VALUE(FL_ERR_RANGE, 5, 4, v_text('m', 0)); /* OTA offer model_id is 1..31 */
    EXPECT_VALUE(FL_ERR_RANGE, 0, 6, v_boxes(1, 6, 0, 16));
    EXPECT_VALUE(FL_OK, 0, 6, v_boxes(1, 6, 0, 15));
    FL_CHECK_EQ_INT(FL_ERR_RANGE, with_value(0, 6, del_label_box, sizeof del_label_box));
}

static void test_array_and_byte_string_limits_are_range(void)
{
    EXPECT_VALUE(FL_ERR_RANGE, 0, 6, v_boxes(17, 6, 0, 1));
    EXPECT_VALUE(FL_OK, 0, 6, v_boxes(16, 6, 0, 1));
    EXPECT_VALUE(FL_OK, 0, 6, v_boxes(0, 6, 0, 1));
    EXPECT_VALUE(FL_ERR_RANGE, 0, 6, v_boxes(1, 5, 0, 1));
    EXPECT_VALUE(FL_ERR_RANGE, 0, 6, v_boxes(1, 7, 0, 1));
    EXPECT_VALUE(FL_ERR_RANGE, 7, 5, v_bytes(0)); /* chunk data 1..1024 */
    EXPECT_VALUE(FL_ERR_RANGE, 7, 5, v_bytes(1025));
    EXPECT_VALUE(FL_OK, 7, 5, v_bytes(1024));
    EXPECT_VALUE(FL_ERR_RANGE, 5, 7, v_bytes(31)); /* sha256 exactly 32 */
    EXPECT_VALUE(FL_ERR_RANGE, 5, 7, v_bytes(33));
    EXPECT_VALUE(FL_ERR_RANGE, 5, 9, v_bytes(63)); /* signature exactly 64 */
    EXPECT_VALUE(FL_ERR_RANGE, 5, 9, v_bytes(65));
}

static void test_numbers_out_of_range_are_range(void)
{
    /* detection */
    EXPECT_VALUE(FL_ERR_RANGE, 0, 3, v_uint(4294967296u)); /* seq u32 */
    EXPECT_VALUE(FL_OK, 0, 3, v_uint(4294967295u));
    EXPECT_VALUE(FL_ERR_RANGE, 0, 5, v_uint(4));             /* detector */
    EXPECT_VALUE(FL_ERR_RANGE, 0, 6, v_boxes(1, 6, 10001, 0)); /* score_pmy */
    EXPECT_VALUE(FL_OK, 0, 6, v_boxes(1, 6, 10000, 0));
    /* telemetry */
    EXPECT_VALUE(FL_ERR_RANGE, 1, 5, v_uint(65536)); /* battery_mv u16 */
    EXPECT_VALUE(FL_ERR_RANGE, 1, 6, v_uint(1001));  /* soc_pm */
    EXPECT_VALUE(FL_ERR_RANGE, 1, 7, v_int(32768));  /* temperature_cc i16 */
    EXPECT_VALUE(FL_ERR_RANGE, 1, 7, v_int(-32769));
    EXPECT_VALUE(FL_OK, 1, 7, v_int(-32768));
    EXPECT_VALUE(FL_ERR_RANGE, 1, 14, v_int(128)); /* rssi_dbm i8 */
    EXPECT_VALUE(FL_ERR_RANGE, 1, 14, v_int(-129));
    EXPECT_VALUE(FL_OK, 1, 14, v_int(127));
    EXPECT_VALUE(FL_ERR_RANGE, 1, 14, v_int(INT64_MIN));
    /* status */
    EXPECT_VALUE(FL_ERR_RANGE, 2, 5, v_uint(3)); /* state */
    EXPECT_VALUE(FL_ERR_RANGE, 2, 7, v_uint(5)); /* wake_reason */
    /* configs */
    EXPECT_VALUE(FL_ERR_RANGE, 3, 4, v_uint(0)); /* wake_interval_s 1..86400 */
    EXPECT_VALUE(FL_ERR_RANGE, 3, 4, v_uint(86401));
    EXPECT_VALUE(FL_ERR_RANGE, 3, 5, v_uint(0)); /* telemetry_every 1..1000 */
    EXPECT_VALUE(FL_ERR_RANGE, 3, 5, v_uint(1001));
    EXPECT_VALUE(FL_ERR_RANGE, 3, 6, v_uint(10001)); /* score_threshold_pmy */
    EXPECT_VALUE(FL_ERR_RANGE, 4, 11, v_uint(3));    /* apply_result */
    EXPECT_VALUE(FL_OK, 4, 11, v_uint(0));
    /* OTA */
    EXPECT_VALUE(FL_ERR_RANGE, 5, 6, v_uint(0)); /* size_bytes 1..16 MiB */
    EXPECT_VALUE(FL_ERR_RANGE, 5, 6, v_uint(16777217));
    EXPECT_VALUE(FL_ERR_RANGE, 5, 8, v_uint(0)); /* chunk_size 1..1024 */
    EXPECT_VALUE(FL_ERR_RANGE, 5, 8, v_uint(1025));
    EXPECT_VALUE(FL_ERR_RANGE, 6, 5, v_uint(0)); /* request length 1..1024 */
    EXPECT_VALUE(FL_ERR_RANGE, 6, 5, v_uint(1025));
    EXPECT_VALUE(FL_ERR_RANGE, 8, 4, v_uint(10)); /* OTA result code 0..9 */
    EXPECT_VALUE(FL_OK, 8, 4, v_uint(9));
    EXPECT_VALUE(FL_OK, 8, 4, v_uint(6));
}

static void test_wrong_cbor_types_are_range(void)
{
    static const uint8_t null_[] = {0xf6};
    static const uint8_t undefined_[] = {0xf7};
    static const uint8_t one_[] = {0x01};
    static const uint8_t box_not_array[] = {0x81, 0x05};
    static const uint8_t boxes_map[] = {0xa0};
    EXPECT_VALUE(FL_ERR_RANGE, 0, 3, v_int(-1));       /* negative where u32 */
    EXPECT_VALUE(FL_ERR_RANGE, 0, 4, v_text('1', 1));  /* text where u64 */
    EXPECT_VALUE(FL_ERR_RANGE, 0, 2, v_bytes(4));      /* bytes where text */
    EXPECT_VALUE(FL_ERR_RANGE, 0, 7, v_uint(3));       /* uint where text */
    EXPECT_VALUE(FL_ERR_RANGE, 7, 5, v_text('x', 10)); /* text where bytes */
    EXPECT_VALUE(FL_ERR_RANGE, 1, 7, v_text('x', 1));  /* text where i16 */
    FL_CHECK_EQ_INT(FL_ERR_RANGE, with_value(3, 10, one_, sizeof one_)); /* 1 where bool */
    FL_CHECK_EQ_INT(FL_ERR_RANGE, with_value(3, 10, null_, sizeof null_));
    FL_CHECK_EQ_INT(FL_ERR_RANGE, with_value(3, 10, undefined_, sizeof undefined_));
    FL_CHECK_EQ_INT(FL_ERR_RANGE, with_value(0, 3, null_, sizeof null_));
    FL_CHECK_EQ_INT(FL_ERR_RANGE, with_value(0, 6, box_not_array, sizeof box_not_array));
    FL_CHECK_EQ_INT(FL_ERR_RANGE, with_value(0, 6, boxes_map, sizeof boxes_map));
}

/* `count` ledger entries, each `value` (as a signed int so a negative entry can be built). */
static size_t v_ledger(size_t count, int64_t value)
{
    fl_cbor_writer_t w;
    size_t i;
    fl_cbor_writer_init(&w, g_val, sizeof g_val);
    fl_cbor_write_head(&w, FL_CBOR_ARRAY, count);
    for (i = 0; i < count; i++) {
        fl_cbor_write_int(&w, value);
    }
    return w.len;
}

static void test_wake_ledger_shape_and_values(void)
{
    const size_t key = 15, idx = FL_GOLDEN_LEDGER_INDEX;
    size_t len = 7;
    EXPECT_VALUE(FL_OK, idx, key, v_ledger(FL_PROTO_LEDGER_STATES, 4294967295));
    EXPECT_VALUE(FL_ERR_RANGE, idx, key, v_ledger(0, 1)); /* empty would re-encode as absent */
    EXPECT_VALUE(FL_ERR_RANGE, idx, key, v_ledger(FL_PROTO_LEDGER_STATES - 1, 1));
    EXPECT_VALUE(FL_ERR_RANGE, idx, key, v_ledger(FL_PROTO_LEDGER_STATES + 1, 1));
    EXPECT_VALUE(FL_ERR_RANGE, idx, key, v_ledger(FL_PROTO_LEDGER_STATES, 4294967296));
    EXPECT_VALUE(FL_ERR_RANGE, idx, key, v_ledger(FL_PROTO_LEDGER_STATES, -1));
    EXPECT_VALUE(FL_ERR_RANGE, idx, key, v_uint(8));
    /* the encoder takes only 0 (absent) or all entries */
    (void)fl_golden_fixture(idx, &g_msg);
    g_msg.body.telemetry.wake_ledger_count = 3;
    FL_CHECK_EQ_INT(FL_ERR_RANGE, fl_proto_encode(&g_msg, g_out, sizeof g_out, &len));
    FL_CHECK_EQ_INT(0, len);
    /* absent: the map has exactly the 15 v1 pairs, key 14 last */
    g_msg.body.telemetry.wake_ledger_count = 0;
    FL_CHECK_EQ_INT(FL_OK, fl_proto_encode(&g_msg, g_out, sizeof g_out, &len));
    FL_CHECK_EQ_INT(0xa0 + 15, g_out[0]);
    FL_CHECK_EQ_INT(FL_OK, fl_proto_decode(g_out, len, &g_msg));
    FL_CHECK_EQ_INT(0, g_msg.body.telemetry.wake_ledger_count);
}

/* Telemetry 16/17, reported config 12, config 13/14: values, types and the rules across fields. The argument
 * after the fixture is the pair's position (keys 16/17 of the dropped fixture sit at 15/16, having no key 15). */
static void test_optional_v1_fields(void)
{
    static const uint8_t del_reason[] = {0x62, 'o', 0x7f};
    const size_t drop = FL_GOLDEN_DROPPED_INDEX, rej = FL_GOLDEN_REJECT_INDEX, quiet = FL_GOLDEN_QUIET_INDEX;
    /* dropped counters: u32 */
    EXPECT_VALUE(FL_ERR_RANGE, drop, 15, v_uint(4294967296u));
    EXPECT_VALUE(FL_ERR_RANGE, drop, 16, v_int(-1));
    EXPECT_VALUE(FL_ERR_RANGE, drop, 16, v_text('1', 1));
    EXPECT_VALUE(FL_OK, drop, 16, v_uint(0));
    /* reject_reason: printable text 0..63, only with a rejection */
    EXPECT_VALUE(FL_ERR_RANGE, rej, 12, v_text('r', 64));
    EXPECT_VALUE(FL_OK, rej, 12, v_text('r', 63));
    EXPECT_VALUE(FL_OK, rej, 12, v_text('r', 0));
    FL_CHECK_EQ_INT(FL_ERR_RANGE, with_value(rej, 12, del_reason, sizeof del_reason));
    EXPECT_VALUE(FL_ERR_RANGE, rej, 12, v_uint(1));
    EXPECT_VALUE(FL_ERR_RANGE, rej, 11, v_uint(FL_APPLY_APPLIED));
    EXPECT_VALUE(FL_OK, rej, 11, v_uint(FL_APPLY_REJECTED_MODEL_MISSING));
    /* quiet hours: 0..1439 each */
    EXPECT_VALUE(FL_ERR_RANGE, quiet, 11, v_uint(1440));
    EXPECT_VALUE(FL_ERR_RANGE, quiet, 12, v_uint(1440));
    EXPECT_VALUE(FL_ERR_RANGE, quiet, 12, v_int(-1));
    EXPECT_VALUE(FL_OK, quiet, 12, v_uint(0));
    EXPECT_VALUE(FL_ERR_RANGE, rej, 13, v_uint(1440));
    EXPECT_VALUE(FL_ERR_RANGE, rej, 14, v_uint(65536));
    /* a desired config has no key 11 or 12 */
    {
        static const uint8_t key12[] = {0x0c};
        pair_t pairs[MAX_PAIRS];
        load(quiet);
        memcpy(pairs, g_pairs, g_npairs * sizeof(pair_t));
        pairs[11].key.p = key12;
        pairs[11].key.n = sizeof key12;
        pairs[11].value.p = g_val;
        pairs[11].value.n = v_text('r', 3);
        FL_CHECK_EQ_INT(FL_ERR_RANGE, decode_pairs(pairs, g_npairs));
    }
    /* decoded presence */
    (void)with_value(drop, 16, g_val, v_uint(5));
    FL_CHECK_EQ_INT(0, g_msg.body.telemetry.wake_ledger_count);
    FL_CHECK_EQ_INT(1, g_msg.body.telemetry.has_dropped_telemetry);
    FL_CHECK_EQ_INT(1, g_msg.body.telemetry.has_dropped_detections);
    FL_CHECK_EQ_INT(5, g_msg.body.telemetry.dropped_detections);
}

int main(void)
{
    int passed = 0;
    FL_RUN(test_truncation_at_every_length_is_format, passed);
    FL_RUN(test_trailing_bytes_are_format, passed);
    FL_RUN(test_top_level_not_a_map_empty_or_oversized_is_format, passed);
    FL_RUN(test_null_arguments_are_arg, passed);
    FL_RUN(test_error_leaves_message_zeroed, passed);
    FL_RUN(test_missing_key_is_range, passed);
    FL_RUN(test_duplicate_key_is_range, passed);
    FL_RUN(test_out_of_order_key_is_range, passed);
    FL_RUN(test_unknown_key_is_range, passed);
    FL_RUN(test_map_count_disagreeing_with_pairs, passed);
    FL_RUN(test_schema_version_other_than_1_is_unsupported, passed);
    FL_RUN(test_schema_2_is_unsupported_even_with_other_fields, passed);
    FL_RUN(test_type_other_than_expected_is_mismatch, passed);
    FL_RUN(test_non_shortest_forms_are_format, passed);
    FL_RUN(test_indefinite_lengths_are_format, passed);
    FL_RUN(test_tags_and_floats_are_format, passed);
    FL_RUN(test_string_limits_and_characters_are_range, passed);
    FL_RUN(test_array_and_byte_string_limits_are_range, passed);
    FL_RUN(test_numbers_out_of_range_are_range, passed);
    FL_RUN(test_wrong_cbor_types_are_range, passed);
    FL_RUN(test_wake_ledger_shape_and_values, passed);
    FL_RUN(test_optional_v1_fields, passed);
    FL_TEST_MAIN_END(passed);
}
