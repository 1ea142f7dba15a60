// SPDX-License-Identifier: MIT
using Fleet.Portal.Gateway;
using Fleet.Portal.Pages.Devices;

namespace Fleet.Portal.Tests;

/// <summary>How failed adds and rotations are worded, and that no record prints a secret.</summary>
public sealed class DeviceCredentialsUnitTests
{
    private static readonly IReadOnlyDictionary<string, string[]> None = new Dictionary<string, string[]>();

    [Fact]
    public void KeyRefusedByTheGateway_NamesThePortalsSettingAndKeepsTheGatewaysDetail()
    {
        GatewayProblem refused = new(401, "Operator key required", "Send the gateway's operator key.", None);

        foreach (GatewayProblem shown in new[] { CredentialProblems.ForCreate(refused, "cam-1"), CredentialProblems.ForRotate(refused, "cam-1") })
        {
            Assert.Equal(401, shown.Status);
            Assert.Equal("The gateway refused the portal's operator key", shown.Title);
            Assert.Contains("Portal:OperatorKey", shown.Detail, StringComparison.Ordinal);
            Assert.Contains("Nothing was changed", shown.Detail, StringComparison.Ordinal);
            Assert.EndsWith("Gateway: Send the gateway's operator key.", shown.Detail, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Conflict_KeepsTheGatewaysDetail_WhichNamesTheRetiredCase()
    {
        GatewayProblem conflict = new(409, "Device exists", "Device 'cam-1' exists and is retired; to return it …", None);

        GatewayProblem shown = CredentialProblems.ForCreate(conflict, "cam-1");

        Assert.Equal("Device cam-1 already exists", shown.Title);
        Assert.Equal(conflict.Detail, shown.Detail);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(504)]
    public void ServerSideOrTransportFailure_SaysTheOutcomeIsUnknownAndWhatToDo(int status)
    {
        GatewayProblem failed = new(status, "Gateway unreachable", "http://gw/: Connection refused", None);

        GatewayProblem added = CredentialProblems.ForCreate(failed, "cam-9");
        GatewayProblem rotated = CredentialProblems.ForRotate(failed, "cam-9");

        Assert.Equal("Gateway unreachable", added.Title);
        Assert.StartsWith("http://gw/: Connection refused ", added.Detail, StringComparison.Ordinal);
        Assert.Contains("cam-9 may exist now", added.Detail, StringComparison.Ordinal);
        Assert.Contains("rotate again", rotated.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownDeviceOnRotate_NamesIt_AndValidationErrorsPassThrough()
    {
        GatewayProblem missing = new(404, "Not Found", null, None);
        Assert.Equal("The gateway has no device 'ghost'. Nothing was changed.", CredentialProblems.ForRotate(missing, "ghost").Detail);

        GatewayProblem invalid = new(400, "One or more validation errors occurred.", null,
            new Dictionary<string, string[]> { ["id"] = ["A device id is 1-32 characters of [A-Za-z0-9._-]."] });
        Assert.Same(invalid, CredentialProblems.ForCreate(invalid, "bad id"));
    }

    [Fact]
    public void ToString_NeverContainsTheSecret()
    {
        const string secret = "s3cr3t-value-that-must-not-leak";

        Assert.DoesNotContain(secret, new GatewayDeviceCredentials("cam-1", secret).ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(secret, new IssuedCredentials("cam-1", secret, "127.0.0.1:1883", IssueKind.Added).ToString(),
            StringComparison.Ordinal);
    }

    [Fact]
    public void CredentialsForm_RetiredDeviceOffersReturnToService()
    {
        Assert.Equal("Return to service", new CredentialsForm("cam-1", Retired: true, null, CanChange: true).ButtonText);
        Assert.Equal("Rotate credentials", new CredentialsForm("cam-1", Retired: false, null, CanChange: true).ButtonText);
        Assert.Contains("return to service", CredentialsForm.MissingConfirmation("cam-1", retired: true), StringComparison.Ordinal);
    }
}
