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
