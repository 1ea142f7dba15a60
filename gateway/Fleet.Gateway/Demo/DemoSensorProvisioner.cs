// SPDX-License-Identifier: MIT
using System.Globalization;
using Fleet.Contracts.Messages;
using Fleet.Contracts.Protocol;
using Fleet.Gateway.Devices;
using Fleet.Gateway.Mqtt;
using Fleet.Sim.VirtualSensors;
using Microsoft.Extensions.Options;

namespace Fleet.Gateway.Demo;

/// <summary>
/// Provisions the demo devices in the <see cref="DeviceRegistry"/>: <c>demo-cam-01</c>… (face
/// cameras) and, from two sensors on, one <c>demo-thermal-01</c>. The same ids every run; provisioning
/// again rotates their secrets, which is fine because only the in-process sensors hold them. Each device also
/// gets its desired config, retained on <c>down/config</c>, so it applies it on its first wake.
/// </summary>
public sealed class DemoSensorProvisioner(
    DeviceRegistry registry,
    DownlinkPublisher downlink,
    IOptions<VirtualSensorFleetOptions> demoOptions) : IVirtualSensorProvisioner
{
    public const string CameraPrefix = "demo-cam-";
    public const string ThermalId = "demo-thermal-01";

    public async Task<IReadOnlyList<VirtualSensorIdentity>> ProvisionAsync(int count, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var identities = new List<VirtualSensorIdentity>(count);
        var cameras = count >= 2 ? count - 1 : count;
        for (var i = 1; i <= cameras; i++)
        {
            // Face, not smile: the agent runs the smile CNN only from a model slot, demo sensors start with empty
            // slots, and the repo ships no smile model (SMILEsmileD-trained weights may not be redistributed), so
            // a smile config would be rejected until an operator rolls a smile model out.
            identities.Add(await ProvisionOneAsync(
                CameraPrefix + i.ToString("00", CultureInfo.InvariantCulture), DetectorKind.Face, cancellationToken)
                .ConfigureAwait(false));
        }

        if (count >= 2)
        {
            identities.Add(await ProvisionOneAsync(ThermalId, DetectorKind.ThermalPerson, cancellationToken)
                .ConfigureAwait(false));
        }

        return identities;
    }

    private async Task<VirtualSensorIdentity> ProvisionOneAsync(
        string deviceId, DetectorKind detector, CancellationToken cancellationToken)
    {
        var secret = await registry.ProvisionAsync(deviceId, cancellationToken).ConfigureAwait(false);
        var desired = DemoDesiredConfig.For(deviceId, detector, demoOptions.Value.WakeInterval);
        await downlink.PublishAsync(Topics.For(deviceId, MessageType.DesiredConfig), FleetCodec.Encode(desired),
            retain: true, cancellationToken).ConfigureAwait(false);
        return new VirtualSensorIdentity(deviceId, secret, detector);
    }
}
