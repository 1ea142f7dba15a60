// SPDX-License-Identifier: MIT
namespace Fleet.Gateway.Api;

/// <summary>
/// Body of <c>PUT /api/devices/{id}/labels</c> and its answer: the device's whole label set (the request's replaces
/// it; the answer's is sorted, duplicates collapsed).
/// </summary>
/// <param name="Labels">Up to 16 labels of <c>[a-z0-9][a-z0-9._:-]{0,47}</c>, e.g. <c>site:north</c>.</param>
public sealed record DeviceLabelsDto(IReadOnlyList<string> Labels);
