// SPDX-License-Identifier: MIT
using Fleet.Gateway.Mqtt;
using Fleet.Gateway.Storage;
using Fleet.Gateway.Tests.External;
using Fleet.Gateway.Tests.Postgres;

namespace Fleet.Gateway.Tests.EndToEnd;

/// <summary>
/// One cell of the end-to-end matrix: which broker the devices talk to and which database the gateway stores in.
/// Test cases carry only <see cref="Name"/> (a string serialises into any xunit runner), parsed back here.
/// </summary>
public sealed record GatewayConfiguration(string Name, BrokerMode Broker, string StoreProvider)
{
    public static readonly GatewayConfiguration EmbeddedSqlite = new("Embedded+SQLite", BrokerMode.Embedded, StorageOptions.Sqlite);

    public static readonly GatewayConfiguration MosquittoSqlite = new("Mosquitto+SQLite", BrokerMode.External, StorageOptions.Sqlite);

    public static readonly GatewayConfiguration EmbeddedPostgres = new("Embedded+PostgreSQL", BrokerMode.Embedded, StorageOptions.Postgres);

    public static readonly GatewayConfiguration MosquittoPostgres = new("Mosquitto+PostgreSQL", BrokerMode.External, StorageOptions.Postgres);

    /// <summary>Every configuration, in the order test cases are listed.</summary>
    public static IReadOnlyList<GatewayConfiguration> All { get; } =
        [EmbeddedSqlite, MosquittoSqlite, EmbeddedPostgres, MosquittoPostgres];

    /// <summary>External Mosquitto (the gateway writes its password and ACL files) rather than the embedded broker.</summary>
    public bool UsesMosquitto => Broker == BrokerMode.External;

    public bool UsesPostgres => StoreProvider == StorageOptions.Postgres;

    public static GatewayConfiguration Parse(string name) =>
        All.SingleOrDefault(c => c.Name == name)
        ?? throw new ArgumentException($"'{name}' is not a matrix configuration.", nameof(name));

    /// <summary>
    /// Why this configuration cannot run on this machine (a server binary is missing), or null. Only absence
    /// skips: a server that is installed but fails to start fails the test.
    /// </summary>
    public string? MissingInfrastructure()
    {
        var reasons = new List<string>();
        if (UsesMosquitto && !File.Exists(MosquittoFixture.BrokerPath))
        {
            reasons.Add($"Mosquitto not found at {MosquittoFixture.BrokerPath}: install the Debian package 'mosquitto' "
                + "(tests/run-all.sh does) to run the Mosquitto configurations.");
        }

        if (UsesPostgres && PostgresServer.MissingBinariesReason() is { } postgres)
        {
            reasons.Add(postgres);
        }

        return reasons.Count == 0 ? null : $"{Name}: {string.Join(' ', reasons)}";
    }

    public override string ToString() => Name;
}
