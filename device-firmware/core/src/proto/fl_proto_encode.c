/* SPDX-License-Identifier: MIT */
/* Encoder: first validates the whole struct against the schema (FL_ERR_RANGE), then writes, so a bad field never
 * leaves half a payload in the caller's buffer and a too-small buffer is the only way writing can fail. */
#include <string.h>

#include "proto/fl_cbor.h"
#include "proto/fl_proto_schema.h"

/* Numbers of every kind but U64, widened to int64_t. memcpy because the bytes at base+offset are a struct
 * member of the kind's type, read through a byte pointer. */
static int64_t load_small(const fl_field_t *f, const uint8_t *base)
{
    const uint8_t *p = base + f->offset;
    switch (f->kind) {
    case FL_FIELD_U16: {
        uint16_t v;
        memcpy(&v, p, sizeof v);
        return v;
    }
    case FL_FIELD_U32: {
        uint32_t v;
        memcpy(&v, p, sizeof v);
        return v;
    }
    case FL_FIELD_I16: {
        int16_t v;
        memcpy(&v, p, sizeof v);
        return v;
    }
    case FL_FIELD_I8: {
        int8_t v;
        memcpy(&v, p, sizeof v);
        return v;
    }
    default: /* FL_FIELD_ENUM8, FL_FIELD_BOOL */
        return *p;
    }
}

static uint16_t load_u16(const uint8_t *p)
{
    uint16_t v;
    memcpy(&v, p, sizeof v);
    return v;
}

/* Length of a NUL-terminated string inside char[cap]; cap when there is no NUL (an invalid field). */
static size_t text_len(const uint8_t *s, size_t cap)
{
    const void *nul = memchr(s, 0, cap);
    return nul != NULL ? (size_t)((const uint8_t *)nul - s) : cap;
}

static fl_status_t validate_fields(const fl_field_t *fields, size_t n, const uint8_t *base);

static fl_status_t validate_field(const fl_field_t *f, const uint8_t *base)
{
    const uint8_t *p = base + f->offset;
    switch (f->kind) {
    case FL_FIELD_U64:
    case FL_FIELD_BYTES_FIXED:
        return FL_OK; /* every value is valid */
    case FL_FIELD_TEXT: {
        size_t n = text_len(p, f->cap);
        if ((int64_t)n < f->min || (int64_t)n > f->max || !fl_proto_charset_ok((fl_charset_t)f->charset, p, n)) {
            return FL_ERR_RANGE;
        }
        return FL_OK;
    }
    case FL_FIELD_BYTES_VAR: {
        uint16_t n = load_u16(base + f->len_offset);
        return (n < f->min || n > f->max) ? FL_ERR_RANGE : FL_OK;
    }
    case FL_FIELD_U32_ARRAY_OPT: {
        uint8_t count = base[f->len_offset];
        return (count != 0 && count != f->max) ? FL_ERR_RANGE : FL_OK;
    }
    case FL_FIELD_BOXES: {
        uint8_t count = base[f->len_offset];
        uint8_t i;
        if (count > f->max) {
            return FL_ERR_RANGE;
        }
        for (i = 0; i < count; i++) {
            FL_TRY(validate_fields(fl_proto_box_fields, FL_PROTO_BOX_ITEMS, p + (size_t)i * sizeof(fl_box_t)));
        }
        return FL_OK;
    }
    default: {
        int64_t v = load_small(f, base);
        return (v < f->min || v > f->max) ? FL_ERR_RANGE : FL_OK;
    }
    }
}

static fl_status_t validate_fields(const fl_field_t *fields, size_t n, const uint8_t *base)
{
    size_t i;
    for (i = 0; i < n; i++) {
        const fl_field_t *f = &fields[i];
        if (f->opt_key != 0 && f->kind != FL_FIELD_U32_ARRAY_OPT && base[f->present_offset] > 1) {
            return FL_ERR_RANGE; /* a presence byte is 0 or 1, like a bool */
        }
        if (!fl_proto_field_present(f, base)) {
            continue; /* an absent key's value is not sent, so it is not judged */
        }
        FL_TRY(validate_field(f, base));
    }
    return FL_OK;
}

static void write_fields(fl_cbor_writer_t *w, const fl_field_t *fields, size_t n, const uint8_t *base,
                         int with_keys);

/* Writes one already validated value. */
static void write_value(fl_cbor_writer_t *w, const fl_field_t *f, const uint8_t *base)
{
    const uint8_t *p = base + f->offset;
    switch (f->kind) {
    case FL_FIELD_U64: {
        uint64_t v;
        memcpy(&v, p, sizeof v);
        fl_cbor_write_uint(w, v);
        break;
    }
    case FL_FIELD_BOOL:
        fl_cbor_write_bool(w, *p != 0);
        break;
    case FL_FIELD_TEXT:
        fl_cbor_write_text(w, (const char *)p, text_len(p, f->cap));
        break;
    case FL_FIELD_BYTES_FIXED:
        fl_cbor_write_bytes(w, p, f->cap);
        break;
    case FL_FIELD_BYTES_VAR:
        fl_cbor_write_bytes(w, p, load_u16(base + f->len_offset));
        break;
    case FL_FIELD_U32_ARRAY_OPT: {
        uint8_t count = base[f->len_offset];
        uint8_t i;
        fl_cbor_write_head(w, FL_CBOR_ARRAY, count);
        for (i = 0; i < count; i++) {
            uint32_t v;
            memcpy(&v, p + (size_t)i * sizeof v, sizeof v);
            fl_cbor_write_uint(w, v);
        }
        break;
    }
    case FL_FIELD_BOXES: {
        uint8_t count = base[f->len_offset];
        uint8_t i;
        fl_cbor_write_head(w, FL_CBOR_ARRAY, count);
        for (i = 0; i < count; i++) {
            fl_cbor_write_head(w, FL_CBOR_ARRAY, FL_PROTO_BOX_ITEMS);
            write_fields(w, fl_proto_box_fields, FL_PROTO_BOX_ITEMS, p + (size_t)i * sizeof(fl_box_t), 0);
        }
        break;
    }
    default:
        fl_cbor_write_int(w, load_small(f, base));
        break;
    }
}

/* An absent optional field is not in the map at all. */
static int field_absent(const fl_field_t *f, const uint8_t *base)
{
    return !fl_proto_field_present(f, base);
}

/* with_keys: map entries (key 3 onwards) or positional array items (a box). */
static void write_fields(fl_cbor_writer_t *w, const fl_field_t *fields, size_t n, const uint8_t *base,
                         int with_keys)
{
    size_t i;
    for (i = 0; i < n; i++) {
        if (field_absent(&fields[i], base)) {
            continue;
        }
        if (with_keys) {
            fl_cbor_write_uint(w, fl_proto_field_key(fields, i));
        }
        write_value(w, &fields[i], base);
    }
}

fl_status_t fl_proto_encode(const fl_msg_t *msg, uint8_t *out, size_t out_cap, size_t *out_len)
{
    const fl_msg_schema_t *schema;
    const uint8_t *base = (const uint8_t *)msg;
    fl_cbor_writer_t w;
    uint64_t pairs;
    size_t i;

    if (msg == NULL || out_len == NULL) {
        return FL_ERR_ARG;
    }
    *out_len = 0;
    schema = fl_proto_schema(msg->type);
    if (schema == NULL) {
        return FL_ERR_RANGE;
    }
    FL_TRY(validate_field(&fl_proto_device_id_field, base));
    FL_TRY(validate_fields(schema->fields, schema->field_count, base));
    FL_TRY(fl_proto_check_rules(msg));

    pairs = FL_PROTO_FIRST_BODY_KEY + (uint64_t)schema->field_count;
    for (i = 0; i < schema->field_count; i++) {
        pairs -= (uint64_t)field_absent(&schema->fields[i], base);
    }

    fl_cbor_writer_init(&w, out, out_cap);
    fl_cbor_write_head(&w, FL_CBOR_MAP, pairs);
    fl_cbor_write_uint(&w, 0);
    fl_cbor_write_uint(&w, FL_PROTO_SCHEMA_VERSION);
    fl_cbor_write_uint(&w, 1);
    fl_cbor_write_uint(&w, msg->type);
    fl_cbor_write_uint(&w, 2);
    write_value(&w, &fl_proto_device_id_field, base);
    write_fields(&w, schema->fields, schema->field_count, base, 1);
    if (w.err != FL_OK) {
        return w.err;
    }
    *out_len = w.len;
    return FL_OK;
}
