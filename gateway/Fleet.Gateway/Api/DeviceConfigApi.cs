// SPDX-License-Identifier: MIT
using Fleet.Contracts.Messages;
using Fleet.Contracts.Protocol;
using Fleet.Gateway.Devices;
using Fleet.Gateway.Mqtt;
using Fleet.Gateway.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Fleet.Gateway.Api;

/// <summary>
/// <c>PUT /api/devices/{id}/config</c> (desired config: stored with a new version, then published retained on
/// <c>down/config</c> so the sleeping device finds it on its next wake) and <c>GET /api/devices/{id}/config</c>
/// (desired against reported).
/// </summary>
public static class DeviceConfigApi
{

    public static IEndpointRouteBuilder MapDeviceConfigApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var group = app.MapGroup("/api/devices").WithTags("Devices");
        group.MapGet("/{id}/config", GetConfigAsync).WithName("GetDeviceConfig");
        group.MapPut("/{id}/config", PutConfigAsync).WithName("PutDeviceConfig")
            .AddEndpointFilter<OperatorKeyFilter>().ProducesProblem(StatusCodes.Status401Unauthorized);
        return app;
    }

    public static async Task<Results<Ok<DeviceConfigStatusDto>, NotFound<ProblemDetails>>> GetConfigAsync(
        string id, DeviceRegistry registry, DeviceConfigStore configs, CancellationToken cancellationToken)
    {
        if (!await registry.ExistsAsync(id, cancellationToken).ConfigureAwait(false))
        {
            return ApiProblems.UnknownDevice(id);
        }

        var desired = await configs.GetDesiredAsync(id, cancellationToken).ConfigureAwait(false);
        var reported = await configs.GetReportedAsync(id, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(Status(desired, reported));
    }

    public static async Task<Results<Ok<DeviceConfigStatusDto>, ValidationProblem, NotFound<ProblemDetails>,
            Conflict<ProblemDetails>>>
        PutConfigAsync(string id, DeviceConfigRequest request, DeviceRegistry registry, DeviceConfigStore configs,
            DownlinkPublisher downlink, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = Validate(request);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (!await registry.ExistsAsync(id, cancellationToken).ConfigureAwait(false))
        {
            return ApiProblems.UnknownDevice(id);
        }

        if (await registry.GetRetiredAtAsync(id, cancellationToken).ConfigureAwait(false) is { } retiredAt)
        {
            return ApiProblems.RetiredDevice(id, retiredAt);
        }

        DetectorNames.TryParse(request.Detector, out var detector);
        var config = new DeviceConfig(
            ConfigVersion: 0, // chosen by the store
            (uint)request.WakeInterval!.Value.TotalSeconds,
            (ushort)request.TelemetryEvery!.Value,
            (ushort)request.ScoreThresholdPmy!.Value,
            detector,
            request.ModelId!,
            (uint)request.ModelVersion!.Value,
            request.ReportEmpty!.Value,
            (ushort?)request.QuietStartMin,
            (ushort?)request.QuietEndMin);

        // Stored first: if the publish fails the API answers 500 and a retried PUT takes the next version, which
        // the device treats as just another change; the reverse order could publish a version no row remembers.
        var versioned = await configs.SaveDesiredAsync(id, config, time.GetUtcNow(), cancellationToken)
            .ConfigureAwait(false);
        await downlink.PublishAsync(Topics.For(id, MessageType.DesiredConfig),
            FleetCodec.Encode(new DesiredConfig(id, versioned)), retain: true, cancellationToken).ConfigureAwait(false);

        var desired = await configs.GetDesiredAsync(id, cancellationToken).ConfigureAwait(false);
        var reported = await configs.GetReportedAsync(id, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(Status(desired, reported));
    }

    /// <summary>Every field of the request against docs/protocol.md types 4/5; keys are the JSON names.</summary>
    public static Dictionary<string, string[]> Validate(DeviceConfigRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new Dictionary<string, string[]>();
        void Fail(string field, string message) => errors[field] = [message];

        var min = TimeSpan.FromSeconds(ProtocolLimits.MinWakeIntervalS);
        var max = TimeSpan.FromSeconds(ProtocolLimits.MaxWakeIntervalS);
        if (request.WakeInterval is not { } wake)
        {
            Fail("wakeInterval", "Required.");
        }
        else if (wake < min || wake > max || wake.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            Fail("wakeInterval", "Whole seconds from 00:00:01 to 1.00:00:00.");
        }

        if (request.TelemetryEvery is not { } every)
        {
            Fail("telemetryEvery", "Required.");
        }
        else if (every < ProtocolLimits.MinTelemetryEvery || every > ProtocolLimits.MaxTelemetryEvery)
        {
            Fail("telemetryEvery", $"From {ProtocolLimits.MinTelemetryEvery} to {ProtocolLimits.MaxTelemetryEvery}.");
        }

        if (request.ScoreThresholdPmy is not { } score)
        {
            Fail("scoreThresholdPmy", "Required.");
        }
        else if (score < 0 || score > ProtocolLimits.MaxScorePmy)
        {
            Fail("scoreThresholdPmy", $"From 0 to {ProtocolLimits.MaxScorePmy}.");
        }

        if (request.Detector is null)
        {
            Fail("detector", "Required.");
        }
        else if (!DetectorNames.TryParse(request.Detector, out _))
        {
            Fail("detector", "One of face, smile, thermalPerson, classifier.");
        }

        if (request.ModelId is not { } model)
        {
            Fail("modelId", "Required (may be empty).");
        }
        else if (model.Length > ProtocolLimits.MaxModelIdLength || (model.Length > 0 && !DeviceIds.IsValid(model)))
        {
            Fail("modelId", $"At most {ProtocolLimits.MaxModelIdLength} characters of [A-Za-z0-9._-].");
        }

        if (request.ModelVersion is not { } version)
        {
            Fail("modelVersion", "Required.");
        }
        else if (version < 0 || version > uint.MaxValue)
        {
            Fail("modelVersion", $"From 0 to {uint.MaxValue}.");
        }

        if (request.ReportEmpty is null)
        {
            Fail("reportEmpty", "Required.");
        }

        // Keys 13/14 travel together (the device rejects one without the other).
        if (request.QuietStartMin is null != request.QuietEndMin is null)
        {
            Fail(request.QuietStartMin is null ? "quietStartMin" : "quietEndMin",
                "Quiet hours need both quietStartMin and quietEndMin, or neither.");
        }

        ValidateQuietMinute(request.QuietStartMin, "quietStartMin", Fail);
        ValidateQuietMinute(request.QuietEndMin, "quietEndMin", Fail);

        return errors;
    }

    private static void ValidateQuietMinute(int? minute, string field, Action<string, string> fail)
    {
        if (minute is { } m && (m < 0 || m > ProtocolLimits.MaxQuietMinute))
        {
            fail(field, $"Minute of the UTC day, 0 to {ProtocolLimits.MaxQuietMinute}.");
        }
    }

    private static DeviceConfigStatusDto Status(StoredDesiredConfig? desired, StoredReportedConfig? reported)
    {
        var inSync = desired is not null && reported is not null
            && reported.ApplyResult == ConfigApplyResult.Applied && reported.Config == desired.Config;
        return new DeviceConfigStatusDto(
            desired is null ? null : ToDto(desired.Config),
            desired?.UpdatedAt.UtcDateTime,
            reported is null
                ? null
                : new ReportedConfigDto(ToDto(reported.Config), ApplyResultName(reported.ApplyResult),
                    reported.ReceivedAt.UtcDateTime, reported.RejectReason),
            inSync);
    }

    private static DeviceConfigDto ToDto(DeviceConfig c) => new(
        c.ConfigVersion, TimeSpan.FromSeconds(c.WakeIntervalS), c.TelemetryEvery, c.ScoreThresholdPmy,
        DetectorNames.Of(c.Detector), c.ModelId, c.ModelVersion, c.ReportEmpty, c.QuietStartMin, c.QuietEndMin);

    private static string ApplyResultName(ConfigApplyResult result) => result switch
    {
        ConfigApplyResult.Applied => "applied",
        ConfigApplyResult.RejectedInvalid => "rejectedInvalid",
        _ => "rejectedModelMissing",
    };
}
