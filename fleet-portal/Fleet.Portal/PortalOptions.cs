// SPDX-License-Identifier: MIT
using System.ComponentModel.DataAnnotations;

namespace Fleet.Portal;

/// <summary>The portal's settings (section <c>Portal</c>).</summary>
/// <remarks>
/// <code>
/// "Portal": {
///   "Users": [ { "Name": "ana", "Role": "operator", "PasswordHash": "pbkdf2-sha256$…" } ],
///   "SessionMinutes": 30,
///   "GatewayUrl": "https://gateway.example:5080/",   // standalone only
///   "OperatorKey": "…",                               // standalone only; from the environment, never the repo
///   "DeviceBrokerAddress": "mqtt.example:8883"        // shown to operators with a new device's secret
/// }
/// </code>
/// </remarks>
public sealed class PortalOptions
{
    public const string SectionName = "Portal";

    /// <summary>Who may sign in. Empty in Development or demo runs: one operator and one viewer are generated.</summary>
    public List<PortalUserOptions> Users { get; set; } = [];

    /// <summary>Idle time after which a session ends (sliding; default 30 minutes).</summary>
    [Range(1, 24 * 60)]
    public int SessionMinutes { get; set; } = 30;

    /// <summary>Longest a session lasts however active it is (default 12 hours).</summary>
    [Range(1, 24 * 30)]
    public int SessionMaxHours { get; set; } = 12;

    /// <summary>Failed sign-ins for one name before it is locked (default 5).</summary>
    [Range(1, 100)]
    public int LockoutFailures { get; set; } = 5;

    /// <summary>How long a locked name stays locked (default 5 minutes).</summary>
    [Range(1, 24 * 60)]
    public int LockoutMinutes { get; set; } = 5;

    /// <summary>
    /// How often an open page asks again for the gateway's health line (default 10 seconds): a broker or store
    /// outage sends no device event, so only asking shows it.
    /// </summary>
    [Range(1, 3600)]
    public int HealthPollSeconds { get; set; } = 10;

    /// <summary>
    /// The gateway's base URL. Unset inside the gateway (the portal calls its own host's listening address);
    /// required by Fleet.Portal.Host.
    /// </summary>
    public string? GatewayUrl { get; set; }

    /// <summary>The gateway's operator key, sent on changes (standalone only; the gateway hands it over in process).</summary>
    public string? OperatorKey { get; set; }

    /// <summary>A file holding the operator key (its first line), instead of <see cref="OperatorKey"/>.</summary>
    public string? OperatorKeyFile { get; set; }

    /// <summary>
    /// The MQTT broker address devices are to connect to (e.g. <c>mqtt.example:8883</c>), shown with the credentials
    /// of a device just added or rotated; unset: not shown. The portal cannot know it (the gateway may sit behind
    /// another broker or a NAT), so it is said here.
    /// </summary>
    [MaxLength(200)]
    public string? DeviceBrokerAddress { get; set; }
}

/// <summary>One portal user.</summary>
public sealed class PortalUserOptions
{
    /// <summary>Sign-in name (compared case-insensitively).</summary>
    public string Name { get; set; } = "";

    /// <summary><c>viewer</c> or <c>operator</c>.</summary>
    public string Role { get; set; } = PortalRoles.Viewer;

    /// <summary>PBKDF2 hash from <c>--hash-password</c>; never the password itself.</summary>
    public string PasswordHash { get; set; } = "";
}
