using Shuzhi.Core.Time;

namespace Shuzhi.Core.Procedures;

/// <summary>Opening to society (贵州 arts 28–33; docs/portal-opening.md). Each text is quoted from seed 001.</summary>
public static partial class Rules
{
    /// <summary>贵州 art.31 ¶1: the bureau at the provider's level completes the conformity review of an open-data application within 5 working days of receipt.</summary>
    public static readonly StatutoryRule OpeningConformityReview = new("GZ-31-REVIEW", new Period(5, PeriodUnit.WorkingDays), "DataBureau",
        "贵州省政务数据资源管理办法 第三十一条",
        "由数据提供部门同级大数据主管部门自收到申请之日起 5 个工作日内完成规范性审核");

    /// <summary>贵州 art.31 ¶2: the provider answers at once if it can, otherwise within 10 working days of receiving the application.</summary>
    public static readonly StatutoryRule OpeningProviderReply = new("GZ-31-REPLY", new Period(10, PeriodUnit.WorkingDays), "Provider",
        "贵州省政务数据资源管理办法 第三十一条",
        "不能立即答复的，应自收到申请之时起 10 个工作日内予以答复");

    /// <summary>贵州 art.31 ¶2: having agreed, the provider opens the data to the applicant within 5 working days.</summary>
    public static readonly StatutoryRule OpeningOpen = new("GZ-31-OPEN", new Period(5, PeriodUnit.WorkingDays), "Provider",
        "贵州省政务数据资源管理办法 第三十一条",
        "同意开放的，数据提供部门在 5 个工作日内按流程予以开放");

    /// <summary>贵州 art.33 ¶2: withdrawing published open data is filed with the bureau with reasons and announced on the portal. No period.</summary>
    public static readonly StatutoryRule OpeningWithdrawal = new("GZ-33-WITHDRAW", null, "Department",
        "贵州省政务数据资源管理办法 第三十三条",
        "政府部门需撤销已发布的开放数据前，应报同级大数据主管部门备案并说明理由，并通过贵州省政府数据开放平台进行公告");
}
