using Microsoft.EntityFrameworkCore;
using Shuzhi.Core.Procedures;
using Shuzhi.Core.Time;
using Shuzhi.Platform.Catalogue;
using Shuzhi.Platform.Persistence;

namespace Shuzhi.Platform.Portal;

/// <summary>One public announcement of withdrawn open data (贵州 art.33): what, whose, when, why — never any of its data.</summary>
public sealed record WithdrawalNotice(string Code, string Title, string ProviderName, DateOnly WithdrawnOn, DateTimeOffset WithdrawnAt, string Reason,
    string OpenType, string Citation);

/// <summary>
/// The announcements of withdrawn open data (贵州 art.33 ¶2; docs/portal-opening.md). Withdrawal itself is the
/// catalogue's act (<see cref="WithdrawEntry"/>: by the department or its bureau, with reasons, audited; the bureau is
/// told of a department's withdrawal of open data — the filing). This reads what it recorded: every catalogue version
/// that was published 无条件开放 or 有条件开放 and then withdrawn, with the date and reasons of its history — nothing is
/// copied, so the announcement cannot disagree with the catalogue.
/// </summary>
public sealed class OpenWithdrawals(ShuzhiDb db)
{
    public async Task<IReadOnlyList<WithdrawalNotice>> ListAsync(CancellationToken ct) => await QueryAsync(null, ct);

    /// <summary>The latest announcement for the entry, or null when its open data was never withdrawn.</summary>
    public async Task<WithdrawalNotice?> FindAsync(string code, CancellationToken ct) => (await QueryAsync(code, ct)).FirstOrDefault();

    private async Task<List<WithdrawalNotice>> QueryAsync(string? code, CancellationToken ct)
    {
        var q = from v in db.Set<EntryVersion>().AsNoTracking()
                join e in db.Set<CatalogueEntry>().AsNoTracking() on v.EntryId equals e.Id
                where v.State == EntryState.Withdrawn && (v.OpenType == OpenType.Unconditional || v.OpenType == OpenType.Conditional)
                select new { e.Code, e.ProviderName, v.Name, v.OpenType, v.HistoryJson };
        if (code is not null) q = q.Where(x => x.Code == code);
        var rows = await q.ToListAsync(ct);
        var list = new List<WithdrawalNotice>(rows.Count);
        foreach (var r in rows)
        {
            var history = System.Text.Json.JsonSerializer.Deserialize<List<StateChange>>(r.HistoryJson, EntryAttributes.Json) ?? [];
            if (history.LastOrDefault(h => h.State == EntryState.Withdrawn) is not { } w) continue;
            list.Add(new WithdrawalNotice(r.Code, r.Name, r.ProviderName, ChinaTime.DateOf(w.At), ChinaTime.ToChina(w.At), w.Note ?? "",
                r.OpenType.ToString(), Rules.OpeningWithdrawal.Citation));
        }
        return list.OrderByDescending(n => n.WithdrawnAt).ThenBy(n => n.Code, StringComparer.Ordinal).ToList();
    }
}
