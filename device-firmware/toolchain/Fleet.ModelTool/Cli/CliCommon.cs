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
            Description = "camera = firmware 3.0 bit for bit (default); corrected = its quirks fixed",
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

    /// <summary>Reads and loads a model, naming the file and the loader's reason on failure.</summary>
    public static (byte[] Blob, NetworkModel Model) LoadModel(string path)
    {
        byte[] blob;
        try
        {
            blob = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ModelToolException($"model '{path}': {Imaging.PnmReader.Describe(ex)}", ex);
        }

        try
        {
            return (blob, NetworkModel.Load(blob));
        }
        catch (NetworkLoadException ex)
        {
            throw new ModelToolException($"model '{path}' is invalid: {ex.Message}", ex);
        }
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
