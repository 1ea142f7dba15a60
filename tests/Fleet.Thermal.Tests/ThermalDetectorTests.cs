// SPDX-License-Identifier: MIT
namespace Fleet.Thermal.Tests;

/// <summary>The C detector's behaviour, driven through P/Invoke.</summary>
public sealed class ThermalDetectorTests
{
    private static short[] Frame(int w, int h, short value) => Enumerable.Repeat(value, w * h).ToArray();

    private static void Rect(short[] f, int w, int x, int y, int rw, int rh, short value)
    {
        for (int j = y; j < y + rh; j++)
        {
            for (int i = x; i < x + rw; i++)
            {
                f[j * w + i] = value;
            }
        }
    }

    [Fact]
    public void Defaults_LowResolutionIsMoreSensitive()
    {
        ThermalDetectorOptions low = ThermalDetectorOptions.Defaults(4, 4), high = ThermalDetectorOptions.Defaults(32, 24);
        Assert.True(low.MarginCc < high.MarginCc);
        Assert.True(low.MinBlobPermille <= high.MinBlobPermille);
    }

    [Fact]
    public void Constructor_BadOptions_ThrowsRange()
    {
        var bad = ThermalDetectorOptions.Defaults(32, 24) with { BandLoCc = 4000, BandHiCc = 3000 };
        var ex = Assert.Throws<ThermalDetectorException>(() => new ThermalDetector(32, 24, bad));
        Assert.Equal(-7, ex.Status);
        Assert.Equal(-7, Assert.Throws<ThermalDetectorException>(() => new ThermalDetector(200, 24)).Status);
    }

    [Fact]
    public void Process_OnePixelPersonOn4x4_IsOnePerson()
    {
        using var d = new ThermalDetector(4, 4);
        short[] f = Frame(4, 4, 2000);
        d.Process(f, 2100);
        f[6] = 2350;
        ThermalFrameResult r = d.Process(f, 2100);
        ThermalBlob b = Assert.Single(r.Blobs);
        Assert.Equal((2, 1, 1, 1), (b.X, b.Y, b.Width, b.Height));
        Assert.Equal(2.5, b.CentroidX);
    }

    [Fact]
    public void Process_StillPerson_BackgroundFrozenAndStillCounted()
    {
        using var d = new ThermalDetector(32, 24);
        short[] f = Frame(32, 24, 2000);
        d.Process(f);
        Rect(f, 32, 10, 10, 3, 5, 3100);
        ThermalFrameResult r = d.Process(f);
        for (int i = 0; i < 2000; i++)
        {
            r = d.Process(f);
        }
        Assert.Equal(1, r.Count);
        Assert.True(r.Present);
        Assert.Equal(2000, d.BackgroundCc(11, 12));
    }

    [Fact]
    public void Process_RadiatorAboveBand_IsNotAPerson()
    {
        using var d = new ThermalDetector(32, 24);
        short[] f = Frame(32, 24, 2000);
        d.Process(f);
        Rect(f, 32, 0, 5, 2, 8, 5500);
        ThermalFrameResult r = d.Process(f);
        Assert.Equal(0, r.Count);
        Assert.Equal(0, r.ForegroundPixels);
    }

    [Fact]
    public void Process_Presence_HasHysteresis()
    {
        var o = ThermalDetectorOptions.Defaults(4, 4) with { PresenceOnFrames = 2, PresenceOffFrames = 3 };
        using var d = new ThermalDetector(4, 4, o);
        short[] f = Frame(4, 4, 2000);
        d.Process(f);
        f[0] = 2500;
        Assert.False(d.Process(f).Present);
        Assert.True(d.Process(f).Present);
        f[0] = 2000;
        Assert.True(d.Process(f).Present);
        Assert.True(d.Process(f).Present);
        Assert.False(d.Process(f).Present);
    }

    [Fact]
    public void Process_Walker_IsOneEntryAndOneExit()
    {
        using var d = new ThermalDetector(32, 24);
        short[] empty = Frame(32, 24, 2000);
        d.Process(empty);
        ThermalFrameResult r = d.Process(empty);
        for (int x = 0; x < 28; x++)
        {
            short[] f = Frame(32, 24, 2000);
            Rect(f, 32, x, 9, 3, 5, 3100);
            r = d.Process(f);
        }
        Assert.Equal(1, r.Entries);
        Assert.True(Assert.Single(r.Blobs).TrackId > 0);
        for (int i = 0; i < 10; i++)
        {
            r = d.Process(empty);
        }
        Assert.Equal(1, r.Exits);
    }

    [Fact]
    public void Process_WrongFrameSize_Throws()
    {
        using var d = new ThermalDetector(4, 4);
        Assert.Throws<ArgumentOutOfRangeException>(() => d.Process(new short[15]));
    }

    [Fact]
    public void Dispose_ThenUse_Throws()
    {
        var d = new ThermalDetector(4, 4);
        d.Dispose();
        Assert.Throws<ObjectDisposedException>(() => d.Process(new short[16]));
    }
}
