namespace Shuzhi.Server;

/// <summary>Marker for the UI text resources (Resources/SharedResource.resx is zh-CN, .en.resx English).</summary>
public sealed class SharedResource;
