// SPDX-License-Identifier: MIT
using Fleet.Gateway.Devices;

namespace Fleet.Gateway.Tests.Devices;

public sealed class SecretHasherTests
{
    [Fact]
    public void Verify_SameSecretAndSalt_IsTrue()
    {
        var secret = SecretHasher.NewSecret();
        var salt = SecretHasher.NewSalt();

        Assert.True(SecretHasher.Verify(secret, salt, SecretHasher.Hash(secret, salt)));
    }

    [Fact]
    public void Verify_OtherSecret_IsFalse()
    {
        var salt = SecretHasher.NewSalt();

        Assert.False(SecretHasher.Verify(SecretHasher.NewSecret(), salt, SecretHasher.Hash(SecretHasher.NewSecret(), salt)));
    }

    [Fact]
    public void NewSecret_TwoCalls_DifferAndAreUrlSafe()
    {
        var a = SecretHasher.NewSecret();
        var b = SecretHasher.NewSecret();

        Assert.NotEqual(a, b);
        Assert.Equal(43, a.Length);
        Assert.DoesNotContain(a, c => c is '+' or '/' or '=');
    }
}
