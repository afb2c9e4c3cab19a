using System.Text;
using Npgsql;
using Shuzhi.Platform.Datasets.Storage;

namespace Shuzhi.Integration.Tests.Datasets;

/// <summary>A row store on a fresh directory or database, with one committed storage ("main") of <see cref="RowData"/> rows.</summary>
public abstract class RowStoreFixture : IAsyncLifetime
{
    public const string Main = "main_v1";
    public IRowStore Store { get; private set; } = null!;
    public List<object?[]> Rows { get; } = RowData.Make(600, seed: 7);

    /// <summary>A second store instance over the same directory or database, as a restarted process would have.</summary>
    public abstract IRowStore NewInstance();

    /// <summary>Whether an abandoned, uncommitted writer's leftover is visible to <see cref="IRowStore.ListAsync"/> (a file yes; a PostgreSQL transaction no).</summary>
    public abstract bool ListsLeftovers { get; }

    /// <summary>Counts of at most this many matches are exact under <see cref="CountMode.Estimate"/>.</summary>
    public const int EstimateThreshold = 50;

    protected abstract Task<IRowStore> CreateStoreAsync();

    public async Task InitializeAsync()
    {
        Store = await CreateStoreAsync();
        await RowData.WriteAsync(Store, Main, Rows);
    }

    public virtual Task DisposeAsync()
    {
        (Store as IDisposable)?.Dispose();
        return Task.CompletedTask;
    }
}

public sealed class SqliteRowStoreFixture : RowStoreFixture
{
    public string Root { get; } = Path.Combine(Directory.CreateTempSubdirectory("shuzhi-rows-").FullName, "rows");
    public override bool ListsLeftovers => true;
    public override IRowStore NewInstance() => new SqliteRowStore(Root) { EstimateThreshold = EstimateThreshold };
    protected override Task<IRowStore> CreateStoreAsync() => Task.FromResult(NewInstance());

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        try { Directory.Delete(Path.GetDirectoryName(Root)!, recursive: true); } catch (IOException) { }
    }
}

/// <summary>A fresh PostgreSQL database from SHUZHI_TEST_PG (see <see cref="PostgresServer"/>), dropped afterwards.</summary>
public sealed class PostgresRowStoreFixture : RowStoreFixture
{
    private readonly string database = $"shuzhi_rows_{Guid.NewGuid():N}";
    private string connectionString = "";
    private readonly List<PostgresRowStore> instances = [];
    public override bool ListsLeftovers => false;

    public override IRowStore NewInstance()
    {
        var s = new PostgresRowStore(connectionString) { EstimateThreshold = EstimateThreshold };
        instances.Add(s);
        return s;
    }

    protected override async Task<IRowStore> CreateStoreAsync()
    {
        await using (var conn = new NpgsqlConnection(PostgresServer.AdminConnectionString))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE {database} ENCODING 'UTF8' TEMPLATE template0", conn);
            await cmd.ExecuteNonQueryAsync();
        }
        connectionString = new NpgsqlConnectionStringBuilder(PostgresServer.AdminConnectionString) { Database = database }.ConnectionString;
        return NewInstance();
    }

    public override async Task DisposeAsync()
    {
        foreach (var s in instances) await s.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await using var conn = new NpgsqlConnection(PostgresServer.AdminConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", conn);
        await cmd.ExecuteNonQueryAsync();
    }
}

/// <summary>Test data shaped like a department's file: Chinese names and addresses, identifiers, amounts, dates, nulls and ties.</summary>
public static class RowData
{
    public const int Name = 0, Code = 1, Amount = 2, Born = 3, At = 4, Count = 5, Flag = 6, Address = 7, Note = 8;

    public static readonly RowSchema Schema = new(
    [
        new StoredColumn("姓名", StoredType.Text, Indexed: true, Searchable: true),
        new StoredColumn("编码", StoredType.Text, Indexed: true),
        new StoredColumn("金额", StoredType.Decimal),
        new StoredColumn("出生日期", StoredType.Date, Indexed: true),
        new StoredColumn("登记时间", StoredType.DateTime),
        new StoredColumn("人数", StoredType.Integer, Indexed: true),
        new StoredColumn("有效", StoredType.Boolean),
        new StoredColumn("地址", StoredType.Text, Searchable: true),
        new StoredColumn("备注", StoredType.Text),
    ], [Code]);

    private static readonly string[] Surnames = ["张", "李", "王", "刘", "陈", "杨", "赵", "黄"];
    private static readonly string[] Given = ["伟", "芳", "娜", "秀英", "敏", "静", "强", "磊", "东"];
    private static readonly string[] Latin = ["Zhang Wei", "ZHANG Min", "École Li", "Wang_Fang", "O'Brien \"Bo\""];
    private static readonly string[] Places = ["北京市东城区", "北京市西城区", "上海市浦东新区", "贵州省贵阳市南明区", "广东省深圳市福田区", "东莞市"];
    private static readonly string[] Extras = ["", "", "", " 100%纯", " a_b座", " \"东\"门", " Room 5B"];

    public static List<object?[]> Make(int count, int seed)
    {
        var r = new Random(seed);
        var rows = new List<object?[]>(count);
        for (var i = 0; i < count; i++)
        {
            object?[] v = new object?[Schema.Columns.Count];
            v[Name] = r.Next(12) switch
            {
                0 => null,
                1 => Latin[r.Next(Latin.Length)],
                _ => Surnames[r.Next(Surnames.Length)] + Given[r.Next(Given.Length)],
            };
            v[Code] = r.Next(40) == 0 ? null : $"91520100MA{i:D6}X";
            v[Amount] = r.Next(10) == 0 ? null : r.Next(40) * 1.25m - 10m;
            v[Born] = r.Next(10) == 0 ? null : new DateOnly(1950 + r.Next(30), 1 + r.Next(12), 1 + r.Next(28));
            v[At] = r.Next(10) == 0 ? null : new DateTime(2024, 1, 1, 8, 0, 0).AddSeconds(r.Next(200) * 3601L);
            v[Count] = r.Next(7) == 0 ? null : (long)r.Next(15);
            v[Flag] = r.Next(5) == 0 ? null : r.Next(2) == 0;
            v[Address] = r.Next(15) == 0 ? null : Places[r.Next(Places.Length)] + (100 + r.Next(900)) + "号" + Extras[r.Next(Extras.Length)];
            v[Note] = r.Next(3) == 0 ? null : "备注" + r.Next(50);
            rows.Add(v);
        }
        return rows;
    }

    public static async Task<long> WriteAsync(IRowStore store, string storage, IReadOnlyList<object?[]> rows,
        LoadMode mode = LoadMode.Replace, string? basis = null, RowSchema? schema = null)
    {
        await using var w = await store.CreateAsync(storage, schema ?? Schema, mode, basis, default);
        var i = 0;
        foreach (var row in rows) await w.AddAsync(row, i++ % 50 == 3 ? $"{{\"金额\":\"约{i}元\"}}" : null, default);
        return await w.CommitAsync(default);
    }

    /// <summary>The _bad text <see cref="WriteAsync"/> gives row number <paramref name="row"/> (1-based) of a file.</summary>
    public static string? Bad(long row) => (row - 1) % 50 == 3 ? $"{{\"金额\":\"约{row}元\"}}" : null;

    /// <summary>Nulls first, then the database's order: code points for text (UTF-8 bytes, as both stores compare).</summary>
    public static int Compare(object? a, object? b)
    {
        if (a is null) return b is null ? 0 : -1;
        if (b is null) return 1;
        return a switch
        {
            string s => Encoding.UTF8.GetBytes(s).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes((string)b)),
            long l => l.CompareTo((long)b),
            decimal d => d.CompareTo((decimal)b),
            DateOnly d => d.CompareTo((DateOnly)b),
            DateTime t => t.CompareTo((DateTime)b),
            bool x => x.CompareTo((bool)b),
            _ => throw new InvalidOperationException(),
        };
    }

    /// <summary>Row numbers of <paramref name="rows"/> matching <paramref name="match"/>, in the query's order.</summary>
    public static List<long> Expected(List<object?[]> rows, Func<object?[], bool> match, int? sort = null, bool descending = false)
    {
        var list = rows.Select((v, i) => (Row: i + 1L, Values: v)).Where(x => match(x.Values)).ToList();
        list.Sort((x, y) =>
        {
            var c = sort is { } s ? Compare(x.Values[s], y.Values[s]) : 0;
            return c != 0 ? c : x.Row.CompareTo(y.Row);
        });
        if (descending) list.Reverse();
        return list.Select(x => x.Row).ToList();
    }
}

public abstract class RowStoreTests<TFixture>(TFixture fx) : IClassFixture<TFixture> where TFixture : RowStoreFixture
{
    private IRowStore Store => fx.Store;
    private static RowSchema Schema => RowData.Schema;
    private static string Unique(string prefix) => $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(60, prefix.Length + 33)];

    private async Task<List<long>> Rows(RowQuery q, string storage = RowStoreFixture.Main)
        => (await Store.QueryAsync(storage, Schema, q, default)).Rows.Select(r => r.Row).ToList();

    [Fact]
    public async Task Every_type_round_trips_with_nulls_chinese_text_and_bad_cells()
    {
        var page = await Store.QueryAsync(RowStoreFixture.Main, Schema, new RowQuery(), default);
        Assert.Equal(fx.Rows.Count, page.Rows.Count);
        Assert.Null(page.Next);
        for (var i = 0; i < fx.Rows.Count; i++)
        {
            Assert.Equal(i + 1, page.Rows[i].Row);
            Assert.Equal(fx.Rows[i], page.Rows[i].Values);
            Assert.Equal(RowData.Bad(i + 1), page.Rows[i].Bad);
        }

        // Extremes of each type, and a row of nulls.
        var storage = Unique("types");
        object?[] edge = ["𠮷野家 «引号» 'x' \"y\" \\ %_", "", -1234567890.12345m, new DateOnly(1, 1, 1), new DateTime(9999, 12, 31, 23, 59, 59),
            long.MinValue, true, "贵州省贵阳市观山湖区长岭北路", new string('长', 5000)];
        object?[] nulls = new object?[Schema.Columns.Count];
        Assert.Equal(2, await RowData.WriteAsync(Store, storage, [edge, nulls]));
        var back = await Store.QueryAsync(storage, Schema, new RowQuery(), default);
        Assert.Equal(edge, back.Rows[0].Values);
        Assert.Equal(nulls, back.Rows[1].Values);
        Assert.IsType<decimal>(back.Rows[0].Values[RowData.Amount]);
        Assert.IsType<DateOnly>(back.Rows[0].Values[RowData.Born]);
        Assert.IsType<long>(back.Rows[0].Values[RowData.Count]);
        await Store.DropAsync(storage, default);
    }

    [Fact]
    public async Task Selected_columns_come_back_in_the_order_asked()
    {
        var page = await Store.QueryAsync(RowStoreFixture.Main, Schema,
            new RowQuery { Columns = [RowData.Address, RowData.Name], Limit = 5 }, default);
        Assert.Equal(5, page.Rows.Count);
        for (var i = 0; i < 5; i++)
            Assert.Equal([fx.Rows[i][RowData.Address], fx.Rows[i][RowData.Name]], page.Rows[i].Values);
        Assert.NotNull(page.Next);
    }

    [Fact]
    public async Task Query_on_a_missing_storage_fails_clearly()
    {
        var ex = await Assert.ThrowsAsync<StorageNotFoundException>(() => Store.QueryAsync("never_written", Schema, new RowQuery(), default));
        Assert.Equal("never_written", ex.Storage);
        await Assert.ThrowsAsync<ArgumentException>(() => Store.QueryAsync("../etc/passwd", Schema, new RowQuery(), default));
    }

    [Fact]
    public async Task Dispose_without_commit_leaves_nothing_readable_and_frees_the_name()
    {
        var storage = Unique("aborted");
        await using (var w = await Store.CreateAsync(storage, Schema, LoadMode.Replace, null, default))
            foreach (var row in fx.Rows) await w.AddAsync(row, null, default);
        await Assert.ThrowsAsync<StorageNotFoundException>(() => Store.QueryAsync(storage, Schema, new RowQuery(), default));
        Assert.DoesNotContain(storage, await Store.ListAsync(default));
        Assert.Equal(3, await RowData.WriteAsync(Store, storage, fx.Rows.Take(3).ToList()));
        Assert.Contains(storage, await Store.ListAsync(default));
        await Store.DropAsync(storage, default);
        Assert.DoesNotContain(storage, await Store.ListAsync(default));
        await Assert.ThrowsAsync<StorageNotFoundException>(() => Store.QueryAsync(storage, Schema, new RowQuery(), default));
    }

    [Fact]
    public async Task A_writer_that_fails_midway_leaves_the_previous_storage_intact()
    {
        var before = Unique("before");
        await RowData.WriteAsync(Store, before, fx.Rows.Take(20).ToList());
        var failed = Unique("failed");
        await Assert.ThrowsAnyAsync<InvalidCastException>(async () =>
        {
            await using var w = await Store.CreateAsync(failed, Schema, LoadMode.Append, before, default);
            for (var i = 0; i < 3000; i++)
            {
                var row = (object?[])fx.Rows[i % fx.Rows.Count].Clone();
                if (i == 1500) row[RowData.Count] = "十二"; // text where an integer belongs
                await w.AddAsync(row, null, default);
            }
            await w.CommitAsync(default);
        });
        Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), await Rows(new RowQuery(), before));
        await Assert.ThrowsAsync<StorageNotFoundException>(() => Store.QueryAsync(failed, Schema, new RowQuery(), default));
        Assert.DoesNotContain(failed, await Store.ListAsync(default));
        await Store.DropAsync(before, default);
    }

    [Fact]
    public async Task An_abandoned_writer_is_invisible_to_a_new_store_instance_which_can_drop_its_leftover()
    {
        // What a killed process leaves: a writer that was neither committed nor disposed.
        var storage = Unique("killed");
        var abandoned = await Store.CreateAsync(storage, Schema, LoadMode.Replace, null, default);
        foreach (var row in fx.Rows) await abandoned.AddAsync(row, null, default);

        var restarted = fx.NewInstance();
        await Assert.ThrowsAsync<StorageNotFoundException>(() => restarted.QueryAsync(storage, Schema, new RowQuery(), default));
        Assert.Equal(fx.ListsLeftovers, (await restarted.ListAsync(default)).Contains(storage));
        await restarted.DropAsync(storage, default);
        Assert.DoesNotContain(storage, await restarted.ListAsync(default));
        await Assert.ThrowsAsync<StorageNotFoundException>(() => restarted.QueryAsync(storage, Schema, new RowQuery(), default));
        await abandoned.DisposeAsync();
        (restarted as IDisposable)?.Dispose();
    }

    [Fact]
    public async Task Append_keeps_the_previous_rows_first_and_numbers_the_new_ones_after_them()
    {
        var v1 = Unique("app1");
        var v2 = Unique("app2");
        await RowData.WriteAsync(Store, v1, fx.Rows.Take(5).ToList());
        Assert.Equal(7, await RowData.WriteAsync(Store, v2, fx.Rows.Skip(10).Take(2).ToList(), LoadMode.Append, v1));
        var page = await Store.QueryAsync(v2, Schema, new RowQuery(), default);
        Assert.Equal([1L, 2, 3, 4, 5, 6, 7], page.Rows.Select(r => r.Row));
        Assert.Equal(fx.Rows.Take(5).Concat(fx.Rows.Skip(10).Take(2)).ToList(), page.Rows.Select(r => r.Values).ToList());
        Assert.NotNull(RowData.Bad(4));
        Assert.Equal(RowData.Bad(4), page.Rows[3].Bad); // _bad travels with the basis rows
        // Both parts are searchable, through the index (3+ characters) and by scan.
        var combined = fx.Rows.Take(5).Concat(fx.Rows.Skip(10).Take(2)).ToList();
        foreach (var search in new[] { "北京市", "市" })
            Assert.Equal(RowData.Expected(combined, v => v[RowData.Address] is string a && a.Contains(search) || v[RowData.Name] is string n && n.Contains(search)),
                await Rows(new RowQuery { Search = search }, v2));
        Assert.Equal(5, (await Store.QueryAsync(v1, Schema, new RowQuery { Count = CountMode.Exact }, default)).Count);
        await Store.DropAsync(v1, default);
        await Store.DropAsync(v2, default);
    }

    [Fact]
    public async Task Upsert_puts_the_file_rows_first_then_the_previous_rows_whose_key_is_not_in_the_file()
    {
        object?[] Row(string? code, string name) { var v = (object?[])fx.Rows[0].Clone(); v[RowData.Code] = code; v[RowData.Name] = name; return v; }
        var v1 = Unique("ups1");
        var v2 = Unique("ups2");
        await RowData.WriteAsync(Store, v1, [Row("A", "甲"), Row("B", "乙"), Row(null, "无编码"), Row("C", "丙")]);
        Assert.Equal(6, await RowData.WriteAsync(Store, v2, [Row("B", "乙二"), Row("D", "丁"), Row(null, "新无编码")], LoadMode.Upsert, v1));
        var page = await Store.QueryAsync(v2, Schema, new RowQuery { Columns = [RowData.Code, RowData.Name] }, default);
        Assert.Equal([1L, 2, 3, 4, 5, 6], page.Rows.Select(r => r.Row));
        // B is replaced; A and C stay after the file's rows; a null key never matches, so the old keyless row stays too.
        Assert.Equal(new object?[][] { ["B", "乙二"], ["D", "丁"], [null, "新无编码"], ["A", "甲"], [null, "无编码"], ["C", "丙"] },
            page.Rows.Select(r => r.Values).ToArray());
        Assert.Equal(4, (await Store.QueryAsync(v1, Schema, new RowQuery { Count = CountMode.Exact }, default)).Count);
        Assert.Equal([3L, 5], await Rows(new RowQuery { Search = "无编码" }, v2));
        Assert.Equal([1L], await Rows(new RowQuery { Search = "乙" }, v2));      // the replaced 乙 is gone
        Assert.Equal([4L], await Rows(new RowQuery { Search = "甲" }, v2));
        await Store.DropAsync(v1, default);
        await Store.DropAsync(v2, default);
    }

    public static TheoryData<string> FilterCases() => [.. FilterTable.Keys];

    private static readonly List<object?[]> Data = RowData.Make(600, seed: 7);

    private static readonly Dictionary<string, (RowFilter Filter, Func<object?[], bool> Match)> FilterTable = new()
    {
        ["eq text"] = (new(RowData.Name, FilterOp.Eq, ["张伟"]), v => (string?)v[RowData.Name] == "张伟"),
        ["ne integer"] = (new(RowData.Count, FilterOp.Ne, [3L]), v => v[RowData.Count] is long c && c != 3),
        ["in integer"] = (new(RowData.Count, FilterOp.In, [1L, 4L, 9L]), v => v[RowData.Count] is 1L or 4L or 9L),
        ["in text"] = (new(RowData.Name, FilterOp.In, ["王芳", "Zhang Wei", "不存在"]), v => v[RowData.Name] is "王芳" or "Zhang Wei"),
        ["gt decimal"] = (new(RowData.Amount, FilterOp.Gt, [12.5m]), v => v[RowData.Amount] is decimal d && d > 12.5m),
        ["gte date"] = (new(RowData.Born, FilterOp.Gte, [new DateOnly(1970, 6, 1)]), v => v[RowData.Born] is DateOnly d && d >= new DateOnly(1970, 6, 1)),
        ["lt datetime"] = (new(RowData.At, FilterOp.Lt, [new DateTime(2024, 2, 1, 12, 0, 0)]), v => v[RowData.At] is DateTime t && t < new DateTime(2024, 2, 1, 12, 0, 0)),
        ["lte integer"] = (new(RowData.Count, FilterOp.Lte, [2L]), v => v[RowData.Count] is long c && c <= 2),
        ["eq boolean"] = (new(RowData.Flag, FilterOp.Eq, [false]), v => v[RowData.Flag] is false),
        ["isnull"] = (new(RowData.Amount, FilterOp.IsNull, []), v => v[RowData.Amount] is null),
        ["notnull"] = (new(RowData.Address, FilterOp.NotNull, []), v => v[RowData.Address] is not null),
        ["eq date"] = (new(RowData.Born, FilterOp.Eq, [(DateOnly)Data.First(v => v[RowData.Born] is not null)[RowData.Born]!]),
            v => Equals(v[RowData.Born], Data.First(x => x[RowData.Born] is not null)[RowData.Born])),
        ["lt text"] = (new(RowData.Name, FilterOp.Lt, ["李"]), v => v[RowData.Name] is string s && RowData.Compare(s, "李") < 0),
    };

    [Theory]
    [MemberData(nameof(FilterCases))]
    public async Task Each_filter_returns_exactly_the_matching_rows(string name)
    {
        var (filter, match) = FilterTable[name];
        var expected = RowData.Expected(fx.Rows, match);
        Assert.NotEmpty(expected);
        Assert.NotEqual(fx.Rows.Count, expected.Count);
        Assert.Equal(expected, await Rows(new RowQuery { Filters = [filter] }));
        var page = await Store.QueryAsync(RowStoreFixture.Main, Schema, new RowQuery { Filters = [filter], Limit = 1, Count = CountMode.Exact }, default);
        Assert.Equal(expected.Count, page.Count);
    }

    [Fact]
    public async Task Filters_are_anded()
    {
        RowFilter[] filters = [new(RowData.Count, FilterOp.Gte, [3L]), new(RowData.Count, FilterOp.Lt, [8L]), new(RowData.Flag, FilterOp.Eq, [true])];
        var expected = RowData.Expected(fx.Rows, v => v[RowData.Count] is long c && c >= 3 && c < 8 && v[RowData.Flag] is true);
        Assert.NotEmpty(expected);
        Assert.Equal(expected, await Rows(new RowQuery { Filters = filters }));
    }

    public static TheoryData<string, int[]> SearchCases() => new()
    {
        { "东", [] },             // one Chinese character: no trigram, scanned
        { "东城", [] },           // two
        { "东城区", [] },         // three: through the trigram index
        { "贵阳市南明", [] },
        { "zhang", [] },          // ASCII, case-insensitive
        { "ZH", [] },             // two Latin letters, case-insensitive
        { "école", [] },          // non-ASCII case folding
        { "100%", [] },           // LIKE wildcards are literal
        { "a_b", [] },
        { "_", [] },
        { "\"东\"", [] },         // FTS5 quotes are literal
        { "o'brien \"bo\"", [] },
        { "号 Room", [] },
        { "不存在的地址", [] },
        { "东", [RowData.Name] }, // restricted to one searchable column
        { "zhang", [RowData.Address] },
    };

    [Theory]
    [MemberData(nameof(SearchCases))]
    public async Task Search_finds_case_insensitive_substrings_of_any_length(string search, int[] columns)
    {
        IReadOnlyList<int> cols = columns.Length == 0 ? [RowData.Name, RowData.Address] : columns;
        var expected = RowData.Expected(fx.Rows, v => cols.Any(c => v[c] is string s && s.Contains(search, StringComparison.OrdinalIgnoreCase)));
        if (search != "不存在的地址" && !(search == "zhang" && columns.Length == 1)) Assert.NotEmpty(expected);
        Assert.Equal(expected, await Rows(new RowQuery { Search = search, SearchColumns = columns }));
        // With a filter and a sort as well.
        var sorted = RowData.Expected(fx.Rows,
            v => v[RowData.Count] is long c && c > 2 && cols.Any(k => v[k] is string s && s.Contains(search, StringComparison.OrdinalIgnoreCase)),
            sort: RowData.Born, descending: true);
        Assert.Equal(sorted, await Rows(new RowQuery
        {
            Search = search, SearchColumns = columns, Filters = [new(RowData.Count, FilterOp.Gt, [2L])], SortColumn = RowData.Born, Descending = true,
        }));
    }

    public static TheoryData<int, bool, int> WalkCases()
    {
        var data = new TheoryData<int, bool, int>();
        foreach (var column in new[] { RowData.Count, RowData.Amount, RowData.Name, RowData.Born, RowData.At, RowData.Flag, RowData.Code, -1 })
            foreach (var desc in new[] { false, true })
                data.Add(column, desc, column == RowData.Flag ? 13 : 7);
        return data;
    }

    [Theory]
    [MemberData(nameof(WalkCases))]
    public async Task Walking_every_keyset_page_gives_the_full_sorted_list(int column, bool descending, int pageSize)
    {
        int? sort = column < 0 ? null : column;
        var expected = RowData.Expected(fx.Rows, _ => true, sort, descending);
        Assert.Equal(expected, await Walk(new RowQuery { SortColumn = sort, Descending = descending, Limit = pageSize }));

        // The same with a filter and with a search narrowing the rows.
        var filtered = RowData.Expected(fx.Rows, v => v[RowData.Flag] is true, sort, descending);
        Assert.Equal(filtered, await Walk(new RowQuery
        {
            SortColumn = sort, Descending = descending, Limit = pageSize, Filters = [new(RowData.Flag, FilterOp.Eq, [true])],
        }));
        var searched = RowData.Expected(fx.Rows, v => v[RowData.Address] is string s && s.Contains("北京市"), sort, descending);
        Assert.Equal(searched, await Walk(new RowQuery { SortColumn = sort, Descending = descending, Limit = pageSize, Search = "北京市" }));
    }

    private async Task<List<long>> Walk(RowQuery first)
    {
        var all = new List<long>();
        var q = first;
        for (var pages = 0; pages < 10_000; pages++)
        {
            var page = await Store.QueryAsync(RowStoreFixture.Main, Schema, q, default);
            Assert.True(page.Rows.Count <= first.Limit);
            all.AddRange(page.Rows.Select(r => r.Row));
            if (page.Next is null) return all;
            Assert.Equal(first.Limit, page.Rows.Count);
            q = q with { After = page.Next };
        }
        throw new InvalidOperationException("The walk did not end.");
    }

    [Fact]
    public async Task Walking_with_next_tokens_from_the_query_string_gives_the_full_sorted_list()
    {
        var expected = RowData.Expected(fx.Rows, v => v[RowData.Flag] is true, RowData.Amount, descending: true);
        var parameters = new List<KeyValuePair<string, string?>> { new("有效", "true"), new("sort", "-金额"), new("limit", "9"), new("fields", "编码") };
        var all = new List<long>();
        string? token = null;
        while (true)
        {
            var ps = token is null ? parameters : [.. parameters, new("next", token)];
            var q = RowQueryParser.Parse(ps, Schema, _ => true, out var errors);
            Assert.Empty(errors);
            var page = await Store.QueryAsync(RowStoreFixture.Main, Schema, q!, default);
            all.AddRange(page.Rows.Select(r => r.Row));
            if (page.Next is null) break;
            token = RowQueryParser.NextToken(q!, page.Next);
        }
        Assert.Equal(expected, all);
    }

    [Fact]
    public async Task Scan_returns_every_matching_row_in_order_and_honours_limit_and_after()
    {
        var q = new RowQuery { SortColumn = RowData.Born, Filters = [new(RowData.Flag, FilterOp.NotNull, [])] };
        var expected = RowData.Expected(fx.Rows, v => v[RowData.Flag] is not null, RowData.Born);
        var all = new List<StoredRow>();
        await foreach (var row in Store.ScanAsync(RowStoreFixture.Main, Schema, q, default)) all.Add(row);
        Assert.Equal(expected, all.Select(r => r.Row));
        Assert.Equal(fx.Rows[(int)all[0].Row - 1], all[0].Values);

        var page = await Store.QueryAsync(RowStoreFixture.Main, Schema, q with { Limit = 10 }, default);
        var rest = new List<long>();
        await foreach (var row in Store.ScanAsync(RowStoreFixture.Main, Schema, q with { After = page.Next, Limit = 25 }, default)) rest.Add(row.Row);
        Assert.Equal(expected.Skip(10).Take(25), rest);
    }

    [Fact]
    public async Task Counts_are_exact_or_flagged_as_estimates()
    {
        var all = await Store.QueryAsync(RowStoreFixture.Main, Schema, new RowQuery { Limit = 1, Count = CountMode.Estimate }, default);
        Assert.Equal(fx.Rows.Count, all.Count);
        Assert.False(all.CountIsEstimate);

        var few = new RowQuery { Limit = 1, Count = CountMode.Estimate, Filters = [new(RowData.Count, FilterOp.Eq, [3L])] };
        var fewExpected = fx.Rows.Count(v => v[RowData.Count] is 3L);
        Assert.True(fewExpected <= RowStoreFixture.EstimateThreshold);
        var fewPage = await Store.QueryAsync(RowStoreFixture.Main, Schema, few, default);
        Assert.Equal(fewExpected, fewPage.Count);
        Assert.False(fewPage.CountIsEstimate);

        var none = await Store.QueryAsync(RowStoreFixture.Main, Schema, new RowQuery { Limit = 1 }, default);
        Assert.Null(none.Count);

        // Above the threshold on a large storage: sampled, flagged, close to the truth.
        var big = Unique("big");
        var rows = RowData.Make(70_000, seed: 3); // more than one chunk of the SQLite writer's search indexing (65,536 rows)
        await RowData.WriteAsync(Store, big, rows);
        var filter = new RowFilter(RowData.Count, FilterOp.Lt, [5L]);
        var truth = rows.Count(v => v[RowData.Count] is long c && c < 5);
        var exact = await Store.QueryAsync(big, Schema, new RowQuery { Limit = 1, Count = CountMode.Exact, Filters = [filter] }, default);
        Assert.Equal(truth, exact.Count);
        Assert.False(exact.CountIsEstimate);
        var estimate = await Store.QueryAsync(big, Schema, new RowQuery { Limit = 1, Count = CountMode.Estimate, Filters = [filter] }, default);
        Assert.True(estimate.CountIsEstimate);
        Assert.InRange(estimate.Count!.Value, truth * 0.85, truth * 1.15);
        var searched = await Store.QueryAsync(big, Schema, new RowQuery { Limit = 1, Count = CountMode.Estimate, Search = "北京市" }, default);
        var searchTruth = rows.Count(v => v[RowData.Address] is string s && s.Contains("北京市") || v[RowData.Name] is string n && n.Contains("北京市"));
        Assert.True(searched.CountIsEstimate);
        Assert.InRange(searched.Count!.Value, searchTruth * 0.85, searchTruth * 1.15);
        var exactSearch = await Store.QueryAsync(big, Schema, new RowQuery { Limit = 1, Count = CountMode.Exact, Search = "北京市" }, default);
        Assert.Equal(searchTruth, exactSearch.Count);
        var tail = await Store.QueryAsync(big, Schema, new RowQuery { Search = "北京市", Descending = true, Limit = 3 }, default);
        Assert.Equal(RowData.Expected(rows, v => v[RowData.Address] is string s && s.Contains("北京市"), descending: true).Take(3), tail.Rows.Select(r => r.Row));
        await Store.DropAsync(big, default);
    }

    [Fact]
    public async Task A_query_with_another_schema_is_refused()
    {
        var other = new RowSchema([new StoredColumn("x", StoredType.Integer)], []);
        await Assert.ThrowsAsync<ArgumentException>(() => Store.QueryAsync(RowStoreFixture.Main, other, new RowQuery(), default));
    }
}

public sealed class RowStoreTests_Sqlite(SqliteRowStoreFixture fx) : RowStoreTests<SqliteRowStoreFixture>(fx);
public sealed class RowStoreTests_Postgres(PostgresRowStoreFixture fx) : RowStoreTests<PostgresRowStoreFixture>(fx);

/// <summary>The row API's query string → <see cref="RowQuery"/> (no store needed).</summary>
public class RowQueryParserTests
{
    private static RowSchema Schema => RowData.Schema;

    private static RowQuery? Parse(string query, Func<int, bool>? canUseRaw, out IReadOnlyList<QueryError> errors)
    {
        var pairs = query.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p =>
        {
            var eq = p.IndexOf('=');
            return eq < 0
                ? new KeyValuePair<string, string?>(Uri.UnescapeDataString(p), null)
                : new KeyValuePair<string, string?>(Uri.UnescapeDataString(p[..eq]), Uri.UnescapeDataString(p[(eq + 1)..]));
        });
        return RowQueryParser.Parse(pairs.ToList(), Schema, canUseRaw ?? (_ => true), out errors);
    }

    private static RowQuery Ok(string query, Func<int, bool>? canUseRaw = null)
    {
        var q = Parse(query, canUseRaw, out var errors);
        Assert.True(errors.Count == 0, string.Join("; ", errors));
        return q!;
    }

    private static QueryError Refused(string query, Func<int, bool>? canUseRaw = null)
    {
        var q = Parse(query, canUseRaw, out var errors);
        Assert.Null(q);
        return Assert.Single(errors);
    }

    [Fact]
    public void Every_operator_is_parsed_to_the_field_type()
    {
        var q = Ok("姓名=张伟&人数__ne=3&人数__in=1,4,9&金额__gt=-12.5&出生日期__gte=1970-06-01&登记时间__lt=2024-02-01T12:00:00" +
                   "&登记时间__lte=2024-02-01 12:30&有效=false&地址__isnull=true&备注__isnull=false&编码__in=[\"a,b\",\"c\"]&人数__eq=7");
        Assert.Equal<RowFilter>(
        [
            new(RowData.Name, FilterOp.Eq, ["张伟"]),
            new(RowData.Count, FilterOp.Ne, [3L]),
            new(RowData.Count, FilterOp.In, [1L, 4L, 9L]),
            new(RowData.Amount, FilterOp.Gt, [-12.5m]),
            new(RowData.Born, FilterOp.Gte, [new DateOnly(1970, 6, 1)]),
            new(RowData.At, FilterOp.Lt, [new DateTime(2024, 2, 1, 12, 0, 0)]),
            new(RowData.At, FilterOp.Lte, [new DateTime(2024, 2, 1, 12, 30, 0)]),
            new(RowData.Flag, FilterOp.Eq, [false]),
            new(RowData.Address, FilterOp.IsNull, []),
            new(RowData.Note, FilterOp.NotNull, []),
            new(RowData.Code, FilterOp.In, ["a,b", "c"]),
            new(RowData.Count, FilterOp.Eq, [7L]),
        ], q.Filters, (a, b) => a.Column == b.Column && a.Op == b.Op && a.Values.SequenceEqual(b.Values));
        Assert.Equal(RowQueryParser.DefaultLimit, q.Limit);
        Assert.Equal(CountMode.None, q.Count);
    }

    [Fact]
    public void Search_sort_fields_limit_and_count()
    {
        var q = Ok("q=东城&sort=-出生日期&fields=地址,姓名&limit=20&count=estimate&format=csv&_=123");
        Assert.Equal("东城", q.Search);
        Assert.Equal([RowData.Name, RowData.Address], q.SearchColumns);
        Assert.Equal(RowData.Born, q.SortColumn);
        Assert.True(q.Descending);
        Assert.Equal([RowData.Address, RowData.Name], q.Columns);
        Assert.Equal(20, q.Limit);
        Assert.Equal(CountMode.Estimate, q.Count);
        Assert.Null(Ok("q=").Search);
    }

    [Theory]
    [InlineData("不存在=1", "不存在=1", "unknown-parameter")]
    [InlineData("不存在__gt=1", "不存在__gt", "unknown-field")]
    [InlineData("sort=不存在", "sort", "unknown-field")]
    [InlineData("fields=姓名,不存在", "fields", "unknown-field")]
    [InlineData("limit=0", "limit", "range")]
    [InlineData("limit=1001", "limit", "range")]
    [InlineData("count=maybe", "count", "one-of")]
    [InlineData("sort=姓名&sort=地址", "sort", "duplicate-parameter")]
    [InlineData("人数__in=", "人数__in", "list-length")]
    [InlineData("有效__isnull=yes", "有效__isnull", "boolean")]
    [InlineData("fields=姓名,姓名", "fields", "duplicate-field")]
    public void Unknown_and_malformed_parameters_are_refused_by_name_and_rule(string query, string parameter, string rule)
    {
        var e = Refused(query);
        Assert.Equal(parameter.Split('=')[0], e.Parameter);
        Assert.Equal(rule, e.Rule);
    }

    [Theory]
    [InlineData("人数__gt=壹佰零柒", "人数__gt", "integer")]
    [InlineData("金额=1,234.50", "金额", "decimal")]
    [InlineData("出生日期=2023年5月1日", "出生日期", "date")]
    [InlineData("登记时间__gte=昨天下午", "登记时间__gte", "date-time")]
    [InlineData("有效=是的", "有效", "boolean")]
    [InlineData("人数__in=1,二十,3", "人数__in", "integer")]
    public void A_bad_value_is_refused_without_repeating_it(string query, string parameter, string rule)
    {
        var e = Refused(query);
        Assert.Equal(parameter, e.Parameter);
        Assert.Equal(rule, e.Rule);
        Assert.Contains(parameter, e.Message);
        var value = query[(query.IndexOf('=') + 1)..];
        Assert.DoesNotContain(value, e.Message);
    }

    [Theory]
    [InlineData("编码=91520100MA000123X")]
    [InlineData("编码__gt=91520100MA000123X")]
    [InlineData("编码__in=91520100MA000123X,91520100MA000124X")]
    [InlineData("编码__isnull=true")]
    [InlineData("sort=编码")]
    [InlineData("sort=-编码")]
    public void Filtering_or_sorting_on_a_masked_field_is_refused_without_echoing_the_value(string query)
    {
        var e = Refused(query, i => i != RowData.Code);
        Assert.Equal("masked-field", e.Rule);
        Assert.DoesNotContain("91520100", e.Message);
        Assert.DoesNotContain("91520100", e.Parameter);
    }

    [Fact]
    public void Masked_fields_are_left_out_of_search_but_may_be_returned_masked()
    {
        var q = Ok("q=张&fields=编码,姓名", i => i != RowData.Name);
        Assert.Equal([RowData.Address], q.SearchColumns);
        Assert.Equal([RowData.Code, RowData.Name], q.Columns);
        var e = Refused("q=张", i => i is not (RowData.Name or RowData.Address));
        Assert.Equal("not-searchable", e.Rule);
        Assert.Equal("max-length", Refused("q=" + new string('东', 101)).Rule);
    }

    [Fact]
    public void A_next_token_round_trips_typed_positions_and_is_refused_with_another_query()
    {
        object?[] values = ["张伟", "X", 12.25m, new DateOnly(1980, 2, 29), new DateTime(2024, 3, 1, 8, 0, 5), 42L, true];
        int[] columns = [RowData.Name, RowData.Code, RowData.Amount, RowData.Born, RowData.At, RowData.Count, RowData.Flag];
        for (var i = 0; i < columns.Length; i++)
        {
            var query = $"人数__gte=3&q=北京&sort=-{Schema.Columns[columns[i]].Name}";
            var first = Ok(query + "&limit=10");
            foreach (var value in new[] { values[i], null })
            {
                var token = RowQueryParser.NextToken(first, new KeysetPosition(value, 77));
                Assert.Matches("^[A-Za-z0-9_-]+$", token);
                // fields, limit and count may change between pages; filters, search and sort may not.
                var next = Ok(query + "&fields=地址&limit=50&count=exact&next=" + token);
                Assert.Equal(new KeysetPosition(value, 77), next.After);
                Assert.Equal("foreign-token", Refused("人数__gte=4&q=北京&sort=-" + Schema.Columns[columns[i]].Name + "&next=" + token).Rule);
                Assert.Equal("foreign-token", Refused($"人数__gte=3&q=北京&sort={Schema.Columns[columns[i]].Name}&next=" + token).Rule);
                Assert.Equal("foreign-token", Refused($"人数__gte=3&q=上海&sort=-{Schema.Columns[columns[i]].Name}&next=" + token).Rule);
            }
        }
        // Filters may come in another order.
        var a = Ok("人数__gte=3&有效=true");
        var t = RowQueryParser.NextToken(a, new KeysetPosition(null, 5));
        Assert.Equal(5, Ok("有效=true&人数__gte=3&next=" + t).After!.Row);
    }

    [Theory]
    [InlineData("not base64 at all!")]
    [InlineData("e30")]                                   // {}
    [InlineData("eyJoIjoxLCJyIjoyfQ")]                    // {"h":1,"r":2}
    public void A_malformed_token_is_refused_without_echoing_it(string token)
    {
        var e = Refused("next=" + Uri.EscapeDataString(token));
        Assert.Equal("invalid-token", e.Rule);
        Assert.DoesNotContain(token, e.Message);
    }

    [Fact]
    public void A_token_with_a_value_of_the_wrong_type_is_refused()
    {
        var text = Ok("sort=姓名");
        var token = RowQueryParser.NextToken(text, new KeysetPosition("张伟", 3));
        // The same query shape but sorted on an integer column cannot reuse it (shape differs); forge one with the integer sort's hash.
        var number = Ok("sort=人数");
        var forged = RowQueryParser.NextToken(number, new KeysetPosition("abc", 3));
        Assert.Equal("invalid-token", Refused("sort=人数&next=" + forged).Rule);
        Assert.Equal("foreign-token", Refused("sort=人数&next=" + token).Rule);
    }
}
