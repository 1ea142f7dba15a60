// SPDX-License-Identifier: MIT
namespace Fleet.ModelTool;

/// <summary>
/// A problem with the user's input (missing file, corrupt model/image/dataset, bad option value). The CLI prints
/// the message on one line and exits with a non-zero code; no stack trace.
/// </summary>
public sealed class ModelToolException : Exception
{
    public ModelToolException(string message)
        : base(message)
    {
    }

    public ModelToolException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
