using Shuzhi.Platform.Portal;

namespace Shuzhi.Server.Pages.Open;

/// <summary>/open/announcements: the public announcements of withdrawn open data (贵州 art.33) — what, whose, when, why; no data.</summary>
public sealed class AnnouncementsModel(OpenWithdrawals withdrawals) : OpenPage
{
    public IReadOnlyList<WithdrawalNotice> Notices { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Notices = await withdrawals.ListAsync(ct);
}
