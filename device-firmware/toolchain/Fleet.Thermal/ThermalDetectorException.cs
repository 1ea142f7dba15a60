// SPDX-License-Identifier: MIT
namespace Fleet.Thermal;

/// <summary>The native detector refused a call; <see cref="Status"/> is the fl_status_t value.</summary>
public sealed class ThermalDetectorException(string operation, int status)
    : Exception($"{operation} failed with fl_status {status}")
{
    /// <summary>The negative fl_status_t code (-1 FL_ERR_ARG, -2 FL_ERR_NO_MEM, -7 FL_ERR_RANGE, ...).</summary>
    public int Status { get; } = status;
}
