using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Shuzhi.Platform.Catalogue;
using Shuzhi.Platform.Common;
using Shuzhi.Server.Auth;

namespace Shuzhi.Server.Pages.Catalogue;

/// <summary>Export (links to the API) and import (upload) of the department's catalogue.</summary>
[Authorize(Policy = "catalogue-edit")]
public sealed class ImportModel(ImportCatalogue import, Shuzhi.Platform.Persistence.ShuzhiDb db) : PageModel
{
    public string DepartmentCode { get; private set; } = "";
    public ImportCatalogue.Result? Result { get; private set; }
    public ProblemException? Problem { get; private set; }

    private async Task LoadAsync(CancellationToken ct)
    {
        var id = HttpContext.Actor().OrganisationId;
        DepartmentCode = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.FirstAsync(
            db.Set<Shuzhi.Platform.Identity.Organisation>().Where(o => o.Id == id).Select(o => o.Code), ct);
    }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(IFormFile? file, CancellationToken ct)
    {
        await LoadAsync(ct);
        try
        {
            if (file is null) throw new BadRequestProblem("file", "required", "请选择要导入的文件 / choose a file");
            await using var s = file.OpenReadStream();
            Result = await import.Handle(HttpContext.Actor(), file.FileName, s, ct);
        }
        catch (ProblemException p) when (p.Status < 500)
        {
            Problem = p;
            Response.StatusCode = p.Status;
        }
        return Page();
    }
}
