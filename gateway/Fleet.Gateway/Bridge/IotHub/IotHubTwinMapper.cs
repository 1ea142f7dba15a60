// SPDX-License-Identifier: MIT
using System.Text.Json;
using System.Text.Json.Nodes;
using Fleet.Contracts.Messages;
using Fleet.Contracts.Protocol;
using Fleet.Gateway.Devices;

namespace Fleet.Gateway.Bridge.IotHub;

/// <summary>
/// Twin desired properties ↔ <see cref="DeviceConfig"/> (docs/iot-hub-bridge.md), with the ranges of
/// docs/protocol.md types 4/5, and the JSON bodies sent to the hub.
/// </summary>
public static class IotHubTwinMapper
{
    public const string WakeIntervalS = "wakeIntervalS";
    public const string TelemetryEvery = "telemetryEvery";
    public const string ScoreThresholdPmy = "scoreThresholdPmy";
    public const string Detector = "detector";
    public const string ModelId = "modelId";
    public const string ModelVersion = "modelVersion";
    public const string ReportEmpty = "reportEmpty";

    private static readonly string[] Fields =
        [WakeIntervalS, TelemetryEvery, ScoreThresholdPmy, Detector, ModelId, ModelVersion, ReportEmpty];

    /// <summary>
    /// Maps a desired-properties object (a PATCH is partial, so missing fields come from
    /// <paramref name="current"/>, the device's desired config, if any). Unknown keys and <c>$version</c> are ignored.
    /// </summary>
    public static IotHubDesiredResult MapDesired(JsonElement desired, DeviceConfig? current)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        if (desired.ValueKind != JsonValueKind.Object || !Fields.Any(f => desired.TryGetProperty(f, out _)))
        {
            return new IotHubDesiredResult(null, errors);
        }

        var wake = ReadUInt(desired, WakeIntervalS, current?.WakeIntervalS, ProtocolLimits.MinWakeIntervalS, ProtocolLimits.MaxWakeIntervalS, errors);
        var every = ReadUInt(desired, TelemetryEvery, current?.TelemetryEvery, ProtocolLimits.MinTelemetryEvery, ProtocolLimits.MaxTelemetryEvery, errors);
        var score = ReadUInt(desired, ScoreThresholdPmy, current?.ScoreThresholdPmy, 0, ProtocolLimits.MaxScorePmy, errors);
        var modelVersion = ReadUInt(desired, ModelVersion, current?.ModelVersion, 0, uint.MaxValue, errors);

        var detector = current?.Detector;
        if (desired.TryGetProperty(Detector, out var d))
        {
            if (d.ValueKind == JsonValueKind.String && DetectorNames.TryParse(d.GetString(), out var kind))
            {
                detector = kind;
            }
            else
            {
                errors[Detector] = "One of face, smile, thermalPerson, classifier.";
            }
        }
        else if (detector is null)
        {
            errors[Detector] = "Required (no desired config to patch yet).";
        }

        var modelId = current?.ModelId;
        if (desired.TryGetProperty(ModelId, out var m))
        {
            var text = m.ValueKind == JsonValueKind.String ? m.GetString()! : null;
            if (text is null || text.Length > ProtocolLimits.MaxModelIdLength || (text.Length > 0 && !DeviceIds.IsValid(text)))
            {
                errors[ModelId] = $"A string of at most {ProtocolLimits.MaxModelIdLength} characters of [A-Za-z0-9._-].";
            }
            else
            {
                modelId = text;
            }
        }
        else if (modelId is null)
        {
            errors[ModelId] = "Required (no desired config to patch yet).";
        }

        var reportEmpty = current?.ReportEmpty;
        if (desired.TryGetProperty(ReportEmpty, out var r))
        {
            if (r.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                reportEmpty = r.GetBoolean();
            }
            else
            {
                errors[ReportEmpty] = "true or false.";
            }
        }
        else if (reportEmpty is null)
        {
            errors[ReportEmpty] = "Required (no desired config to patch yet).";
        }

        if (errors.Count > 0)
        {
            return new IotHubDesiredResult(null, errors);
        }

        return new IotHubDesiredResult(
            new DeviceConfig(0, wake!.Value, (ushort)every!.Value, (ushort)score!.Value, detector!.Value, modelId!,
                modelVersion!.Value, reportEmpty!.Value),
            errors);
    }

    /// <summary>The event body for a detection or telemetry message (camelCase, units in the names as on the wire).</summary>
    public static JsonObject ToEvent(FleetMessage message) => message switch
    {
        DetectionEvent d => new JsonObject
        {
            ["deviceId"] = d.DeviceId,
            ["seq"] = d.Sequence,
            ["deviceTimeMs"] = d.DeviceTimeMs,
            [Detector] = DetectorNames.Of(d.Detector),
            [ModelId] = d.ModelId,
            [ModelVersion] = d.ModelVersion,
            ["inferenceUs"] = d.InferenceUs,
            ["inferenceMacs"] = d.InferenceMacs,
            ["energyUj"] = d.EnergyUj,
            ["boxes"] = new JsonArray([.. d.Boxes.Select(b => (JsonNode)new JsonObject
            {
                ["x"] = b.X, ["y"] = b.Y, ["w"] = b.Width, ["h"] = b.Height, ["scorePmy"] = b.ScorePmy, ["label"] = b.Label,
            })]),
        },
        Telemetry t => new JsonObject
        {
            ["deviceId"] = t.DeviceId,
            ["seq"] = t.Sequence,
            ["deviceTimeMs"] = t.DeviceTimeMs,
            ["batteryMv"] = t.BatteryMv,
            ["socPm"] = t.SocPm,
            ["temperatureCc"] = t.TemperatureCc,
            ["chargeUsedUah"] = t.ChargeUsedUah,
            ["wakeCount"] = t.WakeCount,
            ["uptimeS"] = t.UptimeS,
            ["firmwareVersion"] = t.FirmwareVersion,
            [ModelId] = t.ModelId,
            [ModelVersion] = t.ModelVersion,
            ["rssiDbm"] = t.RssiDbm,
        },
        _ => throw new ArgumentException($"No IoT Hub event for {message.Type}.", nameof(message)),
    };

    /// <summary>A config as the twin fields (the same names as desired, plus the version the device applied).</summary>
    public static JsonObject ToTwinFields(DeviceConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new JsonObject
        {
            ["configVersion"] = config.ConfigVersion,
            [WakeIntervalS] = config.WakeIntervalS,
            [TelemetryEvery] = config.TelemetryEvery,
            [ScoreThresholdPmy] = config.ScoreThresholdPmy,
            [Detector] = DetectorNames.Of(config.Detector),
            [ModelId] = config.ModelId,
            [ModelVersion] = config.ModelVersion,
            [ReportEmpty] = config.ReportEmpty,
        };
    }

    private static uint? ReadUInt(JsonElement desired, string name, uint? fallback, uint min, uint max,
        Dictionary<string, string> errors)
    {
        if (!desired.TryGetProperty(name, out var value))
        {
            if (fallback is null)
            {
                errors[name] = "Required (no desired config to patch yet).";
            }

            return fallback;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetUInt32(out var n) && n >= min && n <= max)
        {
            return n;
        }

        errors[name] = $"An integer from {min} to {max}.";
        return null;
    }
}
