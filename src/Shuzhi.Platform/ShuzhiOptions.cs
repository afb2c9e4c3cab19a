namespace Shuzhi.Platform;

/// <summary>
/// Configuration section "Shuzhi" (environment: Shuzhi__DataDirectory, Shuzhi__Database__Provider, …).
/// </summary>
public sealed class ShuzhiOptions
{
    /// <summary>Where the SQLite database, signing keys and attachments live. Default ./data.</summary>
    public string DataDirectory { get; set; } = "data";

    public DatabaseOptions Database { get; set; } = new();

    public ClockOptions Clock { get; set; } = new();

    public DatasetOptions Datasets { get; set; } = new();

    /// <summary>Seed demo organisations, users and catalogue on first start, and serve /api/v1/demo/accounts. Default: on in Development.</summary>
    public bool? Demo { get; set; }

    /// <summary>Whether demo mode is on: the Demo setting, else on in Development only.</summary>
    public bool DemoIn(string environmentName) => Demo ?? string.Equals(environmentName, "Development", StringComparison.OrdinalIgnoreCase);

    public string FullDataDirectory => Path.GetFullPath(DataDirectory);
}

public sealed class DatabaseOptions
{
    /// <summary>"sqlite" (default) or "postgres".</summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>For postgres: an Npgsql connection string. For sqlite: optional; default {DataDirectory}/shuzhi.db.</summary>
    public string? ConnectionString { get; set; }
}

public sealed class ClockOptions
{
    /// <summary>A fixed "now" (ISO 8601 with offset) for demonstrations and acceptance tests. Refused in Production.</summary>
    public string? Now { get; set; }
}

public sealed class DatasetOptions
{
    /// <summary>
    /// Caps the rows per second a load reads (0 = no cap), so a big load on a busy server leaves CPU for readers.
    /// Environment: Shuzhi__Datasets__LoadRowsPerSecond.
    /// </summary>
    public int LoadRowsPerSecond { get; set; }
}
