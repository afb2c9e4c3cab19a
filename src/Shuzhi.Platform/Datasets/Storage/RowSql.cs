using System.Globalization;
using System.Text;

namespace Shuzhi.Platform.Datasets.Storage;

internal enum SqlDialect : byte { Sqlite, Postgres }

/// <summary>
/// One index-friendly slice of a keyset page. A page is read slice by slice until it is full, so that every slice is a
/// plain index seek (a row-value comparison would rescan long runs of equal sort values, and "… OR c IS NULL" defeats
/// the index). Ascending: nulls first, so after a null the page continues with the remaining nulls, then the non-nulls;
/// after a value v it continues with the rest of v's ties (by _row), then values above v. Descending mirrors this, the
/// nulls coming last.
/// </summary>
internal enum KeysetPart : byte { All, RowAfter, SameAfter, Beyond, NullsAfter, NotNulls, Nulls }

internal enum CountSql : byte { Exact, Capped, Sample }

/// <summary>
/// Builds the SQL of a query shape and, every time, the arguments of one query. Identifiers are only c{ordinal},
/// _row, _bad and the table name (a checked storage name); every user value is an argument. The shape key names
/// everything that changes the SQL text (never a value), so SQL is generated once per shape.
/// </summary>
internal sealed class RowSql
{
    public readonly SqlDialect Dialect;
    public readonly List<(object Value, StoredType Type)> Args = new(8);
    public readonly StringBuilder Shape = new(64);
    private StringBuilder? sql;
    private readonly string table;
    private bool fts;
    private bool whereStarted;

    public RowSql(SqlDialect dialect, string table)
    {
        Dialect = dialect;
        this.table = table;
    }

    /// <summary>The slices a page walks through, in order.</summary>
    public static KeysetPart[] Parts(RowQuery q)
    {
        if (q.After is not { } after) return AllOnly;
        if (q.SortColumn is null) return RowAfterOnly;
        if (after.SortValue is null) return q.Descending ? NullsAfterOnly : NullsThenValues;
        return q.Descending ? TiesBelowNulls : TiesAbove;
    }

    private static readonly KeysetPart[] AllOnly = [KeysetPart.All];
    private static readonly KeysetPart[] RowAfterOnly = [KeysetPart.RowAfter];
    private static readonly KeysetPart[] NullsAfterOnly = [KeysetPart.NullsAfter];
    private static readonly KeysetPart[] NullsThenValues = [KeysetPart.NullsAfter, KeysetPart.NotNulls];
    private static readonly KeysetPart[] TiesAbove = [KeysetPart.SameAfter, KeysetPart.Beyond];
    private static readonly KeysetPart[] TiesBelowNulls = [KeysetPart.SameAfter, KeysetPart.Beyond, KeysetPart.Nulls];

    /// <summary>Resets for the next statement; <paramref name="withSql"/> when the shape's SQL is not cached yet.</summary>
    public void Reset(bool withSql)
    {
        Args.Clear();
        Shape.Clear();
        sql = withSql ? new StringBuilder(256) : null;
        fts = false;
        whereStarted = false;
    }

    public string Sql => sql?.ToString() ?? throw new InvalidOperationException("SQL was not requested.");

    private string R => fts ? "fts.rowid" : "t._row";

    /// <summary>SELECT _row, _bad, [sort value], selected columns … of one slice, with LIMIT as the last argument.</summary>
    public void Page(RowSchema schema, RowQuery q, KeysetPart part, long? limit)
    {
        Shape.Append('P').Append((char)('0' + (int)part)).Append(q.Descending ? 'd' : 'a');
        if (q.SortColumn is { } s) Shape.Append('o').Append(s);
        Shape.Append('|');
        S("SELECT t._row, t._bad");
        if (q.SortColumn is { } sc) { S(", t.c"); S(sc); }
        if (q.Columns.Count == 0)
        {
            Shape.Append('*').Append(schema.Columns.Count);
            for (var i = 0; i < schema.Columns.Count; i++) { S(", t.c"); S(i); }
        }
        else
        {
            foreach (var c in q.Columns) { Shape.Append(c).Append(','); S(", t.c"); S(c); }
        }
        From(schema, q);
        Where(schema, q);
        Keyset(schema, q, part);
        Shape.Append('|');
        S(" ORDER BY ");
        var desc = q.Descending ? " DESC" : "";
        if (q.SortColumn is { } o)
        {
            S("t.c"); S(o); S(desc);
            if (Dialect == SqlDialect.Postgres) S(q.Descending ? " NULLS LAST" : " NULLS FIRST");
            S(", ");
        }
        S(R); S(desc);
        S(" LIMIT ");
        // SQLite peeks at a bare "LIMIT ?" while planning and so re-prepares the statement every time it is bound
        // (measured: 2-3x the cost of a key lookup); "? + 0" is an expression it does not peek at.
        if (Dialect == SqlDialect.Sqlite) { Param(limit ?? -1L, StoredType.Integer); S(" + 0"); }
        else if (limit is null) S("ALL");
        else Param(limit.Value, StoredType.Integer);
        Shape.Append(limit is null ? 'n' : 'l');
    }

    /// <summary>COUNT(*) of the query's filters and search (no keyset): exact, capped at <paramref name="cap"/> rows, or over rows [from, to].</summary>
    public void Count(RowSchema schema, RowQuery q, CountSql kind, long cap = 0, long from = 0, long to = 0)
    {
        Shape.Append('C').Append((char)('0' + (int)kind)).Append('|');
        S(kind == CountSql.Capped ? "SELECT count(*) FROM (SELECT 1" : "SELECT count(*)");
        From(schema, q);
        Where(schema, q);
        if (kind == CountSql.Sample)
        {
            And(); S(R); S(" BETWEEN "); Param(from, StoredType.Integer); S(" AND "); Param(to, StoredType.Integer);
        }
        if (kind == CountSql.Capped) { S(" LIMIT "); Param(cap, StoredType.Integer); S(" + 0) x"); }
    }

    private void From(RowSchema schema, RowQuery q)
    {
        var search = q.Search;
        fts = Dialect == SqlDialect.Sqlite && !string.IsNullOrEmpty(search) && RuneCount(search) >= 3;
        if (Dialect == SqlDialect.Postgres) { S(" FROM "); S(table); S(" t"); }
        // FTS first: it yields its matches in rowid order, so an unsorted search page stops after LIMIT matches.
        else if (fts) S(" FROM fts CROSS JOIN rows t ON t._row = fts.rowid");
        else S(" FROM rows t");
        _ = schema;
    }

    private void Where(RowSchema schema, RowQuery q)
    {
        foreach (var f in q.Filters)
        {
            var type = schema.Columns[f.Column].Type;
            Shape.Append('f').Append(f.Column).Append((char)('a' + (int)f.Op));
            And();
            S("t.c"); S(f.Column);
            switch (f.Op)
            {
                case FilterOp.IsNull: S(" IS NULL"); break;
                case FilterOp.NotNull: S(" IS NOT NULL"); break;
                case FilterOp.In:
                    Shape.Append(f.Values.Count);
                    if (f.Values.Count == 0) { S(" IS NULL AND 1 = 0"); break; }
                    S(" IN (");
                    for (var i = 0; i < f.Values.Count; i++)
                    {
                        if (i > 0) S(", ");
                        Param(f.Values[i], type);
                    }
                    S(")");
                    break;
                default:
                    S(f.Op switch
                    {
                        FilterOp.Eq => " = ",
                        FilterOp.Ne => " <> ",
                        FilterOp.Gt => " > ",
                        FilterOp.Gte => " >= ",
                        FilterOp.Lt => " < ",
                        _ => " <= ",
                    });
                    Param(f.Values[0], type);
                    break;
            }
        }
        if (string.IsNullOrEmpty(q.Search)) return;
        var columns = SearchColumns(schema, q);
        if (fts)
        {
            // The column filter and the phrase are one argument: FTS5 query syntax, never SQL. Trigram phrases match
            // substrings case-insensitively (Unicode case folding).
            Shape.Append('F');
            And(); S("fts MATCH "); Param(FtsPhrase(q.Search, columns), StoredType.Text);
            return;
        }
        if (Dialect == SqlDialect.Sqlite)
        {
            // Fewer than 3 characters: no trigram exists, so scan with instr() over every case variant of the 1-2 characters.
            var variants = CaseVariants(q.Search);
            Shape.Append('S').Append(variants.Count);
            var first = Args.Count + 1;
            foreach (var v in variants) Args.Add((v, StoredType.Text));
            And(); S("(");
            var k = 0;
            foreach (var c in columns)
            {
                Shape.Append(c).Append(',');
                for (var v = 0; v < variants.Count; v++, k++)
                {
                    if (k > 0) S(" OR ");
                    S("instr(t.c"); S(c); S(", ?"); S(first + v); S(") > 0");
                }
            }
            S(")");
            return;
        }
        // PostgreSQL: lower(col) LIKE '%' || lower(arg) || '%', matching the pg_trgm GIN index on lower(col COLLATE "default").
        Shape.Append('L');
        Args.Add((EscapeLike(q.Search), StoredType.Text));
        var p = Args.Count;
        And(); S("(");
        var j = 0;
        foreach (var c in columns)
        {
            Shape.Append(c).Append(',');
            if (j++ > 0) S(" OR ");
            S("lower(t.c"); S(c); S(" COLLATE \"default\") LIKE ('%' || lower($"); S(p); S(") || '%')");
        }
        S(")");
    }

    private void Keyset(RowSchema schema, RowQuery q, KeysetPart part)
    {
        if (part == KeysetPart.All) return;
        var after = q.After!;
        var cmp = q.Descending ? " < " : " > ";
        var sortType = StoredType.Integer;
        string? sc = null;
        if (q.SortColumn is { } s)
        {
            sc = "t.c" + s.ToString(CultureInfo.InvariantCulture);
            sortType = schema.Columns[s].Type;
        }
        And();
        switch (part)
        {
            case KeysetPart.RowAfter:
                S(R); S(cmp); Param(after.Row, StoredType.Integer);
                break;
            case KeysetPart.SameAfter:
                S(sc!); S(" = "); Param(after.SortValue!, sortType);
                S(" AND "); S(R); S(cmp); Param(after.Row, StoredType.Integer);
                break;
            case KeysetPart.Beyond:
                S(sc!); S(cmp); Param(after.SortValue!, sortType);
                break;
            case KeysetPart.NullsAfter:
                S(sc!); S(" IS NULL AND "); S(R); S(cmp); Param(after.Row, StoredType.Integer);
                break;
            case KeysetPart.NotNulls:
                S(sc!); S(" IS NOT NULL");
                break;
            case KeysetPart.Nulls:
                S(sc!); S(" IS NULL");
                break;
        }
    }

    public static IReadOnlyList<int> SearchColumns(RowSchema schema, RowQuery q)
    {
        if (q.SearchColumns.Count > 0) return q.SearchColumns;
        var all = new List<int>();
        for (var i = 0; i < schema.Columns.Count; i++)
            if (schema.Columns[i].Searchable) all.Add(i);
        return all;
    }

    /// <summary>FTS5 query: {c1 c3} : "phrase" (quotes doubled inside the phrase).</summary>
    internal static string FtsPhrase(string search, IReadOnlyList<int> columns)
    {
        var b = new StringBuilder(search.Length + 16 + columns.Count * 4);
        b.Append('{');
        for (var i = 0; i < columns.Count; i++)
        {
            if (i > 0) b.Append(' ');
            b.Append('c').Append(columns[i]);
        }
        b.Append("} : \"").Append(search.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
        return b.ToString();
    }

    internal static int RuneCount(string s)
    {
        var n = 0;
        foreach (var _ in s.EnumerateRunes()) n++;
        return n;
    }

    /// <summary>Every upper/lower-case spelling of a 1–2 character search (1 for Chinese, up to 4 for two Latin letters).</summary>
    internal static List<string> CaseVariants(string search)
    {
        var result = new List<string> { "" };
        foreach (var r in search.EnumerateRunes())
        {
            var forms = new List<Rune>(3) { r };
            var up = Rune.ToUpperInvariant(r);
            var low = Rune.ToLowerInvariant(r);
            if (!forms.Contains(up)) forms.Add(up);
            if (!forms.Contains(low)) forms.Add(low);
            var next = new List<string>(result.Count * forms.Count);
            foreach (var prefix in result)
                foreach (var f in forms) next.Add(prefix + f.ToString());
            result = next;
        }
        return result;
    }

    internal static string EscapeLike(string s)
    {
        if (s.AsSpan().IndexOfAny('\\', '%', '_') < 0) return s;
        var b = new StringBuilder(s.Length + 8);
        foreach (var ch in s)
        {
            if (ch is '\\' or '%' or '_') b.Append('\\');
            b.Append(ch);
        }
        return b.ToString();
    }

    private void And()
    {
        S(whereStarted ? " AND " : " WHERE ");
        whereStarted = true;
    }

    private void Param(object value, StoredType type)
    {
        Args.Add((value, type));
        S(Dialect == SqlDialect.Sqlite ? "?" : "$");
        S(Args.Count);
    }

    private void S(string text) => sql?.Append(text);
    private void S(int n) => sql?.Append(n);
    private void S(long n) => sql?.Append(n);
}
