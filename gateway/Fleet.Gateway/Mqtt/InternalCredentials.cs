// SPDX-License-Identifier: MIT
using System.Security.Cryptography;

namespace Fleet.Gateway.Mqtt;

/// <summary>
/// The credential of the gateway's own MQTT clients (ingest and downlink), random per process and kept only in
/// memory. The user name contains <c>:</c>, which no device id can, so it can never collide with a device.
/// </summary>
public sealed class InternalCredentials
{
    public const string UserName = "fleet:gateway";
    public const string IngestClientId = "fleet:gateway:ingest";
    public const string DownlinkClientId = "fleet:gateway:downlink";

    /// <summary>32 random bytes, hex; fresh on every start.</summary>
    public string Password { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));

    /// <summary>Constant-time check of a CONNECT's user name and password.</summary>
    public bool Matches(string? userName, string? password) =>
        string.Equals(userName, UserName, StringComparison.Ordinal)
        && password is not null
        && CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(password), System.Text.Encoding.UTF8.GetBytes(Password));

    /// <summary>Whether a connected client id is one of the gateway's own clients.</summary>
    public static bool IsInternalClient(string? clientId) =>
        clientId is IngestClientId or DownlinkClientId;
}
