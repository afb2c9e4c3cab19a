using Microsoft.EntityFrameworkCore;
using Shuzhi.Core.Time;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Identity;
using Shuzhi.Platform.Persistence;

namespace Shuzhi.Platform.Portal.Community;

/// <summary>
/// Subscriptions to open data (spec 20 订阅与推送): GET/POST /api/v1/open/subscriptions, DELETE …/{id}. A dataset must be
/// open (<see cref="OpenCatalogue"/>); a topic is a domain and/or a department with at least one open dataset. What the
/// user subscribes to is recorded as seen, so only later changes are notified.
/// </summary>
public sealed class Subscriptions(ShuzhiDb db, OpenCatalogue catalogue)
{
    /// <param name="Dataset">An open dataset's code; or a topic by <paramref name="Domain"/> and/or <paramref name="Department"/> (a department code).</param>
    public sealed record Command(string? Dataset, string? Domain, string? Department);

    public sealed record View(Guid Id, string Kind, string? Dataset, string? Domain, string? Department, string Label, string Link, DateTimeOffset CreatedAt);

    public async Task<IReadOnlyList<View>> List(Actor actor, CancellationToken ct)
    {
        actor.Require(Policies.OpenCommunity);
        var rows = await db.Set<OpenSubscription>().AsNoTracking().Where(s => s.UserId == actor.UserId).ToListAsync(ct);
        return rows.OrderByDescending(s => s.CreatedAt).Select(ToView).ToList();
    }

    /// <summary>Subscribes (or answers the existing subscription to the same target: subscribing twice is one subscription).</summary>
    public async Task<View> Subscribe(Actor actor, Command c, CancellationToken ct)
    {
        var dataset = Blank(c.Dataset);
        var domain = Blank(c.Domain);
        var department = Blank(c.Department);
        var v = new Validator()
            .Require(dataset is not null || domain is not null || department is not null, "dataset", "required",
                "订阅一个开放数据集（dataset）或一个主题（domain 和/或 department） / give a dataset, or a domain and/or department")
            .Require(dataset is null || (domain is null && department is null), "dataset", "one-of",
                "数据集与主题不能同时订阅 / a dataset or a topic, not both")
            .MaxLength(dataset, 64, "dataset").MaxLength(domain, 100, "domain").MaxLength(department, 64, "department");
        v.ThrowIfAny();
        actor.Require(Policies.OpenCommunity);
        var packages = await catalogue.ListAsync(ct);
        var now = db.Clock.GetUtcNow();
        OpenSubscription s;
        if (dataset is not null)
        {
            var p = packages.FirstOrDefault(x => x.Code == dataset);
            new Validator().Require(p is not null, "dataset", "open", $"没有编码为 {dataset} 的开放数据集 / no open dataset {dataset}").ThrowIfAny();
            s = new OpenSubscription
            {
                Id = Guid.NewGuid(), UserId = actor.UserId, Kind = SubscriptionKind.Dataset, Target = "dataset:" + p!.Code, DatasetCode = p.Code,
                Label = p.Title, CreatedAt = now, SeenOpen = true, SeenCatalogueVersion = p.CatalogueVersion, SeenDataVersion = p.DataVersion,
            };
        }
        else
        {
            var inTopic = packages.Where(p => InTopic(p, domain, department)).ToList();
            new Validator().Require(inTopic.Count > 0, domain is not null ? "domain" : "department", "open",
                "该主题下没有开放数据集 / no open dataset in this domain/department").ThrowIfAny();
            var departmentName = department is null ? null : inTopic[0].ProviderName;
            s = new OpenSubscription
            {
                Id = Guid.NewGuid(), UserId = actor.UserId, Kind = SubscriptionKind.Topic, Target = $"topic:{domain}|{department}", Domain = domain,
                ProviderCode = department, Label = string.Join(" · ", new[] { domain, departmentName }.Where(x => x is not null)),
                CreatedAt = now, SeenOpen = true, SeenCodes = Codes(inTopic),
            };
        }
        var existing = await db.Set<OpenSubscription>().AsNoTracking().FirstOrDefaultAsync(x => x.UserId == actor.UserId && x.Target == s.Target, ct);
        if (existing is not null) return ToView(existing);
        db.Add(s);
        db.Audit(actor, "opendata.subscription.add", $"subscription:{s.Id}", new { s.Target });
        await db.SaveChangesAsync(ct);
        return ToView(s);
    }

    public async Task Unsubscribe(Actor actor, Guid id, CancellationToken ct)
    {
        actor.Require(Policies.OpenCommunity);
        var s = await db.Set<OpenSubscription>().FirstOrDefaultAsync(x => x.Id == id && x.UserId == actor.UserId, ct)
                ?? throw new NotFoundProblem("subscription", id.ToString());
        db.Remove(s);
        db.Audit(actor, "opendata.subscription.remove", $"subscription:{s.Id}", new { s.Target });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The user's subscription to this dataset, if any (the dataset page's button).</summary>
    public async Task<Guid?> FindAsync(Actor actor, string? dataset, string? domain, string? department, CancellationToken ct)
    {
        var target = Blank(dataset) is { } d ? "dataset:" + d : $"topic:{Blank(domain)}|{Blank(department)}";
        return await db.Set<OpenSubscription>().AsNoTracking().Where(x => x.UserId == actor.UserId && x.Target == target)
            .Select(x => (Guid?)x.Id).FirstOrDefaultAsync(ct);
    }

    internal static bool InTopic(OpenPackage p, string? domain, string? department) =>
        (domain is null || p.Domain == domain) && (department is null || p.ProviderCode == department);

    internal static string Codes(IEnumerable<OpenPackage> packages) =>
        string.Join('\n', packages.Select(p => p.Code).Order(StringComparer.Ordinal));

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static View ToView(OpenSubscription s) => new(s.Id, s.Kind.ToString(), s.DatasetCode, s.Domain, s.ProviderCode, s.Label,
        s.Kind == SubscriptionKind.Dataset ? "/open/datasets/" + Uri.EscapeDataString(s.DatasetCode!) : TopicLink(s.Domain, s.ProviderCode),
        ChinaTime.ToChina(s.CreatedAt));

    /// <summary>The portal's filtered search of a topic.</summary>
    public static string TopicLink(string? domain, string? department)
    {
        var q = new List<string>();
        if (department is not null) q.Add("organization=" + Uri.EscapeDataString(department));
        if (domain is not null) q.Add("group=" + Uri.EscapeDataString(domain));
        return "/open/search" + (q.Count == 0 ? "" : "?" + string.Join('&', q));
    }
}

/// <summary>GET /api/v1/open/notices, POST …/{id}/read, POST …/read-all: the signed-in user's notices (我的通知), unread first.</summary>
public sealed class MyNotices(ShuzhiDb db)
{
    public sealed record View(Guid Id, string Kind, string? Dataset, string Text, string? Link, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt, DateTimeOffset? MailedAt);

    public async Task<IReadOnlyList<View>> List(Actor actor, CancellationToken ct)
    {
        actor.Require(Policies.OpenCommunity);
        var rows = await db.Set<OpenNotice>().AsNoTracking().Where(n => n.UserId == actor.UserId).ToListAsync(ct);
        return rows.OrderBy(n => n.ReadAt != null).ThenByDescending(n => n.CreatedAt).ThenByDescending(n => n.Key, StringComparer.Ordinal)
            .Select(n => new View(n.Id, n.Kind, n.DatasetCode, n.Text, n.Link, ChinaTime.ToChina(n.CreatedAt),
                n.ReadAt is { } r ? ChinaTime.ToChina(r) : null, n.MailedAt is { } m ? ChinaTime.ToChina(m) : null))
            .ToList();
    }

    /// <summary>The header's count; 0 for anyone who cannot have notices.</summary>
    public async Task<int> UnreadAsync(Actor actor, CancellationToken ct) =>
        actor.Satisfies(Policies.OpenCommunity) && !actor.IsSystem
            ? await db.Set<OpenNotice>().CountAsync(n => n.UserId == actor.UserId && n.ReadAt == null, ct)
            : 0;

    /// <param name="id">One notice; null: all of the user's unread notices.</param>
    public async Task<int> MarkRead(Actor actor, Guid? id, CancellationToken ct)
    {
        actor.Require(Policies.OpenCommunity);
        var query = db.Set<OpenNotice>().Where(n => n.UserId == actor.UserId && n.ReadAt == null);
        if (id is { } one)
        {
            if (!await db.Set<OpenNotice>().AnyAsync(n => n.Id == one && n.UserId == actor.UserId, ct))
                throw new NotFoundProblem("notice", one.ToString());
            query = query.Where(n => n.Id == one);
        }
        var unread = await query.ToListAsync(ct);
        if (unread.Count == 0) return 0;
        var now = db.Clock.GetUtcNow();
        foreach (var n in unread) n.ReadAt = now;
        db.Audit(actor, "opendata.notice.read", id is null ? $"user:{actor.UserId}" : $"notice:{id}", new { count = unread.Count });
        await db.SaveChangesAsync(ct);
        return unread.Count;
    }
}

/// <summary>GET/PUT /api/v1/open/me/email: the address a public user's notices are e-mailed to (none: in-app only).</summary>
public sealed class ContactEmail(ShuzhiDb db)
{
    public sealed record Command(string? Email);
    public sealed record View(string? Email);

    public async Task<View> Get(Actor actor, CancellationToken ct)
    {
        actor.Require(Policies.OpenCommunity);
        return new View(await db.Set<User>().AsNoTracking().Where(u => u.Id == actor.UserId).Select(u => u.Email).FirstOrDefaultAsync(ct));
    }

    public async Task<View> Set(Actor actor, Command c, CancellationToken ct)
    {
        var email = string.IsNullOrWhiteSpace(c.Email) ? null : c.Email.Trim();
        new Validator().MaxLength(email, 254, "email")
            .Require(email is null || MimeKit.MailboxAddress.TryParse(email, out var parsed) && parsed.Address == email && email.Contains('@'),
                "email", "format", "不是有效的电子邮件地址 / not an e-mail address")
            .ThrowIfAny();
        actor.Require(Policies.OpenCommunity);
        var user = await db.Set<User>().FirstAsync(u => u.Id == actor.UserId, ct);
        if (user.Email == email) return new View(email);
        user.Email = email;
        db.Audit(actor, "identity.user.email", $"user:{user.Username}", new { set = email is not null }); // the address itself is personal data
        await db.SaveChangesAsync(ct);
        return new View(email);
    }
}
