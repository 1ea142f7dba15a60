// SPDX-License-Identifier: MIT
namespace Fleet.Sim.VirtualSensors;

/// <summary>
/// Creates (or looks up) the device identities the virtual sensors use. The host implements it, because only the
/// host knows how devices are registered with its broker and device store.
/// </summary>
public interface IVirtualSensorProvisioner
{
    /// <summary>
    /// Returns <paramref name="count"/> identities, registered so that the broker accepts their credentials.
    /// Calling it again (after a restart) should return the same devices, so the demo does not grow on every run.
    /// </summary>
    /// <param name="count">How many sensors to provision, ≥ 1.</param>
    /// <param name="cancellationToken">Cancels the provisioning.</param>
    Task<IReadOnlyList<VirtualSensorIdentity>> ProvisionAsync(int count, CancellationToken cancellationToken);
}
