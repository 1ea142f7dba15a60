// SPDX-License-Identifier: MIT
using Fleet.Gateway.Tests.Infrastructure;
using Fleet.Gateway.Tests.Mqtt;

namespace Fleet.Gateway.Tests.External;

/// <summary>
/// The broker contract against a real Mosquitto in External mode: the gateway writes Mosquitto's password and ACL
/// files and Mosquitto alone authenticates and enforces them. One broker per test, so sessions never leak between
/// tests.
/// </summary>
public sealed class MosquittoBrokerContractTests : BrokerContractTests, IAsyncLifetime
{
    private readonly MosquittoFixture _mosquitto = new();

    public Task InitializeAsync() => _mosquitto.InitializeAsync();

    public Task DisposeAsync() => _mosquitto.DisposeAsync();

    protected override bool RefusesForeignSubscriptions => false;

    protected override bool ClosesRetiredConnections => false;

    protected override Task<TestGateway> StartGatewayAsync(TempDirectory dir) =>
        TestGateway.StartAsync(dir.Path, _mosquitto.GatewayArgs());
}
