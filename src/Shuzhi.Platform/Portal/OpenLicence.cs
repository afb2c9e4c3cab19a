namespace Shuzhi.Platform.Portal;

/// <summary>
/// The licence every open package is published under (开放授权许可协议, 无锡 2023 item 8; the text: /open/licence,
/// docs/portal-discovery.md): named in CKAN's license_id/license_title/license_url and on each dataset page.
/// </summary>
public static class OpenLicence
{
    public const string Id = "shuzhi-open-1.0", Title = "公共数据开放许可协议 1.0 / Open Data Licence 1.0", Path = "/open/licence";
}
