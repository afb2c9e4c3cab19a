using Shuzhi.Core.Time;

namespace Shuzhi.Core.Procedures;

/// <summary>Sharing between departments (贵州 arts 19–26, 38–44; docs/sharing.md). Each text is quoted from seed 001.</summary>
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

    /// <summary>贵州 art.23(二) ¶2: the government at the same level decides what negotiation did not settle. No period.</summary>
    public static readonly StatutoryRule SharingGovernmentDecision = new("GZ-23-2-DECIDE", null, "Government",
        "贵州省政务数据资源管理办法 第二十三条（二）",
        "协商未果的，报请同级人民政府决定");

    /// <summary>贵州 art.23(三): the consumer reports on quality, use and results within 10 working days (from the first delivery: spec decision).</summary>
    public static readonly StatutoryRule SharingUsageFeedback = new("GZ-23-3-FEEDBACK", new Period(10, PeriodUnit.WorkingDays), "Consumer",
        "贵州省政务数据资源管理办法 第二十三条（三）",
        "在10个工作日内通过贵州省数据共享交换平台反馈政务数据资源共享质量、使用情况和应用成效");

    /// <summary>贵州 art.24: stopping the supply of published shared data is filed with the provincial bureau 5 working days in advance.</summary>
    public static readonly StatutoryRule SharingStopNotice = new("GZ-24-STOP", new Period(5, PeriodUnit.WorkingDays), "Provider",
        "贵州省政务数据资源管理办法 第二十四条",
        "政府部门需停止提供已发布的共享数据时，应当提供正当理由说明并提前5个工作日报省大数据主管部门备案");

    /// <summary>贵州 art.25: the provider verifies and corrects doubtful or wrong data within 10 working days of receiving the report.</summary>
    public static readonly StatutoryRule SharingCorrection = new("GZ-25-VERIFY", new Period(10, PeriodUnit.WorkingDays), "Provider",
        "贵州省政务数据资源管理办法 第二十五条",
        "数据提供部门应根据数据使用部门的反馈，自收到数据校核意见起 10 个工作日内予以核实、更新，并反馈校核处理结果");

    /// <summary>贵州 art.20 ¶2: conditional data is re-assessed regularly. The text sets no period: service target only.</summary>
    public static readonly StatutoryRule SharingReassessment = new("GZ-20-REASSESS", null, "Provider",
        "贵州省政务数据资源管理办法 第二十条",
        "政府部门应当对有条件共享类数据定期进行评估，具备无条件共享条件的，应当及时转为无条件共享");
}
