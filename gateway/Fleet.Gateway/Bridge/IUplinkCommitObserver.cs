// SPDX-License-Identifier: MIT
using Fleet.Contracts.Messages;

namespace Fleet.Gateway.Bridge;

/// <summary>
/// Told about every uplink the writer has just committed (stored, not duplicate). Called on the writer's loop,
/// so an implementation must return at once and never throw: a bridge queues the message and does its I/O
/// elsewhere, because ingest must not wait for anything downstream of the store.
/// </summary>
public interface IUplinkCommitObserver
{
    /// <summary>Offers a committed message; non-blocking, thread-safe.</summary>
    void OnCommitted(FleetMessage message);
}
