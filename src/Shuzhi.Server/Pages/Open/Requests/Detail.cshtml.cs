using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Identity;
using Shuzhi.Platform.Persistence;
using Shuzhi.Platform.Portal.Requests;
using Shuzhi.Server.Pages.Sharing;

namespace Shuzhi.Server.Pages.Open.Requests;

/// <summary>
/// /open/requests/{id}: one data request — its text, attachments, where it stands against its service target and the
/// answer — for the requester, the department it is routed to (which answers here) and the bureau (which routes here).
/// </summary>
[Authorize(Policy = "signed-in")]
public sealed class DetailModel(DataRequestQueries queries, AnswerDataRequest answer, RouteDataRequest route, ShuzhiDb db) : SharingPage
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    public DataRequestView Item { get; private set; } = null!;
    public bool CanAnswer { get; private set; }
    public bool CanRoute { get; private set; }
    public IReadOnlyList<(string Code, string Name)> Departments { get; private set; } = [];

    [BindProperty] public string? Outcome { get; set; }
    [BindProperty] public string? Dataset { get; set; }
    [BindProperty] public string? Reason { get; set; }
    [BindProperty] public string? Department { get; set; }
    [BindProperty] public string? Comment { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        try { Item = await queries.Get(Me, Id, ct); }
        catch (NotFoundProblem) { return NotFound(); }
        CanAnswer = Item.Status == "open" && Me.Satisfies(Policies.OpenRespond) && Me.OrganisationName == Item.Department;
        CanRoute = Item.Status == "routing" && Me.Satisfies(Policies.OpenCoordinate);
        if (CanRoute)
        {
            var prefix = Platform.Cases.CaseAccess.DivisionPrefix(Me);
            Departments = (await SubmitDataRequest.DepartmentsAsync(db, ct)).Where(d => d.Code.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        }
        return Page();
    }

    public Task<IActionResult> OnPostAnswerAsync(CancellationToken ct) => ActAsync(async actor =>
    {
        await answer.Handle(actor, Id, new AnswerDataRequest.Command(Outcome, Dataset, Reason), ct);
        return $"/open/requests/{Id}";
    }, "Req.Answered", () => OnGetAsync(ct));

    public Task<IActionResult> OnPostRouteAsync(CancellationToken ct) => ActAsync(async actor =>
    {
        await route.Handle(actor, Id, new RouteDataRequest.Command(Department, Comment), ct);
        return $"/open/requests/{Id}";
    }, "Req.Routed", () => OnGetAsync(ct));
}
