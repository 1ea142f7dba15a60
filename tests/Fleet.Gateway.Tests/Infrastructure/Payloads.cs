// SPDX-License-Identifier: MIT
using System.Formats.Cbor;
using Fleet.Contracts.Messages;
using Fleet.Contracts.Protocol;

namespace Fleet.Gateway.Tests.Infrastructure;

/// <summary>Valid v1 messages (through the real codec) and hand-crafted CBOR for payloads the codec won't write.</summary>
public static class Payloads
{
    public static Telemetry Telemetry(string deviceId, uint seq, ushort batteryMv = 3900, ushort socPm = 815,
        short temperatureCc = 2150, string firmware = "1.2.3") =>
        new(deviceId, seq, 1_700_000_000_000UL + seq, batteryMv, socPm, temperatureCc, 1234, seq + 1, 60, firmware,
            "face-v1", 3, -67);

    public static DetectionEvent Detection(string deviceId, uint seq, params DetectionBox[] boxes) =>
        new(deviceId, seq, 1_700_000_000_000UL + seq, DetectorKind.Face, boxes, "face-v1", 3, 45_000, 1_200_000, 900);

    public static StatusMessage Status(string deviceId, uint seq, DeviceState state = DeviceState.Online,
        uint nextWakeS = 0) =>
        new(deviceId, seq, 1_700_000_000_000UL + seq, state, "1.2.3", WakeReason.Timer, nextWakeS);

    public static byte[] Encode(FleetMessage message) => FleetCodec.Encode(message);

    /// <summary>How to damage a crafted telemetry map.</summary>
    public enum TelemetryDamage { None, SchemaVersion2, DuplicateKey, MissingKey, SocOutOfRange }

    /// <summary>
    /// A telemetry map written key by key (deterministic integers, like the codec), optionally damaged in a way
    /// the codec's encoder refuses to produce.
    /// </summary>
    public static byte[] CraftTelemetry(string deviceId, uint seq, TelemetryDamage damage = TelemetryDamage.None)
    {
        var writer = new CborWriter(CborConformanceMode.Lax, convertIndefiniteLengthEncodings: false);
        var entries = 15 + (damage == TelemetryDamage.DuplicateKey ? 1 : 0) - (damage == TelemetryDamage.MissingKey ? 1 : 0);
        writer.WriteStartMap(entries);
        writer.WriteUInt32(0); writer.WriteUInt32(damage == TelemetryDamage.SchemaVersion2 ? 2u : 1u);
        writer.WriteUInt32(1); writer.WriteUInt32((uint)MessageType.Telemetry);
        writer.WriteUInt32(2); writer.WriteTextString(deviceId);
        writer.WriteUInt32(3); writer.WriteUInt32(seq);
        writer.WriteUInt32(4); writer.WriteUInt64(1_700_000_000_000UL);
        writer.WriteUInt32(5); writer.WriteUInt32(3900);
        if (damage == TelemetryDamage.DuplicateKey)
        {
            writer.WriteUInt32(5); writer.WriteUInt32(3901);
        }

        writer.WriteUInt32(6); writer.WriteUInt32(damage == TelemetryDamage.SocOutOfRange ? 1001u : 800u);
        writer.WriteUInt32(7); writer.WriteInt32(-450);
        writer.WriteUInt32(8); writer.WriteUInt32(100);
        writer.WriteUInt32(9); writer.WriteUInt32(7);
        writer.WriteUInt32(10); writer.WriteUInt32(60);
        writer.WriteUInt32(11); writer.WriteTextString("1.2.3");
        writer.WriteUInt32(12); writer.WriteTextString("face-v1");
        writer.WriteUInt32(13); writer.WriteUInt32(3);
        if (damage != TelemetryDamage.MissingKey)
        {
            writer.WriteUInt32(14); writer.WriteInt32(-70);
        }

        writer.WriteEndMap();
        return writer.Encode();
    }
}
