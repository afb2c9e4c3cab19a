using Microsoft.EntityFrameworkCore;
using Shuzhi.Core.Procedures;
using Shuzhi.Core.Time;
using Shuzhi.Platform.Cases;
using Shuzhi.Platform.Catalogue;
using Shuzhi.Platform.Datasets;
using Shuzhi.Platform.Identity;
using Shuzhi.Platform.Persistence;
using Shuzhi.Platform.Sharing;

namespace Shuzhi.Platform.Portal.Backoffice;

/// <summary>One indicator's value. <see cref="Value"/> is a percentage (Unit "%") or a count; null with <see cref="NotMeasured"/> saying why.</summary>
public sealed record IndicatorValue(string Id, string Name, string Definition, string Target, string Unit, double? Value,
    double? Numerator, double? Denominator, double? Target100, string? Detail, string? NotMeasured);

/// <summary>What every indicator computes over: the bureau's division, the year, today, its inventory and threshold.</summary>
public sealed record IndicatorContext(ShuzhiDb Db, Actor Actor, string Prefix, int Year, DateTimeOffset YearStart, DateOnly Today,
    IReadOnlyList<InventoryItem> Inventory, double QualityThreshold);

/// <summary>One indicator of spec 20's table: its definition and the seeds' target beside the computation.</summary>
public interface IOpenIndicator
{
    string Id { get; }
    string Name { get; }
    string Definition { get; }
    string Target { get; }
    Task<IndicatorValue> ComputeAsync(IndicatorContext c, CancellationToken ct);
}

public abstract class OpenIndicator : IOpenIndicator
{
    public abstract string Id { get; }
    public abstract string Name { get; }
    public abstract string Definition { get; }
    public abstract string Target { get; }
    public abstract Task<IndicatorValue> ComputeAsync(IndicatorContext c, CancellationToken ct);

    protected IndicatorValue Rate(long num, long den, double? target, string? detail = null) =>
        new(Id, Name, Definition, Target, "%", den == 0 ? null : Math.Round(100.0 * num / den, 1), num, den, target, detail,
            den == 0 ? "分母为 0 / nothing to count yet" : null);

    protected IndicatorValue Growth(double now, double baseline, double? target, string detail) =>
        new(Id, Name, Definition, Target, "%", baseline == 0 ? null : Math.Round(100.0 * (now - baseline) / baseline, 1), now, baseline, target, detail,
            baseline == 0 ? "年初为 0，无法计算增长 / nothing at the start of the year to grow from" : null);

    /// <summary>The datasets open today that were open on 1 January: the rows of each one's last version published before then.</summary>
    protected static async Task<Dictionary<Guid, long>> AtYearStartAsync(IndicatorContext c, CancellationToken ct)
    {
        var ids = c.Inventory.Where(i => i.IsOpen).Select(i => i.Snapshot.EntryId).ToList();
        var earlier = await c.Db.Set<DataVersion>().AsNoTracking()
            .Where(v => ids.Contains(v.EntryId) && v.PublishedAt != null && v.PublishedAt < c.YearStart)
            .Select(v => new { v.EntryId, v.Number, v.Rows }).ToListAsync(ct);
        return earlier.GroupBy(v => v.EntryId).ToDictionary(g => g.Key, g => g.OrderByDescending(v => v.Number).First().Rows);
    }

}

/// <summary>应开放公共数据开放率.</summary>
public sealed class OpenRateIndicator : OpenIndicator
{
    public override string Id => "open-rate";
    public override string Name => "应开放公共数据开放率 / open rate";
    public override string Definition => "开放数据集 ÷ 开放类型不是“不予开放”的已发布目录 / open datasets ÷ published catalogue entries whose open type is not 不予开放";
    public override string Target => "江苏 92%（2023）；无锡 95%（2023）；苏州 95/98/100%（2023/24/25）";
    public override Task<IndicatorValue> ComputeAsync(IndicatorContext c, CancellationToken ct)
    {
        var openable = c.Inventory.Where(i => i.OpenType != OpenType.NotOpen).ToList();
        return Task.FromResult(Rate(openable.Count(i => i.IsOpen), openable.Count, 95));
    }
}

/// <summary>优质数据集占比.</summary>
public sealed class HighQualityShareIndicator : OpenIndicator
{
    public override string Id => "high-quality-share";
    public override string Name => "优质数据集占比 / high-quality share";
    public override string Definition => "最新发布版本质量分 ≥ 本级质量门槛的开放数据集 ÷ 开放数据集 / open datasets whose published version scores at least the bureau's quality threshold ÷ open datasets";
    public override string Target => "苏州 ≥40/60/80%（2023/24/25）";
    public override Task<IndicatorValue> ComputeAsync(IndicatorContext c, CancellationToken ct)
    {
        var open = c.Inventory.Where(i => i.IsOpen).ToList();
        return Task.FromResult(Rate(open.Count(i => i.Snapshot.Published!.Score >= c.QualityThreshold), open.Count, 40,
            $"门槛 threshold {c.QualityThreshold:0.#}"));
    }
}

/// <summary>按需共享率 (sharing applications, src/Shuzhi.Platform/Sharing).</summary>
public sealed class OnDemandSharingIndicator : OpenIndicator
{
    public override string Id => "on-demand-sharing";
    public override string Name => "按需共享率 / on-demand sharing rate";
    public override string Definition => "按时授权的有条件共享申请 ÷ 已办结的申请（授权、终结、驳回），本年提交，提供部门在本辖区；按时 = 案件没有任何环节超期 / conditional sharing applications granted with no step of their case overdue ÷ all decided (granted, closed, rejected), submitted this year by providers of the division";
    public override string Target => "江苏 97%";
    public override async Task<IndicatorValue> ComputeAsync(IndicatorContext c, CancellationToken ct)
    {
        var decided = await c.Db.Set<SharingApplication>().AsNoTracking()
            .Where(a => a.ProviderDivisionCode.StartsWith(c.Prefix) && a.SubmittedAt >= c.YearStart
                        && (a.State == ApplicationState.Granted || a.State == ApplicationState.Closed || a.State == ApplicationState.Rejected))
            .Select(a => new { a.CaseId, a.State }).ToListAsync(ct);
        var granted = decided.Where(a => a.State == ApplicationState.Granted).Select(a => a.CaseId).ToList();
        var late = await c.Db.Set<Step>().AsNoTracking().Where(s => granted.Contains(s.CaseId) && (s.State == ClockState.Overdue || s.OverdueAt != null))
            .Select(s => s.CaseId).Distinct().ToListAsync(ct);
        return Rate(granted.Count - late.Count, decided.Count, 97);
    }
}

/// <summary>数据集和接口数量，及本年增长.</summary>
public sealed class DatasetsAndApisIndicator : OpenIndicator
{
    public override string Id => "datasets-apis";
    public override string Name => "开放数据集与接口数 / open datasets and APIs";
    public override string Definition => "开放数据集数 + 开放接口数（每个开放数据集提供 datastore_search 接口）；增长 = 对比年初已开放（年初前已发布数据且今天仍开放）的数量 / open datasets + APIs (each open dataset has its datastore_search API); growth against those whose data was published before 1 January and are open today";
    public override string Target => "无锡 ≥2240，年增长 ≥5%；各区县 ≥100";
    public override async Task<IndicatorValue> ComputeAsync(IndicatorContext c, CancellationToken ct)
    {
        var open = c.Inventory.Where(i => i.IsOpen).ToList();
        var before = (await AtYearStartAsync(c, ct)).Count;
        var now = open.Count * 2;
        var g = Growth(now, before * 2, 5, $"{open.Count} 个数据集 + {open.Count} 个接口 / {open.Count} datasets + {open.Count} APIs; 年初 start of year {before * 2}");
        return g with { Unit = "count", Value = now, NotMeasured = null, Detail = g.Detail + (g.Value is { } p ? $"; 增长 growth {p:0.#}%" : "; 年初为 0 / none at the start of the year") };
    }
}

/// <summary>数据总量（行）本年增长.</summary>
public sealed class DataVolumeGrowthIndicator : OpenIndicator
{
    public override string Id => "data-volume-growth";
    public override string Name => "数据总量增长 / data volume growth";
    public override string Definition => "开放数据集已发布版本的行数之和，对比年初（每个今天开放的数据集在 1 月 1 日前最后发布的版本）/ rows of the open datasets' published versions against, for the same datasets, the last version published before 1 January";
    public override string Target => "无锡 每单位年增长 ≥20%";
    public override async Task<IndicatorValue> ComputeAsync(IndicatorContext c, CancellationToken ct)
    {
        var open = c.Inventory.Where(i => i.IsOpen).ToList();
        var baseline = (await AtYearStartAsync(c, ct)).Values.Sum();
        var now = open.Sum(i => i.Rows);
        return Growth(now, baseline, 20, $"{now} 行 rows; 年初 start of year {baseline}");
    }
}

/// <summary>开放数据利用成果数: approved showcase items (docs/portal-community.md), platform-wide — an item is not a division's.</summary>
public sealed class ApplicationsBuiltIndicator : OpenIndicator
{
    public override string Id => "applications-built";
    public override string Name => "开放数据利用成果 / applications built on open data";
    public override string Definition => "成果展示中已发布的利用成果数 / showcase items published";
    public override string Target => "无锡 ≥120";
    public override async Task<IndicatorValue> ComputeAsync(IndicatorContext c, CancellationToken ct)
    {
        var n = await Community.ContributionQueries.ApprovedShowcaseCountAsync(c.Db, ct);
        return new(Id, Name, Definition, Target, "count", n, n, null, 120, "平台全部已审核通过的成果 / all approved items of the platform", null);
    }
}

/// <summary>服务响应及时率: the data requests of the bureau's division (<see cref="Requests.RequestTimeliness"/>, the one computation).</summary>
public sealed class ResponseTimelinessIndicator : OpenIndicator
{
    public override string Id => "response-timeliness";
    public override string Name => "服务响应及时率 / response timeliness";
    public override string Definition => "在法定或目标期限内答复的数据需求 ÷ 全部已答复 / data requests answered within their statutory or target period ÷ all";
    public override string Target => "无锡 “服务响应”（评价项）";
    public override async Task<IndicatorValue> ComputeAsync(IndicatorContext c, CancellationToken ct)
    {
        var t = await new Requests.RequestTimeliness(c.Db).Handle(c.Actor, ct);
        return Rate(t.AnsweredInTarget, t.AnsweredInTarget + t.Late, null,
            $"{t.Requests} 件需求 requests: {t.AnsweredInTarget} 按时 in target, {t.Late} 超期 late, {t.Pending} 期限内 pending, {t.WithoutTarget} 无目标 without target");
    }
}

/// <summary>
/// The indicators of spec 20, computed live for the bureau's division (the bureau's dashboard and its JSON API). The list
/// is every registered <see cref="IOpenIndicator"/>, in registration order.
/// </summary>
public sealed class OpenIndicators(ShuzhiDb db, OpenInventory inventory, IEnumerable<IOpenIndicator> indicators, TimeProvider clock)
{
    public sealed record Dashboard(string DivisionCode, int Year, DateOnly Today, IReadOnlyList<IndicatorValue> Indicators);

    /// <summary>The indicators of the current (China) year: growth is today against 1 January.</summary>
    public async Task<Dashboard> Handle(Actor actor, CancellationToken ct)
    {
        actor.Require(Policies.OpenOversight);
        var today = ChinaTime.DateOf(clock.GetUtcNow());
        var y = today.Year;
        var start = ChinaTime.StartOf(new DateOnly(y, 1, 1)).ToUniversalTime();
        var c = new IndicatorContext(db, actor, BackofficeScope.Prefix(actor), y, start, today, await inventory.ListAsync(actor, ct),
            await QualityGate.ThresholdAsync(db, actor.DivisionCode, ct));
        var values = new List<IndicatorValue>();
        foreach (var i in indicators) values.Add(await i.ComputeAsync(c, ct));
        return new Dashboard(actor.DivisionCode, y, today, values);
    }
}
