using Shuzhi.Platform.Portal;

namespace Shuzhi.Server.Pages.Open;

/// <summary>/open: the portal's home — search box, domains and departments with counts, the newest open datasets.</summary>
public sealed class IndexModel(OpenCatalogue catalogue) : OpenPage
{
    public IReadOnlyList<(string Domain, int Count)> Domains { get; private set; } = [];
    public IReadOnlyList<OpenOrganisation> Departments { get; private set; } = [];
    public IReadOnlyList<OpenPackage> Newest { get; private set; } = [];
    public int Total { get; private set; }
    public IReadOnlyList<OpenPackage> Open { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var all = await catalogue.ListAsync(ct);
        Total = all.Count;
        Open = all;
        Domains = OpenCatalogue.Domains(all);
        Departments = OpenCatalogue.Organisations(all);
        Newest = PackageSearch.Run(all, new(null, null, "10", null, "metadata_modified desc", null)).Results;
    }
}
