// SPDX-License-Identifier: MIT
using Microsoft.Extensions.Options;

namespace Fleet.Portal.Tests;

/// <summary>The password hashes and the sign-in lockout, without a browser.</summary>
public sealed class PortalAuthUnitTests
{
    [Fact]
    public void Hash_VerifiesTheRightPasswordOnly_AndSaltsEachHash()
    {
        string hash = PortalPasswordHasher.Hash("correct horse", PortalPasswordHasher.MinIterations);

        Assert.True(PortalPasswordHasher.Verify("correct horse", hash));
        Assert.False(PortalPasswordHasher.Verify("correct hors", hash));
        Assert.False(PortalPasswordHasher.Verify("", hash));
        Assert.NotEqual(hash, PortalPasswordHasher.Hash("correct horse", PortalPasswordHasher.MinIterations));
        Assert.StartsWith($"pbkdf2-sha256${PortalPasswordHasher.MinIterations}$", hash, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("plain-text-password")]
    [InlineData("pbkdf2-sha256$100$c2FsdHNhbHQ=$aGFzaGhhc2hoYXNoaGFzaA==")] // too few iterations
    [InlineData("pbkdf2-sha1$600000$c2FsdHNhbHQ=$aGFzaGhhc2hoYXNoaGFzaA==")]
    [InlineData("pbkdf2-sha256$600000$not base64$aGFzaGhhc2hoYXNoaGFzaA==")]
    public void MalformedOrWeakHash_IsRefused(string encoded)
    {
        Assert.False(PortalPasswordHasher.IsWellFormed(encoded));
        Assert.False(PortalPasswordHasher.Verify("anything", encoded));
    }

    [Fact]
    public void Tampered_Hash_DoesNotVerify()
    {
        string hash = PortalPasswordHasher.Hash("secret", PortalPasswordHasher.MinIterations);
        string[] parts = hash.Split('$');
        byte[] digest = Convert.FromBase64String(parts[3]);
        digest[0] ^= 1;
        parts[3] = Convert.ToBase64String(digest);
        Assert.False(PortalPasswordHasher.Verify("secret", string.Join('$', parts)));
    }

    [Fact]
    public void Throttle_LocksAfterTheConfiguredFailures_ThenReleasesAfterTheLockout()
    {
        ManualClock clock = new(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        SignInThrottle throttle = new(Options.Create(new PortalOptions { LockoutFailures = 3, LockoutMinutes = 5 }), clock);

        Assert.Null(throttle.RecordFailure("ana"));
        Assert.Null(throttle.RecordFailure("ANA")); // names compare case-insensitively
        DateTimeOffset? until = throttle.RecordFailure("ana");

        Assert.Equal(clock.Now.AddMinutes(5), until);
        Assert.Equal(until, throttle.LockedUntil("ana"));
        Assert.Null(throttle.LockedUntil("bob"));

        clock.Now = clock.Now.AddMinutes(5).AddSeconds(1);
        Assert.Null(throttle.LockedUntil("ana"));
        Assert.Null(throttle.RecordFailure("ana")); // counting starts again after a lockout
    }

    [Fact]
    public void Throttle_SuccessForgetsEarlierFailures()
    {
        ManualClock clock = new(DateTimeOffset.UnixEpoch);
        SignInThrottle throttle = new(Options.Create(new PortalOptions { LockoutFailures = 2 }), clock);
        Assert.Null(throttle.RecordFailure("ana"));
        throttle.RecordSuccess("ana");
        Assert.Null(throttle.RecordFailure("ana"));
        Assert.NotNull(throttle.RecordFailure("ana"));
    }

    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
