// SPDX-License-Identifier: MIT
using System.Security.Cryptography;
using System.Text;
using Fleet.Gateway.Devices;
using Fleet.Gateway.Models;
using Microsoft.Extensions.Options;

namespace Fleet.Gateway.Rollouts;

/// <summary>
/// Turns a request into a <see cref="Rollout"/>: resolves the target, splits it into waves, fills the policy from
/// the defaults and picks the rollback version. Percentage waves take devices in an order hashed from the rollout
/// id, so the first wave is a spread sample rather than the alphabetically first devices.
/// </summary>
public sealed class RolloutPlanner(
    ModelRepository models, RolloutStore store, DeviceLabelStore labels, IOptions<RolloutOptions> options,
    TimeProvider time)
{
    public async Task<RolloutPlan> PlanAsync(RolloutPlanRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var o = options.Value;
        if (request.ModelId is null || request.ModelVersion is null)
        {
            return Fail("modelId", "modelId and modelVersion name an uploaded model.");
        }

        var model = await models.GetAsync(request.ModelId, request.ModelVersion.Value, cancellationToken)
            .ConfigureAwait(false);
        if (model is null)
        {
            return Fail("modelId", $"No model '{request.ModelId}' version {request.ModelVersion} was uploaded.",
                StatusCodes.Status404NotFound);
        }

        var policy = new RolloutPolicy(
            request.MinBatteryPercent ?? o.MinBatteryPercent,
            request.MaxConcurrentTransfers ?? o.MaxConcurrentTransfers,
            request.SuccessFraction ?? o.SuccessFraction,
            request.MaxFailureFraction ?? o.MaxFailureFraction,
            request.WaveTimeout ?? o.WaveTimeout,
            request.WakesPerWave ?? o.WakesPerWave,
            request.SoakTime ?? o.SoakTime,
            request.SoakWakes ?? o.SoakWakes,
            request.DetectionShift ?? o.DetectionShift);
        var policyError = Check(policy);
        if (policyError is not null)
        {
            return Fail(policyError.Value.Field, policyError.Value.Message);
        }

        var facts = (await store.GetDeviceFactsAsync(cancellationToken).ConfigureAwait(false))
            .ToDictionary(f => f.Id, StringComparer.Ordinal);
        var id = "r-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var waves = request.Waves is { Count: > 0 } w ? w : [new RolloutWave(Percent: 100)];
        List<List<string>> cohorts;
        if (waves.All(x => x.Devices is not null && x.Percent is null))
        {
            cohorts = waves.Select(x => x.Devices!.Distinct(StringComparer.Ordinal).ToList()).ToList();
        }
        else if (waves.All(x => x.Percent is not null && x.Devices is null))
        {
            // A label target is resolved now, once: the rollout's devices are those carrying the label at its
            // creation, and later label changes move none in or out (docs/rollouts.md).
            var labelled = request.Target?.Label is { } label && DeviceLabels.IsValid(label)
                ? await labels.GetDevicesWithAsync(label, cancellationToken).ConfigureAwait(false)
                : null;
            var targetError = ResolveTarget(request.Target, facts.Keys, labelled, out var target);
            if (targetError is not null)
            {
                return Fail("target", targetError);
            }

            var split = SplitByPercent(id, target, waves.Select(x => x.Percent!.Value).ToList(), out cohorts);
            if (split is not null)
            {
                return Fail("waves", split);
            }
        }
        else
        {
            return Fail("waves", "Every wave is either { percent } or { devices }, all of the same kind.");
        }

        var all = cohorts.SelectMany(c => c).ToList();
        if (all.Count == 0)
        {
            return Fail("target", "The rollout would reach no device.");
        }

        if (all.Distinct(StringComparer.Ordinal).Count() != all.Count)
        {
            return Fail("waves", "A device appears in more than one wave.");
        }

        var unknown = all.Where(d => !facts.ContainsKey(d)).ToList();
        if (unknown.Count > 0)
        {
            return Fail("target", $"Not provisioned or retired: {string.Join(", ", unknown.Take(10))}.");
        }

        var stored = await models.ListAsync(model.ModelId, cancellationToken).ConfigureAwait(false);
        uint? rollback = request.RollbackVersion;
        if (rollback is { } r && !stored.Any(m => m.ModelVersion == r))
        {
            return Fail("rollbackVersion", $"No model '{model.ModelId}' version {r} was uploaded.");
        }

        rollback ??= stored.Where(m => m.ModelVersion < model.ModelVersion)
            .Select(m => (uint?)m.ModelVersion).DefaultIfEmpty(null).Max();

        var now = time.GetUtcNow();
        // The guard's baselines are counted once, here, over the window before the start, and kept in the document:
        // a restarted gateway (or another instance) judges from the same figures, and every wave from the same window.
        var guarded = policy.DetectionShift > 0;
        var baselines = guarded
            ? await store.GetDetectionBaselinesAsync(model.ModelId, now - o.DetectionBaseline, now, cancellationToken)
                .ConfigureAwait(false)
            : [];
        var devices = cohorts.SelectMany((c, wave) => c.Select(d => new RolloutDevice
        {
            DeviceId = d,
            Wave = wave,
            DesiredVersion = model.ModelVersion,
            SocPercent = facts[d].SocPercent,
            WakeIntervalS = facts[d].WakeIntervalS,
            WakesBefore = guarded ? baselines.GetValueOrDefault(d).Wakes : null,
            DetectionsBefore = guarded ? baselines.GetValueOrDefault(d).Detections : null,
        })).ToList();
        var rollout = new Rollout
        {
            Id = id,
            ModelId = model.ModelId,
            ModelVersion = model.ModelVersion,
            RollbackVersion = rollback,
            Policy = policy,
            WaveCount = cohorts.Count,
            DetectionBaseline = guarded ? o.DetectionBaseline : TimeSpan.Zero,
            DetectionMinBaselineWakes = guarded ? o.DetectionMinBaselineWakes : 0,
            CreatedAt = now,
            UpdatedAt = now,
            Devices = devices,
        };
        return new RolloutPlan(rollout, [], StatusCodes.Status201Created);
    }

    private static (string Field, string Message)? Check(RolloutPolicy p)
    {
        if (p.MinBatteryPercent is < 0 or > 100)
        {
            return ("minBatteryPercent", "0 to 100.");
        }

        if (p.MaxConcurrentTransfers < 1)
        {
            return ("maxConcurrentTransfers", "At least 1.");
        }

        if (p.SuccessFraction is < 0 or > 1 || p.MaxFailureFraction is < 0 or > 1)
        {
            return ("successFraction", "successFraction and maxFailureFraction are fractions from 0 to 1.");
        }

        if (p.WaveTimeout <= TimeSpan.Zero || p.WakesPerWave < 1)
        {
            return ("waveTimeout", "waveTimeout must be positive and wakesPerWave at least 1.");
        }

        if (p.SoakTime < TimeSpan.Zero || p.SoakTime > RolloutSoak.MaxSoakTime)
        {
            return ("soakTime", "From 0 to 7 days (\"00:00:00\" to \"7.00:00:00\").");
        }

        if (p.SoakWakes is < 0 or > RolloutSoak.MaxSoakWakes)
        {
            return ("soakWakes", $"0 to {RolloutSoak.MaxSoakWakes} wake intervals.");
        }

        if (!DetectionShift.IsValidFactor(p.DetectionShift))
        {
            return ("detectionShift", $"0 (off) or a factor above 1 up to {DetectionShift.MaxFactor:0}, e.g. 3.");
        }

        return null;
    }

    /// <param name="target">The request's target.</param>
    /// <param name="provisioned">The devices in service.</param>
    /// <param name="labelled">The devices carrying the target's label (retired ones too), when it names a valid one.</param>
    /// <param name="devices">The target's devices.</param>
    private static string? ResolveTarget(RolloutTarget? target, IEnumerable<string> provisioned,
        HashSet<string>? labelled, out List<string> devices)
    {
        devices = [];
        var kinds = (target?.All == true ? 1 : 0) + (target?.Devices is not null ? 1 : 0)
            + (target?.DeviceIdPrefix is not null ? 1 : 0) + (target?.Label is not null ? 1 : 0);
        if (target is null || kinds != 1)
        {
            return "Give exactly one of: all = true, devices = [...], deviceIdPrefix (an id prefix), label (devices carrying it).";
        }

        if (target.Label is { } label && labelled is null)
        {
            return $"'{label}' is not a valid label. {DeviceLabels.Rule}";
        }

        devices = target.All == true ? provisioned.ToList()
            : target.Devices is { } list ? list.Distinct(StringComparer.Ordinal).ToList()
            : target.DeviceIdPrefix is { } prefix ? provisioned.Where(d => d.StartsWith(prefix, StringComparison.Ordinal)).ToList()
            : provisioned.Where(labelled!.Contains).ToList();
        return null;
    }

    private static string? SplitByPercent(string rolloutId, List<string> target, List<double> percents,
        out List<List<string>> cohorts)
    {
        cohorts = [];
        for (var i = 0; i < percents.Count; i++)
        {
            if (percents[i] is <= 0 or > 100 || (i > 0 && percents[i] <= percents[i - 1]))
            {
                return "Percentages are cumulative: increasing, each in (0, 100].";
            }
        }

        if (percents[^1] != 100)
        {
            return "The last wave must reach 100 %.";
        }

        var ordered = target.OrderBy(d => Convert.ToHexString(
            SHA256.HashData(Encoding.UTF8.GetBytes(rolloutId + "/" + d))), StringComparer.Ordinal).ToList();
        var taken = 0;
        foreach (var p in percents)
        {
            var upTo = Math.Max((int)Math.Ceiling(p / 100.0 * ordered.Count), Math.Min(1, ordered.Count));
            cohorts.Add(ordered.GetRange(taken, upTo - taken));
            taken = upTo;
        }

        return null;
    }

    private static RolloutPlan Fail(string field, string message, int status = StatusCodes.Status400BadRequest) =>
        new(null, new Dictionary<string, string[]> { [field] = [message] }, status);
}
