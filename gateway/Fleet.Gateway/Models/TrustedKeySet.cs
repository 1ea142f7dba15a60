// SPDX-License-Identifier: MIT
using Fleet.ModelSigning;
using Microsoft.Extensions.Options;

namespace Fleet.Gateway.Models;

/// <summary>
/// The verifier built from <see cref="ModelsOptions.TrustedKeys"/>. An entry that is neither a PEM nor a readable
/// PEM file fails the gateway's start with the entry named, rather than silently trusting fewer keys.
/// </summary>
public sealed class TrustedKeySet
{
    public TrustedKeySet(IOptions<ModelsOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var keys = new List<ModelVerificationKey>();
        foreach (var entry in options.Value.TrustedKeys)
        {
            keys.Add(Load(entry));
        }

        Keys = keys;
        Verifier = new SignatureVerifier(keys);
    }

    /// <summary>The trusted keys in configuration order (the demo's sensors trust the first).</summary>
    public IReadOnlyList<ModelVerificationKey> Keys { get; }

    public SignatureVerifier Verifier { get; }

    private static ModelVerificationKey Load(string entry)
    {
        var pem = entry.Contains("-----BEGIN", StringComparison.Ordinal) ? entry : ReadFile(entry);
        try
        {
            return ModelVerificationKey.FromPem(pem);
        }
        catch (ModelSigningException ex)
        {
            throw new InvalidOperationException($"Models:TrustedKeys entry '{Short(entry)}': {ex.Message}", ex);
        }
    }

    private static string ReadFile(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException(
                $"Models:TrustedKeys entry '{path}' is neither a PEM nor a readable file: {ex.Message}", ex);
        }
    }

    private static string Short(string entry) => entry.Length > 60 ? entry[..60] + "…" : entry;
}
