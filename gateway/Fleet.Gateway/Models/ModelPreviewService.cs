// SPDX-License-Identifier: MIT
using System.Globalization;
using Fleet.Contracts.Messages;
using Fleet.Sim.Preview;
using Fleet.Sim.Workload;
using Microsoft.Extensions.Options;

namespace Fleet.Gateway.Models;

/// <summary>
/// The energy and battery-life preview of a model before a rollout (issue #9 point 5): the candidate's and the
/// compared version's measured instructions (their upload reports) priced on the configured board and radio by
/// <see cref="ModelEnergyPreview"/>, over the fleet's configurations grouped from the registered devices by
/// detector and wake interval. The energy math is the simulator's; this class only chooses the inputs.
/// </summary>
/// <remarks>
/// Devices that run the candidate's model id (latest telemetry) form the groups; when none does yet, the whole
/// fleet does, and <see cref="ModelPreviewOutcome.Scope"/> says so. The gateway cannot know how many faces a wake
/// finds, so each group counts one inference per wake (<c>detect.cnn_per_wake = 1</c>): the per-face CNN's cost
/// when each wake sees one face, and the whole cost of a network run on every frame.
/// </remarks>
public sealed class ModelPreviewService(ModelRepository models, FleetDeviceFacts facts, IOptions<ModelsOptions> options)
{
    public async Task<ModelPreviewOutcome> PreviewAsync(string modelId, uint version, uint? against,
        CancellationToken cancellationToken)
    {
        var candidate = await models.GetAsync(modelId, version, cancellationToken).ConfigureAwait(false);
        if (candidate is null)
        {
            return ModelPreviewOutcome.Fail(StatusCodes.Status404NotFound, "Unknown model",
                $"No model '{modelId}' version {version} was uploaded.");
        }

        if (candidate.Report is null)
        {
            return NotMeasured(candidate);
        }

        var devices = await facts.ReadAsync(cancellationToken).ConfigureAwait(false);
        var compared = await ResolveAgainstAsync(candidate, against, devices, cancellationToken).ConfigureAwait(false);
        if (compared.Failure is { } failure)
        {
            return failure;
        }

        var running = devices.Where(d => d.RunningModelId == modelId).ToList();
        var scope = running.Count > 0
            ? $"the {running.Count} devices running model '{modelId}'"
            : $"the whole fleet (no device runs model '{modelId}' yet)";
        var pool = running.Count > 0 ? running : devices;
        var configured = pool.Where(d => d.Detector is not null && d.WakeIntervalS is > 0).ToList();
        if (configured.Count == 0)
        {
            return ModelPreviewOutcome.Fail(StatusCodes.Status409Conflict, "No fleet configuration",
                $"None of {scope} has a reported or desired config yet, so there is no workload to preview; " +
                "provision devices or set their config first.");
        }

        var groups = configured
            .GroupBy(d => (Detector: d.Detector!.Value, Interval: d.WakeIntervalS!.Value))
            .OrderBy(g => g.Key.Detector).ThenBy(g => g.Key.Interval)
            .Select(g => Configuration(g.Key.Detector, g.Key.Interval, g.Count(), options.Value.Preview.RadioMeasuredAtMv))
            .ToList();
        var o = options.Value.Preview;
        ModelPreviewResult result;
        try
        {
            result = ModelEnergyPreview.Compute(Cost(candidate), compared.Model is null ? null : Cost(compared.Model),
                new PreviewProfiles(Locate(o.BoardProfile, ""), Locate(o.RadioProfile, "radio-")), groups,
                cancellationToken);
        }
        catch (ScenarioException ex)
        {
            // A wrong Models:Preview profile is the gateway's configuration, not the request's.
            return ModelPreviewOutcome.Fail(StatusCodes.Status500InternalServerError, "Preview not computable",
                ex.Message);
        }

        return new ModelPreviewOutcome(result, candidate, compared.Model, scope, pool.Count - configured.Count,
            StatusCodes.Status200OK, null, null);
    }

    /// <summary>The name shown for a configuration group, e.g. <c>face every 60 s</c>.</summary>
    public static string GroupName(DetectorKind detector, uint wakeIntervalS) =>
        $"{Devices.DetectorNames.Of(detector)} every {wakeIntervalS.ToString(CultureInfo.InvariantCulture)} s";

    private async Task<(ModelRecord? Model, ModelPreviewOutcome? Failure)> ResolveAgainstAsync(ModelRecord candidate,
        uint? against, List<FleetDeviceFact> devices, CancellationToken ct)
    {
        if (against is { } asked)
        {
            var m = await models.GetAsync(candidate.ModelId, asked, ct).ConfigureAwait(false);
            if (m is null)
            {
                return (null, ModelPreviewOutcome.Fail(StatusCodes.Status404NotFound, "Unknown model",
                    $"No model '{candidate.ModelId}' version {asked} was uploaded to compare against."));
            }

            return m.Report is null ? (null, NotMeasured(m)) : (m, null);
        }

        // The version most devices run; ties go to the higher version.
        var mode = devices
            .Where(d => d.RunningModelId == candidate.ModelId && d.RunningModelVersion is { } v && v != candidate.ModelVersion)
            .GroupBy(d => d.RunningModelVersion!.Value)
            .OrderByDescending(g => g.Count()).ThenByDescending(g => g.Key)
            .Select(g => (uint?)g.Key).FirstOrDefault();
        if (mode is { } runningVersion)
        {
            var m = await models.GetAsync(candidate.ModelId, runningVersion, ct).ConfigureAwait(false);
            return m is null
                ? (null, ModelPreviewOutcome.Fail(StatusCodes.Status409Conflict, "Current model not stored",
                    $"Most devices run '{candidate.ModelId}' version {runningVersion}, which was never uploaded here; " +
                    "upload it with its report or pass ?against= a stored version."))
                : m.Report is null ? (null, NotMeasured(m)) : (m, null);
        }

        // No device runs another version of this model: nothing to compare with but the configurations' own CNN.
        return (null, null);
    }

    private static ModelPreviewOutcome NotMeasured(ModelRecord m) => ModelPreviewOutcome.Fail(
        StatusCodes.Status422UnprocessableEntity, "Model figures not measured",
        $"Model '{m.ModelId}' version {m.ModelVersion} was uploaded without a report, so its instructions per " +
        "inference are not known; publish it with `fleet-model publish --report` (docs/model-toolchain.md).");

    private static ModelCost Cost(ModelRecord m) => new($"{m.ModelId} v{m.ModelVersion}",
        m.Report!.InstructionsPerInference, m.ArenaBytes, m.FlashBytes, m.Report.Accuracy, m.Report.AccuracyDataset);

    private static FleetConfiguration Configuration(DetectorKind detector, uint wakeIntervalS, int devices,
        double radioMeasuredAtMv)
    {
        var interval = wakeIntervalS.ToString(CultureInfo.InvariantCulture);
        var name = GroupName(detector, wakeIntervalS);
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["sensor"] = detector == DetectorKind.ThermalPerson ? "thermal" : "camera",
            ["detect.haar_per_wake"] = detector is DetectorKind.Face or DetectorKind.Smile ? "1" : "0",
            ["detect.thermal_per_wake"] = detector == DetectorKind.ThermalPerson ? "1" : "0",
            ["detect.cnn_per_wake"] = "1",
            ["workload.wake_interval_s"] = interval,
            ["workload.events_per_day"] = "0",
            ["radio.measured_at_mv"] = radioMeasuredAtMv.ToString(CultureInfo.InvariantCulture),
        };
        return new FleetConfiguration(name, devices, settings);
    }

    // A profile name is looked up as the demo's energy model does: profiles/ in the working folder, then beside
    // the program (the build copies device-firmware/profiles there); a path is taken as it is.
    private static string Locate(string profile, string prefix)
    {
        if (profile.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || profile.Contains('/', StringComparison.Ordinal))
        {
            return Path.GetFullPath(profile);
        }

        var file = Path.Combine("profiles", prefix + profile + ".json");
        return new[] { Path.GetFullPath(file), Path.Combine(AppContext.BaseDirectory, file) }.FirstOrDefault(File.Exists)
            ?? Path.Combine(AppContext.BaseDirectory, file);
    }
}
