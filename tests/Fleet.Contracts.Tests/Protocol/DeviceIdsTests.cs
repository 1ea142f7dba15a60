// SPDX-License-Identifier: MIT
using Fleet.Contracts.Protocol;

namespace Fleet.Contracts.Tests.Protocol;

public sealed class DeviceIdsTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("cam-01")]
    [InlineData("Sensor_7.b")]
    [InlineData("...")]
    [InlineData("abcdefghijklmnopqrstuvwxyz012345")]
    public void IsValid_AllowedCharactersAndLength_ReturnsTrue(string id)
    {
        Assert.True(DeviceIds.IsValid(id));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456")]
    [InlineData("a/b")]
    [InlineData("a+b")]
    [InlineData("a#")]
    [InlineData("a b")]
    [InlineData("café")]
    [InlineData("a\u0000")]
    [InlineData("a:b")]
    public void IsValid_ForbiddenCharacterOrLength_ReturnsFalse(string? id)
    {
        Assert.False(DeviceIds.IsValid(id));
    }
}
