// SPDX-License-Identifier: MIT
namespace Fleet.Portal;

/// <summary>A user who may sign in.</summary>
/// <param name="Name">Sign-in name.</param>
/// <param name="Role"><see cref="PortalRoles.Viewer"/> or <see cref="PortalRoles.Operator"/> (lower case).</param>
/// <param name="PasswordHash">PBKDF2 hash (<see cref="PortalPasswordHasher"/>).</param>
public sealed record PortalUser(string Name, string Role, string PasswordHash);
