// SPDX-License-Identifier: MIT
using Fleet.Gateway.Mqtt;
using Fleet.Gateway.Tests.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet.Formatter;

namespace Fleet.Gateway.Tests.Mqtt;

public sealed class BrokerOptionsValidatorTests
{
    private readonly BrokerOptionsValidator _validator = new();

    [Fact]
    public void Validate_Defaults_Succeeds() =>
        Assert.True(_validator.Validate(null, new BrokerOptions()).Succeeded);

    [Fact]
    public void Validate_ExternalWithHostNameAccountTlsAndMosquittoFiles_Succeeds()
    {
        using var dir = new TempDirectory();
        var ca = Path.Combine(dir.Path, "ca.pem");
        File.WriteAllText(ca, "");
        var options = External();
        options.Host = "mqtt.example.org";
        options.Tls.Enabled = true;
        options.Tls.CaFile = ca;
        options.Mosquitto.PasswordFile = Path.Combine(dir.Path, "passwd");
        options.Mosquitto.AclFile = Path.Combine(dir.Path, "acl");
        options.Mosquitto.ReloadCommand = "true";

        var result = _validator.Validate(null, options);

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    public static TheoryData<string, Action<BrokerOptions>> BadCombinations => new()
    {
        { "Embedded with a host name", o => o.Host = "broker.local" },
        { "Embedded with an account", o => o.UserName = "fleet@gateway" },
        { "Embedded with TLS", o => o.Tls.Enabled = true },
        { "Embedded with Mosquitto files", o => o.Mosquitto.PasswordFile = "/tmp/passwd" },
        { "External without password", o => { Externalize(o); o.Password = ""; } },
        { "External, user name is a device id", o => { Externalize(o); o.UserName = "gateway"; } },
        { "External, user name with colon", o => { Externalize(o); o.UserName = "fleet:gw"; } },
        { "External, MQTT 3.1", o => { Externalize(o); o.ProtocolVersion = MqttProtocolVersion.V310; } },
        { "TLS file without TLS", o => { Externalize(o); o.Tls.CaFile = "/etc/hostname"; } },
        { "missing CA file", o => { Externalize(o); o.Tls.Enabled = true; o.Tls.CaFile = "/nonexistent/ca.pem"; } },
        { "key without certificate", o => { Externalize(o); o.Tls.Enabled = true; o.Tls.ClientKeyFile = "/etc/hostname"; } },
        { "password file without ACL file", o => { Externalize(o); o.Mosquitto.PasswordFile = "/tmp/p"; o.Mosquitto.PidFile = "/tmp/x.pid"; } },
        { "Mosquitto files without a reload", o => { Externalize(o); o.Mosquitto.PasswordFile = "/tmp/p"; o.Mosquitto.AclFile = "/tmp/a"; } },
        { "both pid file and reload command", o => { Externalize(o); o.Mosquitto.PasswordFile = "/tmp/p"; o.Mosquitto.AclFile = "/tmp/a"; o.Mosquitto.PidFile = "/tmp/x.pid"; o.Mosquitto.ReloadCommand = "true"; } },
        { "pid file alone", o => { Externalize(o); o.Mosquitto.PidFile = "/tmp/x.pid"; } },
        { "max delay below base delay", o => o.Reconnect.MaxDelay = TimeSpan.FromMilliseconds(10) },
    };

    [Theory]
    [MemberData(nameof(BadCombinations))]
    public void Validate_BadCombination_Fails(string why, Action<BrokerOptions> spoil)
    {
        var options = new BrokerOptions();
        spoil(options);

        Assert.False(_validator.Validate(null, options).Succeeded, why);
    }

    [Fact]
    public async Task StartAsync_ExternalModeWithoutCredentials_FailsAtStart()
    {
        using var dir = new TempDirectory();
        var app = GatewayHost.Create(
            ["--urls", "http://127.0.0.1:0", $"--Storage:DataDirectory={dir.Path}", "--Broker:Mode=External"],
            b => b.Logging.ClearProviders());
        try
        {
            var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());
            Assert.Contains("Broker:UserName and Broker:Password", ex.Message);
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    private static BrokerOptions External()
    {
        var options = new BrokerOptions();
        Externalize(options);
        return options;
    }

    private static void Externalize(BrokerOptions options)
    {
        options.Mode = BrokerMode.External;
        options.UserName = "fleet@gateway";
        options.Password = "not-a-real-secret";
    }
}
