// SPDX-License-Identifier: MIT
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Fleet.Gateway.Api;
using Fleet.Gateway.Models;
using Fleet.Gateway.Tests.Alerts;
using Fleet.Gateway.Tests.Infrastructure;
using Fleet.ModelSigning;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Gateway.Tests.Models;

/// <summary>Signed uploads through the real HTTP API: accepted only when every documented check passes.</summary>
public sealed class ModelUploadTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private ModelSigningKey _key = null!;
    private ModelSigningKey _other = null!;
    private FakeClockGateway _gateway = null!;
    private MeterListener _listener = null!;
    private readonly Dictionary<string, long> _rejected = new(StringComparer.Ordinal);

    public async Task InitializeAsync()
    {
        (_key, var pub) = TestModels.NewKey(_dir.Path);
        (_other, _) = TestModels.NewKey(_dir.Path, "stranger");
        _gateway = await FakeClockGateway.StartAsync(Path.Combine(_dir.Path, "data"), $"--Models:TrustedKeys:0={pub}");
        var meter = _gateway.Services.GetRequiredService<GatewayTelemetry>().Meter;
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter == meter && instrument.Name == ModelMetrics.RejectedName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "reason")
                {
                    lock (_rejected)
                    {
                        _rejected[(string)tag.Value!] = _rejected.GetValueOrDefault((string)tag.Value!) + value;
                    }
                }
            }
        });
        _listener.Start();
    }

    public async Task DisposeAsync()
    {
        _listener.Dispose();
        await _gateway.DisposeAsync();
        _key.Dispose();
        _other.Dispose();
        _dir.Dispose();
    }

    private string ModelsDir => _gateway.Services.GetRequiredService<ModelRepository>().Directory;

    [Fact]
    public async Task Good_signature_is_accepted_listed_and_stored_whole()
    {
        var model = TestModels.Build("person-det", 7);
        using var form = TestModels.Form(model, _key.CreateSignatureFile(model).ToUtf8());
        using var response = await _gateway.Http.PostAsync("/api/models", form);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var dto = (await response.Content.ReadFromJsonAsync<ModelDto>())!;
        Assert.Equal(("person-det", 7u, "s8", (long)model.Length, _key.KeyId), (dto.ModelId, dto.ModelVersion, dto.Scheme, dto.SizeBytes, dto.KeyId));
        Assert.Equal(4096u, dto.ArenaBytes);
        var list = (await _gateway.Http.GetFromJsonAsync<List<ModelDto>>("/api/models"))!;
        Assert.Single(list);
        var files = Directory.GetFiles(ModelsDir);
        Assert.Single(files);
        Assert.Equal(model, await File.ReadAllBytesAsync(files[0]));
        Assert.Equal(HttpStatusCode.OK, (await _gateway.Http.GetAsync("/api/models/person-det/7")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _gateway.Http.GetAsync("/api/models/person-det/8")).StatusCode);
    }

    [Fact]
    public async Task Same_version_again_is_idempotent_but_other_bytes_conflict()
    {
        var model = TestModels.Build("person-det", 3);
        await TestModels.UploadAsync(_gateway.Http, _key, model);
        using (var again = TestModels.Form(model, _key.CreateSignatureFile(model).ToUtf8()))
        {
            Assert.Equal(HttpStatusCode.OK, (await _gateway.Http.PostAsync("/api/models", again)).StatusCode);
        }

        var other = TestModels.Build("person-det", 3, seed: 99);
        using var form = TestModels.Form(other, _key.CreateSignatureFile(other).ToUtf8());
        using var response = await _gateway.Http.PostAsync("/api/models", form);
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("version_conflict", await ReasonAsync(response));
        Assert.Single(Directory.GetFiles(ModelsDir));
        Assert.Equal(1, Rejected("version_conflict"));
    }

    public static TheoryData<string, HttpStatusCode> Refusals => new()
    {
        { "bad_signature", HttpStatusCode.UnprocessableEntity },
        { "untrusted_key", HttpStatusCode.Forbidden },
        { "hash_mismatch", HttpStatusCode.UnprocessableEntity },
        { "size_mismatch", HttpStatusCode.UnprocessableEntity },
        { "invalid_model", HttpStatusCode.UnprocessableEntity },
        { "corrupt_model", HttpStatusCode.UnprocessableEntity },
        { "malformed_signature", HttpStatusCode.BadRequest },
        { "unsupported_format", HttpStatusCode.UnprocessableEntity },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Refused_uploads_name_the_reason_are_counted_and_keep_nothing(string what, HttpStatusCode status)
    {
        var model = TestModels.Build("person-det", 1);
        var good = _key.CreateSignatureFile(model);
        var flipped = (byte[])model.Clone();
        flipped[^1] ^= 0x40;
        var notAModel = Encoding.ASCII.GetBytes(new string('x', 700));
        // A model whose own header hash is wrong, but signed as it is: the signature passes, the inspection does not.
        var corrupt = (byte[])model.Clone();
        corrupt[8] ^= 1;
        (byte[] bytes, byte[] sig, string reason) = what switch
        {
            "bad_signature" => (model, (good with { Signature = _key.CreateSignatureFile(flipped).Signature }).ToUtf8(), what),
            "untrusted_key" => (model, _other.CreateSignatureFile(model).ToUtf8(), what),
            "hash_mismatch" => (flipped, good.ToUtf8(), what),
            "size_mismatch" => (model[..^100], good.ToUtf8(), "hash_mismatch"), // a truncated model file
            "invalid_model" => (notAModel, _key.CreateSignatureFile(notAModel).ToUtf8(), what),
            "corrupt_model" => (corrupt, _key.CreateSignatureFile(corrupt).ToUtf8(), "invalid_model"),
            "malformed_signature" => (model, "{ not json"u8.ToArray(), what),
            _ => (model, (good with { Algorithm = "rsa-pss" }).ToUtf8(), what),
        };

        using var form = TestModels.Form(bytes, sig);
        using var response = await _gateway.Http.PostAsync("/api/models", form);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(reason, await ReasonAsync(response));
        Assert.Equal(1, Rejected(reason));
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task Truncated_upload_body_is_refused_and_keeps_nothing()
    {
        var model = TestModels.Build("person-det", 1);
        using var form = TestModels.Form(model, _key.CreateSignatureFile(model).ToUtf8());
        var whole = await form.ReadAsByteArrayAsync();
        // The connection "dropped" mid-model: the body ends without the closing boundary or the signature part.
        using var cut = new ByteArrayContent(whole[..(whole.Length / 2)]);
        cut.Headers.ContentType = form.Headers.ContentType;
        using var response = await _gateway.Http.PostAsync("/api/models", cut);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("malformed_upload", await ReasonAsync(response));
        Assert.Equal(1, Rejected("malformed_upload"));
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task Upload_needs_the_operator_key()
    {
        var model = TestModels.Build("person-det", 1);
        using var http = new HttpClient { BaseAddress = _gateway.Http.BaseAddress };
        using var form = TestModels.Form(model, _key.CreateSignatureFile(model).ToUtf8());
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.PostAsync("/api/models", form)).StatusCode);
        await AssertNothingStoredAsync();
    }

    private long Rejected(string reason)
    {
        lock (_rejected)
        {
            return _rejected.GetValueOrDefault(reason);
        }
    }

    private async Task AssertNothingStoredAsync()
    {
        Assert.Empty((await _gateway.Http.GetFromJsonAsync<List<ModelDto>>("/api/models"))!);
        Assert.True(!Directory.Exists(ModelsDir) || Directory.GetFiles(ModelsDir).Length == 0,
            "a refused upload left a file in the models directory");
    }

    private static async Task<string?> ReasonAsync(HttpResponseMessage response)
    {
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.TryGetProperty("reason", out var r) ? r.GetString() : null;
    }
}
