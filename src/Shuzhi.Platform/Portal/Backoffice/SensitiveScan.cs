using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Shuzhi.Core.Datasets;
using Shuzhi.Core.Identifiers;
using Shuzhi.Core.Time;
using Shuzhi.Platform.Catalogue;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Datasets;
using Shuzhi.Platform.Datasets.Storage;
using Shuzhi.Platform.Identity;
using Shuzhi.Platform.Persistence;

namespace Shuzhi.Platform.Portal.Backoffice;

/// <summary>Personal data the public would see unmasked: in a field (by its kind) or in values of a sample. <see cref="Example"/> is masked.</summary>
public sealed record SensitiveFinding(string Field, string Kind, string Source, int Count, string? Example);

/// <summary>
/// The sensitive-field scan (开放安全评估; 无锡 2023 item 8: 严格保护个人隐私和商业秘密，定期开展敏感字段平台核查). Looks only at
/// the columns the public receives unmasked (the portal's masking, <see cref="DatasetDirectory.PublicView"/> and
/// <see cref="RowCells.Visible"/>): a column whose kind is personal (name, ID number, mobile, address, birth date) but is
/// served with no mask, and values of the first <see cref="SampleRows"/> rows that are GB 11643 ID numbers
/// (<see cref="ResidentIdNumber"/>), mobile numbers (<see cref="MobileNumber"/>), e-mail addresses, bank card numbers
/// (16–19 digits passing the Luhn check) or street addresses (…路/街/巷/村 …号).
/// </summary>
public static partial class SensitiveScanner
{
    public const int SampleRows = 500;

    private static readonly FieldKind[] PersonalKinds = [FieldKind.PersonName, FieldKind.ResidentId, FieldKind.Mobile, FieldKind.Address, FieldKind.BirthDate];

    /// <summary>A whole run of digits (an ID number may end in X) — not the digits inside a longer code such as a credit code with letters.</summary>
    [GeneratedRegex(@"(?<![0-9A-Za-z])[0-9]+[Xx]?(?![0-9A-Za-z])")] private static partial Regex Digits();
    [GeneratedRegex(@"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")] private static partial Regex Email();
    [GeneratedRegex(@"(省|市|区|县|镇|乡)[^\s,，;；]{0,20}?(路|街|巷|道|村|弄)[0-9一二三四五六七八九十]+号")] private static partial Regex Address();

    public static IReadOnlyList<SensitiveFinding> Scan(DatasetView view, IEnumerable<StoredRow> rows, DateOnly today)
    {
        var found = new Dictionary<(string Field, string Kind), (int Count, string Example)>();
        var open = Enumerable.Range(0, view.Schema.Fields.Count).Where(i => view.Masks[i].Kind == MaskKind.None).ToList();
        var result = new List<SensitiveFinding>();
        foreach (var i in open.Where(i => PersonalKinds.Contains(view.Schema.Fields[i].Kind)))
            result.Add(new SensitiveFinding(view.Schema.Fields[i].Name, Kind(view.Schema.Fields[i].Kind), "field", 0, null));
        foreach (var row in rows)
        {
            var bad = RowCells.Bad(row.Bad);
            foreach (var i in open)
            {
                var text = RowCells.Text(RowCells.Visible(view, i, row.Values[i], bad));
                if (string.IsNullOrEmpty(text)) continue;
                foreach (var (kind, match) in Values(text, today))
                {
                    var key = (view.Schema.Fields[i].Name, kind);
                    found[key] = found.TryGetValue(key, out var f) ? (f.Count + 1, f.Example) : (1, Masked(match));
                }
            }
        }
        result.AddRange(found.Select(f => new SensitiveFinding(f.Key.Field, f.Key.Kind, "value", f.Value.Count, f.Value.Example)));
        return result;
    }

    /// <summary>The personal values in one text: kind and the matched text.</summary>
    public static IEnumerable<(string Kind, string Match)> Values(string text, DateOnly today)
    {
        foreach (Match m in Digits().Matches(text))
        {
            var s = m.Value;
            if (s.Length is 18 or 15 && ResidentIdNumber.Check(s, today).IsAcceptable) yield return ("resident-id", s);
            // An organisation's unified social credit code (GB 32100) is public by law; an all-digit one can pass Luhn.
            else if (s.Length == 18 && UnifiedSocialCreditCode.Check(s).IsAcceptable) continue;
            else if (s.Length == 11 && MobileNumber.Check(s).Status == MobileStatus.Valid) yield return ("mobile", s);
            else if (s.Length is >= 16 and <= 19 && char.IsDigit(s[^1]) && Luhn(s)) yield return ("bank-card", s);
        }
        foreach (Match m in Email().Matches(text)) yield return ("email", m.Value);
        foreach (Match m in Address().Matches(text)) yield return ("address", m.Value);
    }

    private static bool Luhn(string digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 1) { d *= 2; if (d > 9) d -= 9; }
            sum += d;
        }
        return sum % 10 == 0;
    }

    /// <summary>Never a found value in full: the first 3 and last 2 characters, the rest starred.</summary>
    public static string Masked(string value) => MaskRule.Keep(3, 2).Apply(value) ?? "";

    private static string Kind(FieldKind k) => k switch
    {
        FieldKind.PersonName => "person-name",
        FieldKind.ResidentId => "resident-id",
        FieldKind.Mobile => "mobile",
        FieldKind.Address => "address",
        _ => "birth-date",
    };

    public static string Describe(IReadOnlyList<SensitiveFinding> findings) =>
        "发现未脱敏的个人信息 / personal data the public would see unmasked: " +
        string.Join("; ", findings.Select(f => f.Source == "field" ? $"{f.Field} ({f.Kind} field)" : $"{f.Field} ({f.Kind} ×{f.Count}, e.g. {f.Example})"));
}

/// <summary>
/// Runs the scan on a data version of an entry (the publish check, the preview) and over all open datasets (the regular
/// scan, whose findings go to the bureau's list).
/// </summary>
public sealed class SensitiveScan(ShuzhiDb db, DatasetDirectory directory, IRowStore store, TimeProvider clock) : IDataPublishCheck
{
    /// <summary>Open types whose data the public will see (spec 10 §4): the scan applies before opening them.</summary>
    public static bool Opens(OpenType? t) => t is OpenType.Unconditional or OpenType.Conditional;

    public async Task<IReadOnlyList<SensitiveFinding>> ScanAsync(DatasetSnapshot s, DataVersion v, CancellationToken ct)
    {
        var view = directory.PublicView(s, v, DatasetSchema.FromJson(v.SchemaJson));
        var rows = new List<StoredRow>(SensitiveScanner.SampleRows);
        await foreach (var r in store.ScanAsync(v.Storage, view.RowSchema, new RowQuery { Limit = SensitiveScanner.SampleRows }, ct)) rows.Add(r);
        return SensitiveScanner.Scan(view, rows, ChinaTime.DateOf(clock.GetUtcNow()));
    }

    public async Task<string?> ConfirmationNeededAsync(Dataset dataset, DataVersion version, CancellationToken ct)
    {
        var s = await directory.GetAsync(dataset.EntryCode, ct);
        if (s is null || !Opens(s.OpenType)) return null;
        var findings = await ScanAsync(s, version, ct);
        return findings.Count == 0 ? null : SensitiveScanner.Describe(findings);
    }

    public sealed record RunResult(int Scanned, int WithFindings, int Findings);

    /// <summary>The regular scan: every open dataset's published version; its findings replace the previous ones. Audited.</summary>
    public async Task<RunResult> RunAsync(Actor actor, OpenInventory inventory, CancellationToken ct)
    {
        actor.Require(Policies.OpenOversight);
        var items = (await inventory.ListAsync(actor, ct)).Where(i => i.IsOpen).ToList();
        var codes = items.Select(i => i.Code).ToList();
        var now = clock.GetUtcNow();
        int scanned = 0, with = 0, total = 0;
        var fresh = new List<SensitiveFindingRecord>();
        foreach (var i in items)
        {
            var findings = await ScanAsync(i.Snapshot, i.Snapshot.Published!, ct);
            scanned++;
            if (findings.Count > 0) with++;
            total += findings.Count;
            fresh.AddRange(findings.Select(f => new SensitiveFindingRecord
            {
                Id = Guid.NewGuid(), EntryCode = i.Code, EntryName = i.Name, ProviderName = i.ProviderName, ProviderDivisionCode = i.ProviderDivisionCode,
                DataVersion = i.Snapshot.Published!.Number, Field = f.Field, Kind = f.Kind, Source = f.Source, Count = f.Count, Example = f.Example, FoundAt = now,
            }));
        }
        // Findings of entries in scope that are no longer open go too: the list is of open data.
        var prefix = actor.IsSystem ? "" : BackofficeScope.Prefix(actor);
        db.RemoveRange(await db.Set<SensitiveFindingRecord>().Where(f => f.ProviderDivisionCode.StartsWith(prefix)).ToListAsync(ct));
        db.AddRange(fresh);
        db.Audit(actor, "opendata.sensitive.scan", $"division:{(actor.IsSystem ? "*" : actor.DivisionCode)}", new { scanned, withFindings = with, findings = total });
        await db.SaveChangesAsync(ct);
        return new RunResult(scanned, with, total);
    }

    /// <summary>The regular scan's findings in the actor's scope (department: its own; bureau: its division's).</summary>
    public async Task<IReadOnlyList<SensitiveFindingRecord>> FindingsAsync(Actor actor, OpenInventory inventory, CancellationToken ct)
    {
        actor.Require(Policies.OpenBackoffice);
        var mine = (await inventory.ListAsync(actor, ct)).Select(i => i.Code).ToHashSet(StringComparer.Ordinal);
        var all = await db.Set<SensitiveFindingRecord>().AsNoTracking().OrderBy(f => f.EntryCode).ThenBy(f => f.Field).ToListAsync(ct);
        return all.Where(f => mine.Contains(f.EntryCode)).ToList();
    }
}
