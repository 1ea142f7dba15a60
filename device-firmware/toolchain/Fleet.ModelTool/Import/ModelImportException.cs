// SPDX-License-Identifier: MIT
namespace Fleet.ModelTool.Import;

/// <summary>
/// An imported model the toolchain cannot use: a truncated or corrupt file, an unsupported op, a shape that does
/// not chain. The only exception the parsers let out (the fuzz tests check it); the CLI reports it as a
/// <see cref="ModelToolException"/> with the file name.
/// </summary>
public sealed class ModelImportException : Exception
{
    public ModelImportException(string message)
        : base(message)
    {
    }

    public ModelImportException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
