using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using MimeKit;
using Shuzhi.Platform.Identity;
using Shuzhi.Platform.Persistence;

namespace Shuzhi.Platform.Portal.Community;

/// <summary>
/// E-mails notices (spec 20 推送) when SMTP is configured — <c>Shuzhi:Smtp:Host</c>, <c>Port</c> (25), <c>From</c>,
/// <c>User</c>/<c>Password</c> (optional; from the environment or a secret store, never the repository) and <c>Security</c>
/// (<c>Auto</c>, <c>None</c>, <c>StartTls</c>, <c>SslOnConnect</c>). Without a host nothing is e-mailed and nothing fails.
/// Read at each run, so configuring SMTP needs no restart where the configuration reloads. Uses MailKit (MIT, the
/// maintained .NET SMTP client; System.Net.Mail.SmtpClient is marked obsolete for new code).
/// A notice is tried at most <see cref="MaxAttempts"/> times; each batch is audited without the addresses.
/// </summary>
public sealed class NoticeMailer(ShuzhiDb db, IConfiguration configuration, ILogger<NoticeMailer> log)
{
    public const int MaxAttempts = 3;
    private const int Batch = 200;

    private IConfigurationSection Smtp => configuration.GetSection("Shuzhi:Smtp");

    public bool Configured => !string.IsNullOrWhiteSpace(Smtp["Host"]);

    /// <returns>How many notices were e-mailed and how many attempts failed.</returns>
    public async Task<(int Mailed, int Failed)> SendPendingAsync(Actor actor, CancellationToken ct)
    {
        if (!Configured) return (0, 0);
        // One sender at a time in this process (the job and the scan endpoint): a notice is not read as pending by two.
        await Gate.WaitAsync(ct);
        try { return await SendAsync(actor, ct); }
        finally { Gate.Release(); }
    }

    private static readonly SemaphoreSlim Gate = new(1, 1);

    private async Task<(int Mailed, int Failed)> SendAsync(Actor actor, CancellationToken ct)
    {
        var pending = await (from n in db.Set<OpenNotice>()
                             join u in db.Set<User>() on n.UserId equals u.Id // no AsNoTracking here: it would untrack the notices too
                             where n.MailPending && u.Email != null
                             orderby n.CreatedAt
                             select new { n, u.Email, u.DisplayName }).Take(Batch).ToListAsync(ct);
        if (pending.Count == 0) return (0, 0);
        var s = Smtp;
        var from = s["From"] is { Length: > 0 } f ? f : "shuzhi@localhost";
        int mailed = 0, failed = 0;
        using var client = new SmtpClient { Timeout = 30_000 };
        Exception? connectError = null;
        try
        {
            await client.ConnectAsync(s["Host"]!, s.GetValue("Port", 25), Enum.TryParse<SecureSocketOptions>(s["Security"], true, out var sec) ? sec : SecureSocketOptions.Auto, ct);
            if (s["User"] is { Length: > 0 } user) await client.AuthenticateAsync(user, s["Password"] ?? "", ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            connectError = e;
            log.LogWarning(e, "SMTP {Host} not reachable; notices stay pending", s["Host"]);
        }
        var now = db.Clock.GetUtcNow();
        foreach (var x in pending)
        {
            try
            {
                if (connectError is not null) throw connectError;
                var message = new MimeMessage();
                message.From.Add(MailboxAddress.Parse(from));
                message.To.Add(new MailboxAddress(x.DisplayName, x.Email));
                message.Subject = "开放数据订阅通知 / Open data notice";
                var link = x.n.Link is null ? "" : "\n\n" + PublicBase() + x.n.Link;
                message.Body = new TextPart("plain") { Text = x.n.Text + link + "\n\n— " + "公共数据开放平台 / Open data portal" };
                await client.SendAsync(message, ct);
                x.n.MailPending = false;
                x.n.MailedAt = now;
                mailed++;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                if (connectError is null) log.LogWarning(e, "E-mail of notice {Id} failed", x.n.Id);
                x.n.MailAttempts++;
                if (x.n.MailAttempts >= MaxAttempts) x.n.MailPending = false;
                failed++;
            }
        }
        if (client.IsConnected) await client.DisconnectAsync(true, ct);
        db.Audit(actor, "opendata.notice.mail", "notices", new { mailed, failed, givenUp = pending.Count(x => !x.n.MailPending && x.n.MailedAt is null) });
        await db.SaveChangesAsync(ct);
        return (mailed, failed);
    }

    private string PublicBase() => (configuration["Shuzhi:Portal:PublicBaseUrl"] ?? "").TrimEnd('/');
}
