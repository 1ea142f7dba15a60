// SPDX-License-Identifier: MIT
using System.ComponentModel.DataAnnotations;

namespace Fleet.Gateway.Storage;

/// <summary>Where the gateway keeps its SQLite database.</summary>
/// <remarks>
/// <code>
/// "Storage": { "DataDirectory": "fleet-data" }
/// </code>
/// </remarks>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>
    /// Directory holding <c>fleet.db</c>; relative paths are resolved against the current directory. Created if
    /// missing. Default <c>fleet-data</c>.
    /// </summary>
    [Required(AllowEmptyStrings = false)]
    public string DataDirectory { get; set; } = "fleet-data";

    /// <summary>The absolute path of the data directory.</summary>
    public string ResolveDataDirectory() => Path.GetFullPath(DataDirectory, Environment.CurrentDirectory);
}
