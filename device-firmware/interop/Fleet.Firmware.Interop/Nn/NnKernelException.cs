// SPDX-License-Identifier: MIT
namespace Fleet.Firmware.Interop.Nn;

/// <summary>A kernel or network call returned an error status: the caller broke a documented contract.</summary>
public sealed class NnKernelException : Exception
{
    public NnKernelException(string function, NativeStatus status)
        : base($"{function} returned {NnStatusNames.Name(status)}")
    {
        Function = function;
        Status = status;
    }

    /// <summary>The C function that failed, e.g. <c>fl_nn_conv_q7</c>.</summary>
    public string Function { get; }

    public NativeStatus Status { get; }
}
