namespace Shuzhi.Server.Pages.Sharing;

/// <summary>
/// Text of the filings page (Resources/Pages/Sharing/FilingsText(.en).resx, zh-CN first): its own resource, so the
/// sharing helpers' pages do not all edit SharedResource.
/// </summary>
public sealed class FilingsText;
