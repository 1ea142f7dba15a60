/* SPDX-License-Identifier: MIT */
/* Max pooling, int8 (arm_max_pool_s8): max over the in-bound taps, then clamp to the activation range. */
#include "fl_nn_support.h"

fl_status_t fl_nn_maxpool_s8(const fl_nn_pool_s8_params_t *p, const fl_nn_dims_t *in_dims, const int8_t *in,
                             const fl_nn_dims_t *out_dims, int8_t *out)
{
    fl_nn_pool_params_t g;
    size_t i, n;
    if (p == NULL || !fl_nn_act_ok(&p->act)) {
        return FL_ERR_ARG;
    }
    g.window = p->window;
    g.stride = p->stride;
    g.pad = p->pad;
    FL_TRY(fl_nn_maxpool_q7(&g, in_dims, in, out_dims, out));
    n = fl_nn_numel(out_dims);
    for (i = 0; i < n; i++) {
        out[i] = (int8_t)fl_nn_clamp(out[i], p->act.min, p->act.max);
    }
    return FL_OK;
}
