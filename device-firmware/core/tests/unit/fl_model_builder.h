/* SPDX-License-Identifier: MIT */
/* Test-side writer of Fleet model blobs (docs/model-format.md, v1). Test code only: it allocates with malloc and
 * aborts on misuse. It computes every derived field (offsets, canonical tensor packing, arena_bytes, flash_bytes)
 * from the spec independently of the loader, so a test that loads what it writes checks both against the spec.
 * It performs no validation: tests use it to write invalid blobs too. */
#ifndef FL_MODEL_BUILDER_H
#define FL_MODEL_BUILDER_H

#include <stddef.h>
#include <stdint.h>

#include "fl/fl_model.h"

/* One layer as the writer takes it. in_h == 0 means "the previous layer's output (or the input spec)".
 * Tensors are copied; lengths are in bytes; NULL/0 = absent. */
typedef struct {
    uint8_t op;
    uint16_t in_h, in_w, in_c, out_h, out_w, out_c;
    uint8_t kh, kw, sh, sw, ph, pw, ch_mult;
    uint8_t lshift, rshift, rounding, frac_bits;     /* q7 */
    int8_t in_zp, out_zp, act_min, act_max;          /* s8 */
    int32_t sm_mult, sm_shift, sm_diff_min;          /* s8 softmax */
    const void *weights;
    size_t weights_len;
    const void *bias;
    size_t bias_len;
    const int32_t *mult;  /* s8 */
    const int32_t *shift; /* s8 */
    size_t quant_count;   /* elements in mult and in shift */
} fl_mb_layer_t;

typedef struct {
    uint8_t scheme;
    char model_id[32];
    uint32_t model_version;
    uint8_t input[FL_MODEL_INPUT_SECTION_BYTES];
    uint16_t in_h, in_w, in_c;
    uint32_t n_labels;
    char labels[FL_MODEL_MAX_LABELS][16];
    uint32_t n_layers;
    uint8_t records[FL_MODEL_MAX_LAYERS][FL_MODEL_LAYER_RECORD_BYTES];
    uint16_t prev_h, prev_w, prev_c;
    uint8_t *weights;
    size_t weights_len, weights_cap;
    size_t max_elems, scratch;
} fl_mb_t;

/* Start a model. id is copied (up to 31 characters). */
void fl_mb_init(fl_mb_t *b, uint8_t scheme, const char *id, uint32_t version);
/* Input spec: q7 (shift per channel) or s8 (scale per channel, input scale and zero point). colour is
 * derived from c (1 gray, 3 RGB). */
void fl_mb_input_q7(fl_mb_t *b, uint16_t h, uint16_t w, uint16_t c, uint8_t resize, const uint8_t mean[3],
                    const uint8_t shift[3]);
void fl_mb_input_s8(fl_mb_t *b, uint16_t h, uint16_t w, uint16_t c, uint8_t resize, const uint8_t mean[3],
                    const float scale[3], float input_scale, int8_t zero_point);
/* A COLOUR_TENSOR input (s8 only): the caller quantizes a real-valued tensor; no pixel fields. */
void fl_mb_input_tensor(fl_mb_t *b, uint16_t h, uint16_t w, uint16_t c, float input_scale, int8_t zero_point);
void fl_mb_label(fl_mb_t *b, const char *label);
/* Labels "class0", "class1", ... n of them. */
void fl_mb_labels_numbered(fl_mb_t *b, uint32_t n);
void fl_mb_layer(fl_mb_t *b, const fl_mb_layer_t *l);
/* Writes the blob into a new malloc'd buffer (4-byte aligned) and returns it; *len gets its length. sha may be
 * NULL (the hash field stays zero). The caller frees. */
uint8_t *fl_mb_finish(fl_mb_t *b, size_t *len, fl_sha256_fn sha, void *sha_user);
void fl_mb_free(fl_mb_t *b);

/* Recompute the hash field of a finished (possibly patched) blob. */
void fl_mb_rehash(uint8_t *blob, size_t len, fl_sha256_fn sha, void *sha_user);

/* Little-endian patch helpers for tests. */
void fl_mb_put16(uint8_t *p, uint16_t v);
void fl_mb_put32(uint8_t *p, uint32_t v);

#if defined(FL_MODEL_BUILDER_MBEDTLS)
/* SHA-256 from mbedtls (tests only; the core never links a crypto library). */
fl_status_t fl_mb_sha256_mbedtls(void *user, const uint8_t *data, size_t len, uint8_t digest[32]);
#endif

#endif /* FL_MODEL_BUILDER_H */
