using Microsoft.EntityFrameworkCore;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Datasets.Loading;
using Shuzhi.Platform.Identity;
using Shuzhi.Platform.Persistence;

namespace Shuzhi.Platform.Portal.Backoffice;

/// <summary>
/// Flags on open datasets, for the department (its own) and the bureau (its division's):
/// - fragmented (无锡 2023 item 3: "尽量减少低容量、碎片化数据集的发布"): an open dataset with fewer rows than the bureau's
///   <see cref="OpenFlagSettings.MinRows"/> or fewer fields than <see cref="OpenFlagSettings.MinFields"/> (defaults 100 and 3);
/// - stale (无锡 item 3: "保障开放数据 … 及时更新"): the published data version was loaded longer ago than the entry's update
///   cycle allows — <see cref="Timeliness.Assess"/>, the quality report's one rule, asked as if loading today.
/// </summary>
public sealed class OpenFlags(ShuzhiDb db, OpenInventory inventory, TimeProvider clock)
{
    public sealed record Flag(string Code, string Name, string ProviderName, string Kind, string Detail, long Rows, int Fields, DateOnly? DueDate, int DaysLate);
    public sealed record Board(long MinRows, int MinFields, IReadOnlyList<Flag> Flags);
    public sealed record SettingsInput(long? MinRows, int? MinFields);

    public async Task<OpenFlagSettings> SettingsAsync(string divisionCode, CancellationToken ct) =>
        await db.Set<OpenFlagSettings>().AsNoTracking().FirstOrDefaultAsync(s => s.DivisionCode == divisionCode, ct)
        ?? new OpenFlagSettings { DivisionCode = divisionCode, SetBy = "default" };

    public async Task<Board> Handle(Actor actor, CancellationToken ct)
    {
        actor.Require(Policies.OpenBackoffice);
        var settings = await SettingsAsync(actor.DivisionCode, ct);
        var now = clock.GetUtcNow();
        var flags = new List<Flag>();
        foreach (var i in (await inventory.ListAsync(actor, ct)).Where(i => i.IsOpen))
        {
            if (i.Rows < settings.MinRows || i.Fields < settings.MinFields)
                flags.Add(new Flag(i.Code, i.Name, i.ProviderName, "fragmented",
                    $"{i.Rows} 行、{i.Fields} 个字段（下限 {settings.MinRows} 行、{settings.MinFields} 个字段） / {i.Rows} rows, {i.Fields} fields (minimum {settings.MinRows} rows, {settings.MinFields} fields)",
                    i.Rows, i.Fields, null, 0));
            var loaded = i.Snapshot.Published!.CompletedAt ?? i.Snapshot.Published.StartedAt;
            var t = Timeliness.Assess(i.UpdateCycle, loaded, now);
            if (t.Status == TimelinessStatus.Late)
            {
                var (zh, intervalZh, en, intervalEn) = Timeliness.Describe(i.UpdateCycle);
                flags.Add(new Flag(i.Code, i.Name, i.ProviderName, "stale",
                    $"更新周期{zh}（{intervalZh}），应在 {t.DueDate:yyyy-MM-dd} 前更新，已晚 {t.DaysLate} 天 / update cycle {en} ({intervalEn}), due by {t.DueDate:yyyy-MM-dd}, {t.DaysLate} days late",
                    i.Rows, i.Fields, t.DueDate, t.DaysLate));
            }
        }
        return new Board(settings.MinRows, settings.MinFields, flags.OrderBy(f => f.Kind).ThenBy(f => f.Code, StringComparer.Ordinal).ToList());
    }

    /// <summary>The bureau sets its division's thresholds of a fragmented dataset. Audited.</summary>
    public async Task<Board> SetSettings(Actor actor, SettingsInput input, CancellationToken ct)
    {
        actor.Require(Policies.OpenOversight);
        new Validator()
            .Require(input.MinRows is >= 0 and <= 1_000_000_000, "minRows", "range", "minRows is a whole number from 0 to 1,000,000,000")
            .Require(input.MinFields is >= 0 and <= 1000, "minFields", "range", "minFields is a whole number from 0 to 1000")
            .ThrowIfAny();
        var s = await db.Set<OpenFlagSettings>().FirstOrDefaultAsync(x => x.DivisionCode == actor.DivisionCode, ct);
        if (s is null) db.Add(s = new OpenFlagSettings { DivisionCode = actor.DivisionCode, SetBy = actor.Username });
        s.MinRows = input.MinRows!.Value;
        s.MinFields = input.MinFields!.Value;
        s.SetBy = actor.Username;
        s.SetAt = db.Clock.GetUtcNow();
        db.Audit(actor, "opendata.flags.settings", $"division:{actor.DivisionCode}", new { s.MinRows, s.MinFields });
        await db.SaveChangesAsync(ct);
        return await Handle(actor, ct);
    }
}
