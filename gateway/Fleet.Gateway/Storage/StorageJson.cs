// SPDX-License-Identifier: MIT
using System.Text.Json.Serialization;
using Fleet.Contracts.Messages;

namespace Fleet.Gateway.Storage;

/// <summary>Source-generated JSON for the columns stored as JSON (detection boxes).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(IReadOnlyList<DetectionBox>))]
internal sealed partial class StorageJson : JsonSerializerContext;
