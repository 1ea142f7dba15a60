// SPDX-License-Identifier: MIT
using System.Buffers.Binary;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Fleet.ModelSigning;

namespace Fleet.Gateway.Tests.Models;

/// <summary>Fleet-format (FLMD v1) artifacts laid out as docs/model-format.md says, signed at run time, and their upload.</summary>
public static class TestModels
{
    /// <summary>A framing-valid FLMD: header, input spec, one label, one layer entry, <paramref name="weightBytes"/> of weights.</summary>
    public static byte[] Build(string modelId, uint version, int weightBytes = 2048, int seed = 1)
    {
        const int labelsLength = 4 + 16;
        const int layerLength = 72;
        var weightOffset = 164 + labelsLength + layerLength;
        var total = weightOffset + weightBytes;
        var blob = new byte[total];
        "FLMD"u8.CopyTo(blob);
        BinaryPrimitives.WriteUInt16LittleEndian(blob.AsSpan(4), 1);
        BinaryPrimitives.WriteUInt16LittleEndian(blob.AsSpan(6), 128);
        BinaryPrimitives.WriteUInt32LittleEndian(blob.AsSpan(40), (uint)total);
        Encoding.ASCII.GetBytes(modelId).CopyTo(blob, 48);
        BinaryPrimitives.WriteUInt32LittleEndian(blob.AsSpan(80), version);
        blob[84] = 2; // s8
        blob[85] = 1;
        BinaryPrimitives.WriteUInt32LittleEndian(blob.AsSpan(88), 4096);
        U32(blob, 96, 128); U32(blob, 100, 36);
        U32(blob, 104, 164); U32(blob, 108, labelsLength);
        U32(blob, 112, 164 + labelsLength); U32(blob, 116, layerLength);
        U32(blob, 120, (uint)weightOffset); U32(blob, 124, (uint)weightBytes);
        U32(blob, 164, 1);
        Encoding.ASCII.GetBytes("person").CopyTo(blob, 168);
        new Random(seed).NextBytes(blob.AsSpan(weightOffset));
        SHA256.HashData(blob.AsSpan(40)).CopyTo(blob, 8);
        return blob;
    }

    /// <summary>Writes a fresh key pair under <paramref name="directory"/> and returns the key and its public key file.</summary>
    public static (ModelSigningKey Key, string PublicPath) NewKey(string directory, string name = "operator")
    {
        var key = ModelSigningKey.Generate();
        var path = Path.Combine(directory, name + ".pem");
        KeyFiles.Write(key, path);
        return (key, KeyFiles.PublicPathFor(path));
    }

    public static MultipartFormDataContent Form(byte[] model, byte[] signature)
    {
        var form = new MultipartFormDataContent();
        var m = new ByteArrayContent(model);
        m.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(m, "model", "model.flmd");
        var s = new ByteArrayContent(signature);
        s.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        form.Add(s, "signature", "model.flmd.sig");
        return form;
    }

    /// <summary>Uploads a model signed by <paramref name="key"/> and asserts it was created.</summary>
    public static async Task UploadAsync(HttpClient http, ModelSigningKey key, byte[] model)
    {
        using var form = Form(model, key.CreateSignatureFile(model).ToUtf8());
        using var response = await http.PostAsync("/api/models", form);
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    private static void U32(byte[] b, int offset, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(offset), value);
}
