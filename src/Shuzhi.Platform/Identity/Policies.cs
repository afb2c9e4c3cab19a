using Shuzhi.Platform.Common;

namespace Shuzhi.Platform.Identity;

/// <summary>A named authorisation policy: a name and the rule over the actor's roles.</summary>
/// <param name="AllowsAnonymous">The endpoint needs no sign-in at all (open data, issue 5): the server registers the
/// policy without requiring an authenticated user. Only <see cref="Policies.OpenData"/> sets it.</param>
public sealed record Policy(string Name, string Description, Func<Actor, bool> Allows, bool AllowsAnonymous = false);

/// <summary>
/// Every named policy of the platform, defined once. The HTTP endpoints require them by name
/// (<c>.RequireAuthorization(Policies.X.Name)</c>) and the handlers check the same rule with
/// <see cref="PolicyExtensions.Require"/>, so the API, the web UI and the CLI cannot disagree.
/// Organisation scoping (which department's drafts, which level's bureau) is checked in the handler,
/// on the resource.
/// </summary>
public static class Policies
{
    private static bool Any(Actor a, params Role[] roles) => roles.Any(a.Has);

    /// <summary>Someone outside government acting on the open portal: a real-name citizen (社会公众) or a market entity.</summary>
    private static bool PublicOrEntity(Actor a) => Any(a, Role.PublicUser, Role.MarketEntity);

    /// <summary>Any signed-in user.</summary>
    public static readonly Policy SignedIn = new("signed-in", "任何已登录用户 / any signed-in user", _ => true);

    /// <summary>People working in government (bureau, departments, government) — the catalogue is a government tool.</summary>
    public static readonly Policy GovernmentUser = new("government-user", "政府工作人员 / government staff",
        a => Any(a, Role.BureauStaff, Role.DataCommissioner, Role.DepartmentStaff, Role.DepartmentHead,
            Role.DepartmentDeputy, Role.GovernmentDecisionMaker, Role.PlatformAdmin));

    /// <summary>Maintains a department's catalogue (贵州 arts 9, 41).</summary>
    public static readonly Policy CatalogueEdit = new("catalogue-edit", "数据专员或部门工作人员 / data commissioner or department staff",
        a => Any(a, Role.DataCommissioner, Role.DepartmentStaff) && a.OrganisationKind is OrganisationKind.Department or OrganisationKind.DataBureau);

    /// <summary>Reviews catalogues at its own level (贵州 art.8).</summary>
    public static readonly Policy CatalogueReview = new("catalogue-review", "大数据主管部门 / data bureau staff",
        a => a.Has(Role.BureauStaff) && a.OrganisationKind == OrganisationKind.DataBureau);

    /// <summary>Supervision board, overdue notices (贵州 art.43).</summary>
    public static readonly Policy Supervise = new("supervise", "大数据主管部门 / data bureau staff",
        a => a.Has(Role.BureauStaff) && a.OrganisationKind == OrganisationKind.DataBureau);

    /// <summary>
    /// Reads the audit log: a provincial supervision instrument. Its details name other departments' drafts, return
    /// reasons and case titles, so only the platform administrator and staff of the PROVINCIAL data bureau read it;
    /// city and county bureaus get 403 (docs/evidence.md).
    /// </summary>
    public static readonly Policy AuditRead = new("audit-read", "省大数据主管部门或平台管理员 / provincial data bureau staff or platform admin",
        a => a.Has(Role.PlatformAdmin)
             || (a.Has(Role.BureauStaff) && a.OrganisationKind == OrganisationKind.DataBureau && a.Level == AdminLevel.Province));

    /// <summary>Platform administration: calendar years, accounts.</summary>
    public static readonly Policy Administer = new("administer", "平台管理员 / platform administrator",
        a => a.Has(Role.PlatformAdmin));

    /// <summary>Withdraws a published catalogue entry: its department or the bureau of its division (decision, docs/catalogue.md).</summary>
    public static readonly Policy CatalogueWithdraw = new("catalogue-withdraw", "数据专员、部门工作人员或大数据主管部门 / department catalogue staff or bureau staff",
        a => CatalogueEdit.Allows(a) || CatalogueReview.Allows(a));
    /// <summary>Cases: one's inbox, the cases one may see, comments and attachments on them (visibility is checked on the case).</summary>
    public static readonly Policy CasesRead = new("cases-read", "任何已登录用户（限可见案件） / any signed-in user, on cases visible to them", _ => true);

    /// <summary>Reads an entry's rows and downloads (which rows and fields, raw or masked, is DatasetAccess's rule on the entry).</summary>
    public static readonly Policy DatasetRead = new("dataset-read", "政府工作人员（限可见数据） / government staff, on data visible to them",
        a => GovernmentUser.Allows(a));

    /// <summary>
    /// Reads rows and downloads through the row API: government staff (as <see cref="DatasetRead"/>), and a citizen or
    /// market entity to whom conditionally open data was opened personally (贵州 art.31) — DatasetAccess decides what.
    /// </summary>
    public static readonly Policy DatasetRows = new("dataset-rows", "政府工作人员，或获准开放数据的申请人（限可见数据） / government staff, or an applicant data was opened to, on data visible to them",
        a => GovernmentUser.Allows(a) || PublicOrEntity(a));

    /// <summary>Loads data into the department's own entries and publishes versions that pass the quality gate (spec 10 §2).</summary>
    public static readonly Policy DatasetLoad = new("dataset-load", "数据专员或部门工作人员 / data commissioner or department staff",
        a => Any(a, Role.DataCommissioner, Role.DepartmentStaff) && a.OrganisationKind == OrganisationKind.Department);

    /// <summary>
    /// Publishes a version below the quality threshold, naming a reason (spec 10 §2: "not published until a person
    /// decides"): the provider department's head, or staff of the bureau of its division.
    /// </summary>
    public static readonly Policy DatasetGateOverride = new("dataset-gate-override", "部门主要负责人或大数据主管部门 / department head or data bureau staff",
        a => (a.Has(Role.DepartmentHead) && a.OrganisationKind == OrganisationKind.Department) || CatalogueReview.Allows(a));

    /// <summary>Publishes a loaded version: the provider's loaders, or (below the quality threshold) the gate overriders.</summary>
    public static readonly Policy DatasetPublish = new("dataset-publish", "数据专员、部门工作人员、部门主要负责人或大数据主管部门 / department data staff, department head or data bureau staff",
        a => DatasetLoad.Allows(a) || DatasetGateOverride.Allows(a));

    /// <summary>Grants and revokes raw (unmasked) fields of the department's own data to other organisations; sets masks.</summary>
    public static readonly Policy DatasetGrant = new("dataset-grant", "数据专员或部门负责人 / data commissioner or department head",
        a => Any(a, Role.DataCommissioner, Role.DepartmentHead) && a.OrganisationKind == OrganisationKind.Department);

    /// <summary>Quality across departments and the publication threshold of the division.</summary>
    public static readonly Policy DatasetQualityOversight = new("dataset-quality-oversight", "大数据主管部门 / data bureau staff",
        a => CatalogueReview.Allows(a));

    // ---- Sharing between departments (贵州 arts 19–26, 38–44; docs/sharing.md) ----

    /// <summary>Applies for shared data, objects to a reply, reports usage and doubtful data for its department (贵州 art.42: the consumer's data commissioner).</summary>
    public static readonly Policy SharingApply = new("sharing-apply", "使用部门数据专员或负责人 / the consuming department's data commissioner or head",
        a => Any(a, Role.DataCommissioner, Role.DepartmentHead) && a.OrganisationKind == OrganisationKind.Department);

    /// <summary>Answers applications, files stops, answers correction reports for its department's data (贵州 art.41: the provider's data commissioner).</summary>
    public static readonly Policy SharingProvide = new("sharing-provide", "提供部门数据专员或负责人 / the providing department's data commissioner or head",
        a => Any(a, Role.DataCommissioner, Role.DepartmentHead) && a.OrganisationKind == OrganisationKind.Department);

    /// <summary>Conformity review, negotiation, the supply–demand list and filings (贵州 arts 20, 23, 24, 38–40, 44): staff of a data bureau.</summary>
    public static readonly Policy SharingCoordinate = new("sharing-coordinate", "大数据主管部门 / data bureau staff",
        a => CatalogueReview.Allows(a));

    /// <summary>Decides a sharing dispute that negotiation did not settle (贵州 art.23(二)): the government at that level.</summary>
    public static readonly Policy SharingDecide = new("sharing-decide", "同级人民政府 / the people's government at that level",
        a => a.Has(Role.GovernmentDecisionMaker) && a.OrganisationKind == OrganisationKind.Government);

    /// <summary>Reads sharing applications, grants and usage logs visible to the caller (own department, or the bureau over it).</summary>
    public static readonly Policy SharingRead = new("sharing-read", "政府工作人员（限可见事项） / government staff, on matters visible to them",
        a => GovernmentUser.Allows(a));

    // ---- Filings (贵州 arts 20, 39, 44; docs/sharing-filings.md) ----
    /// <summary>Appoints or ends a department's data commissioner (贵州 art.39): the department's head, or the platform administrator.</summary>
    public static readonly Policy SharingCommissionerAppoint = new("sharing-commissioner-appoint", "部门主要负责人或平台管理员 / the department's head or the platform administrator",
        a => (a.Has(Role.DepartmentHead) && a.OrganisationKind == OrganisationKind.Department) || a.Has(Role.PlatformAdmin));
    // ---- end Filings ----

    /// <summary>Verifies a sealed document (贵州 art.26): anyone signed in who received one.</summary>
    public static readonly Policy SealVerify = new("seal-verify", "任何已登录用户 / any signed-in user", _ => true);

    // ---- Open data portal (issue 5; docs/portal.md) ----
    /// <summary>
    /// Reads open data — the CKAN Action API and the DCAT export: anyone, signed in or not, by design (spec 20). What is
    /// open is DatasetAccess.IsOpen's rule; every field masked, never raw.
    /// </summary>
    public static readonly Policy OpenData = new("open-data", "任何人（含匿名） / anyone, anonymous included", _ => true, AllowsAnonymous: true);
    // ---- Conditional opening (贵州 arts 31, 33; docs/portal-opening.md) ----
    /// <summary>Applies for conditionally open data on the portal and reads what was opened to them: a signed-in citizen or market entity.</summary>
    public static readonly Policy OpenApply = new("open-apply", "公众用户或市场主体 / a signed-in citizen or market entity", PublicOrEntity);

    /// <summary>The conformity review of open-data applications (贵州 art.31): staff of the data bureau at the provider's level.</summary>
    public static readonly Policy OpenReview = new("open-review", "大数据主管部门 / data bureau staff",
        a => CatalogueReview.Allows(a));

    /// <summary>Answers open-data applications and opens the data (贵州 art.31): the provider's data commissioner or head.</summary>
    public static readonly Policy OpenAnswer = new("open-answer", "提供部门数据专员或负责人 / the providing department's data commissioner or head",
        a => Any(a, Role.DataCommissioner, Role.DepartmentHead) && a.OrganisationKind == OrganisationKind.Department);

    /// <summary>Lists open-data applications (bureau and departments, on the ones they act on).</summary>
    public static readonly Policy OpenApplicationsRead = new("open-applications-read", "大数据主管部门或提供部门 / data bureau or providing department staff",
        a => OpenReview.Allows(a) || OpenAnswer.Allows(a));
    // ---- end Conditional opening ----
    // ---- Portal back office (issue 5 items 6, 7; docs/portal-backoffice.md) ----
    /// <summary>The back office of the portal — publish preview, statistics, flags: department staff (their own data) and bureau staff (their division's).</summary>
    public static readonly Policy OpenBackoffice = new("open-backoffice", "部门工作人员或大数据主管部门 / department staff or data bureau staff",
        a => Any(a, Role.DataCommissioner, Role.DepartmentStaff, Role.DepartmentHead, Role.DepartmentDeputy) && a.OrganisationKind == OrganisationKind.Department
             || CatalogueReview.Allows(a));
    /// <summary>Reports the department's annual openable-data plan (无锡 2023 item 2: 各单位自行上报本年度可开放数据指标).</summary>
    public static readonly Policy OpenPlanReport = new("open-plan-report", "数据专员、部门工作人员或部门负责人 / data commissioner, department staff or head",
        a => Any(a, Role.DataCommissioner, Role.DepartmentStaff, Role.DepartmentHead) && a.OrganisationKind == OrganisationKind.Department);
    /// <summary>The bureau's oversight of open data in its division: plans, flags' settings, sensitive-field findings, indicators.</summary>
    public static readonly Policy OpenOversight = new("open-oversight", "大数据主管部门 / data bureau staff", a => CatalogueReview.Allows(a));
    // ---- end Portal back office ----
    // ---- end Open data portal ----
    // ---- Open data portal: subscriptions, community data, showcase (issue 5; docs/portal-community.md) ----
    /// <summary>Subscribes to open data, reads own notices, submits social data and showcase items: a public user or market entity.</summary>
    public static readonly Policy OpenCommunity = new("open-community", "社会公众或市场主体 / a public user or market entity", PublicOrEntity);

    /// <summary>Reviews submitted social data and showcase items before the portal shows them: data bureau staff.</summary>
    public static readonly Policy CommunityReview = new("community-review", "大数据主管部门 / data bureau staff",
        a => CatalogueReview.Allows(a));
    // ---- end community ----
    // ---- Open data portal: data requests, objections, ratings (issue 5 item 5; docs/portal-requests.md) ----
    /// <summary>Submits data requests, raises objections to open data and rates it: a real-name public user or market entity.</summary>
    public static readonly Policy OpenRequest = new("open-request", "社会公众或市场主体 / a public user or market entity", PublicOrEntity);

    /// <summary>Answers data requests and objections routed to its department: the department's data commissioner, staff or head.</summary>
    public static readonly Policy OpenRespond = new("open-respond", "部门数据专员、工作人员或负责人 / the department's data commissioner, staff or head",
        a => Any(a, Role.DataCommissioner, Role.DepartmentStaff, Role.DepartmentHead) && a.OrganisationKind == OrganisationKind.Department);

    /// <summary>Routes a data request addressed to no department, sees its division's requests and the timeliness: data bureau staff.</summary>
    public static readonly Policy OpenCoordinate = new("open-coordinate", "大数据主管部门 / data bureau staff",
        a => CatalogueReview.Allows(a));
    // ---- end data requests ----

    public static IReadOnlyList<Policy> All { get; } =
        typeof(Policies).GetFields().Where(f => f.FieldType == typeof(Policy)).Select(f => (Policy)f.GetValue(null)!).ToList();
}

public static class PolicyExtensions
{
    /// <summary>Throws 403 unless the actor satisfies the policy. The system actor satisfies every policy.</summary>
    public static void Require(this Actor actor, Policy policy)
    {
        if (actor.IsSystem || policy.Allows(actor)) return;
        throw new ForbiddenProblem(policy.Name, $"需要权限 '{policy.Name}'（{policy.Description}） / requires policy '{policy.Name}'");
    }

    public static bool Satisfies(this Actor actor, Policy policy) => actor.IsSystem || policy.Allows(actor);
}
