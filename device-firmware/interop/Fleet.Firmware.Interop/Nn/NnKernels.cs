// SPDX-License-Identifier: MIT
namespace Fleet.Firmware.Interop.Nn;

/// <summary>
/// Safe wrappers over the exported kernels of fl_nn.h. Every span is checked against the dims before the call,
/// so the C code can never read or write outside managed memory; an empty bias span means "no bias" (NULL).
/// Scratch is sized with the kernel's *_scratch_size twin and allocated per call. A non-OK status (the C
/// contract was broken, e.g. a parameter out of range) throws <see cref="NnKernelException"/>. Thread-safe:
/// the kernels are reentrant and keep no state.
/// </summary>
public static partial class NnKernels
{
    private static void Need<T>(ReadOnlySpan<T> span, long count, string name)
    {
        if (count > 0 && span.Length < count)
        {
            throw new ArgumentException($"{name} holds {span.Length} elements, the dims need {count}", name);
        }
    }

    private static void NeedBias<T>(ReadOnlySpan<T> bias, long count)
    {
        if (!bias.IsEmpty)
        {
            Need(bias, count, nameof(bias));
        }
    }

    private static byte[] Scratch(nuint size) => size == 0 ? [] : new byte[checked((int)size)];
}
