// SPDX-License-Identifier: MIT
using System.Data;
using System.Data.Common;
using System.Globalization;

namespace Fleet.Gateway.Storage;

/// <summary>
/// Provider-neutral parameters (<c>@name</c> works for Microsoft.Data.Sqlite and Npgsql alike), so the
/// management queries port to PostgreSQL without rewriting each call.
/// </summary>
internal static class DbCommandExtensions
{
    public static DbCommand WithText(this DbCommand command, string sql)
    {
        command.CommandText = sql;
        return command;
    }

    /// <summary>Adds a parameter; a null gets <paramref name="nullType"/>, since PostgreSQL cannot infer the type of
    /// an untyped NULL in <c>@p IS NULL</c>.</summary>
    public static DbCommand With(this DbCommand command, string name, object? value, DbType nullType = DbType.Int64)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        if (value is null)
        {
            parameter.DbType = nullType;
        }

        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return command;
    }

    // Typed overloads: a NULL sent without a type leaves PostgreSQL unable to resolve "@p IS NULL OR col = @p"
    // (42P08), so a null keeps the type the compiler saw. SQLite ignores the type either way.
    public static DbCommand With(this DbCommand command, string name, string? value) =>
        command.WithTyped(name, value, System.Data.DbType.String);

    public static DbCommand With(this DbCommand command, string name, long? value) =>
        command.WithTyped(name, value, System.Data.DbType.Int64);

    public static DbCommand With(this DbCommand command, string name, int? value) =>
        command.WithTyped(name, value, System.Data.DbType.Int32);

    private static DbCommand WithTyped(this DbCommand command, string name, object? value, System.Data.DbType nullType)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        if (value is null)
        {
            parameter.DbType = nullType;
        }

        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return command;
    }

    public static long? GetInt64OrNull(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetLong(ordinal);

    /// <summary>An integer column whatever its width or provider (SQLite INTEGER, PostgreSQL int4/int8/boolean).</summary>
    public static long GetLong(this DbDataReader reader, int ordinal) =>
        Convert.ToInt64(reader.GetValue(ordinal), CultureInfo.InvariantCulture);

    /// <summary>A real value (SQLite REAL, PostgreSQL double or numeric, e.g. AVG of integers).</summary>
    public static double GetReal(this DbDataReader reader, int ordinal) =>
        Convert.ToDouble(reader.GetValue(ordinal), CultureInfo.InvariantCulture);

    public static string? GetStringOrNull(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static DateTimeOffset FromUnixMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
}
