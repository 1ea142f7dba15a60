// SPDX-License-Identifier: MIT
using Xunit.Sdk;

namespace Fleet.Gateway.Tests.EndToEnd;

/// <summary>
/// A theory run once per <see cref="GatewayConfiguration"/>: the method takes <c>string configuration</c> and
/// passes it to <see cref="GatewayMatrix.StartAsync"/>. A configuration whose server binaries are missing is listed
/// as skipped with the reason, never run and never passed.
/// </summary>
[XunitTestCaseDiscoverer("Fleet.Gateway.Tests.EndToEnd.GatewayMatrixDiscoverer", "Fleet.Gateway.Tests")]
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class GatewayMatrixTheoryAttribute : FactAttribute
{
}
