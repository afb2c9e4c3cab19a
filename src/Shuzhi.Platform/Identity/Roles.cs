namespace Shuzhi.Platform.Identity;

/// <summary>Roles of spec 10 "Actors" (and a platform administrator). Later modules add theirs here.</summary>
public enum Role
{
    /// <summary>大数据主管部门工作人员: reviews catalogues, conformity review, supervision.</summary>
    BureauStaff,
    /// <summary>数据专员 (贵州 art.39): maintains the department's catalogue, processes applications.</summary>
    DataCommissioner,
    /// <summary>部门工作人员.</summary>
    DepartmentStaff,
    /// <summary>主要负责人: receives overdue pushes (art.43).</summary>
    DepartmentHead,
    /// <summary>分管负责人: receives overdue pushes (art.43).</summary>
    DepartmentDeputy,
    /// <summary>社会公众 (real-name citizen or organisation).</summary>
    PublicUser,
    /// <summary>市场主体, identified by 统一社会信用代码.</summary>
    MarketEntity,
    /// <summary>同级人民政府决策人员: decides sharing disputes (art.23(二)).</summary>
    GovernmentDecisionMaker,
    /// <summary>平台管理员: calendar years, accounts.</summary>
    PlatformAdmin,
}

/// <summary>Kinds of node in the organisation tree (GB/T 2260 divisions, then departments).</summary>
public enum OrganisationKind
{
    Province,
    City,
    County,
    /// <summary>大数据主管部门 of a division.</summary>
    DataBureau,
    /// <summary>A government department (政府部门), or a public institution/utility by analogy (art.52).</summary>
    Department,
    /// <summary>The people's government of a division (同级人民政府).</summary>
    Government,
    /// <summary>An enterprise or other organisation outside government (market entity, public user's employer).</summary>
    External,
}

/// <summary>Administrative level of a division or of a department (province/city/county).</summary>
public enum AdminLevel
{
    Province,
    City,
    County,
}
