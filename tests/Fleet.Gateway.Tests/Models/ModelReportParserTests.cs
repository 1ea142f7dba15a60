// SPDX-License-Identifier: MIT
using System.Text;
using Fleet.Gateway.Models;

namespace Fleet.Gateway.Tests.Models;

/// <summary>The report part's shape and ranges, field by field.</summary>
public sealed class ModelReportParserTests
{
    [Fact]
    public void Documented_shape_is_read_field_by_field()
    {
        var report = Parse(ModelReports.Json(7_130_000), out var error);

        Assert.True(report is not null, error);
        Assert.Equal(new ModelReport(7_130_000, "qemu-mps2-an500", 0.9365, "smile-2000", 2000, "fleet-model 1.0"), report);
    }

    [Fact]
    public void Accuracy_fields_may_all_be_null()
    {
        var report = Parse(ModelReports.Json(1234, accuracy: null), out var error);

        Assert.True(report is not null, error);
        Assert.Equal((1234L, (double?)null, (string?)null, (int?)null),
            (report.InstructionsPerInference, report.Accuracy, report.AccuracyDataset, report.AccuracySamples));
    }

    [Theory]
    [InlineData("not json", "not JSON")]
    [InlineData("[1, 2]", "JSON object")]
    [InlineData("""{"instructionsSource": "q", "tool": "t"}""", "instructionsPerInference")]
    [InlineData("""{"instructionsPerInference": 0, "instructionsSource": "q", "tool": "t"}""", "instructionsPerInference")]
    [InlineData("""{"instructionsPerInference": 1.5, "instructionsSource": "q", "tool": "t"}""", "instructionsPerInference")]
    [InlineData("""{"instructionsPerInference": "7130000", "instructionsSource": "q", "tool": "t"}""", "instructionsPerInference")]
    [InlineData("""{"instructionsPerInference": 1000000000001, "instructionsSource": "q", "tool": "t"}""", "instructionsPerInference")]
    [InlineData("""{"instructionsPerInference": 5, "tool": "t"}""", "instructionsSource")]
    [InlineData("""{"instructionsPerInference": 5, "instructionsSource": "", "tool": "t"}""", "instructionsSource")]
    [InlineData("""{"instructionsPerInference": 5, "instructionsSource": "q"}""", "tool")]
    [InlineData("""{"instructionsPerInference": 5, "instructionsSource": "q", "tool": "t", "accuracy": 93.65, "accuracyDataset": "d", "accuracySamples": 9}""", "accuracy")]
    [InlineData("""{"instructionsPerInference": 5, "instructionsSource": "q", "tool": "t", "accuracy": -0.1, "accuracyDataset": "d", "accuracySamples": 9}""", "accuracy")]
    [InlineData("""{"instructionsPerInference": 5, "instructionsSource": "q", "tool": "t", "accuracy": 0.9}""", "accuracyDataset")]
    [InlineData("""{"instructionsPerInference": 5, "instructionsSource": "q", "tool": "t", "accuracyDataset": "d"}""", "send all three")]
    [InlineData("""{"instructionsPerInference": 5, "instructionsSource": "q", "tool": "t", "accuracy": 0.9, "accuracyDataset": "d", "accuracySamples": 0}""", "accuracySamples")]
    [InlineData("""{"instructionsPerInference": 5, "instructionsSource": "q", "tool": "t", "acuracy": 0.9}""", "unknown field 'acuracy'")]
    public void Wrong_report_is_refused_naming_the_rule(string json, string expected)
    {
        var report = Parse(json, out var error);

        Assert.Null(report);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_over_the_size_cap_is_refused_before_parsing()
    {
        var big = ModelReports.Json(5)[..^1] + ", \"pad\": \"" + new string('x', ModelReportParser.MaxBytes) + "\"}";

        Assert.Null(Parse(big, out var error));
        Assert.Contains($"at most {ModelReportParser.MaxBytes}", error, StringComparison.Ordinal);
    }

    private static ModelReport? Parse(string json, out string error) =>
        ModelReportParser.TryParse(Encoding.UTF8.GetBytes(json), out error);
}
