using Shuzhi.Core.Time;

namespace Shuzhi.Core.Procedures;

/// <summary>
/// A statutory period, written once with its citation (law as data): e.g.
/// GZ-23-1 — 5 working days, DataBureau, "贵州省政务数据资源管理办法 第二十三条（一）".
/// </summary>
/// <param name="Id">Stable identifier, e.g. "GZ-23-1-REVIEW".</param>
/// <param name="Period">The period, or null where the law sets none (then a service target may be configured).</param>
/// <param name="ActingParty">Who must act: "DataBureau", "Provider", "Consumer", "Department", …</param>
/// <param name="Citation">The article, e.g. "贵州省政务数据资源管理办法 第九条".</param>
/// <param name="Text">The words of the article that set the period, quoted from the seed.</param>
public sealed record StatutoryRule(string Id, Period? Period, string ActingParty, string Citation, string Text)
{
    public bool HasStatutoryPeriod => Period is not null;
}

/// <summary>Every statutory rule the platform enforces. Modules add theirs here; a test per rule pins its period against the seed text.</summary>
public static partial class Rules
{
    /// <summary>贵州 art.9: update the catalogue within 10 working days of a change in law or function, and submit it for review.</summary>
    public static readonly StatutoryRule CatalogueUpdate = new("GZ-9-UPDATE", new Period(10, PeriodUnit.WorkingDays), "Department",
        "贵州省政务数据资源管理办法 第九条",
        "在有关法律法规作出修订或行政管理职能发生变化之日起 10 个工作日内更新本地区、本部门政务数据资源目录并报同级大数据主管部门审核");

    /// <summary>贵州 art.9: the bureau may consent to extend the update by 5 working days.</summary>
    public static readonly StatutoryRule CatalogueUpdateExtension = new("GZ-9-EXTEND", new Period(5, PeriodUnit.WorkingDays), "DataBureau",
        "贵州省政务数据资源管理办法 第九条",
        "因特殊原因需延长更新工作期限的，经同级大数据主管部门同意，可延长 5 个工作日");

    /// <summary>贵州 art.8: the bureau reviews catalogues. The text sets no period: service target only.</summary>
    public static readonly StatutoryRule CatalogueReview = new("GZ-8-REVIEW", null, "DataBureau",
        "贵州省政务数据资源管理办法 第八条",
        "市、县大数据主管部门负责审核和汇总本行政区域内政务数据资源目录");

    /// <summary>贵州 art.13: 一数一源 — a second claim to be the authoritative source goes to the bureau. No period set.</summary>
    public static readonly StatutoryRule OneSourceConflict = new("GZ-13-ONE-SOURCE", null, "DataBureau",
        "贵州省政务数据资源管理办法 第十三条",
        "政务数据采集遵循“一数一源、一源多用”原则");
}
