using Shuzhi.Platform.Identity;

namespace Shuzhi.Platform.Sharing;

/// <summary>
/// 贵州 art.44: a provider may delegate applications from a region, as a whole, to the corresponding department one
/// level down. The application flow asks who answers an application from <paramref name="consumerDivisionCode"/>.
/// </summary>
public interface IDelegateLookup
{
    /// <summary>The delegate department, or null when the provider answers itself.</summary>
    Task<Organisation?> FindDelegateAsync(Guid entryId, Guid providerOrganisationId, string consumerDivisionCode, CancellationToken ct);
}
