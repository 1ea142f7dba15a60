// SPDX-License-Identifier: MIT
using Fleet.Contracts.Messages;
using Fleet.Contracts.Protocol;

namespace Fleet.Contracts.Tests.Protocol;

public sealed class DecodeResultTests
{
    [Fact]
    public void Success_Message_IsSuccessWithoutDetail()
    {
        var message = new OtaResult("d", 1, OtaResultCode.Activated, 2);

        DecodeResult sut = DecodeResult.Success(message);

        Assert.True(sut.IsSuccess);
        Assert.Same(message, sut.Message);
        Assert.Equal(DecodeError.None, sut.Error);
        Assert.Null(sut.Detail);
    }

    [Fact]
    public void Failure_Reason_IsNotSuccess()
    {
        DecodeResult sut = DecodeResult.Failure(DecodeError.Malformed, "why");

        Assert.False(sut.IsSuccess);
        Assert.Null(sut.Message);
        Assert.Equal("why", sut.Detail);
    }

    [Fact]
    public void Failure_None_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => DecodeResult.Failure(DecodeError.None, "x"));
    }

    [Fact]
    public void Success_Null_ThrowsArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => DecodeResult.Success(null!));
    }
}
