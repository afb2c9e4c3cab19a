using Shuzhi.Core.Time;

namespace Shuzhi.Core.Procedures;

public static partial class Rules
{
    /// <summary>贵州 art.23(一): the bureau at the provider's level completes the conformity review within 5 working days of receipt.</summary>
    public static readonly StatutoryRule SharingConformityReview = new("GZ-23-1-REVIEW", new Period(5, PeriodUnit.WorkingDays), "DataBureau",
        "贵州省政务数据资源管理办法 第二十三条（一）",
        "数据提供部门同级大数据主管部门自收到申请之日起5个工作日内完成规范性审核");

    /// <summary>贵州 art.23(二): the provider department replies within 5 working days of receiving the application.</summary>
    public static readonly StatutoryRule SharingProviderReply = new("GZ-23-2-REPLY", new Period(5, PeriodUnit.WorkingDays), "Provider",
        "贵州省政务数据资源管理办法 第二十三条（二）",
        "数据提供部门收到数据共享申请时，应自收到申请之日起5个工作日内予以答复");

    /// <summary>贵州 art.23(二) ¶2: negotiation organised by the provider's bureau on an objection. No period: service target only.</summary>
    public static readonly StatutoryRule SharingNegotiation = new("GZ-23-2-NEGOTIATE", null, "DataBureau",
        "贵州省政务数据资源管理办法 第二十三条（二）",
        "数据使用部门对数据提供部门的答复有异议的，由数据提供部门同级大数据主管部门组织协商");
}
