using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Shuzhi.Platform.Datasets.Storage;

/// <summary>
/// Values in and out of SQLite through the raw SQLitePCL API (no ADO.NET parameter objects, no boxing beyond the
/// contract's object?[]): Text as UTF-8, Integer as INTEGER, Decimal as REAL, Date as TEXT 'yyyy-MM-dd', DateTime as
/// TEXT 'yyyy-MM-dd HH:mm:ss' (whole seconds), Boolean as 0/1.
/// </summary>
internal static class SqliteValues
{
    public static string Declared(StoredType t) => t switch
    {
        StoredType.Integer or StoredType.Boolean => "INTEGER",
        StoredType.Decimal => "REAL",
        _ => "TEXT",
    };

    /// <summary>Binds one value (null → NULL); throws when its CLR type does not fit the stored type.</summary>
    public static int Bind(sqlite3_stmt stmt, int index, object? value, StoredType type)
    {
        switch (value)
        {
            case null: return raw.sqlite3_bind_null(stmt, index);
            case string s when type == StoredType.Text: return BindText(stmt, index, s);
            case long l when type == StoredType.Integer: return raw.sqlite3_bind_int64(stmt, index, l);
            case decimal d when type == StoredType.Decimal: return raw.sqlite3_bind_double(stmt, index, (double)d);
            case bool b when type == StoredType.Boolean: return raw.sqlite3_bind_int64(stmt, index, b ? 1 : 0);
            case DateOnly d when type == StoredType.Date:
            {
                Span<byte> buf = stackalloc byte[10];
                return raw.sqlite3_bind_text(stmt, index, buf[..Format(d, buf)]);
            }
            case DateTime t when type == StoredType.DateTime:
            {
                Span<byte> buf = stackalloc byte[19];
                return raw.sqlite3_bind_text(stmt, index, buf[..Format(t, buf)]);
            }
            // Integer and Boolean columns also take the other integral CLR types a caller might hold.
            case int i when type == StoredType.Integer: return raw.sqlite3_bind_int64(stmt, index, i);
            default:
                throw new InvalidCastException($"A {value.GetType().Name} cannot be stored in a {type} column.");
        }
    }

    public static int BindText(sqlite3_stmt stmt, int index, string s)
    {
        // SQLitePCL binds spans with SQLITE_TRANSIENT (SQLite copies), so the buffer is free again on return.
        if (s.Length <= 256)
        {
            Span<byte> small = stackalloc byte[s.Length * 3];
            var n = Encoding.UTF8.GetBytes(s, small);
            return raw.sqlite3_bind_text(stmt, index, small[..n]);
        }
        var rented = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(s.Length));
        try
        {
            var n = Encoding.UTF8.GetBytes(s, rented);
            return raw.sqlite3_bind_text(stmt, index, rented.AsSpan(0, n));
        }
        finally { ArrayPool<byte>.Shared.Return(rented); }
    }

    public static object? Read(sqlite3_stmt stmt, int i, StoredType type)
    {
        if (raw.sqlite3_column_type(stmt, i) == raw.SQLITE_NULL) return null;
        switch (type)
        {
            case StoredType.Text: return ReadText(stmt, i);
            case StoredType.Integer: return raw.sqlite3_column_int64(stmt, i);
            case StoredType.Decimal: return (decimal)raw.sqlite3_column_double(stmt, i);
            case StoredType.Boolean: return raw.sqlite3_column_int64(stmt, i) != 0;
            case StoredType.Date:
            {
                var b = raw.sqlite3_column_blob(stmt, i);
                return new DateOnly(Digits(b, 0, 4), Digits(b, 5, 2), Digits(b, 8, 2));
            }
            default:
            {
                var b = raw.sqlite3_column_blob(stmt, i);
                return new DateTime(Digits(b, 0, 4), Digits(b, 5, 2), Digits(b, 8, 2),
                    Digits(b, 11, 2), Digits(b, 14, 2), Digits(b, 17, 2), DateTimeKind.Unspecified);
            }
        }
    }

    public static string? ReadText(sqlite3_stmt stmt, int i)
        => raw.sqlite3_column_type(stmt, i) == raw.SQLITE_NULL ? null : Encoding.UTF8.GetString(raw.sqlite3_column_blob(stmt, i));

    /// <summary>Throws SqliteException for an error code (OK, ROW and DONE pass).</summary>
    public static void Check(sqlite3 db, int rc)
    {
        if (rc is raw.SQLITE_OK or raw.SQLITE_ROW or raw.SQLITE_DONE) return;
        SqliteException.ThrowExceptionForRC(rc, db);
    }

    /// <summary>'yyyy-MM-dd' into <paramref name="buf"/>; returns 10.</summary>
    public static int Format(DateOnly d, Span<byte> buf)
    {
        WriteDate(buf, d.Year, d.Month, d.Day);
        return 10;
    }

    /// <summary>'yyyy-MM-dd HH:mm:ss' into <paramref name="buf"/> (fractions of a second dropped); returns 19.</summary>
    public static int Format(DateTime t, Span<byte> buf)
    {
        WriteDate(buf, t.Year, t.Month, t.Day);
        buf[10] = (byte)' ';
        Two(buf[11..], t.Hour); buf[13] = (byte)':';
        Two(buf[14..], t.Minute); buf[16] = (byte)':';
        Two(buf[17..], t.Second);
        return 19;
    }

    private static void WriteDate(Span<byte> buf, int y, int m, int d)
    {
        buf[0] = (byte)('0' + y / 1000); buf[1] = (byte)('0' + y / 100 % 10); buf[2] = (byte)('0' + y / 10 % 10); buf[3] = (byte)('0' + y % 10);
        buf[4] = (byte)'-'; Two(buf[5..], m); buf[7] = (byte)'-'; Two(buf[8..], d);
    }

    private static void Two(Span<byte> buf, int v)
    {
        buf[0] = (byte)('0' + v / 10);
        buf[1] = (byte)('0' + v % 10);
    }

    private static int Digits(ReadOnlySpan<byte> b, int start, int count)
    {
        if (b.Length < start + count) throw new FormatException("A stored date is malformed.");
        var v = 0;
        for (var k = start; k < start + count; k++)
        {
            var digit = b[k] - '0';
            if ((uint)digit > 9) throw new FormatException("A stored date is malformed.");
            v = v * 10 + digit;
        }
        return v;
    }
}

/// <summary>
/// The few SQLite calls of the bulk-insert loop, called directly on the bundled e_sqlite3 with blittable arguments
/// (the SQLitePCL wrappers add a provider call and SafeHandle reference counting per value, and copy every text).
/// </summary>
internal static class SqliteNative
{
    private const string Library = "e_sqlite3";

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    public static extern int sqlite3_bind_int64(IntPtr stmt, int index, long value);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    public static extern int sqlite3_bind_double(IntPtr stmt, int index, double value);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    public static extern int sqlite3_bind_null(IntPtr stmt, int index);

    /// <summary><paramref name="destructor"/> IntPtr.Zero = SQLITE_STATIC: SQLite keeps the pointer, so the bytes must stay put until the next bind or step.</summary>
    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    public static extern int sqlite3_bind_text(IntPtr stmt, int index, IntPtr text, int length, IntPtr destructor);
}
