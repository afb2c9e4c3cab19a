using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Shuzhi.Core.Time;
using Shuzhi.Platform.Catalogue;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Datasets;
using Shuzhi.Platform.Datasets.Loading;
using Shuzhi.Platform.Datasets.Reading;
using Shuzhi.Platform.Datasets.Storage;
using Shuzhi.Platform.Identity;
using Shuzhi.Server.Api;
using Shuzhi.Server.Auth;

namespace Shuzhi.Server.Pages.Datasets;

/// <summary>
/// /datasets/{code}/upload — loading a new version on the web, in three steps:
/// 1. choose the file and options (mode, encoding); the browser sends it with XMLHttpRequest to show upload progress
///    (a plain form post without script); the file is kept by <see cref="UploadStore"/> and only a token comes back;
/// 2. the mapping: what was detected (format, encoding and why, delimiter, header), each catalogue field with the
///    file column it takes and how it matched (a select per field to change it), and the first rows of the file;
/// 3. load: <see cref="LoadDataset"/> runs and the version page (with its quality report) is shown.
/// The provider department's loaders only (policy dataset-load, and the handler checks the entry's department).
/// The request size limit is the API's (<see cref="DatasetsApi.MaxUploadBytes"/>): the file is streamed to disk.
/// </summary>
[Authorize(Policy = "dataset-load")]
[RequestSizeLimit(DatasetsApi.MaxUploadBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = DatasetsApi.MaxUploadBytes)]
public sealed class UploadModel(UploadStore uploads, GetEntry getEntry, DatasetDirectory directory, LoadDataset load, TimeProvider clock) : PageModel
{
    /// <summary>Values of a field's column select besides "col:{name}".</summary>
    public const string Auto = "auto", Exclude = "none", ColumnPrefix = "col:";

    [BindProperty(SupportsGet = true)] public string Code { get; set; } = "";
    [BindProperty(SupportsGet = true, Name = "t")] public string? Token { get; set; }
    [BindProperty(SupportsGet = true)] public string? Mode { get; set; }
    [BindProperty(SupportsGet = true)] public string? Encoding { get; set; }
    [BindProperty] public bool Publish { get; set; }

    public string Name { get; private set; } = "";
    public IReadOnlyList<TargetField> Fields { get; private set; } = [];
    public UploadStore.Upload? Upload { get; private set; }
    public FileInspection? Inspection { get; private set; }
    public MappingSuggestion? Suggestion { get; private set; }
    /// <summary>Per field: the select's value (auto, none or col:NAME).</summary>
    public string[] Choices { get; private set; } = [];
    public bool Expired { get; private set; }
    public ProblemException? Refusal { get; private set; }
    public ProblemException? Problem { get; private set; }
    public bool HasPublishedVersion { get; private set; }

    private Actor Actor => HttpContext.Actor();

    /// <summary>The entry, its fields (as the loader will check them) and the provider check; null when the page may go on.</summary>
    private async Task<IActionResult?> EntryAsync(CancellationToken ct)
    {
        EntryDetail entry;
        try
        {
            entry = await getEntry.Handle(Actor, Code, null, ct);
            // the loader checks against the published catalogue version when there is one
            if (entry.PublishedVersion is { } pv && entry.Version.Number != pv) entry = await getEntry.Handle(Actor, Code, pv, ct);
        }
        catch (NotFoundProblem) { return NotFound(); }
        Name = entry.Attributes.Name ?? Code;
        var snapshot = await directory.GetAsync(Code, ct);
        HasPublishedVersion = snapshot?.Dataset?.PublishedVersion is not null;
        if (snapshot is null || (!Actor.IsSystem && snapshot.ProviderOrganisationId != Actor.OrganisationId))
        {
            Refusal = new ForbiddenProblem(Policies.DatasetLoad.Name, "只有提供部门可以向本目录导入数据 / only the provider department loads data into its entries");
            Response.StatusCode = 403;
            return Page();
        }
        Fields = DatasetSchema.From(entry.Attributes.Fields ?? []).ToTargetFields();
        return null;
    }

    private bool IsXhr => Request.Headers.XRequestedWith == "XMLHttpRequest";

    private string MappingUrl(UploadStore.Upload u) =>
        $"/datasets/{Uri.EscapeDataString(Code)}/upload?t={u.Token}&mode={Uri.EscapeDataString(u.Mode)}&encoding={Uri.EscapeDataString(u.Encoding)}";

    /// <summary>Step 1 (no token) or step 2 (the mapping of the uploaded file).</summary>
    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await EntryAsync(ct) is { } stop) return stop;
        if (Token is null) return Page();
        return await MappingAsync(ct);
    }

    /// <summary>Step 1 → 2: keeps the file, checks that it can be read at all, and sends the browser to the mapping.</summary>
    public async Task<IActionResult> OnPostAsync(IFormFile? file, CancellationToken ct)
    {
        if (await EntryAsync(ct) is { } stop) return stop;
        Token = null;
        try
        {
            if (file is null || file.Length == 0) throw new ValidationProblem("file", "required", "请选择要上传的文件 / choose a file to upload");
            var (mode, read) = Options();
            UploadStore.Upload upload;
            await using (var s = file.OpenReadStream())
                upload = await uploads.SaveAsync(s, Code, Actor.Username, file.FileName, mode.ToString().ToLowerInvariant(), EncodingName(read.Encoding), ct);
            try
            {
                await using var f = uploads.OpenRead(upload);
                await FileInspector.InspectAsync(f, upload.FileName, read, ct);
            }
            catch (TabularReadException e)
            {
                uploads.Delete(upload.Token);
                throw new ValidationProblem("file", "readable", e.Message);
            }
            var next = MappingUrl(upload);
            return IsXhr ? new JsonResult(new { next }) : Redirect(next);
        }
        catch (ProblemException p) when (p.Status < 500)
        {
            Problem = p;
            Response.StatusCode = p.Status;
            return Page();
        }
    }

    /// <summary>Step 2 again with other options or another mapping (nothing is loaded).</summary>
    public async Task<IActionResult> OnPostPreviewAsync(CancellationToken ct)
    {
        if (await EntryAsync(ct) is { } stop) return stop;
        return await MappingAsync(ct);
    }

    /// <summary>Step 3: loads the kept file with the options and mapping of the form; on success the version page.</summary>
    public async Task<IActionResult> OnPostLoadAsync(CancellationToken ct)
    {
        if (await EntryAsync(ct) is { } stop) return stop;
        Upload = uploads.Find(Token, Code, Actor.Username);
        if (Upload is null) return ExpiredPage();
        try
        {
            var (mode, read) = Options();
            FileInspection inspection;
            await using (var f = uploads.OpenRead(Upload))
                inspection = await FileInspector.InspectAsync(f, Upload.FileName, read, ct);
            var mapping = Overrides(inspection.Headers);
            LoadResult result;
            await using (var f = uploads.OpenRead(Upload))
                result = await load.Handle(Actor, Code, f, Upload.FileName,
                    new LoadRequest { Mode = mode, Read = read, Mapping = mapping?.ToDictionary(m => m.Key, m => m.Value ?? ""), Publish = Publish }, null, ct);
            uploads.Delete(Upload.Token);
            TempData["Done"] = result.Version.State == nameof(DataVersionState.Published) ? "Datasets.Done.LoadedPublished"
                : result.Version.GatePassed ? "Datasets.Done.Loaded" : "Datasets.Done.LoadedHeld";
            return Redirect($"/datasets/{Uri.EscapeDataString(Code)}/versions/{result.Version.Number}");
        }
        catch (TabularReadException e)
        {
            return await MappingAsync(ct, new ValidationProblem("file", "readable", e.Message));
        }
        catch (ProblemException p) when (p.Status < 500)
        {
            return await MappingAsync(ct, p);
        }
        catch (FileNotFoundException)
        {
            return ExpiredPage(); // loaded (and deleted) from another tab, or swept a moment ago
        }
    }

    private IActionResult ExpiredPage()
    {
        Expired = true;
        Token = null;
        Upload = null;
        Response.StatusCode = 404;
        return Page();
    }

    /// <summary>Reads the kept file's first rows and suggests the mapping (with the user's choices, if any).</summary>
    private async Task<IActionResult> MappingAsync(CancellationToken ct, ProblemException? problem = null)
    {
        Upload ??= uploads.Find(Token, Code, Actor.Username);
        if (Upload is null) return ExpiredPage();
        Mode ??= Upload.Mode;
        Encoding ??= Upload.Encoding;
        Problem = problem;
        Choices = Fields.Select(_ => Auto).ToArray();
        try
        {
            var (_, read) = Options();
            await using (var f = uploads.OpenRead(Upload))
                Inspection = await FileInspector.InspectAsync(f, Upload.FileName, read, ct);
            var today = ChinaTime.DateOf(clock.GetUtcNow());
            try
            {
                Suggestion = SchemaMapper.Suggest(Fields, Inspection, today, Overrides(Inspection.Headers));
            }
            catch (ProblemException p) when (p.Status < 500)
            {
                Problem ??= p;
                Suggestion = SchemaMapper.Suggest(Fields, Inspection, today);
            }
        }
        catch (TabularReadException e)
        {
            Problem ??= new ValidationProblem("file", "readable", e.Message);
        }
        catch (ProblemException p) when (p.Status < 500)
        {
            Problem ??= p;
        }
        catch (FileNotFoundException)
        {
            return ExpiredPage();
        }
        if (Problem is not null) Response.StatusCode = Problem.Status;
        return Page();
    }

    /// <summary>The mode and read options of the form; a bad value is a 422 naming the field.</summary>
    private (LoadMode Mode, ReadOptions Read) Options()
    {
        var v = new Validator();
        var mode = LoadMode.Replace;
        if (!string.IsNullOrWhiteSpace(Mode) && (!Enum.TryParse(Mode.Trim(), ignoreCase: true, out mode) || !Enum.IsDefined(mode)))
            v.Add("mode", "one-of", "导入方式须为 replace、append 或 upsert / mode must be replace, append or upsert");
        var read = ReadOptions.Default;
        try { read = read with { Encoding = ReadOptions.ParseEncoding(Encoding) }; }
        catch (ArgumentException) { v.Add("encoding", "known", "编码须为 auto、utf-8 或 gb18030 / encoding must be auto, utf-8 or gb18030"); }
        v.ThrowIfAny();
        return (mode, read);
    }

    private static string EncodingName(TextEncodingChoice e) => e switch
    {
        TextEncodingChoice.Utf8 => "utf-8", TextEncodingChoice.Gb18030 => "gb18030", _ => "auto",
    };

    /// <summary>
    /// The user's mapping from the selects (col0, col1 … in field order): "auto" leaves a field to matching by name,
    /// "none" loads no column into it, "col:NAME" takes that column. Also records the choices to show them again.
    /// </summary>
    private Dictionary<string, string?>? Overrides(IReadOnlyList<string> headers)
    {
        Choices = Fields.Select(_ => Auto).ToArray();
        var source = Request.HasFormContentType ? Request.Form : null;
        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        var v = new Validator();
        for (var i = 0; i < Fields.Count; i++)
        {
            var value = (source?[$"col{i}"] ?? Request.Query[$"col{i}"]).ToString();
            if (string.IsNullOrEmpty(value) || value == Auto) continue;
            Choices[i] = value;
            if (value == Exclude) result[Fields[i].Name] = "";
            else if (value.StartsWith(ColumnPrefix, StringComparison.Ordinal) && headers.Contains(value[ColumnPrefix.Length..]))
                result[Fields[i].Name] = value[ColumnPrefix.Length..];
            else v.Add($"mapping.{Fields[i].Name}", "unknown-column", $"文件中没有这一列 / the file has no such column: {value}");
        }
        v.ThrowIfAny();
        return result.Count == 0 ? null : result;
    }
}
