using Microsoft.EntityFrameworkCore;
using Shuzhi.Platform.Identity;
using Shuzhi.Platform.Persistence;

namespace Shuzhi.Platform.Portal.Community;

/// <summary>
/// Change detection for subscriptions (spec 20 订阅与推送), decoupled from the catalogue and data modules: compares the open
/// catalogue (<see cref="OpenCatalogue.ListAsync"/>: code, catalogue version, data version) with what each subscription last
/// saw and writes one notice per difference, in the same transaction as the new "seen" state — so a second run notifies
/// nothing twice, and two runs at once write the same notice key, which the unique index refuses (the loser's run fails and
/// the next one finds nothing to do). Then e-mails the notices waiting for it (<see cref="NoticeMailer"/>).
/// Run by the job (Server/Jobs/SubscriptionJob) and POST /api/v1/open/subscriptions/scan.
/// </summary>
public sealed class ScanSubscriptions(ShuzhiDb db, OpenCatalogue catalogue, NoticeMailer mailer)
{
    public sealed record Result(int Subscriptions, int Notices, int Mailed, int MailFailed);

    public async Task<Result> Handle(Actor actor, CancellationToken ct)
    {
        actor.Require(Policies.CommunityReview);
        var packages = await catalogue.ListAsync(ct);
        var byCode = packages.ToDictionary(p => p.Code, StringComparer.Ordinal);
        var subscriptions = await db.Set<OpenSubscription>().ToListAsync(ct);
        var mailable = mailer.Configured
            ? (await db.Set<User>().AsNoTracking().Where(u => u.Email != null && !u.Disabled).Select(u => u.Id).ToListAsync(ct)).ToHashSet()
            : [];
        var now = db.Clock.GetUtcNow();
        var notices = new List<OpenNotice>();

        foreach (var s in subscriptions)
        {
            void Notify(string kind, string what, string? code, string text, string? link)
            {
                s.Sequence++;
                notices.Add(new OpenNotice
                {
                    Id = Guid.NewGuid(), UserId = s.UserId, SubscriptionId = s.Id, Kind = kind, Key = $"{s.Sequence}:{kind}:{what}",
                    DatasetCode = code, Text = text, Link = link, CreatedAt = now, MailPending = mailable.Contains(s.UserId),
                });
            }

            if (s.Kind == SubscriptionKind.Dataset)
            {
                var code = s.DatasetCode!;
                var link = "/open/datasets/" + Uri.EscapeDataString(code);
                if (byCode.TryGetValue(code, out var p))
                {
                    if (!s.SeenOpen)
                        Notify("dataset.reopened", $"{p.CatalogueVersion}:{p.DataVersion}", code,
                            $"订阅的数据集《{p.Title}》重新开放 / the subscribed dataset {code} is open again", link);
                    else
                    {
                        if (p.CatalogueVersion != s.SeenCatalogueVersion)
                            Notify("dataset.catalogue", p.CatalogueVersion.ToString(), code,
                                $"订阅的数据集《{p.Title}》发布了新的目录版本 v{p.CatalogueVersion} / catalogue version {p.CatalogueVersion} of {code} published", link);
                        if (p.DataVersion is { } dv && dv != s.SeenDataVersion)
                            Notify("dataset.data", dv.ToString(), code,
                                $"订阅的数据集《{p.Title}》发布了新的数据版本 v{dv}（{p.Rows} 行） / data version {dv} of {code} published ({p.Rows} rows)", link);
                    }
                    if (p.Title != s.Label) s.Label = p.Title;
                    s.SeenOpen = true;
                    s.SeenCatalogueVersion = p.CatalogueVersion;
                    s.SeenDataVersion = p.DataVersion;
                }
                else if (s.SeenOpen)
                {
                    Notify("dataset.withdrawn", $"{s.SeenCatalogueVersion}:{s.SeenDataVersion}", code,
                        $"订阅的数据集《{s.Label}》已撤回或不再开放 / the subscribed dataset {code} was withdrawn or is no longer open", null);
                    s.SeenOpen = false;
                }
            }
            else
            {
                var inTopic = packages.Where(p => Subscriptions.InTopic(p, s.Domain, s.ProviderCode)).ToList();
                var seen = s.SeenCodes.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
                foreach (var p in inTopic.Where(p => !seen.Contains(p.Code)))
                    Notify("topic.new", p.Code, p.Code,
                        $"订阅的主题「{s.Label}」新开放了数据集《{p.Title}》 / new open dataset {p.Code} in {s.Label}", "/open/datasets/" + Uri.EscapeDataString(p.Code));
                var codes = Subscriptions.Codes(inTopic);
                if (codes != s.SeenCodes) s.SeenCodes = codes;
            }
        }

        if (notices.Count > 0 || db.ChangeTracker.HasChanges())
        {
            db.AddRange(notices);
            db.Audit(actor, "opendata.subscription.scan", "subscriptions", new
            {
                subscriptions = subscriptions.Count,
                notices = notices.Count,
                kinds = notices.GroupBy(n => n.Kind).ToDictionary(g => g.Key, g => g.Count()),
            });
            await db.SaveChangesAsync(ct);
        }
        var (mailed, failed) = await mailer.SendPendingAsync(actor, ct);
        return new Result(subscriptions.Count, notices.Count, mailed, failed);
    }
}
