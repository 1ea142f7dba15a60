// SPDX-License-Identifier: MIT
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Fleet.ModelTool.Preview;
using Fleet.ModelTool.Tests.Cli;

namespace Fleet.ModelTool.Tests.Preview;

/// <summary><c>publish --report</c>: the measured figures travel as a third multipart part <c>report</c>, in the
/// agreed shape; a bad report is refused before anything is sent.</summary>
public sealed class PublishReportTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fleet-publish-report-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string P(string name) => Path.Combine(_dir, name);

    private string SignedModel()
    {
        var bytes = new byte[3000];
        new Random(5).NextBytes(bytes);
        "FLMD"u8.CopyTo(bytes);
        File.WriteAllBytes(P("m.flmd"), bytes);
        Assert.Equal(0, CliRun.Invoke("keygen", "--out", P("op.pem")).ExitCode);
        Assert.Equal(0, CliRun.Invoke("sign", "--key", P("op.pem"), P("m.flmd")).ExitCode);
        return P("m.flmd");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Report_IsSentAsAPartNamedReport_InTheAgreedShape(bool wrappedInPreviewOutput)
    {
        string model = SignedModel();
        const string Report = """{"instructionsPerInference": 7130000, "instructionsSource": "qemu-mps2-an500", "accuracy": 0.9365, "accuracyDataset": "smile-2000", "accuracySamples": 2000, "tool": "fleet-model 1.0.0"}""";
        File.WriteAllText(P("preview.json"), wrappedInPreviewOutput ? $"{{\"candidate\": {{}}, \"candidateReport\": {Report}}}" : Report);
        using var gateway = StandIn.Start();

        CliRun run = await Task.Run(() => CliRun.Invoke("publish", "--gateway", gateway.Url, "--key", "k", "--report", P("preview.json"), model));

        Assert.True(run.ExitCode == 0, run.Stderr);
        (string contentType, string body) = await gateway.Request;
        Dictionary<string, (string Headers, string Content)> parts = Multipart(contentType, body);
        Assert.Equal(["model", "signature", "report"], parts.Keys);
        Assert.Contains("application/json", parts["report"].Headers, StringComparison.OrdinalIgnoreCase);
        using JsonDocument sent = JsonDocument.Parse(parts["report"].Content);
        using JsonDocument expected = JsonDocument.Parse(Report);
        Assert.Equal(expected.RootElement.EnumerateObject().Select(p => (p.Name, p.Value.GetRawText())),
            sent.RootElement.EnumerateObject().Select(p => (p.Name, p.Value.GetRawText())));
    }

    [Fact]
    public async Task WithoutReport_OnlyModelAndSignature()
    {
        string model = SignedModel();
        using var gateway = StandIn.Start();

        CliRun run = await Task.Run(() => CliRun.Invoke("publish", "--gateway", gateway.Url, "--key", "k", model));

        Assert.True(run.ExitCode == 0, run.Stderr);
        (string contentType, string body) = await gateway.Request;
        Assert.Equal(["model", "signature"], Multipart(contentType, body).Keys);
    }

    [Fact]
    public void NullAccuracy_IsWrittenAsNull_AndReadBack()
    {
        var r = new ModelReport(123, ModelReport.QemuSource, null, null, null, ModelReport.ToolName);
        File.WriteAllText(P("r.json"), r.ToJson());

        using JsonDocument doc = JsonDocument.Parse(r.ToJson());
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("accuracy").ValueKind);
        Assert.Equal(r, ModelReport.Read(P("r.json")));
    }

    [Theory]
    [InlineData("{", "not valid JSON")]
    [InlineData("[]", "expected a JSON object")]
    [InlineData("""{"instructionsSource": "q", "tool": "t"}""", "instructionsPerInference")]
    [InlineData("""{"instructionsPerInference": -5, "instructionsSource": "q", "tool": "t"}""", "instructionsPerInference")]
    [InlineData("""{"instructionsPerInference": 5, "tool": "t"}""", "instructionsSource")]
    [InlineData("""{"instructionsPerInference": 5, "instructionsSource": "q", "tool": "t", "accuracy": 1.5, "accuracyDataset": "d", "accuracySamples": 3}""", "accuracy must be")]
    [InlineData("""{"instructionsPerInference": 5, "instructionsSource": "q", "tool": "t", "accuracy": 0.5}""", "together")]
    public void BadReport_Exit2_NothingSent(string content, string message)
    {
        string model = SignedModel();
        File.WriteAllText(P("bad.json"), content);

        // The gateway address is never contacted: the report is checked first.
        CliRun.Invoke("publish", "--gateway", "http://127.0.0.1:9", "--key", "k", "--report", P("bad.json"), model).AssertOneLineError(message);
        CliRun.Invoke("publish", "--gateway", "http://127.0.0.1:9", "--key", "k", "--report", P("missing.json"), model).AssertOneLineError("cannot read");
    }

    // name -> (part headers, part content) in order, from a multipart/form-data body.
    private static Dictionary<string, (string Headers, string Content)> Multipart(string contentType, string body)
    {
        string boundary = contentType.Split("boundary=")[1].Trim('"');
        var parts = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        foreach (string chunk in body.Split("--" + boundary).Skip(1))
        {
            if (chunk.StartsWith("--", StringComparison.Ordinal))
            {
                break;
            }

            int split = chunk.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            string headers = chunk[..split];
            string content = chunk[(split + 4)..^2];
            string name = headers.Split("name=")[1].Split(';')[0].Trim().Trim('"');
            parts[name] = (headers, content);
        }

        return parts;
    }

    /// <summary>One-request HTTP stand-in for the gateway's upload endpoint that answers 201.</summary>
    private sealed class StandIn : IDisposable
    {
        private readonly HttpListener _listener = new();

        private StandIn(int port) => Url = $"http://127.0.0.1:{port}/";

        public string Url { get; }

        public Task<(string ContentType, string Body)> Request { get; private set; } = null!;

        public static StandIn Start()
        {
            using var l = new TcpListener(IPAddress.Loopback, 0);
            l.Start();
            int port = ((IPEndPoint)l.LocalEndpoint).Port;
            l.Stop();
            var s = new StandIn(port);
            s._listener.Prefixes.Add(s.Url);
            s._listener.Start();
            s.Request = s.ServeAsync();
            return s;
        }

        public void Dispose() => _listener.Close();

        private async Task<(string, string)> ServeAsync()
        {
            HttpListenerContext context = await _listener.GetContextAsync();
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            string body = await reader.ReadToEndAsync();
            string contentType = context.Request.ContentType ?? "";
            context.Response.StatusCode = 201;
            context.Response.ContentType = "application/json";
            byte[] bytes = Encoding.UTF8.GetBytes(
                """{"modelId":"m","modelVersion":4,"scheme":"s8","sizeBytes":3000,"arenaBytes":1,"flashBytes":3000,"sha256":"ab","keyId":"cd","uploadedAt":"2030-01-01T00:00:00Z"}""");
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
            return (contentType, body);
        }
    }
}
