// SPDX-License-Identifier: MIT
using System.Runtime.InteropServices;
using Fleet.Thermal.Native;

namespace Fleet.Thermal.Tests;

/// <summary>Every struct that crosses P/Invoke has the C size and the C offset for every field.</summary>
public sealed class NativeLayoutTests
{
    private static void AssertLayout<T>(uint structId) where T : struct
    {
        Assert.Equal(ThermalNativeMethods.AbiSizeOf(structId), (uint)Marshal.SizeOf<T>());
        var fields = typeof(T).GetFields(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Public);
        for (uint i = 0; i < fields.Length; i++)
        {
            Assert.True(ThermalNativeMethods.AbiOffsetOf(structId, i) == (uint)Marshal.OffsetOf<T>(fields[i].Name),
                        $"{typeof(T).Name}.{fields[i].Name}: C {ThermalNativeMethods.AbiOffsetOf(structId, i)}, C# {Marshal.OffsetOf<T>(fields[i].Name)}");
        }
        Assert.Equal(uint.MaxValue, ThermalNativeMethods.AbiOffsetOf(structId, (uint)fields.Length));
    }

    [Fact]
    public void Config_MatchesC() => AssertLayout<ThermalConfigNative>(ThermalNativeMethods.ConfigStructId);

    [Fact]
    public void Blob_MatchesC() => AssertLayout<ThermalBlobNative>(ThermalNativeMethods.BlobStructId);

    [Fact]
    public unsafe void Result_MatchesC()
    {
        AssertLayout<ThermalResultNative>(ThermalNativeMethods.ResultStructId);
        Assert.Equal((uint)sizeof(ThermalResultNative), ThermalNativeMethods.AbiSizeOf(ThermalNativeMethods.ResultStructId));
        Assert.Equal(ThermalNativeMethods.MaxBlobs * sizeof(ThermalBlobNative), sizeof(ThermalBlobArrayNative));
    }

    [Fact]
    public void UnknownStruct_ReportsNothing()
    {
        Assert.Equal(0u, ThermalNativeMethods.AbiSizeOf(0));
        Assert.Equal(uint.MaxValue, ThermalNativeMethods.AbiOffsetOf(9, 0));
    }
}
