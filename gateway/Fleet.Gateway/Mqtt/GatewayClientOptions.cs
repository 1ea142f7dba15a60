// SPDX-License-Identifier: MIT
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Formatter;

namespace Fleet.Gateway.Mqtt;

/// <summary>
/// Builds the MQTT options of the gateway's own clients from <see cref="BrokerOptions"/>: the in-memory internal
/// credential for the embedded broker, or the configured account (and TLS) for an external one.
/// </summary>
public sealed class GatewayClientOptions(IOptions<BrokerOptions> broker, InternalCredentials credentials,
    ScaleOut.GatewayInstance? instance = null)
{
    /// <summary>The ingest session's client id (per instance in scale-out).</summary>
    public string IngestClientId => instance?.IngestClientId ?? InternalCredentials.IngestClientId;

    /// <summary>The downlink client's id (per instance in scale-out).</summary>
    public string DownlinkClientId => instance?.DownlinkClientId ?? InternalCredentials.DownlinkClientId;

    /// <summary>What the ingest subscribes to: the uplink filter, or its <c>$share/…</c> form in scale-out.</summary>
    public string UplinkFilter => instance?.UplinkFilter ?? Fleet.Contracts.Protocol.Topics.UplinkFilter;

    /// <summary>
    /// How long the broker keeps the ingest session while the gateway is away. Long enough to cover a restart or a
    /// deploy; an external broker then holds every uplink that arrived meanwhile.
    /// </summary>
    public static readonly TimeSpan SessionExpiry = TimeSpan.FromDays(1);

    public string Host => broker.Value.Host;

    public int Port => broker.Value.Port;

    public BrokerMode Mode => broker.Value.Mode;

    /// <summary>Longest pause between two connect attempts (<c>Broker:Reconnect:MaxDelay</c>).</summary>
    public TimeSpan MaxReconnectDelay => broker.Value.Reconnect.MaxDelay;

    /// <summary>Persistent session (clean start false), keep-alive 30 s, credentials and TLS by mode.</summary>
    public MqttClientOptions Build(string clientId)
    {
        var options = broker.Value;
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(options.Host, options.Port)
            .WithClientId(clientId)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(30))
            .WithTimeout(TimeSpan.FromSeconds(10));
        if (options.Mode == BrokerMode.Embedded)
        {
            return builder
                .WithCredentials(InternalCredentials.UserName, credentials.Password)
                .WithProtocolVersion(MqttProtocolVersion.V500)
                .WithCleanStart(false)
                .WithSessionExpiryInterval((uint)SessionExpiry.TotalSeconds)
                .Build();
        }

        builder.WithCredentials(options.UserName, options.Password).WithProtocolVersion(options.ProtocolVersion);
        // MQTT 3.1.1 has no session expiry: "clean session false" keeps the session until the broker's own limit.
        builder = options.ProtocolVersion == MqttProtocolVersion.V500
            ? builder.WithCleanStart(false).WithSessionExpiryInterval((uint)SessionExpiry.TotalSeconds)
            : builder.WithCleanSession(false);
        if (options.Tls.Enabled)
        {
            builder.WithTlsOptions(tls => ConfigureTls(tls, options.Tls, options.Host));
        }

        return builder.Build();
    }

    private static void ConfigureTls(MqttClientTlsOptionsBuilder tls, BrokerTlsOptions options, string host)
    {
        tls.UseTls().WithTargetHost(host);
        if (options.ClientCertificateFile.Length > 0)
        {
            var certificate = options.ClientKeyFile.Length > 0
                ? X509Certificate2.CreateFromPemFile(options.ClientCertificateFile, options.ClientKeyFile)
                : X509Certificate2.CreateFromPemFile(options.ClientCertificateFile);
            tls.WithClientCertificates([certificate]);
        }

        if (options.CaFile.Length > 0)
        {
            var roots = new X509Certificate2Collection();
            roots.ImportFromPemFile(options.CaFile);
            // Our own check rather than MQTTnet's trust-chain option, so the rule is explicit: the broker's
            // certificate must name the host and chain to one of these roots, and nothing else is trusted.
            tls.WithCertificateValidationHandler(e => ValidatesAgainst(roots, e.Certificate, e.SslPolicyErrors));
        }
    }

    private static bool ValidatesAgainst(X509Certificate2Collection roots, X509Certificate? presented,
        SslPolicyErrors errors)
    {
        if (presented is null || (errors & (SslPolicyErrors.RemoteCertificateNameMismatch
                | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0)
        {
            return false;
        }

        using var certificate = new X509Certificate2(presented);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        // A private broker CA rarely publishes a CRL or OCSP responder.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }
}
