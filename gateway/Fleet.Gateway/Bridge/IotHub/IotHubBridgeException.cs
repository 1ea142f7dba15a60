// SPDX-License-Identifier: MIT
namespace Fleet.Gateway.Bridge.IotHub;

/// <summary>
/// A transient failure talking to the hub (connect refused, PUBACK missing, HTTP 429/5xx); the resilience
/// pipelines retry it. Permanent problems (bad configuration) are other exceptions.
/// </summary>
public sealed class IotHubBridgeException : Exception
{
    public IotHubBridgeException()
    {
    }

    public IotHubBridgeException(string message) : base(message)
    {
    }

    public IotHubBridgeException(string message, Exception inner) : base(message, inner)
    {
    }
}
