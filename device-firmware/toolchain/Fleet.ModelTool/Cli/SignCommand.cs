// SPDX-License-Identifier: MIT
using System.CommandLine;
using Fleet.ModelSigning;

namespace Fleet.ModelTool.Cli;

/// <summary><c>sign --key KEY.pem MODEL</c>: writes the detached signature <c>MODEL.sig</c> (docs/model-signing.md).</summary>
internal static class SignCommand
{
    public static Command Create()
    {
        var key = new Option<string>("--key") { Description = "Private signing key (PKCS#8 PEM from keygen)", Required = true };
        var model = new Argument<string>("MODEL") { Description = "Fleet-format model (.flmd) to sign" };
        var cmd = new Command("sign", "Sign a Fleet-format model: writes MODEL.sig (ES256 over SHA-256 of the file)") { key, model };
        cmd.SetAction(pr => CliCommon.Guard(pr, (stdout, _) =>
        {
            var modelPath = pr.GetValue(model)!;
            using var signingKey = LoadKey(pr.GetValue(key)!);
            var bytes = ReadModel(modelPath);
            var file = signingKey.CreateSignatureFile(bytes);
            var sigPath = modelPath + ".sig";
            try
            {
                File.WriteAllBytes(sigPath, file.ToUtf8());
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new ModelToolException($"cannot write {sigPath}: {ex.Message}");
            }

            stdout.WriteLine($"signed {modelPath} ({bytes.Length} bytes, sha256 {file.Sha256}) with key {file.KeyId}");
            stdout.WriteLine($"wrote {sigPath}");
            return 0;
        }));
        return cmd;
    }

    internal static ModelSigningKey LoadKey(string path)
    {
        string pem;
        try
        {
            pem = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ModelToolException($"cannot read key {path}: {ex.Message}");
        }

        try
        {
            return ModelSigningKey.FromPem(pem);
        }
        catch (ModelSigningException ex)
        {
            throw new ModelToolException($"{path}: {ex.Message}");
        }
    }

    /// <summary>The model's bytes; refuses anything that is not a Fleet-format model (magic FLMD).</summary>
    internal static byte[] ReadModel(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ModelToolException($"cannot read model {path}: {ex.Message}");
        }

        if (bytes.Length < 4 || !bytes.AsSpan(0, 4).SequenceEqual("FLMD"u8))
        {
            throw new ModelToolException($"{path} is not a Fleet-format model (no FLMD magic); convert it first.");
        }

        return bytes;
    }
}
