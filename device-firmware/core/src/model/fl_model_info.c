/* SPDX-License-Identifier: MIT */
/* Read-only accessors of a loaded Fleet model (what the C# bindings and the application query). */
#include "fl_model_internal.h"

/* The plan entry must fit the per-layer budget that the format's arena_bytes figure counts (C99 static
 * assertion: a negative array size fails the build). */
typedef char fl_model_plan_fits_budget[sizeof(fl_model_layer_t) <= FL_MODEL_PLAN_BYTES_PER_LAYER ? 1 : -1];

fl_status_t fl_model_get_info(const fl_model_t *model, fl_model_info_t *info)
{
    if (model == NULL || model->layers == NULL || info == NULL) {
        return FL_ERR_ARG;
    }
    *info = model->info;
    return FL_OK;
}

fl_status_t fl_model_get_input(const fl_model_t *model, fl_model_input_t *input)
{
    if (model == NULL || model->layers == NULL || input == NULL) {
        return FL_ERR_ARG;
    }
    *input = model->info.input;
    return FL_OK;
}

const char *fl_model_label(const fl_model_t *model, uint32_t i)
{
    if (model == NULL || model->layers == NULL || i >= model->info.n_outputs) {
        return NULL;
    }
    /* The loader checked each 16-byte slot holds 1..15 characters followed by NUL bytes. */
    return (const char *)(const void *)(model->labels + (size_t)i * FL_MODEL_LABEL_SLOT_BYTES);
}

size_t fl_model_sizeof(void)
{
    return sizeof(fl_model_t);
}

size_t fl_model_info_sizeof(void)
{
    return sizeof(fl_model_info_t);
}

fl_status_t fl_model_selftest(const fl_model_t *model, const int8_t **input, uint32_t *input_len,
                              const int8_t **expected, uint32_t *expected_len)
{
    if (model == NULL || model->layers == NULL) {
        return FL_ERR_ARG;
    }
    if (input != NULL) {
        *input = model->selftest_input;
    }
    if (input_len != NULL) {
        *input_len = model->selftest_input_len;
    }
    if (expected != NULL) {
        *expected = model->selftest_expected;
    }
    if (expected_len != NULL) {
        *expected_len = model->selftest_expected_len;
    }
    return FL_OK;
}

fl_status_t fl_model_selftest_run(fl_model_t *model, int8_t *out, size_t out_len)
{
    uint32_t i;
    uint8_t diff = 0;
    if (model == NULL || model->layers == NULL || out == NULL) {
        return FL_ERR_ARG;
    }
    if (model->selftest_input == NULL) {
        return FL_ERR_UNSUPPORTED;
    }
    if (out_len < model->info.n_outputs) {
        return FL_ERR_ARG;
    }
    FL_TRY(fl_model_run(model, model->selftest_input, out));
    for (i = 0; i < model->info.n_outputs; i++) {
        diff = (uint8_t)(diff | ((uint8_t)out[i] ^ (uint8_t)model->selftest_expected[i]));
    }
    return diff == 0u ? FL_OK : FL_ERR_MISMATCH;
}
