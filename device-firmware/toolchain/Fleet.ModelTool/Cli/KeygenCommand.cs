// SPDX-License-Identifier: MIT
using System.CommandLine;
using Fleet.ModelSigning;

namespace Fleet.ModelTool.Cli;

/// <summary>
/// <c>keygen --out KEY.pem</c>: a new P-256 signing key (docs/model-signing.md): the private key as PKCS#8 PEM
/// created with mode 0600, the public key next to it as <c>KEY.pub.pem</c>; prints the key id.
/// </summary>
internal static class KeygenCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "Private key file to create (PEM); the public key goes to *.pub.pem", Required = true };
        var cmd = new Command("keygen", "Create an ES256 (P-256) model signing key pair; never overwrites a key") { output };
        cmd.SetAction(pr => CliCommon.Guard(pr, (stdout, _) =>
        {
            var path = pr.GetValue(output)!;
            if (File.Exists(path))
            {
                throw new ModelToolException($"{path} exists; keygen never overwrites a key.");
            }

            using var key = ModelSigningKey.Generate();
            try
            {
                KeyFiles.Write(key, path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new ModelToolException($"cannot write {path}: {ex.Message}");
            }

            stdout.WriteLine($"key id {key.KeyId}");
            stdout.WriteLine($"private key {path} (mode 0600; never commit it)");
            stdout.WriteLine($"public key  {KeyFiles.PublicPathFor(path)} (add it to the gateway's Models:TrustedKeys)");
            return 0;
        }));
        return cmd;
    }
}
