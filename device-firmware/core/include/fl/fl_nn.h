/* SPDX-License-Identifier: MIT */
/* Fleet NN kernels: int8 tensors, HWC (NHWC with N = 1) layout, no allocation, one public kernel per file
 * (src/nn/fl_nn_<op>_<scheme>.c).
 *
 * Two quantization schemes:
 *  - q7  : the legacy CMSIS-NN q7 scheme the OpenMV firmware 3.0 used. Power-of-two formats:
 *          acc = (bias << bias_lshift) + sum(w * x) in a 32-bit accumulator (wraps like the Cortex-M7 does),
 *          out = SSAT8(acc >> out_rshift), '>>' arithmetic (floor). FL_NN_Q7_TRUNCATE reproduces the firmware's
 *          -DARM_NN_TRUNCATE build; FL_NN_Q7_ROUND adds 2^(out_rshift-1) first (CMSIS-NN's NN_ROUND default).
 *  - s8  : TFLite Micro / CMSIS-NN int8. Symmetric int8 weights, int32 bias, input/output zero points,
 *          per-channel (conv, depthwise) or per-tensor (fully connected) Q31 multiplier + shift, requantized
 *          exactly like arm_nn_requantize (see fl_nn_requantize), then + output_offset and clamped to act.
 *
 * Shapes: every kernel takes fl_nn_dims_t (n is the batch, must be 1 unless stated). Scratch: kernels whose
 * optimised (DSP) variant needs working memory take an fl_nn_ctx_t and have a *_scratch_size() twin with the
 * same shape parameters; call the twin at init, allocate once (e.g. fl_arena_scratch), pass the buffer per call.
 * Both variants of a kernel report (and check) the same size, so a DSP build drops in unchanged: only the s8
 * conv asks for any (two int16 im2col columns when KW * C_in < 16), plus the legacy average pool.
 *
 * Errors: FL_ERR_ARG for NULL pointers, non-positive dimensions, mismatched channel counts, or parameters out
 * of their documented range; FL_ERR_NO_MEM if ctx is smaller than the twin reports. No kernel reads or writes
 * outside the tensors described by its dims. Kernels are reentrant (no globals). */
#ifndef FL_NN_H
#define FL_NN_H

#include <stddef.h>
#include <stdint.h>

#include "fl_export.h"
#include "fl_status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------------------------------------ */
/* Shapes and common parameters                                                                            */
/* ------------------------------------------------------------------------------------------------------ */

/* Tensor or filter shape. Tensors: [n][h][w][c]. Conv filters: n = output channels, c = input channels
 * ([c_out][kh][kw][c_in], OHWI). Depthwise filters: n = 1, c = output channels ([1][kh][kw][c_out]). */
typedef struct {
    int32_t n;
    int32_t h;
    int32_t w;
    int32_t c;
} fl_nn_dims_t;

/* A (height, width) pair: stride (>= 1), padding (>= 0, top/left; bottom/right follows from the output
 * size), pooling window (>= 1). */
typedef struct {
    int32_t h;
    int32_t w;
} fl_nn_hw_t;

/* Caller-owned scratch memory. buf may be NULL only when size is 0. */
typedef struct {
    void *buf;
    size_t size;
} fl_nn_ctx_t;

/* Output clamp for s8 kernels, in output units (after output_offset): -128 <= min <= max <= 127.
 * ReLU is fused as min = output zero point, ReLU6 as max = quantized 6. */
typedef struct {
    int32_t min;
    int32_t max;
} fl_nn_act_t;

/* ------------------------------------------------------------------------------------------------------ */
/* q7: legacy power-of-two scheme (CMSIS-NN q7 / OpenMV firmware 3.0)                                      */
/* ------------------------------------------------------------------------------------------------------ */

typedef enum {
    FL_NN_Q7_TRUNCATE = 0, /* out = acc >> r (what the camera did: -DARM_NN_TRUNCATE) */
    FL_NN_Q7_ROUND = 1     /* out = (acc + 2^(r-1)) >> r (CMSIS-NN NN_ROUND without ARM_NN_TRUNCATE) */
} fl_nn_q7_rounding_t;

typedef struct {
    uint32_t bias_lshift;         /* 0..31: bias is shifted left into the accumulator's format */
    uint32_t out_rshift;          /* 0..31: accumulator shifted right into the output's format */
    fl_nn_q7_rounding_t rounding;
} fl_nn_q7_shift_t;

typedef struct {
    fl_nn_hw_t stride;
    fl_nn_hw_t pad;
    fl_nn_q7_shift_t shift;
} fl_nn_conv_q7_params_t;

typedef struct {
    fl_nn_hw_t window;
    fl_nn_hw_t stride;
    fl_nn_hw_t pad;
} fl_nn_pool_params_t;

/* Convolution, q7. in [1][H][W][C_in], filter [C_out][KH][KW][C_in], bias [C_out] (NULL = zeros),
 * out [1][OH][OW][C_out]. out[oy][ox][o] = SSAT8(((bias[o] << l) + sum w*in) >> r) with zero padding.
 * Any KH/KW (non-square), stride and padding; the output size is the caller's (no Caffe/TF formula imposed),
 * out-of-image taps read zero. */
FL_API size_t fl_nn_conv_q7_scratch_size(const fl_nn_dims_t *in_dims, const fl_nn_dims_t *filter_dims);
FL_API FL_NODISCARD fl_status_t fl_nn_conv_q7(const fl_nn_ctx_t *ctx, const fl_nn_conv_q7_params_t *p,
                                              const fl_nn_dims_t *in_dims, const int8_t *in,
                                              const fl_nn_dims_t *filter_dims, const int8_t *filter,
                                              const int8_t *bias, const fl_nn_dims_t *out_dims, int8_t *out);

/* Depthwise convolution, q7, channel multiplier 1 (like arm_depthwise_separable_conv_HWC_q7).
 * filter [1][KH][KW][C], bias [C] (NULL = zeros), out channels == in channels. */
FL_API FL_NODISCARD fl_status_t fl_nn_dwconv_q7(const fl_nn_conv_q7_params_t *p, const fl_nn_dims_t *in_dims,
                                                const int8_t *in, const fl_nn_dims_t *filter_dims,
                                                const int8_t *filter, const int8_t *bias,
                                                const fl_nn_dims_t *out_dims, int8_t *out);

/* Fully connected, q7, row-major weights [rows][cols]: out[r] = SSAT8(((bias[r] << l) + sum W[r][j] v[j]) >> r).
 * rows >= 1, cols >= 1, bias may be NULL. */
FL_API size_t fl_nn_fc_q7_scratch_size(int32_t cols);
FL_API FL_NODISCARD fl_status_t fl_nn_fc_q7(const fl_nn_ctx_t *ctx, const fl_nn_q7_shift_t *shift,
                                            const int8_t *vec, int32_t cols, const int8_t *weights,
                                            const int8_t *bias, int32_t rows, int8_t *out);

/* Fully connected, q7, with the weights in the x4-interleaved order of arm_fully_connected_q7_opt (what the
 * OpenMV converter writes; byte layout in docs/nn-engine.md). Same result as fl_nn_fc_q7 on the de-interleaved
 * matrix; lets a model run its weights in place from flash. */
FL_API FL_NODISCARD fl_status_t fl_nn_fc_q7_x4(const fl_nn_ctx_t *ctx, const fl_nn_q7_shift_t *shift,
                                               const int8_t *vec, int32_t cols, const int8_t *weights_x4,
                                               const int8_t *bias, int32_t rows, int8_t *out);

/* Index of W[r][c] inside the x4-interleaved weight array of a rows x cols matrix (both >= 1). */
FL_API size_t fl_nn_fc_q7_x4_index(int32_t rows, int32_t cols, int32_t r, int32_t c);

/* Max pooling, q7 (valid for s8 too: max commutes with the affine map). True 2-D max over the window clipped
 * to the input; a window with no in-bound tap is an error (FL_ERR_ARG). Channels in == out. */
FL_API FL_NODISCARD fl_status_t fl_nn_maxpool_q7(const fl_nn_pool_params_t *p, const fl_nn_dims_t *in_dims,
                                                 const int8_t *in, const fl_nn_dims_t *out_dims, int8_t *out);

/* Average pooling, q7: floor(sum / count) over the in-bound taps of the clipped window (floor is what the
 * quantizer simulated; Caffe's AVE with pad 0 divides by the clipped count). */
FL_API FL_NODISCARD fl_status_t fl_nn_avgpool_q7(const fl_nn_pool_params_t *p, const fl_nn_dims_t *in_dims,
                                                 const int8_t *in, const fl_nn_dims_t *out_dims, int8_t *out);

/* Max pooling exactly as legacy CMSIS-NN arm_maxpool_q7_HWC (ARM_MATH_DSP path) computed it on the camera:
 * separable, an in-place x pass over `in` (which is DESTROYED), then a y pass into `out`; the compare routine
 * only handles floor(len/4)*4 bytes, so with C % 4 != 0 the last C % 4 channels are not pooled along x, and
 * (in the y pass, len = OW*C) the trailing OW*C % 4 bytes keep the first row's value. Square and non-square.
 * Requires OH <= H, OW <= W and every window to start inside the input ((O-1)*stride - pad < I). */
FL_API FL_NODISCARD fl_status_t fl_nn_maxpool_q7_legacy(const fl_nn_pool_params_t *p, const fl_nn_dims_t *in_dims,
                                                        int8_t *in, const fl_nn_dims_t *out_dims, int8_t *out);

/* Average pooling exactly as legacy arm_avepool_q7_HWC (ARM_MATH_DSP): separable, in-place x pass
 * t = trunc(sum/count) (16-bit saturating sums), then the same on the x results along y. `in` is DESTROYED.
 * Needs int16 scratch of max(C, OW*C) elements (twin below). Same preconditions as the max variant. */
FL_API size_t fl_nn_avgpool_q7_legacy_scratch_size(const fl_nn_dims_t *in_dims, const fl_nn_dims_t *out_dims);
FL_API FL_NODISCARD fl_status_t fl_nn_avgpool_q7_legacy(const fl_nn_ctx_t *ctx, const fl_nn_pool_params_t *p,
                                                        const fl_nn_dims_t *in_dims, int8_t *in,
                                                        const fl_nn_dims_t *out_dims, int8_t *out);

/* ReLU in place: x = max(x, 0) for n elements (q7: zero is 0). Cannot fail for n == 0. */
FL_API FL_NODISCARD fl_status_t fl_nn_relu_q7(int8_t *data, size_t n);

/* ReLU6 in place for a q7 tensor with frac_bits fractional bits (0..7): x = clamp(x, 0, min(127, 6 << frac)). */
FL_API FL_NODISCARD fl_status_t fl_nn_relu6_q7(int8_t *data, size_t n, uint32_t frac_bits);

/* Softmax exactly as legacy arm_softmax_q7 (base 2, values <= max-8 give 0, "certain" gives 127):
 * out may equal in. n in 1..65535. */
FL_API FL_NODISCARD fl_status_t fl_nn_softmax_q7(const int8_t *in, int32_t n, int8_t *out);

/* ------------------------------------------------------------------------------------------------------ */
/* s8: TFLite Micro / CMSIS-NN int8                                                                        */
/* ------------------------------------------------------------------------------------------------------ */

/* Per-channel requantization: arrays of C_out Q31 multipliers (> 0) and shifts (-31..30, > 0 = left). */
typedef struct {
    const int32_t *multiplier;
    const int32_t *shift;
} fl_nn_per_channel_quant_t;

typedef struct {
    int32_t multiplier;
    int32_t shift;
} fl_nn_per_tensor_quant_t;

typedef struct {
    int32_t input_offset;  /* -input_zero_point, -127..128 */
    int32_t output_offset; /* output_zero_point, -128..127 */
    fl_nn_hw_t stride;
    fl_nn_hw_t pad;
    fl_nn_act_t act;
} fl_nn_conv_s8_params_t;

typedef struct {
    int32_t input_offset;
    int32_t output_offset;
    int32_t ch_mult; /* >= 1: output channel o reads input channel o / ch_mult */
    fl_nn_hw_t stride;
    fl_nn_hw_t pad;
    fl_nn_act_t act;
} fl_nn_dwconv_s8_params_t;

typedef struct {
    int32_t input_offset;
    int32_t output_offset;
    fl_nn_act_t act;
} fl_nn_fc_s8_params_t;

typedef struct {
    fl_nn_hw_t window;
    fl_nn_hw_t stride;
    fl_nn_hw_t pad;
    fl_nn_act_t act;
} fl_nn_pool_s8_params_t;

/* arm_nn_requantize (default build, double rounding):
 * divide_by_power_of_two(doubling_high_mult_no_sat(val << max(shift,0), mult), max(-shift,0)), where
 * doubling_high_mult_no_sat(a,b) = (a*b + 2^30) >> 31 (64-bit) and the division rounds half away from zero.
 * Arithmetic wraps where the Cortex-M7 wraps. shift in -31..30. */
FL_API int32_t fl_nn_requantize(int32_t val, int32_t multiplier, int32_t shift);

/* Convolution, s8: acc = bias[o] + sum w * (x + input_offset) (padding taps contribute 0, i.e. the padded value
 * is the input zero point); out = clamp(requantize(acc, mult[o], shift[o]) + output_offset, act).
 * bias int32 [C_out] may be NULL. */
FL_API size_t fl_nn_conv_s8_scratch_size(const fl_nn_dims_t *in_dims, const fl_nn_dims_t *filter_dims);
FL_API FL_NODISCARD fl_status_t fl_nn_conv_s8(const fl_nn_ctx_t *ctx, const fl_nn_conv_s8_params_t *p,
                                              const fl_nn_per_channel_quant_t *q, const fl_nn_dims_t *in_dims,
                                              const int8_t *in, const fl_nn_dims_t *filter_dims,
                                              const int8_t *filter, const int32_t *bias,
                                              const fl_nn_dims_t *out_dims, int8_t *out);

/* Depthwise convolution, s8. filter [1][KH][KW][C_out], C_out = C_in * ch_mult, per-channel quant of C_out. */
FL_API size_t fl_nn_dwconv_s8_scratch_size(const fl_nn_dims_t *in_dims, const fl_nn_dims_t *filter_dims);
FL_API FL_NODISCARD fl_status_t fl_nn_dwconv_s8(const fl_nn_ctx_t *ctx, const fl_nn_dwconv_s8_params_t *p,
                                                const fl_nn_per_channel_quant_t *q, const fl_nn_dims_t *in_dims,
                                                const int8_t *in, const fl_nn_dims_t *filter_dims,
                                                const int8_t *filter, const int32_t *bias,
                                                const fl_nn_dims_t *out_dims, int8_t *out);

/* Fully connected, s8, per-tensor quant, row-major weights [rows][cols], bias int32 [rows] (NULL = zeros). */
FL_API size_t fl_nn_fc_s8_scratch_size(int32_t cols);
FL_API FL_NODISCARD fl_status_t fl_nn_fc_s8(const fl_nn_ctx_t *ctx, const fl_nn_fc_s8_params_t *p,
                                            const fl_nn_per_tensor_quant_t *q, const int8_t *vec, int32_t cols,
                                            const int8_t *weights, const int32_t *bias, int32_t rows,
                                            int8_t *out);

/* Max pooling, s8 (arm_max_pool_s8): max over the in-bound taps, then clamp to act. */
FL_API FL_NODISCARD fl_status_t fl_nn_maxpool_s8(const fl_nn_pool_s8_params_t *p, const fl_nn_dims_t *in_dims,
                                                 const int8_t *in, const fl_nn_dims_t *out_dims, int8_t *out);

/* Average pooling, s8 (arm_avgpool_s8 / TFLM): sum of in-bound taps divided by their count, rounding half away
 * from zero, then clamp to act. */
FL_API FL_NODISCARD fl_status_t fl_nn_avgpool_s8(const fl_nn_pool_s8_params_t *p, const fl_nn_dims_t *in_dims,
                                                 const int8_t *in, const fl_nn_dims_t *out_dims, int8_t *out);

/* ReLU in place for an s8 tensor: x = max(x, zero_point). */
FL_API FL_NODISCARD fl_status_t fl_nn_relu_s8(int8_t *data, size_t n, int8_t zero_point);

/* ReLU6 in place for an s8 tensor: x = clamp(x, zero_point, six) where six is 6.0 quantized (>= zero_point). */
FL_API FL_NODISCARD fl_status_t fl_nn_relu6_s8(int8_t *data, size_t n, int8_t zero_point, int8_t six);

/* Softmax, s8 in -> s8 out (arm_softmax_s8, TFLM bit-exact): rows x row_size, mult/shift from the input scale
 * (beta * scale * 2^(31-5) as Q31 + shift, shift 0..31), diff_min from TFLM's CalculateInputRadius.
 * Output zero point -128, scale 1/256. out may equal in. */
FL_API FL_NODISCARD fl_status_t fl_nn_softmax_s8(const int8_t *in, int32_t rows, int32_t row_size, int32_t mult,
                                                 int32_t shift, int32_t diff_min, int8_t *out);

#ifdef __cplusplus
}
#endif

#endif /* FL_NN_H */
