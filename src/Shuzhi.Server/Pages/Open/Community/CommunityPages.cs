using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Identity;
using Shuzhi.Platform.Portal.Community;
using Shuzhi.Server.Api;
using Shuzhi.Server.Auth;

namespace Shuzhi.Server.Pages.Open
{
    /// <summary>Text of the community pages (Resources/Pages/Open/CommunityText(.en).resx, zh-CN first).</summary>
    public sealed class CommunityText;
}

namespace Shuzhi.Server.Pages.Open.Community
{
    /// <summary>
    /// /open/me/notices — 我的通知: the user's notices (unread first, mark one or all read), subscriptions (unsubscribe) and the
    /// e-mail address notices are sent to. Also the target of the subscribe buttons on the dataset and search pages.
    /// </summary>
    [Authorize(Policy = "open-community")]
    public sealed class MyNoticesModel(MyNotices notices, Subscriptions subscriptions, ContactEmail email) : PageModel
    {
        public IReadOnlyList<MyNotices.View> Items { get; private set; } = [];
        public IReadOnlyList<Subscriptions.View> Subs { get; private set; } = [];
        public string? Email { get; private set; }
        public ProblemException? Problem { get; private set; }

        public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

        public Task<IActionResult> OnPostSubscribeAsync(string? dataset, string? domain, string? department, string? returnUrl, CancellationToken ct)
            => Act(() => subscriptions.Subscribe(HttpContext.Actor(), new(dataset, domain, department), ct), returnUrl, ct);

        public Task<IActionResult> OnPostUnsubscribeAsync(Guid id, string? returnUrl, CancellationToken ct)
            => Act(() => subscriptions.Unsubscribe(HttpContext.Actor(), id, ct), returnUrl, ct);

        public Task<IActionResult> OnPostReadAsync(Guid id, CancellationToken ct)
            => Act(() => notices.MarkRead(HttpContext.Actor(), id, ct), null, ct);

        public Task<IActionResult> OnPostReadAllAsync(CancellationToken ct)
            => Act(() => notices.MarkRead(HttpContext.Actor(), null, ct), null, ct);

        public Task<IActionResult> OnPostEmailAsync(string? address, CancellationToken ct)
            => Act(() => email.Set(HttpContext.Actor(), new(address), ct), null, ct);

        private async Task<IActionResult> Act(Func<Task> act, string? returnUrl, CancellationToken ct)
        {
            try
            {
                await act();
                return returnUrl is not null && Url.IsLocalUrl(returnUrl) ? LocalRedirect(returnUrl) : RedirectToPage();
            }
            catch (ProblemException p) when (p.Status is 400 or 404 or 409 or 422)
            {
                Problem = p;
                Response.StatusCode = p.Status;
                await LoadAsync(ct);
                return Page();
            }
        }

        private async Task LoadAsync(CancellationToken ct)
        {
            var actor = HttpContext.Actor();
            Items = await notices.List(actor, ct);
            Subs = await subscriptions.List(actor, ct);
            Email = (await email.Get(actor, ct)).Email;
        }
    }

    /// <summary>/open/me/contributions — submit social data (CSV/XLSX) or a showcase item, and see what became of one's submissions.</summary>
    [Authorize(Policy = "open-community")]
    [RequestSizeLimit(CommunityDataset.MaxBytes + 64 * 1024)]
    [RequestFormLimits(MultipartBodyLengthLimit = CommunityDataset.MaxBytes + 64 * 1024)]
    public sealed class ContributeModel(ContributionQueries queries, SubmitCommunityData submitData, SubmitShowcase submitShowcase) : PageModel
    {
        public ContributionQueries.Mine Mine { get; private set; } = new([], []);
        public ProblemException? Problem { get; private set; }
        public string? Form { get; private set; }
        [BindProperty(SupportsGet = true)] public string? Dataset { get; set; }

        public async Task OnGetAsync(CancellationToken ct) => Mine = await queries.MineAsync(HttpContext.Actor(), ct);

        public Task<IActionResult> OnPostDataAsync(IFormFile? file, string? title, string? description, string? licence, CancellationToken ct)
            => Act("data", async () => await submitData.Handle(HttpContext.Actor(), await CommunityUpload.ReadAsync(file, title, description, licence, ct), ct), ct);

        public Task<IActionResult> OnPostShowcaseAsync(string? title, string? description, string? url, string? datasets, CancellationToken ct)
            => Act("showcase", () => submitShowcase.Handle(HttpContext.Actor(),
                new(title, description, url, (datasets ?? "").Split([',', '，', ' ', '\n', '\r', ';'], StringSplitOptions.RemoveEmptyEntries)), ct), ct);

        private async Task<IActionResult> Act(string form, Func<Task> act, CancellationToken ct)
        {
            try
            {
                await act();
                return RedirectToPage(null, null, null, "mine");
            }
            catch (ProblemException p) when (p.Status is 400 or 404 or 409 or 413 or 422)
            {
                Problem = p;
                Form = form;
                Response.StatusCode = p.Status;
                Mine = await queries.MineAsync(HttpContext.Actor(), ct);
                return Page();
            }
        }
    }

    /// <summary>/open/community — 社会数据: the approved social data, newest first.</summary>
    public sealed class CommunityDataModel(ContributionQueries queries) : OpenPage
    {
        public IReadOnlyList<Contributions.DataView> Items { get; private set; } = [];
        public async Task OnGetAsync(CancellationToken ct) => Items = await queries.ApprovedData(ct);
    }

    /// <summary>/open/community/{id} — one approved social data set: description, licence, preview, download. 404 unless approved.</summary>
    public sealed class CommunityItemModel(ContributionQueries queries) : OpenPage
    {
        public Contributions.DataPreview? Item { get; private set; }

        public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
        {
            Item = await queries.ApprovedPreview(id, ct);
            if (Item is null) Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }
    }

    /// <summary>/open/showcase — 成果展示: approved applications built on open data, with the indicator count.</summary>
    public sealed class ShowcaseModel(ContributionQueries queries) : OpenPage
    {
        public IReadOnlyList<Contributions.ShowcaseView> Items { get; private set; } = [];
        public async Task OnGetAsync(CancellationToken ct) => Items = await queries.ApprovedShowcase(null, ct);
    }

    /// <summary>/community/review — the bureau approves or rejects (with a reason) submitted social data and showcase items.</summary>
    [Authorize(Policy = "community-review")]
    public sealed class ReviewModel(ContributionQueries queries, ReviewSubmission review) : PageModel
    {
        public ContributionQueries.Mine Queue { get; private set; } = new([], []);
        public ProblemException? Problem { get; private set; }

        public async Task OnGetAsync(CancellationToken ct) => Queue = await queries.ForReviewAsync(HttpContext.Actor(), ct);

        public async Task<IActionResult> OnPostAsync(string kind, Guid id, string? decision, string? reason, CancellationToken ct)
        {
            try
            {
                await review.Handle(HttpContext.Actor(), kind, id, new(decision == "approve", reason), ct);
                return RedirectToPage();
            }
            catch (ProblemException p) when (p.Status is 400 or 404 or 409 or 422)
            {
                Problem = p;
                Response.StatusCode = p.Status;
                Queue = await queries.ForReviewAsync(HttpContext.Actor(), ct);
                return Page();
            }
        }
    }

    /// <summary>The header link to 我的通知 with the unread count, for signed-in public users (layout).</summary>
    public sealed class NoticeBellViewComponent(MyNotices notices) : ViewComponent
    {
        public async Task<IViewComponentResult> InvokeAsync()
        {
            var actor = HttpContext.FindActor();
            if (actor is null || !actor.Satisfies(Policies.OpenCommunity)) return Content("");
            return View(await notices.UnreadAsync(actor, HttpContext.RequestAborted));
        }
    }

    /// <summary>On a dataset page: subscribe/unsubscribe, and the approved showcase items that use the dataset.</summary>
    public sealed class DatasetCommunityViewComponent(Subscriptions subscriptions, ContributionQueries queries) : ViewComponent
    {
        public sealed record Model(string Code, bool CanSubscribe, bool SignedIn, Guid? Subscription, IReadOnlyList<Contributions.ShowcaseView> Showcase);

        public async Task<IViewComponentResult> InvokeAsync(string code)
        {
            var actor = HttpContext.FindActor();
            var can = actor is not null && actor.Satisfies(Policies.OpenCommunity);
            var sub = can ? await subscriptions.FindAsync(actor!, code, null, null, HttpContext.RequestAborted) : null;
            return View(new Model(code, can, actor is not null, sub, await queries.ApprovedShowcase(code, HttpContext.RequestAborted)));
        }
    }

    /// <summary>On a filtered search (a domain and/or a department): subscribe to that topic.</summary>
    public sealed class TopicSubscribeViewComponent(Subscriptions subscriptions) : ViewComponent
    {
        public sealed record Model(string? Domain, string? Department, Guid? Subscription);

        public async Task<IViewComponentResult> InvokeAsync(string? domain, string? department)
        {
            var actor = HttpContext.FindActor();
            if (actor is null || !actor.Satisfies(Policies.OpenCommunity) || (string.IsNullOrWhiteSpace(domain) && string.IsNullOrWhiteSpace(department)))
                return Content("");
            var sub = await subscriptions.FindAsync(actor, null, domain, department, HttpContext.RequestAborted);
            return View(new Model(string.IsNullOrWhiteSpace(domain) ? null : domain.Trim(), string.IsNullOrWhiteSpace(department) ? null : department.Trim(), sub));
        }
    }

    /// <summary>The home page's showcase section: the newest approved items, the indicator and links to the showcase and social data.</summary>
    public sealed class HomeShowcaseViewComponent(ContributionQueries queries) : ViewComponent
    {
        public async Task<IViewComponentResult> InvokeAsync() =>
            View(await queries.ApprovedShowcase(null, HttpContext.RequestAborted));
    }
}
