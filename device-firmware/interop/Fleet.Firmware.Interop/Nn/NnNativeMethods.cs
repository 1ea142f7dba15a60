// SPDX-License-Identifier: MIT
using System.Runtime.InteropServices;

namespace Fleet.Firmware.Interop.Nn;

/// <summary>
/// The FL_API functions of fl_nn.h, fl_arena.h and fl_model_network.h. fl_status_t is passed as int, size_t as
/// nuint, C bool as byte (so every signature stays blittable). Pointers are used only for the duration of a
/// call, except those a loaded network keeps (the blob and the arena), whose lifetime NetworkModel owns.
/// </summary>
internal static unsafe partial class NnNativeMethods
{
    private const string Library = "fleetcore";

    [LibraryImport(Library, EntryPoint = "fl_status_name")]
    public static partial byte* StatusName(int status);

    // ---- q7 ----
    [LibraryImport(Library, EntryPoint = "fl_nn_conv_q7_scratch_size")]
    public static partial nuint ConvQ7ScratchSize(NnDims* inDims, NnDims* filterDims);

    [LibraryImport(Library, EntryPoint = "fl_nn_conv_q7")]
    public static partial int ConvQ7(NnContextNative* ctx, NnConvQ7Params* p, NnDims* inDims, sbyte* input,
        NnDims* filterDims, sbyte* filter, sbyte* bias, NnDims* outDims, sbyte* output);

    [LibraryImport(Library, EntryPoint = "fl_nn_dwconv_q7")]
    public static partial int DwConvQ7(NnConvQ7Params* p, NnDims* inDims, sbyte* input, NnDims* filterDims,
        sbyte* filter, sbyte* bias, NnDims* outDims, sbyte* output);

    [LibraryImport(Library, EntryPoint = "fl_nn_fc_q7_scratch_size")]
    public static partial nuint FcQ7ScratchSize(int cols);

    [LibraryImport(Library, EntryPoint = "fl_nn_fc_q7")]
    public static partial int FcQ7(NnContextNative* ctx, NnQ7Shift* shift, sbyte* vec, int cols, sbyte* weights,
        sbyte* bias, int rows, sbyte* output);

    [LibraryImport(Library, EntryPoint = "fl_nn_fc_q7_x4")]
    public static partial int FcQ7X4(NnContextNative* ctx, NnQ7Shift* shift, sbyte* vec, int cols,
        sbyte* weightsX4, sbyte* bias, int rows, sbyte* output);

    [LibraryImport(Library, EntryPoint = "fl_nn_fc_q7_x4_index")]
    public static partial nuint FcQ7X4Index(int rows, int cols, int r, int c);

    [LibraryImport(Library, EntryPoint = "fl_nn_maxpool_q7")]
    public static partial int MaxPoolQ7(NnPoolParams* p, NnDims* inDims, sbyte* input, NnDims* outDims, sbyte* output);

    [LibraryImport(Library, EntryPoint = "fl_nn_avgpool_q7")]
    public static partial int AvgPoolQ7(NnPoolParams* p, NnDims* inDims, sbyte* input, NnDims* outDims, sbyte* output);

    [LibraryImport(Library, EntryPoint = "fl_nn_maxpool_q7_legacy")]
    public static partial int MaxPoolQ7Legacy(NnPoolParams* p, NnDims* inDims, sbyte* input, NnDims* outDims,
        sbyte* output);

    [LibraryImport(Library, EntryPoint = "fl_nn_avgpool_q7_legacy_scratch_size")]
    public static partial nuint AvgPoolQ7LegacyScratchSize(NnDims* inDims, NnDims* outDims);

    [LibraryImport(Library, EntryPoint = "fl_nn_avgpool_q7_legacy")]
    public static partial int AvgPoolQ7Legacy(NnContextNative* ctx, NnPoolParams* p, NnDims* inDims, sbyte* input,
        NnDims* outDims, sbyte* output);

    [LibraryImport(Library, EntryPoint = "fl_nn_relu_q7")]
    public static partial int ReluQ7(sbyte* data, nuint n);

    [LibraryImport(Library, EntryPoint = "fl_nn_relu6_q7")]
    public static partial int Relu6Q7(sbyte* data, nuint n, uint fracBits);

    [LibraryImport(Library, EntryPoint = "fl_nn_softmax_q7")]
    public static partial int SoftmaxQ7(sbyte* input, int n, sbyte* output);

    // ---- s8 ----
    [LibraryImport(Library, EntryPoint = "fl_nn_requantize")]
    public static partial int Requantize(int val, int multiplier, int shift);

    [LibraryImport(Library, EntryPoint = "fl_nn_conv_s8_scratch_size")]
    public static partial nuint ConvS8ScratchSize(NnDims* inDims, NnDims* filterDims);

    [LibraryImport(Library, EntryPoint = "fl_nn_conv_s8")]
    public static partial int ConvS8(NnContextNative* ctx, NnConvS8Params* p, NnPerChannelQuantNative* q,
        NnDims* inDims, sbyte* input, NnDims* filterDims, sbyte* filter, int* bias, NnDims* outDims, sbyte* output);

    [LibraryImport(Library, EntryPoint = "fl_nn_dwconv_s8_scratch_size")]
    public static partial nuint DwConvS8ScratchSize(NnDims* inDims, NnDims* filterDims);

    [LibraryImport(Library, EntryPoint = "fl_nn_dwconv_s8")]
    public static partial int DwConvS8(NnContextNative* ctx, NnDwConvS8Params* p, NnPerChannelQuantNative* q,
        NnDims* inDims, sbyte* input, NnDims* filterDims, sbyte* filter, int* bias, NnDims* outDims, sbyte* output);

    [LibraryImport(Library, EntryPoint = "fl_nn_fc_s8_scratch_size")]
    public static partial nuint FcS8ScratchSize(int cols);

    [LibraryImport(Library, EntryPoint = "fl_nn_fc_s8")]
    public static partial int FcS8(NnContextNative* ctx, NnFcS8Params* p, NnPerTensorQuant* q, sbyte* vec, int cols,
        sbyte* weights, int* bias, int rows, sbyte* output);

    [LibraryImport(Library, EntryPoint = "fl_nn_maxpool_s8")]
    public static partial int MaxPoolS8(NnPoolS8Params* p, NnDims* inDims, sbyte* input, NnDims* outDims,
        sbyte* output);

    [LibraryImport(Library, EntryPoint = "fl_nn_avgpool_s8")]
    public static partial int AvgPoolS8(NnPoolS8Params* p, NnDims* inDims, sbyte* input, NnDims* outDims,
        sbyte* output);

    [LibraryImport(Library, EntryPoint = "fl_nn_relu_s8")]
    public static partial int ReluS8(sbyte* data, nuint n, sbyte zeroPoint);

    [LibraryImport(Library, EntryPoint = "fl_nn_relu6_s8")]
    public static partial int Relu6S8(sbyte* data, nuint n, sbyte zeroPoint, sbyte six);

    [LibraryImport(Library, EntryPoint = "fl_nn_softmax_s8")]
    public static partial int SoftmaxS8(sbyte* input, int rows, int rowSize, int mult, int shift, int diffMin,
        sbyte* output);

    // ---- arena ----
    [LibraryImport(Library, EntryPoint = "fl_arena_init")]
    public static partial int ArenaInit(ArenaNative* a, void* mem, nuint size);

    [LibraryImport(Library, EntryPoint = "fl_arena_scratch")]
    public static partial int ArenaScratch(ArenaNative* a, nuint n, nuint align, void** output);

    [LibraryImport(Library, EntryPoint = "fl_arena_high_water")]
    public static partial nuint ArenaHighWater(ArenaNative* a);

    // ---- .network ----
    [LibraryImport(Library, EntryPoint = "fl_network_inspect")]
    public static partial int NetworkInspect(byte* blob, nuint len, NetworkInfoNative* info, NetworkErrorNative* err);

    [LibraryImport(Library, EntryPoint = "fl_network_load")]
    public static partial int NetworkLoad(NetworkNative* net, byte* blob, nuint len, ArenaNative* arena,
        NetworkErrorNative* err);

    [LibraryImport(Library, EntryPoint = "fl_network_run")]
    public static partial int NetworkRun(NetworkNative* net, int mode, byte softmax, sbyte* input,
        NnContextNative* scratch, sbyte* output);

    [LibraryImport(Library, EntryPoint = "fl_network_scores")]
    public static partial int NetworkScores(int mode, byte softmax, sbyte* q, uint n, float* scores);

    [LibraryImport(Library, EntryPoint = "fl_network_preprocess")]
    public static partial int NetworkPreprocess(NetworkNative* net, int mode, int resize, ImageNative* img,
        RectNative* roi, sbyte* tensor);

    [LibraryImport(Library, EntryPoint = "fl_network_r5_to_8")]
    public static partial byte R5To8(uint v5);

    [LibraryImport(Library, EntryPoint = "fl_network_g6_to_8")]
    public static partial byte G6To8(uint v6);
}
