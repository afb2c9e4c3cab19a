using Shuzhi.Platform.Identity;

namespace Shuzhi.Platform.Catalogue;

/// <summary>
/// Told when a catalogue entry version is published (the bureau approves it, 贵州 art.8), inside the publishing unit of
/// work: what it adds is saved, and audited, together with the publication. E.g. the sharing module files the legal
/// basis of a conditionally shared version (art.20).
/// </summary>
public interface ICataloguePublished
{
    Task PublishedAsync(Actor actor, CatalogueEntry entry, EntryVersion version, CancellationToken ct);
}
