// SPDX-License-Identifier: MIT
using System.Net;
using System.Net.Sockets;
using System.Text;
using Fleet.ModelSigning;

namespace Fleet.ModelTool.Tests.Cli;

/// <summary><c>fleet-model keygen / sign / publish</c>, in process; publish talks HTTP to a local stand-in gateway.</summary>
public sealed class SigningCliTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("rollouts-cli-");

    public void Dispose() => _dir.Delete(true);

    private string P(string name) => Path.Combine(_dir.FullName, name);

    private string WriteModel(string name = "m.flmd")
    {
        var bytes = new byte[3000];
        new Random(5).NextBytes(bytes);
        "FLMD"u8.CopyTo(bytes);
        File.WriteAllBytes(P(name), bytes);
        return P(name);
    }

    [Fact]
    public void Keygen_writes_a_private_0600_key_and_its_public_key_and_never_overwrites()
    {
        var run = CliRun.Invoke("keygen", "--out", P("op.pem"));

        Assert.Equal(0, run.ExitCode);
        using var key = ModelSigningKey.FromPem(File.ReadAllText(P("op.pem")));
        Assert.Contains($"key id {key.KeyId}", run.Stdout, StringComparison.Ordinal);
        Assert.Equal(key.KeyId, ModelVerificationKey.FromPem(File.ReadAllText(P("op.pub.pem"))).KeyId);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(P("op.pem")));
        }

        var before = File.ReadAllText(P("op.pem"));
        CliRun.Invoke("keygen", "--out", P("op.pem")).AssertOneLineError("never overwrites");
        Assert.Equal(before, File.ReadAllText(P("op.pem")));
    }

    [Fact]
    public void Sign_writes_a_signature_file_that_verifies()
    {
        Assert.Equal(0, CliRun.Invoke("keygen", "--out", P("op.pem")).ExitCode);
        var model = WriteModel();

        var run = CliRun.Invoke("sign", "--key", P("op.pem"), model);

        Assert.Equal(0, run.ExitCode);
        var sig = SignatureFile.Parse(File.ReadAllBytes(model + ".sig"));
        var trusted = ModelVerificationKey.FromPem(File.ReadAllText(P("op.pub.pem")));
        Assert.True(new SignatureVerifier([trusted]).Verify(File.ReadAllBytes(model), sig).IsValid);
    }

    [Fact]
    public void Sign_refuses_what_it_cannot_sign_with_one_line()
    {
        Assert.Equal(0, CliRun.Invoke("keygen", "--out", P("op.pem")).ExitCode);
        File.WriteAllText(P("not.flmd"), "CAFE and more");
        CliRun.Invoke("sign", "--key", P("op.pem"), P("not.flmd")).AssertOneLineError("not a Fleet-format model");
        CliRun.Invoke("sign", "--key", P("op.pub.pem"), WriteModel()).AssertOneLineError("private key");
        CliRun.Invoke("sign", "--key", P("missing.pem"), WriteModel()).AssertOneLineError("cannot read key");
        Assert.False(File.Exists(P("not.flmd.sig")));
    }

    [Fact]
    public async Task Publish_uploads_model_and_signature_with_the_operator_key()
    {
        Assert.Equal(0, CliRun.Invoke("keygen", "--out", P("op.pem")).ExitCode);
        var model = WriteModel();
        Assert.Equal(0, CliRun.Invoke("sign", "--key", P("op.pem"), model).ExitCode);
        using var gateway = StandIn.Start(201,
            """{"modelId":"m","modelVersion":4,"scheme":"s8","sizeBytes":3000,"arenaBytes":1,"flashBytes":3000,"sha256":"ab","keyId":"cd","uploadedAt":"2030-01-01T00:00:00Z"}""");

        var run = await Task.Run(() => CliRun.Invoke("publish", "--gateway", gateway.Url, "--key", "op-secret", model));

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("published m v4", run.Stdout, StringComparison.Ordinal);
        var request = await gateway.Request;
        Assert.Equal("op-secret", request.Key);
        Assert.Equal("/api/models", request.Path);
        Assert.Contains("name=model", request.Body, StringComparison.Ordinal);
        Assert.Contains("name=signature", request.Body, StringComparison.Ordinal);
        Assert.Contains("fleet-signature-v1", request.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_reports_the_gateway_refusal_reason()
    {
        Assert.Equal(0, CliRun.Invoke("keygen", "--out", P("op.pem")).ExitCode);
        var model = WriteModel();
        Assert.Equal(0, CliRun.Invoke("sign", "--key", P("op.pem"), model).ExitCode);
        using var gateway = StandIn.Start(403,
            """{"status":403,"title":"Model refused: untrusted_key","detail":"Key 'cd' is not a trusted signing key.","reason":"untrusted_key"}""");

        var run = await Task.Run(() => CliRun.Invoke("publish", "--gateway", gateway.Url, "--key", "k", model));

        run.AssertOneLineError("untrusted_key");
        Assert.Contains("403", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Publish_without_signature_or_gateway_is_a_clear_error()
    {
        var model = WriteModel();
        CliRun.Invoke("publish", "--gateway", "http://127.0.0.1:9", "--key", "k", model).AssertOneLineError("no signature");
        File.WriteAllText(model + ".sig", "{}");
        CliRun.Invoke("publish", "--gateway", $"http://127.0.0.1:{FreePort()}", "--key", "k", model)
            .AssertOneLineError("cannot reach the gateway");
        CliRun.Invoke("publish", "--gateway", "ftp://x", "--key", "k", model).AssertOneLineError("not an http(s) URL");
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    /// <summary>One-request HTTP stand-in for the gateway's upload endpoint.</summary>
    private sealed class StandIn : IDisposable
    {
        private readonly HttpListener _listener = new();

        private StandIn(int port) => Url = $"http://127.0.0.1:{port}/";

        public string Url { get; }

        public Task<(string? Key, string Path, string Body)> Request { get; private set; } = null!;

        public static StandIn Start(int status, string json)
        {
            var s = new StandIn(FreePort());
            s._listener.Prefixes.Add(s.Url);
            s._listener.Start();
            s.Request = s.ServeAsync(status, json);
            return s;
        }

        public void Dispose() => _listener.Close();

        private async Task<(string?, string, string)> ServeAsync(int status, string json)
        {
            var context = await _listener.GetContextAsync();
            using var reader = new StreamReader(context.Request.InputStream, Encoding.Latin1);
            var body = await reader.ReadToEndAsync();
            var result = (context.Request.Headers["X-Fleet-Key"], context.Request.Url!.AbsolutePath, body);
            context.Response.StatusCode = status;
            context.Response.ContentType = status < 300 ? "application/json" : "application/problem+json";
            var bytes = Encoding.UTF8.GetBytes(json);
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
            return result;
        }
    }
}
