// SPDX-License-Identifier: MIT
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Fleet.Gateway.Api;
using Fleet.Gateway.Models;
using Fleet.Gateway.Tests.Infrastructure;
using Fleet.Gateway.Tests.Postgres;
using Fleet.ModelSigning;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Gateway.Tests.Models;

/// <summary>The upload's <c>report</c> part through the real API, stored on both databases.</summary>
public sealed class ModelReportUploadTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    private const string Key = "report-test-key";

    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Report_is_stored_with_the_model_and_read_back_after_a_restart(string provider)
    {
        await using var store = await TestStore.CreateAsync(provider, postgres);
        using var keyDir = new TempDirectory();
        var (key, pub) = TestModels.NewKey(keyDir.Path);
        using (key)
        {
            string[] args = [$"--Models:TrustedKeys:0={pub}", $"--Api:OperatorKey={Key}"];
            var measured = TestModels.Build("smile", 3, seed: 3);
            var plain = TestModels.Build("smile", 4, seed: 4);
            await using (var gateway = await TestGateway.StartAsync(store, args))
            {
                gateway.Http.DefaultRequestHeaders.Add("X-Fleet-Key", Key);
                using var form = ModelReports.Form(key, measured, ModelReports.Json(7_130_000, 0.9365, "smile-2000", 2000));
                using var created = await gateway.Http.PostAsync("/api/models", form);
                Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
                var dto = (await created.Content.ReadFromJsonAsync<ModelDto>())!;
                Assert.Equal((7_130_000L, "qemu-mps2-an500", 0.9365, "smile-2000", 2000, "fleet-model 1.0"),
                    (dto.InstructionsPerInference, dto.InstructionsSource, dto.Accuracy, dto.AccuracyDataset,
                        dto.AccuracySamples, dto.ReportTool));
                await TestModels.UploadAsync(gateway.Http, key, plain);
            }

            // A new process reads the figures from the database, not from memory.
            await using (var gateway = await TestGateway.StartAsync(store, args))
            {
                var one = (await gateway.Http.GetFromJsonAsync<ModelDto>("/api/models/smile/3"))!;
                Assert.Equal((7_130_000L, 0.9365, "smile-2000", 2000), (one.InstructionsPerInference, one.Accuracy,
                    one.AccuracyDataset, one.AccuracySamples));

                // Without a report the figures are "not measured": null on the wire, never a made-up number.
                using var doc = JsonDocument.Parse(await gateway.Http.GetStringAsync("/api/models/smile/4"));
                foreach (var field in new[] { "instructionsPerInference", "instructionsSource", "accuracy", "accuracyDataset", "accuracySamples", "reportTool" })
                {
                    Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty(field).ValueKind);
                }
            }
        }
    }

    [Theory]
    [InlineData("""{"instructionsPerInference": -5, "instructionsSource": "q", "tool": "t"}""", HttpStatusCode.UnprocessableEntity)]
    [InlineData("""{"instructionsPerInference": 5, "instructionsSource": "q", "tool": "t", "accuracy": 1.5, "accuracyDataset": "d", "accuracySamples": 3}""", HttpStatusCode.UnprocessableEntity)]
    [InlineData("{", HttpStatusCode.UnprocessableEntity)]
    [InlineData(null, HttpStatusCode.RequestEntityTooLarge)]
    public Task Bad_report_refuses_the_whole_upload_and_keeps_nothing(string? report, HttpStatusCode status) =>
        AssertRefusedAsync(Encoding.UTF8.GetBytes(report ?? new string(' ', ModelReportParser.MaxBytes + 1)), status);

    [Fact]
    public Task Report_with_a_broken_utf8_byte_refuses_the_upload_instead_of_failing_the_request()
    {
        // A lone continuation byte inside the tool's name: the JSON structure is intact, the text does not decode.
        var report = Encoding.UTF8.GetBytes(ModelReports.Json(5));
        report[report.AsSpan().IndexOf("fleet-model"u8)] = 0xA2;
        return AssertRefusedAsync(report, HttpStatusCode.UnprocessableEntity);
    }

    private static async Task AssertRefusedAsync(byte[] report, HttpStatusCode status)
    {
        using var dir = new TempDirectory();
        var (key, pub) = TestModels.NewKey(dir.Path);
        using (key)
        {
            await using var gateway = await TestGateway.StartAsync(Path.Combine(dir.Path, "data"),
                $"--Models:TrustedKeys:0={pub}", $"--Api:OperatorKey={Key}");
            gateway.Http.DefaultRequestHeaders.Add("X-Fleet-Key", Key);
            var model = TestModels.Build("smile", 5);

            using var form = ModelReports.Form(key, model, report);
            using var response = await gateway.Http.PostAsync("/api/models", form);

            Assert.Equal(status, response.StatusCode);
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal(ModelRejection.InvalidReport, problem.RootElement.GetProperty("reason").GetString());
            Assert.False(string.IsNullOrWhiteSpace(problem.RootElement.GetProperty("detail").GetString()));
            Assert.Empty((await gateway.Http.GetFromJsonAsync<List<ModelDto>>("/api/models"))!);
            var models = gateway.Services.GetRequiredService<ModelRepository>().Directory;
            Assert.True(!Directory.Exists(models) || Directory.GetFiles(models).Length == 0);

            // The same model with a good report then goes through: the refusal was about the report alone.
            using var good = ModelReports.Form(key, model, ModelReports.Json(5));
            using var accepted = await gateway.Http.PostAsync("/api/models", good);
            Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        }
    }
}
