// SPDX-License-Identifier: MIT
namespace Fleet.ModelSigning.Tests;

/// <summary>A fact that reports itself skipped, with the reason, when <c>openssl</c> is not on PATH.</summary>
public sealed class OpenSslFactAttribute : FactAttribute
{
    public OpenSslFactAttribute()
    {
        if (OpenSsl.Path is null)
        {
            Skip = "openssl is not on PATH (Debian: apt-get install openssl); the cross-check needs it.";
        }
    }
}
