using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Shuzhi.Platform.Persistence;

// Used only by `dotnet ef migrations add` (one migration set per provider):
//   dotnet ef migrations add NAME -p src/Shuzhi.Platform -s src/Shuzhi.Platform --context SqliteShuzhiDb -o Persistence/Migrations/Sqlite
//   dotnet ef migrations add NAME -p src/Shuzhi.Platform -s src/Shuzhi.Platform --context PostgresShuzhiDb -o Persistence/Migrations/Postgres

internal sealed class SqliteDesignFactory : IDesignTimeDbContextFactory<SqliteShuzhiDb>
{
    public SqliteShuzhiDb CreateDbContext(string[] args)
        => new(new DbContextOptionsBuilder<SqliteShuzhiDb>().UseSqlite("Data Source=design.db").Options, TimeProvider.System);
}

internal sealed class PostgresDesignFactory : IDesignTimeDbContextFactory<PostgresShuzhiDb>
{
    public PostgresShuzhiDb CreateDbContext(string[] args)
        => new(new DbContextOptionsBuilder<PostgresShuzhiDb>().UseNpgsql("Host=localhost;Database=design").Options, TimeProvider.System);
}
