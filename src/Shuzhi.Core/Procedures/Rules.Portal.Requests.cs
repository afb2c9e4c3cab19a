namespace Shuzhi.Core.Procedures;

/// <summary>
/// Open data portal: data requests and objections (issue 5 item 5; docs/portal-requests.md). Neither text sets a period:
/// the step runs against the service target the provincial bureau configures (/supervision), never a statutory deadline
/// (like the "no period" cases of spec 10 "Decisions"). Each text is quoted from its source (law/).
/// </summary>
public static partial class Rules
{
    /// <summary>贵州 art.30: a request channel for open data; the department responds in good time. No period: service target only.</summary>
    public static readonly StatutoryRule OpenDataRequest = new("GZ-30-REQUEST", null, "Department",
        "贵州省政务数据资源管理办法 第三十条",
        "及时响应合理的数据开放需求申请");

    /// <summary>苏州 task 10: objections to open data are verified and answered with feedback. No period: service target only.</summary>
    public static readonly StatutoryRule OpenDataObjection = new("SZ-10-OBJECTION", null, "Provider",
        "苏州市公共数据开放三年行动计划（2023—2025年） 任务10",
        "建立开放数据异议核实与处理机制，畅通异议核实处理的反馈渠道");
}
