// SPDX-License-Identifier: MIT
namespace Fleet.Gateway.Storage;

/// <summary>One forward-only schema step: applied once, in order, recorded in <c>schema_migrations</c>.</summary>
/// <param name="Version">1, 2, …; the same numbers mean the same tables in every provider.</param>
/// <param name="Name">A short description, stored with the version.</param>
/// <param name="Sql">The provider's DDL for this step.</param>
public sealed record SchemaMigration(int Version, string Name, string Sql);
