// SPDX-License-Identifier: MIT
using Fleet.Gateway.Tests.External;
using Fleet.Gateway.Tests.Postgres;

namespace Fleet.Gateway.Tests.ScaleOut;

/// <summary>
/// A fact that needs Mosquitto and the PostgreSQL server binaries (Debian packages <c>mosquitto</c> and
/// <c>postgresql</c>, which tests/run-all.sh installs); reported skipped, with the reason, where either is missing.
/// </summary>
public sealed class ScaleOutFactAttribute : FactAttribute
{
    public ScaleOutFactAttribute()
    {
        if (!File.Exists(MosquittoFixture.BrokerPath))
        {
            Skip = $"Mosquitto is not installed at {MosquittoFixture.BrokerPath} (Debian package 'mosquitto').";
        }
        else if (PostgresServer.MissingBinariesReason() is { } reason)
        {
            Skip = reason;
        }
    }
}
