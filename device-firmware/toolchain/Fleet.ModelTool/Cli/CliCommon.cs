// SPDX-License-Identifier: MIT
using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Fleet.Firmware.Interop.Nn;

namespace Fleet.ModelTool.Cli;

/// <summary>Options, error handling and output shared by the verbs.</summary>
internal static class CliCommon
{
    public const int ExitBadInput = 2;
    public const int ExitInternal = 3;

    private static readonly JsonSerializerOptions JsonOptions = CreateJsonOptions();

    public static Option<bool> JsonOption() => new("--json") { Description = "Print machine-readable JSON on stdout" };

    public static Option<string> ModeOption()
    {
        var o = new Option<string>("--mode")
        {
            Description = "camera = firmware 3.0 bit for bit (default for .network); corrected = its quirks fixed (Fleet models: always corrected)",
            DefaultValueFactory = _ => "camera",
        };
        o.AcceptOnlyFromAmong("camera", "corrected");
        return o;
    }

    public static NetworkMode ParseMode(string? mode) =>
        string.Equals(mode, "corrected", StringComparison.OrdinalIgnoreCase) ? NetworkMode.Corrected : NetworkMode.Camera;

    public static string ModeName(NetworkMode mode) => mode == NetworkMode.Camera ? "camera" : "corrected";

    /// <summary>Runs a verb body, turning expected failures into one line on stderr and a non-zero exit code.</summary>
    public static int Guard(ParseResult parseResult, Func<TextWriter, TextWriter, int> body)
    {
        TextWriter output = parseResult.InvocationConfiguration.Output;
        TextWriter error = parseResult.InvocationConfiguration.Error;
        try
        {
            return body(output, error);
        }
        catch (ModelToolException ex)
        {
            error.WriteLine($"fleet-model: error: {ex.Message}");
            return ExitBadInput;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Never a stack trace: a one-line report is all a user (or a script) can act on.
            error.WriteLine($"fleet-model: internal error: {ex.GetType().Name}: {ex.Message}");
            return ExitInternal;
        }
    }

    /// <summary>Reads and loads a model of either format (see <see cref="LoadedModel"/>).</summary>
    public static LoadedModel LoadModel(string path) => LoadedModel.Open(path);

    /// <summary>The --mode the user gave, or null when it took its default (a Fleet model then runs corrected).</summary>
    public static NetworkMode? RequestedMode(ParseResult parseResult, Option<string> mode)
    {
        System.CommandLine.Parsing.OptionResult? r = parseResult.GetResult(mode);
        return r is null || r.Implicit ? null : ParseMode(parseResult.GetValue(mode));
    }

    public static void WriteJson<T>(TextWriter output, T value) =>
        output.WriteLine(JsonSerializer.Serialize(value, JsonOptions));

    public static string F(double v, string format = "0.####") => v.ToString(format, CultureInfo.InvariantCulture);

    private static JsonSerializerOptions CreateJsonOptions()
    {
        var o = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            WriteIndented = true,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        o.MakeReadOnly(populateMissingResolver: true);
        return o;
    }
}
