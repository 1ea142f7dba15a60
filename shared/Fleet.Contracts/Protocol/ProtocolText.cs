// SPDX-License-Identifier: MIT
namespace Fleet.Contracts.Protocol;

/// <summary>The two text alphabets of protocol v1 (docs/protocol.md §2.1).</summary>
internal static class ProtocolText
{
    /// <summary>True when every character is in <c>[A-Za-z0-9._-]</c> (device and model ids).</summary>
    public static bool IsIdText(string text)
    {
        foreach (char c in text)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when every character is printable ASCII, 0x20–0x7E (firmware versions and box labels).</summary>
    public static bool IsPrintableAscii(string text)
    {
        foreach (char c in text)
        {
            if (c is < ' ' or > '~')
            {
                return false;
            }
        }

        return true;
    }
}
