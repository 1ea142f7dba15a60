// SPDX-License-Identifier: MIT
namespace Fleet.ModelSigning;

/// <summary>A key or signature file that cannot be read; the message says why, for a user to act on.</summary>
public sealed class ModelSigningException : Exception
{
    public ModelSigningException()
    {
    }

    public ModelSigningException(string message) : base(message)
    {
    }

    public ModelSigningException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
