// SPDX-License-Identifier: MIT
using System.CommandLine;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Fleet.ModelTool.Cli;

/// <summary>
/// <c>publish --gateway URL --key OPERATOR_KEY [--report PREVIEW.json] MODEL</c>: uploads <c>MODEL</c> and
/// <c>MODEL.sig</c> (and, with <c>--report</c>, the candidate's measured figures as a third part <c>report</c>,
/// docs/model-toolchain.md) to the gateway's <c>POST /api/models</c>; a refusal prints the gateway's reason (e.g.
/// <c>untrusted_key</c>).
/// </summary>
internal static class PublishCommand
{
    public static Command Create()
    {
        var gateway = new Option<string>("--gateway") { Description = "Gateway base URL, e.g. http://127.0.0.1:5080", Required = true };
        var key = new Option<string>("--key") { Description = "The gateway's operator key (Api:OperatorKey)", Required = true };
        var signature = new Option<string?>("--signature") { Description = "Signature file (default MODEL.sig)" };
        var report = new Option<string?>("--report")
        {
            Description = "The candidate's measured figures: `preview --json` output (its candidateReport) or the report object alone",
        };
        var model = new Argument<string>("MODEL") { Description = "Signed Fleet-format model (.flmd)" };
        var cmd = new Command("publish", "Upload a signed model (MODEL + MODEL.sig, optionally a preview report) to a gateway")
        {
            gateway, key, signature, report, model,
        };
        cmd.SetAction(pr => CliCommon.Guard(pr, (stdout, _) =>
        {
            var modelPath = pr.GetValue(model)!;
            var sigPath = pr.GetValue(signature) ?? modelPath + ".sig";
            var bytes = SignCommand.ReadModel(modelPath);
            if (!File.Exists(sigPath))
            {
                throw new ModelToolException($"no signature {sigPath}; run 'fleet-model sign --key KEY.pem {modelPath}' first.");
            }

            var sig = File.ReadAllBytes(sigPath);
            var reportPath = pr.GetValue(report);
            var measured = reportPath is null ? null : Preview.ModelReport.Read(reportPath);
            if (!Uri.TryCreate(pr.GetValue(gateway), UriKind.Absolute, out var baseUri)
                || baseUri.Scheme is not ("http" or "https"))
            {
                throw new ModelToolException($"--gateway '{pr.GetValue(gateway)}' is not an http(s) URL.");
            }

            var body = UploadAsync(baseUri, pr.GetValue(key)!, modelPath, bytes, sig, measured).GetAwaiter().GetResult();
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            stdout.WriteLine($"published {root.GetProperty("modelId").GetString()} v{root.GetProperty("modelVersion").GetUInt32()} " +
                $"(sha256 {root.GetProperty("sha256").GetString()}, key {root.GetProperty("keyId").GetString()})");
            return 0;
        }));
        return cmd;
    }

    private static async Task<string> UploadAsync(Uri baseUri, string operatorKey, string modelPath, byte[] model, byte[] sig,
        Preview.ModelReport? report)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
        using var form = new MultipartFormDataContent();
        var modelPart = new ByteArrayContent(model);
        modelPart.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(modelPart, "model", Path.GetFileName(modelPath));
        var sigPart = new ByteArrayContent(sig);
        sigPart.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        form.Add(sigPart, "signature", Path.GetFileName(modelPath) + ".sig");
        if (report is not null)
        {
            var reportPart = new StringContent(report.ToJson(), System.Text.Encoding.UTF8);
            reportPart.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            form.Add(reportPart, "report", "report.json");
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(baseUri, "/api/models")) { Content = form };
        request.Headers.Add("X-Fleet-Key", operatorKey);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            throw new ModelToolException($"cannot reach the gateway ({baseUri}): {ex.Message}");
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return text;
            }

            throw new ModelToolException($"the gateway refused the model ({(int)response.StatusCode}{Describe(text)})");
        }
    }

    /// <summary>The problem details' reason and detail, when the body is one.</summary>
    private static string Describe(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            var reason = root.TryGetProperty("reason", out var r) ? r.GetString() : null;
            var detail = root.TryGetProperty("detail", out var d) ? d.GetString()
                : root.TryGetProperty("title", out var t) ? t.GetString() : null;
            return (reason is null ? "" : " " + reason) + (detail is null ? "" : ": " + detail);
        }
        catch (JsonException)
        {
            return body.Length == 0 ? "" : ": " + (body.Length > 200 ? body[..200] : body);
        }
    }
}
