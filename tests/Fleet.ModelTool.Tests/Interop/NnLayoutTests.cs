// SPDX-License-Identifier: MIT
using Fleet.Firmware.Interop.Nn;

namespace Fleet.ModelTool.Tests.Interop;

/// <summary>
/// Every Nn mirror struct has the C compiler's size and field offsets, measured by <see cref="CLayoutProbe"/>;
/// the core exports no layout introspection for these structs.
/// </summary>
public sealed unsafe class NnLayoutTests
{
    private static readonly Lazy<Dictionary<string, long[]>> CLayouts = new(Probe);

    private const string ProbeSource = """
        #include <stddef.h>
        #include <stdio.h>
        #include "fl/fl_nn.h"
        #include "fl/fl_arena.h"
        #include "fl/fl_model_network.h"
        #define S(T) printf("\n%s %zu", #T, sizeof(T))
        #define O(T, f) printf(" %zu", offsetof(T, f))
        int main(void) {
            S(fl_nn_dims_t); O(fl_nn_dims_t, n); O(fl_nn_dims_t, h); O(fl_nn_dims_t, w); O(fl_nn_dims_t, c);
            S(fl_nn_hw_t); O(fl_nn_hw_t, h); O(fl_nn_hw_t, w);
            S(fl_nn_ctx_t); O(fl_nn_ctx_t, buf); O(fl_nn_ctx_t, size);
            S(fl_nn_act_t); O(fl_nn_act_t, min); O(fl_nn_act_t, max);
            S(fl_nn_q7_shift_t); O(fl_nn_q7_shift_t, bias_lshift); O(fl_nn_q7_shift_t, out_rshift); O(fl_nn_q7_shift_t, rounding);
            S(fl_nn_conv_q7_params_t); O(fl_nn_conv_q7_params_t, stride); O(fl_nn_conv_q7_params_t, pad); O(fl_nn_conv_q7_params_t, shift);
            S(fl_nn_pool_params_t); O(fl_nn_pool_params_t, window); O(fl_nn_pool_params_t, stride); O(fl_nn_pool_params_t, pad);
            S(fl_nn_per_channel_quant_t); O(fl_nn_per_channel_quant_t, multiplier); O(fl_nn_per_channel_quant_t, shift);
            S(fl_nn_per_tensor_quant_t); O(fl_nn_per_tensor_quant_t, multiplier); O(fl_nn_per_tensor_quant_t, shift);
            S(fl_nn_conv_s8_params_t); O(fl_nn_conv_s8_params_t, input_offset); O(fl_nn_conv_s8_params_t, output_offset); O(fl_nn_conv_s8_params_t, stride); O(fl_nn_conv_s8_params_t, pad); O(fl_nn_conv_s8_params_t, act);
            S(fl_nn_dwconv_s8_params_t); O(fl_nn_dwconv_s8_params_t, input_offset); O(fl_nn_dwconv_s8_params_t, output_offset); O(fl_nn_dwconv_s8_params_t, ch_mult); O(fl_nn_dwconv_s8_params_t, stride); O(fl_nn_dwconv_s8_params_t, pad); O(fl_nn_dwconv_s8_params_t, act);
            S(fl_nn_fc_s8_params_t); O(fl_nn_fc_s8_params_t, input_offset); O(fl_nn_fc_s8_params_t, output_offset); O(fl_nn_fc_s8_params_t, act);
            S(fl_nn_pool_s8_params_t); O(fl_nn_pool_s8_params_t, window); O(fl_nn_pool_s8_params_t, stride); O(fl_nn_pool_s8_params_t, pad); O(fl_nn_pool_s8_params_t, act);
            S(fl_arena_t); O(fl_arena_t, base); O(fl_arena_t, size); O(fl_arena_t, lo); O(fl_arena_t, hi); O(fl_arena_t, high_water); O(fl_arena_t, fail_requested); O(fl_arena_t, fail_available);
            S(fl_network_layer_t); O(fl_network_layer_t, type); O(fl_network_layer_t, n); O(fl_network_layer_t, c); O(fl_network_layer_t, h); O(fl_network_layer_t, w); O(fl_network_layer_t, mean); O(fl_network_layer_t, scale); O(fl_network_layer_t, l_shift); O(fl_network_layer_t, r_shift); O(fl_network_layer_t, krn_dim); O(fl_network_layer_t, krn_pad); O(fl_network_layer_t, krn_str); O(fl_network_layer_t, pool_type); O(fl_network_layer_t, weights); O(fl_network_layer_t, w_size); O(fl_network_layer_t, bias); O(fl_network_layer_t, b_size);
            S(fl_network_info_t); O(fl_network_info_t, n_layers); O(fl_network_info_t, in_h); O(fl_network_info_t, in_w); O(fl_network_info_t, in_c); O(fl_network_info_t, n_outputs); O(fl_network_info_t, persistent_bytes); O(fl_network_info_t, scratch_bytes); O(fl_network_info_t, macs); O(fl_network_info_t, weight_bytes);
            S(fl_network_error_t); O(fl_network_error_t, msg); O(fl_network_error_t, offset); O(fl_network_error_t, layer);
            S(fl_network_t); O(fl_network_t, layers); O(fl_network_t, info);
            S(fl_image_t); O(fl_image_t, pixels); O(fl_image_t, w); O(fl_image_t, h); O(fl_image_t, stride); O(fl_image_t, fmt);
            S(fl_rect_t); O(fl_rect_t, x); O(fl_rect_t, y); O(fl_rect_t, w); O(fl_rect_t, h);
            S(fl_nn_q7_rounding_t); S(fl_network_mode_t); S(fl_pixfmt_t); S(fl_resize_t); S(fl_network_layer_type_t); S(fl_network_pool_type_t);
            printf("\n");
            return 0;
        }
        """;

    private static Dictionary<string, long[]> Probe() => CLayoutProbe.Measure(ProbeSource);

    private static void AssertLayout(string cName, int size, params long[] offsets) =>
        CLayoutProbe.AssertLayout(CLayouts.Value, cName, size, offsets);

    [Fact]
    public void KernelParamStructs_MatchC()
    {
        NnDims d = default;
        AssertLayout("fl_nn_dims_t", sizeof(NnDims), 0, (byte*)&d.H - (byte*)&d, (byte*)&d.W - (byte*)&d, (byte*)&d.C - (byte*)&d);
        NnHw hw = default;
        AssertLayout("fl_nn_hw_t", sizeof(NnHw), 0, (byte*)&hw.W - (byte*)&hw);
        NnContextNative ctx = default;
        AssertLayout("fl_nn_ctx_t", sizeof(NnContextNative), 0, (byte*)&ctx.Size - (byte*)&ctx);
        NnAct act = default;
        AssertLayout("fl_nn_act_t", sizeof(NnAct), 0, (byte*)&act.Max - (byte*)&act);
        NnQ7Shift sh = default;
        AssertLayout("fl_nn_q7_shift_t", sizeof(NnQ7Shift), 0, (byte*)&sh.OutRShift - (byte*)&sh, (byte*)&sh.Rounding - (byte*)&sh);
        NnConvQ7Params cq = default;
        AssertLayout("fl_nn_conv_q7_params_t", sizeof(NnConvQ7Params), 0, (byte*)&cq.Pad - (byte*)&cq, (byte*)&cq.Shift - (byte*)&cq);
        NnPoolParams pp = default;
        AssertLayout("fl_nn_pool_params_t", sizeof(NnPoolParams), 0, (byte*)&pp.Stride - (byte*)&pp, (byte*)&pp.Pad - (byte*)&pp);
        NnPerChannelQuantNative pc = default;
        AssertLayout("fl_nn_per_channel_quant_t", sizeof(NnPerChannelQuantNative), 0, (byte*)&pc.Shift - (byte*)&pc);
        NnPerTensorQuant pt = default;
        AssertLayout("fl_nn_per_tensor_quant_t", sizeof(NnPerTensorQuant), 0, (byte*)&pt.Shift - (byte*)&pt);
        NnConvS8Params cs = default;
        AssertLayout("fl_nn_conv_s8_params_t", sizeof(NnConvS8Params), 0, (byte*)&cs.OutputOffset - (byte*)&cs,
            (byte*)&cs.Stride - (byte*)&cs, (byte*)&cs.Pad - (byte*)&cs, (byte*)&cs.Act - (byte*)&cs);
        NnDwConvS8Params ds = default;
        AssertLayout("fl_nn_dwconv_s8_params_t", sizeof(NnDwConvS8Params), 0, (byte*)&ds.OutputOffset - (byte*)&ds,
            (byte*)&ds.ChMult - (byte*)&ds, (byte*)&ds.Stride - (byte*)&ds, (byte*)&ds.Pad - (byte*)&ds, (byte*)&ds.Act - (byte*)&ds);
        NnFcS8Params fs = default;
        AssertLayout("fl_nn_fc_s8_params_t", sizeof(NnFcS8Params), 0, (byte*)&fs.OutputOffset - (byte*)&fs, (byte*)&fs.Act - (byte*)&fs);
        NnPoolS8Params ps = default;
        AssertLayout("fl_nn_pool_s8_params_t", sizeof(NnPoolS8Params), 0, (byte*)&ps.Stride - (byte*)&ps,
            (byte*)&ps.Pad - (byte*)&ps, (byte*)&ps.Act - (byte*)&ps);
    }

    [Fact]
    public void ArenaAndNetworkStructs_MatchC()
    {
        ArenaNative a = default;
        byte* ab = (byte*)&a;
        AssertLayout("fl_arena_t", sizeof(ArenaNative), 0, (byte*)&a.Size - ab, (byte*)&a.Lo - ab, (byte*)&a.Hi - ab,
            (byte*)&a.HighWater - ab, (byte*)&a.FailRequested - ab, (byte*)&a.FailAvailable - ab);
        NetworkLayerNative l = default;
        byte* lb = (byte*)&l;
        AssertLayout("fl_network_layer_t", sizeof(NetworkLayerNative), 0, (byte*)&l.N - lb, (byte*)&l.C - lb,
            (byte*)&l.H - lb, (byte*)&l.W - lb, (byte*)l.Mean - lb, (byte*)&l.Scale - lb, (byte*)&l.LShift - lb,
            (byte*)&l.RShift - lb, (byte*)&l.KrnDim - lb, (byte*)&l.KrnPad - lb, (byte*)&l.KrnStr - lb,
            (byte*)&l.PoolType - lb, (byte*)&l.Weights - lb, (byte*)&l.WSize - lb, (byte*)&l.Bias - lb, (byte*)&l.BSize - lb);
        NetworkInfoNative i = default;
        byte* ib = (byte*)&i;
        AssertLayout("fl_network_info_t", sizeof(NetworkInfoNative), 0, (byte*)&i.InH - ib, (byte*)&i.InW - ib,
            (byte*)&i.InC - ib, (byte*)&i.NOutputs - ib, (byte*)&i.PersistentBytes - ib, (byte*)&i.ScratchBytes - ib,
            (byte*)&i.Macs - ib, (byte*)&i.WeightBytes - ib);
        NetworkErrorNative e = default;
        AssertLayout("fl_network_error_t", sizeof(NetworkErrorNative), 0, (byte*)&e.Offset - (byte*)&e, (byte*)&e.Layer - (byte*)&e);
        NetworkNative n = default;
        AssertLayout("fl_network_t", sizeof(NetworkNative), 0, (byte*)&n.Info - (byte*)&n);
        ImageNative im = default;
        byte* mb = (byte*)&im;
        AssertLayout("fl_image_t", sizeof(ImageNative), 0, (byte*)&im.W - mb, (byte*)&im.H - mb, (byte*)&im.Stride - mb, (byte*)&im.Fmt - mb);
        RectNative r = default;
        AssertLayout("fl_rect_t", sizeof(RectNative), 0, (byte*)&r.Y - (byte*)&r, (byte*)&r.W - (byte*)&r, (byte*)&r.H - (byte*)&r);
    }

    [Fact]
    public void Enums_AreFourBytes_AsCSeesThem()
    {
        foreach (string e in new[] { "fl_nn_q7_rounding_t", "fl_network_mode_t", "fl_pixfmt_t", "fl_resize_t", "fl_network_layer_type_t", "fl_network_pool_type_t" })
        {
            Assert.Equal(4, CLayouts.Value[e][0]);
        }

        Assert.Equal(4, sizeof(NnQ7Rounding));
    }
}
