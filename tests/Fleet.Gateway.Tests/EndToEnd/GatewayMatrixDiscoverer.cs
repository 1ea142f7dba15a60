// SPDX-License-Identifier: MIT
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Fleet.Gateway.Tests.EndToEnd;

/// <summary>
/// Makes one test case per configuration for <see cref="GatewayMatrixTheoryAttribute"/>. Decided at discovery, on
/// the machine that runs the tests, so a missing Mosquitto or PostgreSQL shows up as "skipped: why" in the results.
/// </summary>
public sealed class GatewayMatrixDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod,
        IAttributeInfo factAttribute)
    {
        var display = discoveryOptions.MethodDisplayOrDefault();
        var displayOptions = discoveryOptions.MethodDisplayOptionsOrDefault();
        foreach (var configuration in GatewayConfiguration.All)
        {
            object[] arguments = [configuration.Name];
            var missing = configuration.MissingInfrastructure();
            yield return missing is null
                ? new XunitTestCase(diagnosticMessageSink, display, displayOptions, testMethod, arguments)
                : new XunitSkippedDataRowTestCase(diagnosticMessageSink, display, displayOptions, testMethod, missing,
                    arguments);
        }
    }
}
