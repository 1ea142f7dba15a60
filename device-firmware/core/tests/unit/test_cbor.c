/* SPDX-License-Identifier: MIT */
/* The bounded CBOR writer and reader: shortest forms at every width boundary, and every well-formedness rule of
 * the core deterministic encoding the reader enforces. */
#include <stdint.h>

#include "fl_test.h"
#include "proto/fl_cbor.h"

static size_t encode_uint(uint64_t v, uint8_t *out, size_t cap)
{
    fl_cbor_writer_t w;
    fl_cbor_writer_init(&w, out, cap);
    fl_cbor_write_uint(&w, v);
    return w.err == FL_OK ? w.len : 0;
}

static void test_write_uint_uses_shortest_head_at_each_boundary(void)
{
    static const struct {
        uint64_t v;
        uint8_t bytes[9];
        size_t len;
    } cases[] = {
        {0, {0x00}, 1},
        {23, {0x17}, 1},
        {24, {0x18, 0x18}, 2},
        {255, {0x18, 0xff}, 2},
        {256, {0x19, 0x01, 0x00}, 3},
        {65535, {0x19, 0xff, 0xff}, 3},
        {65536, {0x1a, 0x00, 0x01, 0x00, 0x00}, 5},
        {4294967295u, {0x1a, 0xff, 0xff, 0xff, 0xff}, 5},
        {4294967296u, {0x1b, 0, 0, 0, 1, 0, 0, 0, 0}, 9},
        {UINT64_MAX, {0x1b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, 9},
    };
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint8_t out[9];
        uint64_t back = 0;
        fl_cbor_reader_t r;
        FL_CHECK_EQ_INT(cases[i].len, encode_uint(cases[i].v, out, sizeof out));
        FL_CHECK_MEM_EQ(cases[i].bytes, out, cases[i].len);
        fl_cbor_reader_init(&r, out, cases[i].len);
        FL_CHECK_EQ_INT(FL_OK, fl_cbor_read_uint(&r, &back));
        FL_CHECK(back == cases[i].v);
        FL_CHECK_EQ_INT(0, r.left);
    }
}

static void test_write_int_negative_round_trips(void)
{
    static const int64_t values[] = {-1, -24, -25, -256, -257, -32768, -65537, INT64_MIN, INT64_MAX, 0};
    static const uint8_t minus_25[] = {0x38, 0x18};
    size_t i;
    for (i = 0; i < sizeof values / sizeof values[0]; i++) {
        uint8_t out[9];
        fl_cbor_writer_t w;
        fl_cbor_reader_t r;
        int64_t back = 0;
        fl_cbor_writer_init(&w, out, sizeof out);
        fl_cbor_write_int(&w, values[i]);
        FL_CHECK_EQ_INT(FL_OK, w.err);
        if (values[i] == -25) {
            FL_CHECK_MEM_EQ(minus_25, out, 2);
        }
        fl_cbor_reader_init(&r, out, w.len);
        FL_CHECK_EQ_INT(FL_OK, fl_cbor_read_int(&r, &back));
        FL_CHECK(back == values[i]);
    }
}

static void test_writer_too_small_is_no_mem_and_sticky(void)
{
    uint8_t out[4];
    fl_cbor_writer_t w;
    fl_cbor_writer_init(&w, out, sizeof out);
    fl_cbor_write_uint(&w, 65536); /* needs 5 */
    FL_CHECK_EQ_INT(FL_ERR_NO_MEM, w.err);
    fl_cbor_write_uint(&w, 1); /* would fit, but the first error wins */
    FL_CHECK_EQ_INT(FL_ERR_NO_MEM, w.err);
    FL_CHECK_EQ_INT(0, w.len);
}

static void test_writer_sizing_pass_counts_without_writing(void)
{
    fl_cbor_writer_t w;
    fl_cbor_writer_init(&w, NULL, 0);
    fl_cbor_write_text(&w, "hello", 5);
    fl_cbor_write_uint(&w, 1000);
    FL_CHECK_EQ_INT(FL_OK, w.err);
    FL_CHECK_EQ_INT(6 + 3, w.len);
}

static fl_status_t read_one_uint(const uint8_t *b, size_t n)
{
    fl_cbor_reader_t r;
    uint64_t v;
    fl_cbor_reader_init(&r, b, n);
    return fl_cbor_read_uint(&r, &v);
}

static void test_read_rejects_non_shortest_heads(void)
{
    static const uint8_t a[] = {0x18, 0x17};
    static const uint8_t b[] = {0x19, 0x00, 0xff};
    static const uint8_t c[] = {0x1a, 0x00, 0x00, 0xff, 0xff};
    static const uint8_t d[] = {0x1b, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff};
    static const uint8_t ok[] = {0x1b, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00};
    FL_CHECK_EQ_INT(FL_ERR_FORMAT, read_one_uint(a, sizeof a));
    FL_CHECK_EQ_INT(FL_ERR_FORMAT, read_one_uint(b, sizeof b));
    FL_CHECK_EQ_INT(FL_ERR_FORMAT, read_one_uint(c, sizeof c));
    FL_CHECK_EQ_INT(FL_ERR_FORMAT, read_one_uint(d, sizeof d));
    FL_CHECK_EQ_INT(FL_OK, read_one_uint(ok, sizeof ok));
}

static void test_read_rejects_truncated_heads_of_every_width(void)
{
    static const uint8_t full[] = {0x1b, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08};
    static const uint8_t heads[] = {0x18, 0x19, 0x1a, 0x1b};
    size_t h;
    for (h = 0; h < sizeof heads; h++) {
        uint8_t b[9];
        size_t need = 1 + ((size_t)1 << h);
        size_t n;
        memcpy(b, full, sizeof b);
        b[0] = heads[h];
        for (n = 0; n < need; n++) {
            FL_CHECK_EQ_INT(FL_ERR_FORMAT, read_one_uint(b, n));
        }
    }
}

static void test_read_rejects_indefinite_reserved_tags_floats_and_break(void)
{
    static const uint8_t bad[][3] = {
        {0x5f, 0xff, 0}, /* indefinite byte string */
        {0x7f, 0xff, 0}, /* indefinite text */
        {0x9f, 0xff, 0}, /* indefinite array */
        {0xbf, 0xff, 0}, /* indefinite map */
        {0x1c, 0, 0},    /* reserved additional info */
        {0x1d, 0, 0},
        {0x1e, 0, 0},
        {0xff, 0, 0},    /* stray break */
        {0xc1, 0x01, 0}, /* tag 1 */
        {0xf9, 0x3c, 0x00}, /* half float 1.0 */
        {0xf8, 0x10, 0},    /* two-byte simple value < 32 */
    };
    size_t i;
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        fl_cbor_reader_t r;
        uint8_t major;
        uint64_t arg;
        fl_cbor_reader_init(&r, bad[i], sizeof bad[i]);
        FL_CHECK_EQ_INT(FL_ERR_FORMAT, fl_cbor_read_head(&r, &major, &arg));
    }
}

static void test_read_wrong_major_type_is_range(void)
{
    static const uint8_t text_a[] = {0x61, 'a'};
    static const uint8_t null_[] = {0xf6};
    static const uint8_t simple_32[] = {0xf8, 0x20};
    static const uint8_t nint[] = {0x20};
    fl_cbor_reader_t r;
    int b;
    int64_t i;
    const uint8_t *s;
    size_t n;
    FL_CHECK_EQ_INT(FL_ERR_RANGE, read_one_uint(text_a, sizeof text_a));
    FL_CHECK_EQ_INT(FL_ERR_RANGE, read_one_uint(nint, sizeof nint));
    fl_cbor_reader_init(&r, null_, sizeof null_);
    FL_CHECK_EQ_INT(FL_ERR_RANGE, fl_cbor_read_bool(&r, &b));
    fl_cbor_reader_init(&r, simple_32, sizeof simple_32);
    FL_CHECK_EQ_INT(FL_ERR_RANGE, fl_cbor_read_bool(&r, &b));
    fl_cbor_reader_init(&r, text_a, sizeof text_a);
    FL_CHECK_EQ_INT(FL_ERR_RANGE, fl_cbor_read_int(&r, &i));
    fl_cbor_reader_init(&r, text_a, sizeof text_a);
    FL_CHECK_EQ_INT(FL_ERR_RANGE, fl_cbor_read_bytes(&r, &s, &n));
}

static void test_read_int_beyond_int64_is_range(void)
{
    static const uint8_t big_nint[] = {0x3b, 0x80, 0, 0, 0, 0, 0, 0, 0}; /* -1 - 2^63 */
    fl_cbor_reader_t r;
    int64_t v;
    fl_cbor_reader_init(&r, big_nint, sizeof big_nint);
    FL_CHECK_EQ_INT(FL_ERR_RANGE, fl_cbor_read_int(&r, &v));
}

static void test_read_truncated_string_is_format_and_first_error_wins(void)
{
    static const uint8_t b[] = {0x65, 'a', 'b', 0x01};
    fl_cbor_reader_t r;
    const uint8_t *s;
    size_t n;
    uint64_t v;
    fl_cbor_reader_init(&r, b, sizeof b);
    FL_CHECK_EQ_INT(FL_ERR_FORMAT, fl_cbor_read_text(&r, &s, &n));
    FL_CHECK_EQ_INT(FL_ERR_FORMAT, fl_cbor_read_uint(&r, &v)); /* still the first error */
    FL_CHECK_EQ_INT(FL_ERR_FORMAT, fl_cbor_fail(&r, FL_ERR_RANGE));
}

static void test_read_bool_and_strings(void)
{
    static const uint8_t b[] = {0xf5, 0xf4, 0x62, 'h', 'i', 0x42, 0x01, 0x02, 0x82, 0xa1};
    fl_cbor_reader_t r;
    int t = 0, f = 1;
    const uint8_t *s;
    size_t n;
    uint64_t count;
    fl_cbor_reader_init(&r, b, sizeof b);
    FL_CHECK_EQ_INT(FL_OK, fl_cbor_read_bool(&r, &t));
    FL_CHECK_EQ_INT(FL_OK, fl_cbor_read_bool(&r, &f));
    FL_CHECK(t == 1 && f == 0);
    FL_CHECK_EQ_INT(FL_OK, fl_cbor_read_text(&r, &s, &n));
    FL_CHECK(n == 2 && s[0] == 'h');
    FL_CHECK_EQ_INT(FL_OK, fl_cbor_read_bytes(&r, &s, &n));
    FL_CHECK(n == 2 && s[1] == 0x02);
    FL_CHECK_EQ_INT(FL_OK, fl_cbor_read_array(&r, &count));
    FL_CHECK_EQ_INT(2, count);
    FL_CHECK_EQ_INT(FL_OK, fl_cbor_read_map(&r, &count));
    FL_CHECK_EQ_INT(1, count);
    FL_CHECK_EQ_INT(0, r.left);
}

int main(void)
{
    int passed = 0;
    FL_RUN(test_write_uint_uses_shortest_head_at_each_boundary, passed);
    FL_RUN(test_write_int_negative_round_trips, passed);
    FL_RUN(test_writer_too_small_is_no_mem_and_sticky, passed);
    FL_RUN(test_writer_sizing_pass_counts_without_writing, passed);
    FL_RUN(test_read_rejects_non_shortest_heads, passed);
    FL_RUN(test_read_rejects_truncated_heads_of_every_width, passed);
    FL_RUN(test_read_rejects_indefinite_reserved_tags_floats_and_break, passed);
    FL_RUN(test_read_wrong_major_type_is_range, passed);
    FL_RUN(test_read_int_beyond_int64_is_range, passed);
    FL_RUN(test_read_truncated_string_is_format_and_first_error_wins, passed);
    FL_RUN(test_read_bool_and_strings, passed);
    FL_TEST_MAIN_END(passed);
}
