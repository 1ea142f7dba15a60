// SPDX-License-Identifier: MIT
namespace Fleet.Gateway.Mqtt.Mosquitto;

/// <summary>
/// Files the gateway maintains for an external Mosquitto (<c>Broker:Mosquitto</c>). All empty = the gateway
/// leaves the broker's authentication alone (another broker, or credentials managed elsewhere).
/// </summary>
/// <remarks>
/// <code>
/// "Broker": { "Mode": "External", "Mosquitto": {
///   "PasswordFile": "/etc/mosquitto/fleet/passwd", "AclFile": "/etc/mosquitto/fleet/acl",
///   "PidFile": "/run/mosquitto/mosquitto.pid" } }
/// </code>
/// </remarks>
public sealed class MosquittoOptions
{
    /// <summary>Mosquitto's <c>password_file</c>; the gateway writes device and gateway lines into it.</summary>
    public string PasswordFile { get; set; } = "";

    /// <summary>Mosquitto's <c>acl_file</c>; rewritten whole by the gateway.</summary>
    public string AclFile { get; set; } = "";

    /// <summary>Mosquitto's <c>pid_file</c>: the gateway sends that process SIGHUP to reload the files.</summary>
    public string PidFile { get; set; } = "";

    /// <summary>
    /// Alternative to <see cref="PidFile"/>: a shell command that makes Mosquitto reload (e.g.
    /// <c>systemctl reload mosquitto</c>), run with <c>/bin/sh -c</c>.
    /// </summary>
    public string ReloadCommand { get; set; } = "";

    /// <summary>How long <see cref="ReloadCommand"/> may run. Default 10 s.</summary>
    public TimeSpan ReloadTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Whether the gateway maintains Mosquitto's files at all.</summary>
    public bool IsEnabled => PasswordFile.Length > 0 || AclFile.Length > 0;
}
