// SPDX-License-Identifier: MIT
using System.Net.Http.Headers;
using System.Text;
using Fleet.ModelSigning;

namespace Fleet.Gateway.Tests.Models;

/// <summary>Upload forms with the optional <c>report</c> part (docs/model-toolchain.md's shape).</summary>
public static class ModelReports
{
    public static string Json(long instructions, double? accuracy = 0.9365, string dataset = "smile-2000", int samples = 2000) =>
        accuracy is { } a
            ? $$"""{"instructionsPerInference": {{instructions}}, "instructionsSource": "qemu-mps2-an500", "accuracy": {{a.ToString(System.Globalization.CultureInfo.InvariantCulture)}}, "accuracyDataset": "{{dataset}}", "accuracySamples": {{samples}}, "tool": "fleet-model 1.0"}"""
            : $$"""{"instructionsPerInference": {{instructions}}, "instructionsSource": "qemu-mps2-an500", "accuracy": null, "accuracyDataset": null, "accuracySamples": null, "tool": "fleet-model 1.0"}""";

    /// <summary>The model, its signature by <paramref name="key"/> and <paramref name="report"/> as a JSON file part.</summary>
    public static MultipartFormDataContent Form(ModelSigningKey key, byte[] model, string report) =>
        Form(key, model, Encoding.UTF8.GetBytes(report));

    /// <summary>As above with the report's bytes as given (they need not be valid UTF-8).</summary>
    public static MultipartFormDataContent Form(ModelSigningKey key, byte[] model, byte[] report)
    {
        var form = TestModels.Form(model, key.CreateSignatureFile(model).ToUtf8());
        var r = new ByteArrayContent(report);
        r.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        form.Add(r, "report", "report.json");
        return form;
    }
}
