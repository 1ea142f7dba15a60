/* SPDX-License-Identifier: MIT */
/* Internal: protocol v1 as data. One table per message lists the fields of keys 3.. in key order; the encoder and
 * the decoder both walk the same table, so the two cannot disagree on a key, a type or a range. */
#ifndef FL_PROTO_SCHEMA_H
#define FL_PROTO_SCHEMA_H

#include <stddef.h>
#include <stdint.h>

#include "fl/fl_proto.h"

typedef enum {
    FL_FIELD_ENUM8,       /* uint8_t holding a CBOR uint in [min, max] */
    FL_FIELD_U16,         /* uint16_t, CBOR uint in [min, max] */
    FL_FIELD_U32,         /* uint32_t, CBOR uint in [min, max] */
    FL_FIELD_U64,         /* uint64_t, any CBOR uint */
    FL_FIELD_I16,         /* int16_t, CBOR uint or nint in [min, max] */
    FL_FIELD_I8,          /* int8_t, CBOR uint or nint in [min, max] */
    FL_FIELD_BOOL,        /* uint8_t 0/1, CBOR false/true */
    FL_FIELD_TEXT,        /* char[cap], NUL-terminated, length in [min, max], characters from `charset` */
    FL_FIELD_BYTES_FIXED, /* uint8_t[cap], CBOR byte string of exactly cap bytes */
    FL_FIELD_BYTES_VAR,   /* uint8_t[cap] + uint16_t length at len_offset, length in [min, max] */
    FL_FIELD_BOXES,       /* fl_box_t[16] + uint8_t count at len_offset; CBOR array of [max] box arrays */
    FL_FIELD_U32_ARRAY_OPT /* optional trailing key: uint32_t[max] + uint8_t count at len_offset. Count 0: the
                            * key is absent (not encoded); count max (== min): a CBOR array of exactly max
                            * uints. Only the last fields of a table may be optional. */
} fl_field_kind_t;

typedef enum {
    FL_CHARSET_ID,       /* [A-Za-z0-9._-]: device and model ids, safe in an MQTT topic level */
    FL_CHARSET_PRINTABLE /* 0x20..0x7E: firmware versions and labels */
} fl_charset_t;

typedef struct {
    uint8_t kind;        /* fl_field_kind_t */
    uint8_t charset;     /* fl_charset_t, FL_FIELD_TEXT only */
    uint16_t offset;     /* of the value from the base the table applies to (fl_msg_t or fl_box_t) */
    uint16_t len_offset; /* FL_FIELD_BYTES_VAR / FL_FIELD_BOXES: offset of the element count */
    uint16_t cap;        /* array size in bytes (text: limit + 1) */
    int64_t min;         /* numbers: value range; text, bytes, boxes: count range */
    int64_t max;
    /* 0: a mandatory field, whose key is 3 + its index (mandatory fields come first, in key order). Otherwise
     * the field is optional and this is its key: optional fields follow the mandatory ones in ascending key
     * order, and each may be absent on the wire. */
    uint8_t opt_key;
    /* Optional fields other than FL_FIELD_U32_ARRAY_OPT (whose count says it): offset of a uint8_t that is 1
     * when the key is present, 0 when absent. */
    uint16_t present_offset;
} fl_field_t;

typedef struct {
    uint8_t type;             /* fl_msg_type_t */
    uint8_t field_count;      /* keys 3 .. 3 + field_count - 1 */
    const fl_field_t *fields; /* offsets from the start of fl_msg_t */
} fl_msg_schema_t;

#define FL_PROTO_FIRST_BODY_KEY 3u
#define FL_PROTO_BOX_ITEMS 6u

/* The schema of a message type, or NULL for a type v1 does not define. */
const fl_msg_schema_t *fl_proto_schema(uint64_t type);

/* Key 2, offset from the start of fl_msg_t. */
extern const fl_field_t fl_proto_device_id_field;

/* The six positional items of a box, offsets from the start of fl_box_t. */
extern const fl_field_t fl_proto_box_fields[FL_PROTO_BOX_ITEMS];

/* The map key of fields[i] (mandatory fields by position, optional ones by opt_key). */
uint64_t fl_proto_field_key(const fl_field_t *fields, size_t i);

/* For an optional field: 1 if base holds it as present, 0 if absent. Mandatory fields: always 1. */
int fl_proto_field_present(const fl_field_t *f, const uint8_t *base);

/* Rules across fields that a table row cannot state (docs/protocol.md): reject_reason only with a rejection,
 * quiet hours both or neither. FL_OK or FL_ERR_RANGE. Both the encoder and the decoder apply them. */
fl_status_t fl_proto_check_rules(const fl_msg_t *msg);

/* 1 if every one of the n bytes belongs to the charset. */
int fl_proto_charset_ok(fl_charset_t charset, const uint8_t *s, size_t n);

#endif /* FL_PROTO_SCHEMA_H */
