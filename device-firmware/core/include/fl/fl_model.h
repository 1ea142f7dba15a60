/* SPDX-License-Identifier: MIT */
/* Fleet's own model format, v1 ("FLMD", byte layout in docs/model-format.md): loader and runner.
 *
 * Plan, then run:
 *   fl_model_inspect()  parse + validate a blob without storing anything; reports what it needs
 *                       (info.arena_bytes, info.flash_bytes). Does NOT check the content hash.
 *   fl_model_load()     the same validation, plus the SHA-256 check when the caller supplies a hash function,
 *                       then takes exactly info.arena_bytes (at most) from the arena's persistent end: the layer
 *                       plan, two activation buffers and the kernels' scratch. Weights are NOT copied: the model
 *                       points into the blob, which must stay readable and unchanged for the model's lifetime
 *                       (it lives in flash). The blob must be 4-byte aligned (int32 arrays are read in place).
 *   fl_model_run()      int8 input tensor -> int8 output tensor. Never allocates, never parses.
 *
 * Hashing: the core owns no crypto code (project rule). The caller passes a SHA-256 implementation in
 * fl_model_load_options_t (the firmware's mbedtls / hardware HASH peripheral, the host's library). A NULL
 * function means "the caller has verified the hash already" (e.g. the OTA layer verified the whole download) and
 * the loader skips the check; it never means "the hash does not matter".
 *
 * Errors (the first one is kept in fl_model_error_t, with the byte offset and the layer):
 *   FL_ERR_ARG          NULL where forbidden, blob not 4-byte aligned (load only)
 *   FL_ERR_FORMAT       truncated, bad magic or header size, trailing bytes, sections not where v1 puts them,
 *                       reserved / unused fields or padding not zero
 *   FL_ERR_UNSUPPORTED  a format version other than 1, unknown flags, unknown scheme or op, an op variant the
 *                       kernels lack (q7 depthwise with a channel multiplier), a kernel whose scratch exceeds the
 *                       format's budget, a big-endian target
 *   FL_ERR_RANGE        a field outside its documented range (limits below)
 *   FL_ERR_MISMATCH     fields that contradict each other: shape chaining, output-size rules, tensor lengths,
 *                       zero-point chaining, label count, arena_bytes / flash_bytes figures, content hash
 *   FL_ERR_NO_MEM       the arena has less than info.arena_bytes free
 *   FL_ERR_IO           the caller's hash function failed
 * Truncated, corrupt or hostile input never makes the loader read outside [blob, blob + len).
 *
 * Threads: nothing here is thread-safe. A loaded model owns its activation buffers, so one model runs on one
 * thread at a time; load the same blob twice (two arenas) to run it concurrently. */
#ifndef FL_MODEL_H
#define FL_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "fl_arena.h"
#include "fl_export.h"
#include "fl_model_network.h" /* fl_image_t, fl_rect_t for fl_model_preprocess */
#include "fl_status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- format constants (docs/model-format.md) ---- */
#define FL_MODEL_FORMAT_VERSION 1u
#define FL_MODEL_HEADER_BYTES 128u
#define FL_MODEL_INPUT_SECTION_BYTES 36u
#define FL_MODEL_LAYER_RECORD_BYTES 72u
#define FL_MODEL_LABEL_SLOT_BYTES 16u     /* a label is 1..15 printable ASCII characters + NUL padding */
#define FL_MODEL_ID_BYTES 32u             /* a model id is 1..31 characters of [A-Za-z0-9._-] + NUL padding */
#define FL_MODEL_PLAN_BYTES_PER_LAYER 96u /* arena budget of one planned layer (the format's figure) */

/* Header flags (byte 44). Any other bit is UNSUPPORTED. */
#define FL_MODEL_FLAG_SELFTEST 1u         /* a self-test section follows the weight section */
#define FL_MODEL_SELFTEST_HEAD_BYTES 8u   /* u32 input_len, u32 output_len, then the two padded vectors */

/* ---- limits (v1) ---- */
#define FL_MODEL_MAX_LAYERS 64u
#define FL_MODEL_MAX_HW 2048u            /* per h, w of any tensor */
#define FL_MODEL_MAX_C 4096u             /* channels of any tensor */
#define FL_MODEL_MAX_ELEMS (1u << 20)    /* h * w * c of any tensor */
#define FL_MODEL_MAX_KERNEL 64u          /* kernel and stride, per axis */
#define FL_MODEL_MAX_CH_MULT 64u         /* depthwise channel multiplier */
#define FL_MODEL_MAX_LABELS 1024u
#define FL_MODEL_MAX_BYTES (1u << 24)    /* flash_bytes: the whole blob */

/* Quantization scheme of the whole model (header byte 84). Values are the file's. */
#define FL_MODEL_SCHEME_Q7 1u /* power-of-two shifts (the seed's legacy CMSIS-NN q7) */
#define FL_MODEL_SCHEME_S8 2u /* TFLite Micro int8: zero points, per-channel multiplier + shift */

/* Layer ops (record byte 0). */
#define FL_MODEL_OP_CONV 1u
#define FL_MODEL_OP_DWCONV 2u
#define FL_MODEL_OP_FC 3u
#define FL_MODEL_OP_MAXPOOL 4u
#define FL_MODEL_OP_AVGPOOL 5u
#define FL_MODEL_OP_RELU 6u
#define FL_MODEL_OP_RELU6 7u
#define FL_MODEL_OP_SOFTMAX 8u

#define FL_MODEL_COLOUR_GRAY 0u   /* 1-channel input */
#define FL_MODEL_COLOUR_RGB 1u    /* 3-channel input, R G B order */
#define FL_MODEL_COLOUR_TENSOR 2u /* s8 only: the caller builds the real-valued tensor (e.g. a window of thermal
                                   * frames) and quantizes it with s8_input_scale/zero_point; no pixel transform */
#define FL_MODEL_MAX_TENSOR_C 256u /* channels of a COLOUR_TENSOR input */
#define FL_MODEL_RESIZE_NEAREST 0u
#define FL_MODEL_RESIZE_BILINEAR 1u

/* How the caller turns a camera frame into the int8 input tensor [h][w][c] (the runner takes the tensor; the
 * spec gives the formulas). Only fixed-width fields, so C# can mirror it. */
typedef struct {
    uint32_t h, w, c;          /* input tensor shape; c is 1 (gray), 3 (RGB) or 1..256 (tensor) */
    uint32_t colour;           /* FL_MODEL_COLOUR_* */
    uint32_t resize;           /* FL_MODEL_RESIZE_* */
    uint32_t mean[3];          /* per channel, 0..255 pixel units (unused channels 0) */
    uint32_t q7_shift[3];      /* q7: 1..16, q = SSAT8(floor((p - mean) * 2^(8 - shift))); s8: 0 */
    float s8_scale[3];         /* s8: real = (p - mean) * scale; q7: 0 */
    float s8_input_scale;      /* s8: q = clamp(round(real / input_scale) + zero_point); q7: 0 */
    int32_t s8_input_zero_point; /* s8: -128..127; q7: 0 */
} fl_model_input_t;

/* What a blob is and needs (fl_model_inspect, or fl_model_get_info on a loaded model). */
typedef struct {
    char model_id[FL_MODEL_ID_BYTES]; /* NUL-terminated */
    uint32_t model_version;
    uint8_t sha256[32];        /* as stored in the header (inspect does not verify it) */
    uint32_t scheme;           /* FL_MODEL_SCHEME_* */
    uint32_t n_layers;
    uint32_t n_outputs;        /* output tensor elements == label count */
    uint32_t out_h, out_w, out_c; /* output tensor shape */
    uint32_t arena_bytes;      /* arena bytes fl_model_load needs (stored figure, verified) */
    uint32_t flash_bytes;      /* bytes of the blob, which stays in flash (stored figure, verified) */
    uint32_t weight_bytes;     /* length of the weight section */
    uint64_t macs;             /* multiply-accumulates per run (conv, depthwise, fully connected) */
    fl_model_input_t input;
} fl_model_info_t;

/* The first error found. msg is a static string (never NULL after an error); offset is the byte offset in the
 * blob where it was detected; layer is the layer index or UINT32_MAX outside the layer table. */
typedef struct {
    const char *msg;
    size_t offset;
    uint32_t layer;
} fl_model_error_t;

/* SHA-256 of data[0..len) into digest. Return FL_OK, or any error (the loader then returns FL_ERR_IO).
 * user is passed through unchanged. */
typedef fl_status_t (*fl_sha256_fn)(void *user, const uint8_t *data, size_t len, uint8_t digest[32]);

typedef struct {
    fl_sha256_fn sha256;  /* NULL: the caller verified the content hash already; the loader skips it */
    void *sha256_user;
} fl_model_load_options_t;

struct fl_model_layer_s; /* the loader's per-layer plan; private to src/model */

/* A loaded model. Treat as opaque (fields may change; C# allocates fl_model_sizeof() bytes). Read-only after
 * load except for the activation buffers; lives as long as the arena memory and the blob. */
typedef struct {
    const struct fl_model_layer_s *layers;
    const uint8_t *blob;
    const uint8_t *labels;     /* first 16-byte label slot, in the blob */
    int8_t *act[2];            /* ping-pong activation buffers, in the arena */
    void *scratch;             /* kernel scratch, in the arena */
    size_t act_bytes, scratch_bytes;
    fl_model_info_t info;
    const int8_t *selftest_input;    /* in the blob; NULL when the model has no self-test section */
    const int8_t *selftest_expected; /* in the blob */
    uint32_t selftest_input_len, selftest_expected_len;
} fl_model_t;

/* Validate without storing anything or checking the hash. err may be NULL. On error *info is unspecified.
 * FL_ERR_ARG if info is NULL or blob is NULL with len > 0. */
FL_API FL_NODISCARD fl_status_t fl_model_inspect(const uint8_t *blob, size_t len, fl_model_info_t *info,
                                                 fl_model_error_t *err);

/* Validate (and check the hash if opts->sha256 is set; opts may be NULL = no hash function), then take the
 * plan and buffers from the arena's persistent end. On failure *model is zeroed and the arena is unchanged
 * except for its failure report. blob: 4-byte aligned, len bytes, must outlive the model. */
FL_API FL_NODISCARD fl_status_t fl_model_load(fl_model_t *model, const uint8_t *blob, size_t len, fl_arena_t *arena,
                                              const fl_model_load_options_t *opts, fl_model_error_t *err);

/* input: int8 [h][w][c] as info.input describes; output: info.n_outputs int8 values (the last layer's output
 * tensor in HWC order; for s8 in the last layer's output quantization). input and output may not overlap the
 * arena. FL_ERR_ARG on NULL or an unloaded model; a loaded model cannot otherwise fail. */
FL_API FL_NODISCARD fl_status_t fl_model_run(fl_model_t *model, const int8_t *input, int8_t *output);

/* Copies of the loaded model's info / input spec. FL_ERR_ARG on NULL or an unloaded model. */
FL_API FL_NODISCARD fl_status_t fl_model_get_info(const fl_model_t *model, fl_model_info_t *info);
FL_API FL_NODISCARD fl_status_t fl_model_get_input(const fl_model_t *model, fl_model_input_t *input);

/* Label of output index i (0..n_outputs-1): a NUL-terminated string of 1..15 characters inside the blob.
 * NULL if model is NULL/unloaded or i is out of range. */
FL_API const char *fl_model_label(const fl_model_t *model, uint32_t i);

/* The model's self-test vector (flags bit 0, docs/model-format.md "Self-test section"): an input tensor of
 * h*w*c bytes and the output of n_outputs bytes the model must produce for it. Both point into the blob and are
 * covered by the content hash. A model without the section gives FL_OK with NULL pointers and zero lengths.
 * Any pointer argument may be NULL if the caller does not want that value. FL_ERR_ARG on an unloaded model. */
FL_API FL_NODISCARD fl_status_t fl_model_selftest(const fl_model_t *model, const int8_t **input,
                                                  uint32_t *input_len, const int8_t **expected,
                                                  uint32_t *expected_len);

/* Runs the self-test vector through the model and compares the output byte for byte.
 * FL_OK when it matches; FL_ERR_MISMATCH when it differs; FL_ERR_UNSUPPORTED when the model has no self-test
 * section; FL_ERR_ARG on NULL or an unloaded model. Uses the model's own buffers plus `out` (n_outputs bytes,
 * at most FL_MODEL_MAX_LABELS) from the caller. */
FL_API FL_NODISCARD fl_status_t fl_model_selftest_run(fl_model_t *model, int8_t *out, size_t out_len);

/* A picture model's int8 input tensor (h*w*c bytes) from the frame's ROI (NULL = the whole frame): the input
 * spec's resize, colour and per-channel transform. FL_ERR_STATE for a tensor-input model (the caller quantizes
 * its own tensor with s8_input_scale/zero_point); FL_ERR_ARG on NULL; the resize's errors for a bad ROI. */
FL_API FL_NODISCARD fl_status_t fl_model_preprocess(const fl_model_t *model, const fl_image_t *frame,
                                                    const fl_rect_t *roi, int8_t *tensor);

/* sizeof(fl_model_t), sizeof(fl_model_info_t): for bindings that allocate the structs themselves. */
FL_API size_t fl_model_sizeof(void);
FL_API size_t fl_model_info_sizeof(void);

#ifdef __cplusplus
}
#endif

#endif /* FL_MODEL_H */
