using System.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage;

namespace Shuzhi.Platform.Persistence;

/// <summary>A named counter, e.g. "case:AJ-2026" → 123.</summary>
public sealed class SequenceCounter
{
    public required string Name { get; set; }
    public long Value { get; set; }
}

internal sealed class SequenceCounterConfig : IEntityTypeConfiguration<SequenceCounter>
{
    public void Configure(EntityTypeBuilder<SequenceCounter> b)
    {
        b.ToTable("sequences");
        b.HasKey(s => s.Name);
        b.Property(s => s.Name).HasMaxLength(200);
    }
}

/// <summary>
/// Human-readable numbers (case numbers, catalogue codes) that stay unique when two requests, or the server
/// and the CLI, ask at the same moment: one atomic upsert-and-return in the database (SQLite ≥ 3.35 and
/// PostgreSQL both support ON CONFLICT … RETURNING). A number taken by a unit of work that later fails is
/// not reused: numbers are unique, not gapless.
/// </summary>
public static class Sequences
{
    public static async Task<long> NextValueAsync(this ShuzhiDb db, string name, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != ConnectionState.Open) await db.Database.OpenConnectionAsync(ct);
        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = "INSERT INTO sequences (\"Name\", \"Value\") VALUES (@name, 1) " +
                              "ON CONFLICT (\"Name\") DO UPDATE SET \"Value\" = sequences.\"Value\" + 1 RETURNING \"Value\"";
        var p = command.CreateParameter();
        p.ParameterName = "@name";
        p.Value = name;
        command.Parameters.Add(p);
        var result = await command.ExecuteScalarAsync(ct);
        return Convert.ToInt64(result, System.Globalization.CultureInfo.InvariantCulture);
    }
}
