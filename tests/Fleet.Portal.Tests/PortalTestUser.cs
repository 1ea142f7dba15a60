// SPDX-License-Identifier: MIT
namespace Fleet.Portal.Tests;

/// <summary>A portal user the fixture configures (the password in clear, for the browser to type).</summary>
public sealed record PortalTestUser(string Name, string Role, string Password);
