// SPDX-License-Identifier: MIT
namespace Fleet.ModelSigning;

/// <summary>Writes key pairs the way <c>fleet-model keygen</c> documents: private PKCS#8 at 0600, public SPKI next to it.</summary>
public static class KeyFiles
{
    /// <summary>The public key's path for a private key path: <c>KEY.pem</c> → <c>KEY.pub.pem</c>.</summary>
    public static string PublicPathFor(string privatePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(privatePath);
        return privatePath.EndsWith(".pem", StringComparison.OrdinalIgnoreCase)
            ? privatePath[..^4] + ".pub.pem"
            : privatePath + ".pub.pem";
    }

    /// <summary>
    /// Writes the private key (created with mode 0600 before any byte is written, so it is never readable by others)
    /// and the public key. Refuses to overwrite an existing private key.
    /// </summary>
    /// <exception cref="IOException">The private key file exists or cannot be written.</exception>
    public static void Write(ModelSigningKey key, string privatePath)
    {
        ArgumentNullException.ThrowIfNull(key);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(privatePath, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(key.ExportPrivateKeyPem());
            writer.Write('\n');
        }

        File.WriteAllText(PublicPathFor(privatePath), key.PublicKey.ExportPem() + "\n");
    }
}
