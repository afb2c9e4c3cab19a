namespace Shuzhi.Server.Pages.Open;

/// <summary>
/// /open/licence: the platform's open data licence (开放授权许可协议, 无锡 2023 item 8) that every open dataset is published
/// under; the dataset page summarises it per dataset and its downloads link here. Static text (DiscoveryText resx).
/// </summary>
public sealed class LicenceModel : OpenPage
{
    /// <summary>The clauses, in order (Discovery.Licence.H{n} heading, Discovery.Licence.T{n} text).</summary>
    public const int Clauses = 10;

    public void OnGet()
    {
    }
}
