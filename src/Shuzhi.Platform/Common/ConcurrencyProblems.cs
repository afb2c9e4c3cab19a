using Microsoft.EntityFrameworkCore;

namespace Shuzhi.Platform.Common;

/// <summary>
/// Turns what the database refuses at commit into 409 problems, never 500: a row changed by someone else since it
/// was read (a concurrency token, e.g. <c>Version</c>) → rule "concurrent-change"; a unique index violated by a
/// simultaneous request → the caller's rule (default "unique"). Nothing is written in either case.
/// </summary>
public static class ConcurrencyProblems
{
    public const string ConcurrentChange = "concurrent-change";

    public static ConflictProblem Concurrent()
        => new(ConcurrentChange, "数据已被他人同时修改，请刷新后重试 / the data was changed by someone else at the same time; reload and try again");

    /// <summary>The problem for <paramref name="e"/>, or null when it is neither a concurrency nor a unique violation.</summary>
    public static ConflictProblem? From(Exception e, string uniqueRule = "unique", string? uniqueDetail = null) => e switch
    {
        DbUpdateConcurrencyException => Concurrent(),
        DbUpdateException { InnerException: var inner } when IsUniqueViolation(inner) =>
            new ConflictProblem(uniqueRule, uniqueDetail ?? "同一数据刚被另一请求写入，请刷新后重试 / the same data was just written by another request; reload and try again"),
        _ => null,
    };

    public static bool IsUniqueViolation(Exception? e) => e switch
    {
        Microsoft.Data.Sqlite.SqliteException s => s.SqliteExtendedErrorCode is 2067 or 1555, // SQLITE_CONSTRAINT_UNIQUE, _PRIMARYKEY
        Npgsql.PostgresException p => p.SqlState == "23505",
        _ => false,
    };

    /// <summary>Saves; maps a concurrency or unique violation to 409 (see <see cref="From"/>).</summary>
    public static async Task<int> SaveOrConflictAsync(this DbContext db, CancellationToken ct, string uniqueRule = "unique", string? uniqueDetail = null)
    {
        try
        {
            return await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (From(e, uniqueRule, uniqueDetail) is { } problem)
        {
            throw problem;
        }
    }
}
