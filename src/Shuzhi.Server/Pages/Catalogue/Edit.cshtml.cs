using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Shuzhi.Platform.Catalogue;
using Shuzhi.Platform.Common;
using Shuzhi.Server.Auth;

namespace Shuzhi.Server.Pages.Catalogue;

/// <summary>The entry form as posted: enum values as strings, data items as repeated rows (Fields[i].Name, …).</summary>
public sealed class EntryForm
{
    public string? Name { get; set; }
    public string? Summary { get; set; }
    public string? SourceBusiness { get; set; }
    public string? SourceSystem { get; set; }
    public string? Category { get; set; }
    public string? Domain { get; set; }
    public string? ShareType { get; set; }
    public string? ShareBasis { get; set; }
    public string? OpenType { get; set; }
    public string? OpenReason { get; set; }
    public string? Grade { get; set; }
    public string? UsageRequirements { get; set; }
    public string? UpdateCycle { get; set; }
    public string? Formats { get; set; }
    public string? QualityStandard { get; set; }
    public string? SubjectKind { get; set; }
    public string? IdentifierField { get; set; }
    public List<FieldRow> Fields { get; set; } = [];

    public sealed class FieldRow
    {
        public string? Name { get; set; }
        public string? Type { get; set; }
        public string? Description { get; set; }
        public bool IsIdentifier { get; set; }
        public string? Sensitivity { get; set; }
        public string? AuthoritativeItem { get; set; }
    }

    /// <summary>
    /// The attributes as posted. Enum values go through the catalogue's one parser: an unknown value is reported as
    /// rule "enum" naming the field (fields[i] counts the non-blank rows, as the problem's errors do), never as a blank.
    /// </summary>
    public EntryAttributes ToAttributes(List<FieldError> errors)
    {
        T? E<T>(string? s, string field) where T : struct, Enum => CatalogueRules.ParseEnum<T>(s, field, errors);
        return new()
        {
            Name = Name, Summary = Summary, SourceBusiness = SourceBusiness, SourceSystem = SourceSystem, Category = E<CatalogueCategory>(Category, "category"),
            Domain = Domain, ShareType = E<Platform.Catalogue.ShareType>(ShareType, "shareType"), ShareBasis = ShareBasis,
            OpenType = E<Platform.Catalogue.OpenType>(OpenType, "openType"), OpenReason = OpenReason, Grade = E<DataGrade>(Grade, "grade"),
            UsageRequirements = UsageRequirements, UpdateCycle = E<Platform.Catalogue.UpdateCycle>(UpdateCycle, "updateCycle"),
            Formats = (Formats ?? "").Split(['、', ',', '，', ';', '；'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList(),
            QualityStandard = QualityStandard, SubjectKind = E<Platform.Catalogue.SubjectKind>(SubjectKind, "subjectKind"), IdentifierField = IdentifierField,
            Fields = Fields.Where(f => !string.IsNullOrWhiteSpace(f.Name) || !string.IsNullOrWhiteSpace(f.Description))
                .Select((f, i) => new FieldSpec { Name = f.Name, Type = E<FieldType>(f.Type, $"fields[{i}].type"), Description = f.Description, IsIdentifier = f.IsIdentifier,
                    Sensitivity = E<Sensitivity>(f.Sensitivity, $"fields[{i}].sensitivity"), AuthoritativeItem = f.AuthoritativeItem }).ToList(),
        };
    }

    public static EntryForm From(EntryAttributes a) => new()
    {
        Name = a.Name, Summary = a.Summary, SourceBusiness = a.SourceBusiness, SourceSystem = a.SourceSystem, Category = a.Category?.ToString(),
        Domain = a.Domain, ShareType = a.ShareType?.ToString(), ShareBasis = a.ShareBasis, OpenType = a.OpenType?.ToString(), OpenReason = a.OpenReason,
        Grade = a.Grade?.ToString(), UsageRequirements = a.UsageRequirements, UpdateCycle = a.UpdateCycle?.ToString(), Formats = string.Join("、", a.Formats ?? []),
        QualityStandard = a.QualityStandard, SubjectKind = a.SubjectKind?.ToString(), IdentifierField = a.IdentifierField,
        Fields = (a.Fields ?? []).Select(f => new FieldRow { Name = f.Name, Type = f.Type?.ToString(), Description = f.Description, IsIdentifier = f.IsIdentifier,
            Sensitivity = f.Sensitivity?.ToString(), AuthoritativeItem = f.AuthoritativeItem }).ToList(),
    };
}

/// <summary>New entry (/catalogue/new) and edit (/catalogue/{code}/edit): one form, problem errors shown next to the fields.</summary>
[Authorize(Policy = "catalogue-edit")]
public sealed class EditModel(GetEntry get) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Code { get; set; }
    [BindProperty] public EntryForm Form { get; set; } = new();
    /// <summary>Extra blank rows for data items (the "add rows" link).</summary>
    [BindProperty(SupportsGet = true)] public int More { get; set; }
    public IReadOnlyList<FieldError> Errors { get; private set; } = [];
    public string? ProblemText { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (Code is not null)
        {
            try { Form = EntryForm.From((await get.Handle(HttpContext.Actor(), Code, null, ct)).Attributes); }
            catch (NotFoundProblem) { return NotFound(); }
        }
        else
        {
            Form.Category = "Departmental"; Form.ShareType = "Unconditional"; Form.OpenType = "Unconditional"; Form.Grade = "General";
            Form.UpdateCycle = "Daily"; Form.SubjectKind = "None"; Form.Formats = "数据库表、API";
        }
        Pad();
        return Page();
    }

    private void Pad()
    {
        var blanks = Math.Clamp(More, 0, 50) + (Form.Fields.Count == 0 ? 5 : 2);
        for (var i = 0; i < blanks; i++) Form.Fields.Add(new EntryForm.FieldRow { Type = "String", Sensitivity = "Internal" });
    }

    public async Task<IActionResult> OnPostAsync([FromServices] CreateDraft create, [FromServices] UpdateDraft update, CancellationToken ct)
    {
        try
        {
            var enumErrors = new List<FieldError>();
            var attributes = Form.ToAttributes(enumErrors);
            if (enumErrors.Count > 0) throw new ValidationProblem(enumErrors);
            var d = Code is null
                ? await create.Handle(HttpContext.Actor(), new CreateDraft.Command(attributes), ct)
                : await update.Handle(HttpContext.Actor(), new UpdateDraft.Command(Code, attributes), ct);
            return Redirect($"/catalogue/{d.Code}");
        }
        catch (ProblemException p) when (p.Status < 500)
        {
            // Row indexes in errors refer to the non-blank rows: keep only those so they line up.
            Form.Fields = Form.Fields.Where(f => !string.IsNullOrWhiteSpace(f.Name) || !string.IsNullOrWhiteSpace(f.Description)).ToList();
            Errors = p.Errors;
            ProblemText = p.Errors.Count == 0 ? p.Message : p.Title;
            if (p.Status == 403) Response.StatusCode = 403;
            else if (p.Status == 409) Response.StatusCode = 409;
            else Response.StatusCode = 422;
            Pad();
            return Page();
        }
    }

    public string? Err(string field) => Errors.Where(e => e.Field == field) is var es && es.Any() ? string.Join("；", es.Select(e => e.Detail)) : null;
}
