// SPDX-License-Identifier: MIT
namespace Fleet.Gateway.Mqtt;

/// <summary>
/// TLS of the gateway's connection to an external broker (<c>Broker:Tls</c>). Files are PEM; relative paths are
/// relative to the current directory.
/// </summary>
public sealed class BrokerTlsOptions
{
    /// <summary>Connect with TLS. External mode only. Default false.</summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// CA certificate(s) the broker's certificate must chain to, instead of the system trust store. Empty = system
    /// store.
    /// </summary>
    public string CaFile { get; set; } = "";

    /// <summary>Client certificate for brokers that require one (<c>require_certificate true</c>). Optional.</summary>
    public string ClientCertificateFile { get; set; } = "";

    /// <summary>Private key of <see cref="ClientCertificateFile"/>; empty when the certificate file holds it.</summary>
    public string ClientKeyFile { get; set; } = "";
}
