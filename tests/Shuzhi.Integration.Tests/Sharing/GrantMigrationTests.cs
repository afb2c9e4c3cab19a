using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;
using Shuzhi.Platform.Datasets;
using Shuzhi.Platform.Persistence;

namespace Shuzhi.Integration.Tests.Sharing;

/// <summary>
/// Upgrading a database made before sharing keeps its raw-field grants: the Sharing migration renames raw_field_grants
/// to data_grants and adds the sharing columns (a generated migration would have dropped the table).
/// </summary>
public sealed class GrantMigrationTests
{
    private static readonly Guid GrantId = Guid.Parse("6f1c2d3e-4b5a-4c6d-8e7f-901a2b3c4d5e");

    private static async Task UpgradeKeepsTheGrant(ShuzhiDb db, string insertOldGrant)
    {
        var migrator = db.GetService<IMigrator>();
        await migrator.MigrateAsync("DataVersionBasis"); // the last migration before sharing
        await db.Database.ExecuteSqlRawAsync(insertOldGrant);
        await migrator.MigrateAsync();                   // to the latest
        var grant = await db.Set<DataGrant>().AsNoTracking().SingleAsync(g => g.Id == GrantId);
        Assert.Equal("520000-GA-0001", grant.EntryCode);
        Assert.Equal(["姓名", "手机号码"], grant.FieldList);
        Assert.Equal("api", grant.Delivery);
        Assert.Null(grant.ApplicationId);
        Assert.Null(grant.RevokedAt);
        Assert.False(grant.IsSharingGrant);
    }

    [Fact]
    public async Task Sqlite_upgrade_keeps_raw_field_grants()
    {
        var file = Path.Combine(Path.GetTempPath(), $"shuzhi-upgrade-{Guid.NewGuid():N}.db");
        try
        {
            await using var db = new SqliteShuzhiDb(new DbContextOptionsBuilder<SqliteShuzhiDb>().UseSqlite($"Data Source={file};Pooling=false").Options, TimeProvider.System);
            await UpgradeKeepsTheGrant(db, $"""
                INSERT INTO raw_field_grants (Id, EntryId, EntryCode, GranteeOrganisationId, GranteeName, Fields, Reason, GrantedBy, GrantedAt)
                VALUES ('{GrantId.ToString().ToUpperInvariant()}', '{Guid.NewGuid().ToString().ToUpperInvariant()}', '520000-GA-0001',
                        '{Guid.NewGuid().ToString().ToUpperInvariant()}', '贵阳市公安局', '|姓名|手机号码|', '核查', 'gz.ga.commissioner', 0)
                """);
        }
        finally { File.Delete(file); }
    }

    [Fact]
    public async Task Postgres_upgrade_keeps_raw_field_grants()
    {
        var database = $"shuzhi_u_{Guid.NewGuid():N}";
        await using (var admin = new NpgsqlConnection(PostgresServer.AdminConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {database} ENCODING 'UTF8' TEMPLATE template0", admin);
            await create.ExecuteNonQueryAsync();
        }
        try
        {
            var cs = new NpgsqlConnectionStringBuilder(PostgresServer.AdminConnectionString) { Database = database }.ConnectionString;
            await using var db = new PostgresShuzhiDb(new DbContextOptionsBuilder<PostgresShuzhiDb>().UseNpgsql(cs).Options, TimeProvider.System);
            await UpgradeKeepsTheGrant(db, $"""
                INSERT INTO raw_field_grants ("Id", "EntryId", "EntryCode", "GranteeOrganisationId", "GranteeName", "Fields", "Reason", "GrantedBy", "GrantedAt")
                VALUES ('{GrantId}', '{Guid.NewGuid()}', '520000-GA-0001', '{Guid.NewGuid()}', '贵阳市公安局', '|姓名|手机号码|', '核查', 'gz.ga.commissioner', now())
                """);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(PostgresServer.AdminConnectionString);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }
    }
}
