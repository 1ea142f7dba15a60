// SPDX-License-Identifier: MIT
namespace Fleet.Gateway.Api;

/// <summary>What a device last reported on <c>up/config</c>.</summary>
/// <param name="Config">The config it runs.</param>
/// <param name="ApplyResult"><c>applied</c>, <c>rejectedInvalid</c> or <c>rejectedModelMissing</c>.</param>
/// <param name="ReceivedAt">When the gateway received it (UTC).</param>
/// <param name="RejectReason">The device's reason for a rejection; null when applied or when it gave none.</param>
public sealed record ReportedConfigDto(DeviceConfigDto Config, string ApplyResult, DateTime ReceivedAt,
    string? RejectReason = null);
