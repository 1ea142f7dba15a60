// SPDX-License-Identifier: MIT
namespace Fleet.Cascades;

/// <summary>The XML is not a stump-based Haar cascade this converter handles, or a value does not fit the target format.</summary>
public sealed class CascadeFormatException : Exception
{
    /// <summary>Creates the exception with a message naming the offending element or value.</summary>
    public CascadeFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception wrapping a lower-level parse failure.</summary>
    public CascadeFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
