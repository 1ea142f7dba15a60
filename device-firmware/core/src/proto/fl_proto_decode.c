/* SPDX-License-Identifier: MIT */
/* Decoder: walks the schema in key order. Mandatory keys come first and must ascend, so pair i of the map must
 * carry key i exactly: one comparison catches missing, duplicate, out-of-order and unknown keys, and the decoder
 * never has to skip an item it does not understand. An optional key (after the mandatory ones, ascending) is read
 * when the next key equals it and is otherwise absent; a key left over after the last field is unknown,
 * duplicate or out of order, which the check after the map rejects. */
#include <string.h>

#include "proto/fl_cbor.h"
#include "proto/fl_proto_schema.h"

static void store(void *dst, const void *src, size_t n)
{
    memcpy(dst, src, n);
}

static fl_status_t read_fields(fl_cbor_reader_t *r, const fl_field_t *fields, size_t n, uint8_t *base,
                               uint64_t *map_left);

/* Reads one value into base + f->offset, or fails with FL_ERR_FORMAT / FL_ERR_RANGE. */
static fl_status_t read_value(fl_cbor_reader_t *r, const fl_field_t *f, uint8_t *base)
{
    uint8_t *p = base + f->offset;
    switch (f->kind) {
    case FL_FIELD_U64: {
        uint64_t v;
        FL_TRY(fl_cbor_read_uint(r, &v));
        store(p, &v, sizeof v);
        return FL_OK;
    }
    case FL_FIELD_ENUM8:
    case FL_FIELD_U16:
    case FL_FIELD_U32: {
        uint64_t v;
        FL_TRY(fl_cbor_read_uint(r, &v));
        if (v < (uint64_t)f->min || v > (uint64_t)f->max) {
            return fl_cbor_fail(r, FL_ERR_RANGE);
        }
        if (f->kind == FL_FIELD_ENUM8) {
            *p = (uint8_t)v;
        } else if (f->kind == FL_FIELD_U16) {
            uint16_t v16 = (uint16_t)v;
            store(p, &v16, sizeof v16);
        } else {
            uint32_t v32 = (uint32_t)v;
            store(p, &v32, sizeof v32);
        }
        return FL_OK;
    }
    case FL_FIELD_I16:
    case FL_FIELD_I8: {
        int64_t v;
        FL_TRY(fl_cbor_read_int(r, &v));
        if (v < f->min || v > f->max) {
            return fl_cbor_fail(r, FL_ERR_RANGE);
        }
        if (f->kind == FL_FIELD_I16) {
            int16_t v16 = (int16_t)v;
            store(p, &v16, sizeof v16);
        } else {
            int8_t v8 = (int8_t)v;
            store(p, &v8, sizeof v8);
        }
        return FL_OK;
    }
    case FL_FIELD_BOOL: {
        int v;
        FL_TRY(fl_cbor_read_bool(r, &v));
        *p = (uint8_t)v;
        return FL_OK;
    }
    case FL_FIELD_TEXT: {
        const uint8_t *s;
        size_t n;
        FL_TRY(fl_cbor_read_text(r, &s, &n));
        if ((int64_t)n < f->min || (int64_t)n > f->max || !fl_proto_charset_ok((fl_charset_t)f->charset, s, n)) {
            return fl_cbor_fail(r, FL_ERR_RANGE);
        }
        store(p, s, n); /* the NUL is already there: the message was zeroed and max < cap */
        return FL_OK;
    }
    case FL_FIELD_BYTES_FIXED:
    case FL_FIELD_BYTES_VAR: {
        const uint8_t *s;
        size_t n;
        FL_TRY(fl_cbor_read_bytes(r, &s, &n));
        if (f->kind == FL_FIELD_BYTES_FIXED ? n != f->cap : ((int64_t)n < f->min || (int64_t)n > f->max)) {
            return fl_cbor_fail(r, FL_ERR_RANGE);
        }
        store(p, s, n);
        if (f->kind == FL_FIELD_BYTES_VAR) {
            uint16_t n16 = (uint16_t)n;
            store(base + f->len_offset, &n16, sizeof n16);
        }
        return FL_OK;
    }
    case FL_FIELD_U32_ARRAY_OPT: {
        /* Present means exactly max entries: an empty array would decode like an absent key and re-encode
         * differently, so it is refused. */
        uint64_t count;
        uint64_t i;
        FL_TRY(fl_cbor_read_array(r, &count));
        if (count != (uint64_t)f->max) {
            return fl_cbor_fail(r, FL_ERR_RANGE);
        }
        for (i = 0; i < count; i++) {
            uint64_t v;
            uint32_t v32;
            FL_TRY(fl_cbor_read_uint(r, &v));
            if (v > UINT32_MAX) {
                return fl_cbor_fail(r, FL_ERR_RANGE);
            }
            v32 = (uint32_t)v;
            store(p + (size_t)i * sizeof v32, &v32, sizeof v32);
        }
        base[f->len_offset] = (uint8_t)count;
        return FL_OK;
    }
    case FL_FIELD_BOXES: {
        uint64_t count;
        uint64_t i;
        FL_TRY(fl_cbor_read_array(r, &count));
        if (count > (uint64_t)f->max) {
            return fl_cbor_fail(r, FL_ERR_RANGE);
        }
        base[f->len_offset] = (uint8_t)count;
        for (i = 0; i < count; i++) {
            uint64_t items;
            FL_TRY(fl_cbor_read_array(r, &items));
            if (items != FL_PROTO_BOX_ITEMS) {
                return fl_cbor_fail(r, FL_ERR_RANGE);
            }
            FL_TRY(read_fields(r, fl_proto_box_fields, FL_PROTO_BOX_ITEMS, p + (size_t)i * sizeof(fl_box_t),
                               NULL));
        }
        return FL_OK;
    }
    default:
        return fl_cbor_fail(r, FL_ERR_RANGE);
    }
}

/* The next map key must be `want`. A map that ends early lacks `want`; a smaller key is a duplicate or out of
 * order; a larger one means `want` is missing; a non-uint key is unknown. All are field errors (FL_ERR_RANGE). */
static fl_status_t expect_key(fl_cbor_reader_t *r, uint64_t *map_left, uint64_t want)
{
    uint64_t key;
    if (*map_left == 0) {
        return fl_cbor_fail(r, FL_ERR_RANGE);
    }
    FL_TRY(fl_cbor_read_uint(r, &key));
    if (key != want) {
        return fl_cbor_fail(r, FL_ERR_RANGE);
    }
    (*map_left)--;
    return FL_OK;
}

/* 1 if the map has a pair left whose key is `want`; consumes nothing. A key that cannot be read here is left
 * for the check after the map, which names the error. */
static int next_key_is(const fl_cbor_reader_t *r, uint64_t map_left, uint64_t want)
{
    fl_cbor_reader_t peek = *r;
    uint64_t key;
    if (map_left == 0 || fl_cbor_read_uint(&peek, &key) != FL_OK) {
        return 0;
    }
    return key == want;
}

/* map_left != NULL: map entries with keys 3.. ; NULL: positional array items. */
static fl_status_t read_fields(fl_cbor_reader_t *r, const fl_field_t *fields, size_t n, uint8_t *base,
                               uint64_t *map_left)
{
    size_t i;
    for (i = 0; i < n; i++) {
        const fl_field_t *f = &fields[i];
        if (map_left != NULL && f->opt_key != 0) {
            if (!next_key_is(r, *map_left, f->opt_key)) {
                continue; /* left out by the sender: its presence byte (or count) stays 0 */
            }
            if (f->kind != FL_FIELD_U32_ARRAY_OPT) {
                base[f->present_offset] = 1;
            }
        }
        if (map_left != NULL) {
            FL_TRY(expect_key(r, map_left, fl_proto_field_key(fields, i)));
        }
        FL_TRY(read_value(r, f, base));
    }
    return FL_OK;
}

static fl_status_t decode(const uint8_t *buf, size_t len, uint32_t expected_type, fl_msg_t *msg)
{
    fl_cbor_reader_t r;
    uint8_t major;
    uint64_t map_left;
    uint64_t v;
    const fl_msg_schema_t *schema;

    if (len > FL_PROTO_MAX_PAYLOAD) {
        return FL_ERR_FORMAT;
    }
    fl_cbor_reader_init(&r, buf, len);
    FL_TRY(fl_cbor_read_head(&r, &major, &map_left));
    if (major != FL_CBOR_MAP) {
        return FL_ERR_FORMAT;
    }

    /* Key 0 first and alone: a schema-2 payload is refused before anything else of it is judged. */
    FL_TRY(expect_key(&r, &map_left, 0));
    FL_TRY(fl_cbor_read_uint(&r, &v));
    if (v != FL_PROTO_SCHEMA_VERSION) {
        return FL_ERR_UNSUPPORTED;
    }

    FL_TRY(expect_key(&r, &map_left, 1));
    FL_TRY(fl_cbor_read_uint(&r, &v));
    if (expected_type != FL_MSG_ANY && v != expected_type) {
        return FL_ERR_MISMATCH;
    }
    schema = fl_proto_schema(v);
    if (schema == NULL) {
        return FL_ERR_RANGE;
    }
    msg->type = schema->type;

    FL_TRY(expect_key(&r, &map_left, 2));
    FL_TRY(read_value(&r, &fl_proto_device_id_field, (uint8_t *)msg));
    FL_TRY(read_fields(&r, schema->fields, schema->field_count, (uint8_t *)msg, &map_left));

    if (map_left != 0) {
        /* The map claims more pairs. If the next key is there it is unknown (a field error); if the bytes ran
         * out first the payload is truncated, which comes first in byte order. */
        uint8_t key_major;
        uint64_t key;
        FL_TRY(fl_cbor_read_head(&r, &key_major, &key));
        return FL_ERR_RANGE;
    }
    if (r.left != 0) {
        return FL_ERR_FORMAT; /* bytes after the top-level map */
    }
    return fl_proto_check_rules(msg);
}

fl_status_t fl_proto_decode_expect(const uint8_t *buf, size_t len, uint32_t expected_type, fl_msg_t *msg)
{
    fl_status_t st;

    if (msg == NULL || (buf == NULL && len != 0) || expected_type > FL_MSG_OTA_RESULT) {
        return FL_ERR_ARG;
    }
    memset(msg, 0, sizeof *msg);
    st = decode(buf, len, expected_type, msg);
    if (st != FL_OK) {
        memset(msg, 0, sizeof *msg); /* never hand out half a message */
    }
    return st;
}

fl_status_t fl_proto_decode(const uint8_t *buf, size_t len, fl_msg_t *msg)
{
    return fl_proto_decode_expect(buf, len, FL_MSG_ANY, msg);
}
