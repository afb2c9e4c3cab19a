using System.Text.Json;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using ExcelDataReader;
using Microsoft.EntityFrameworkCore;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Identity;
using Shuzhi.Platform.Persistence;

namespace Shuzhi.Platform.Catalogue;

/// <summary>The JSON exchange document of a department's catalogue ("shuzhi.catalogue/1"): every attribute round-trips.</summary>
public sealed record CatalogueDocument(string Format, string? Department, DateTimeOffset? ExportedAt, List<CatalogueDocumentEntry>? Entries)
{
    public const string FormatName = "shuzhi.catalogue/1";
}

public sealed record CatalogueDocumentEntry(string? Code, string? State, int? Version, EntryAttributes? Attributes);

/// <summary>Excel layout: sheet 目录 (one row per entry) and sheet 数据项 (one row per field). Enum cells hold the Chinese label (English names are read too).</summary>
public static class CatalogueExcel
{
    public const string EntrySheet = "目录", FieldSheet = "数据项";

    public static readonly string[] EntryColumns =
        ["目录编码", "资源名称", "资源摘要", "来源业务", "来源信息系统", "资源类别", "领域", "共享类型", "共享依据", "开放类型", "开放理由",
         "数据级别", "使用要求", "更新周期", "数据格式", "质量标准", "数据主体", "标识字段", "状态", "版本"];
    public static readonly string[] FieldColumns = ["目录编码", "数据项名称", "类型", "描述", "是否标识", "敏感级别", "权威数据项编码"];

    public static string Label<T>(T? value) where T : struct, Enum => CatalogueRules.EnumLabel(value);

    /// <summary>Parses a label or English name; unknown text is an error naming the field (<see cref="CatalogueRules.ParseEnum{T}"/>).</summary>
    public static T? Parse<T>(string? text, string field, List<FieldError> errors) where T : struct, Enum => CatalogueRules.ParseEnum<T>(text, field, errors);

    public static byte[] Write(IReadOnlyList<CatalogueDocumentEntry> entries)
    {
        using var ms = new MemoryStream();
        using (var doc = SpreadsheetDocument.Create(ms, SpreadsheetDocumentType.Workbook))
        {
            var wb = doc.AddWorkbookPart();
            wb.Workbook = new Workbook();
            var sheets = wb.Workbook.AppendChild(new Sheets());
            void AddSheet(uint id, string name, string[] header, IEnumerable<string?[]> rows)
            {
                var ws = wb.AddNewPart<WorksheetPart>();
                var data = new SheetData();
                foreach (var r in new[] { header.Cast<string?>().ToArray() }.Concat(rows))
                    data.AppendChild(new Row(r.Select(v => new Cell { DataType = CellValues.InlineString, InlineString = new InlineString(new Text(v ?? "") { Space = SpaceProcessingModeValues.Preserve }) })));
                ws.Worksheet = new Worksheet(data);
                sheets.AppendChild(new Sheet { Id = wb.GetIdOfPart(ws), SheetId = id, Name = name });
            }
            AddSheet(1, EntrySheet, EntryColumns, entries.Select(e =>
            {
                var a = e.Attributes!;
                return new[]
                {
                    e.Code, a.Name, a.Summary, a.SourceBusiness, a.SourceSystem, Label(a.Category), a.Domain, Label(a.ShareType), a.ShareBasis,
                    Label(a.OpenType), a.OpenReason, Label(a.Grade), a.UsageRequirements, Label(a.UpdateCycle), string.Join("；", a.Formats ?? []),
                    a.QualityStandard, Label(a.SubjectKind), a.IdentifierField, e.State, e.Version?.ToString(),
                };
            }));
            AddSheet(2, FieldSheet, FieldColumns, entries.SelectMany(e => (e.Attributes!.Fields ?? []).Select(f => new[]
            {
                e.Code, f.Name, Label(f.Type), f.Description, f.IsIdentifier ? "是" : "否", Label(f.Sensitivity), f.AuthoritativeItem,
            })));
            wb.Workbook.Save();
        }
        return ms.ToArray();
    }

    private static bool registered;

    /// <summary>Reads the two sheets. Rows are matched to entries by 目录编码 (or, for new entries without a code, by the entry's row number "#N").</summary>
    public static (List<(string Where, CatalogueDocumentEntry Entry)> Entries, List<FieldError> Errors) Read(Stream stream)
    {
        if (!registered) { System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance); registered = true; }
        var errors = new List<FieldError>();
        var sheets = new Dictionary<string, List<string?[]>>();
        try
        {
            using var reader = ExcelReaderFactory.CreateReader(stream);
            do
            {
                var rows = new List<string?[]>();
                while (reader.Read())
                {
                    var row = new string?[reader.FieldCount];
                    for (var i = 0; i < reader.FieldCount; i++) row[i] = reader.GetValue(i) switch { null => null, DateTime d => d.ToString("yyyy-MM-dd"), var v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) };
                    rows.Add(row);
                }
                sheets[CatalogueRules.Text(reader.Name) ?? ""] = rows;
            } while (reader.NextResult());
        }
        catch (Exception e) when (e is not ProblemException)
        {
            throw new BadRequestProblem("file", "xlsx", $"不是有效的 Excel 文件 / not a readable Excel file: {e.Message}");
        }
        if (!sheets.TryGetValue(EntrySheet, out var entryRows) || entryRows.Count == 0)
            throw new BadRequestProblem("file", "sheet-missing", $"缺少工作表“{EntrySheet}” / sheet {EntrySheet} is missing");
        sheets.TryGetValue(FieldSheet, out var fieldRows);
        var eIdx = Index(entryRows[0], EntryColumns, EntrySheet);
        var fIdx = fieldRows is { Count: > 0 } ? Index(fieldRows[0], FieldColumns, FieldSheet) : null;
        var fieldsByCode = new Dictionary<string, List<FieldSpec>>();
        if (fIdx is not null)
        {
            for (var r = 1; r < fieldRows!.Count; r++)
            {
                var row = fieldRows[r];
                string? Get(string col) => fIdx.TryGetValue(col, out var i) && i < row.Length ? row[i] : null;
                if (row.All(string.IsNullOrWhiteSpace)) continue;
                var where = $"{FieldSheet}[第{r + 1}行].";
                var code = CatalogueRules.Code(Get("目录编码")) ?? "";
                var isId = CatalogueRules.Text(Get("是否标识"))?.ToLowerInvariant();
                var f = new FieldSpec
                {
                    Name = Get("数据项名称"), Type = Parse<FieldType>(Get("类型"), where + "type", errors), Description = Get("描述"),
                    IsIdentifier = isId is "是" or "true" or "yes" or "y" or "1",
                    Sensitivity = Parse<Sensitivity>(Get("敏感级别"), where + "sensitivity", errors), AuthoritativeItem = Get("权威数据项编码"),
                };
                if (!fieldsByCode.TryGetValue(code, out var list)) fieldsByCode[code] = list = [];
                list.Add(f);
            }
        }
        var entries = new List<(string, CatalogueDocumentEntry)>();
        for (var r = 1; r < entryRows.Count; r++)
        {
            var row = entryRows[r];
            if (row.All(string.IsNullOrWhiteSpace)) continue;
            string? Get(string col) => eIdx.TryGetValue(col, out var i) && i < row.Length ? row[i] : null;
            var where = $"{EntrySheet}[第{r + 1}行].";
            var code = CatalogueRules.Code(Get("目录编码"));
            var a = new EntryAttributes
            {
                Name = Get("资源名称"), Summary = Get("资源摘要"), SourceBusiness = Get("来源业务"), SourceSystem = Get("来源信息系统"),
                Category = Parse<CatalogueCategory>(Get("资源类别"), where + "category", errors), Domain = Get("领域"),
                ShareType = Parse<ShareType>(Get("共享类型"), where + "shareType", errors), ShareBasis = Get("共享依据"),
                OpenType = Parse<OpenType>(Get("开放类型"), where + "openType", errors), OpenReason = Get("开放理由"),
                Grade = Parse<DataGrade>(Get("数据级别"), where + "grade", errors), UsageRequirements = Get("使用要求"),
                UpdateCycle = Parse<UpdateCycle>(Get("更新周期"), where + "updateCycle", errors),
                Formats = (Get("数据格式") ?? "").Split(['；', ';', '、', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList(),
                QualityStandard = Get("质量标准"), SubjectKind = Parse<SubjectKind>(Get("数据主体"), where + "subjectKind", errors),
                IdentifierField = Get("标识字段"),
                Fields = code is not null && fieldsByCode.TryGetValue(code, out var fs) ? fs : [],
            };
            entries.Add((where, new CatalogueDocumentEntry(code, null, null, a)));
        }
        return (entries, errors);
    }

    private static Dictionary<string, int> Index(string?[] header, string[] expected, string sheet)
    {
        var map = new Dictionary<string, int>();
        for (var i = 0; i < header.Length; i++)
            if (CatalogueRules.Text(header[i]) is { } h) map.TryAdd(h, i);
        var missing = expected.Where(c => c is not ("状态" or "版本") && !map.ContainsKey(c)).ToList();
        if (missing.Count > 0)
            throw new BadRequestProblem("file", "columns-missing", $"工作表“{sheet}”缺少列：{string.Join("、", missing)} / sheet {sheet} lacks columns");
        return map;
    }
}

/// <summary>Exports a department's catalogue as the actor may see it (working versions to the department and its bureau; published ones to others).</summary>
public sealed class ExportCatalogue(ShuzhiDb db)
{
    public sealed record Result(string FileName, string ContentType, byte[] Content, int Count);

    public async Task<Result> Handle(Actor actor, string? department, string? format, CancellationToken ct)
    {
        var fmt = (format ?? "json").Trim().ToLowerInvariant();
        var dept = CatalogueRules.Code(department);
        new Validator().Require(fmt is "json" or "xlsx", "format", "enum", "format 须为 json 或 xlsx / format must be json or xlsx")
            .NotBlank(dept, "department", "部门编码").ThrowIfAny();
        actor.Require(Policies.GovernmentUser);
        var org = await db.Set<Organisation>().AsNoTracking().FirstOrDefaultAsync(o => o.Code == dept, ct)
            ?? throw new NotFoundProblem("department", dept!);
        var entries = await db.Set<CatalogueEntry>().AsNoTracking().Where(e => e.ProviderOrganisationId == org.Id).OrderBy(e => e.Code).ToListAsync(ct);
        var ids = entries.Select(e => e.Id).ToList();
        var versions = await db.Set<EntryVersion>().AsNoTracking().Where(v => ids.Contains(v.EntryId)).ToListAsync(ct);
        var items = new List<CatalogueDocumentEntry>();
        foreach (var e in entries)
        {
            var n = CatalogueAccess.SeesWorking(actor, e) ? e.CurrentVersion : e.PublishedVersion;
            var v = n is null ? null : versions.First(x => x.EntryId == e.Id && x.Number == n);
            if (v is not null) items.Add(new CatalogueDocumentEntry(e.Code, v.State.ToString(), v.Number, v.Attributes));
        }
        db.Audit(actor, "catalogue.export", $"department:{org.Code}", new { format = fmt, count = items.Count });
        await db.SaveCatalogueAsync(ct);
        var stamp = ChinaTimeStamp(db.Clock.GetUtcNow());
        if (fmt == "json")
        {
            var json = JsonSerializer.SerializeToUtf8Bytes(new CatalogueDocument(CatalogueDocument.FormatName, org.Code, db.Clock.GetUtcNow(), items),
                new JsonSerializerOptions(EntryAttributes.Json) { WriteIndented = true });
            return new Result($"catalogue-{org.Code}-{stamp}.json", "application/json", json, items.Count);
        }
        return new Result($"catalogue-{org.Code}-{stamp}.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", CatalogueExcel.Write(items), items.Count);
    }

    private static string ChinaTimeStamp(DateTimeOffset t) => Shuzhi.Core.Time.ChinaTime.ToChina(t).ToString("yyyyMMdd-HHmm");
}

/// <summary>
/// Imports a catalogue file (JSON or .xlsx) into the actor's department: every entry is validated first and nothing is
/// written if any is invalid; new codes (or rows without a code) become drafts, existing codes get a new draft version.
/// </summary>
public sealed class ImportCatalogue(ShuzhiDb db)
{
    public const long MaxBytes = 10 * 1024 * 1024;

    public sealed record Result(int Created, int Updated, IReadOnlyList<string> Codes);

    public async Task<Result> Handle(Actor actor, string? fileName, Stream content, CancellationToken ct)
    {
        actor.Require(Policies.CatalogueEdit);
        var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, ct);
        if (buffer.Length == 0) throw new BadRequestProblem("file", "required", "文件为空 / the file is empty");
        if (buffer.Length > MaxBytes) throw new BadRequestProblem("file", "max-size", "文件不能超过 10 MB / at most 10 MB");
        buffer.Position = 0;
        var bytes = buffer.ToArray();
        var isZip = bytes.Length > 2 && bytes[0] == (byte)'P' && bytes[1] == (byte)'K';
        var isOle = bytes.Length > 8 && bytes[0] == 0xD0 && bytes[1] == 0xCF;
        var org = await db.Set<Organisation>().AsNoTracking().FirstAsync(o => o.Id == actor.OrganisationId, ct);

        List<(string Where, CatalogueDocumentEntry Entry)> rows;
        var errors = new List<FieldError>();
        if (isZip || isOle || (fileName?.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase) ?? false) || (fileName?.EndsWith(".xls", StringComparison.OrdinalIgnoreCase) ?? false))
        {
            (rows, errors) = CatalogueExcel.Read(new MemoryStream(bytes));
        }
        else
        {
            CatalogueDocument? doc;
            try { doc = JsonSerializer.Deserialize<CatalogueDocument>(bytes, EntryAttributes.Json); }
            catch (JsonException e)
            {
                throw new BadRequestProblem(e.Path is { Length: > 2 } p ? p.TrimStart('$', '.') : "file", "json", $"文件不是有效的目录 JSON / not a valid catalogue JSON document: {e.Message}");
            }
            if (doc?.Entries is null) throw new BadRequestProblem("entries", "required", "JSON 中缺少 entries / the document has no entries");
            if (doc.Department is { } d && CatalogueRules.Code(d) != org.Code)
                errors.Add(new FieldError("department", "own-department", $"文件属于 {d}，只能导入本部门（{org.Code}）的目录 / you can import only your department's catalogue"));
            rows = doc.Entries.Select((e, i) => ($"entries[{i}].", e)).ToList();
        }
        if (rows.Count == 0) throw new BadRequestProblem("file", "empty", "文件中没有目录 / the file holds no entries");
        if (rows.Count > 2000) throw new BadRequestProblem("file", "max-entries", "一次最多导入 2000 条目录 / at most 2000 entries");

        var codes = rows.Select(r => CatalogueRules.Code(r.Entry?.Code)).Where(c => c is not null).ToList();
        var existing = await db.Set<CatalogueEntry>().Where(e => codes.Contains(e.Code)).ToListAsync(ct);
        var seen = new HashSet<string>();
        var plan = new List<(CatalogueEntry? Entry, string? Code, EntryAttributes Attributes)>();
        foreach (var (where, item) in rows)
        {
            if (item is null)
            {
                errors.Add(new FieldError(where.TrimEnd('.'), "required", "目录不能为空 / an entry cannot be null"));
                continue;
            }
            var a = CatalogueRules.Normalise(item.Attributes ?? new EntryAttributes());
            errors.AddRange(CatalogueRules.Check(a, org.Level, where));
            var code = CatalogueRules.Code(item.Code);
            CatalogueEntry? target = null;
            if (code is not null)
            {
                if (!seen.Add(code)) errors.Add(new FieldError(where + "code", "code-unique", $"目录编码 {code} 在文件中重复 / duplicated in the file"));
                // The department's prefix first: a code outside it gets the same answer whether or not such an entry
                // exists (another department's drafts do not exist for this actor).
                if (!CatalogueRules.CodeFormat(code, org.Code))
                    errors.Add(CatalogueRules.CodeFormatError(where + "code", org.Code));
                else
                {
                    target = existing.FirstOrDefault(e => e.Code == code);
                    if (target is not null && target.ProviderOrganisationId != org.Id)
                        errors.Add(CatalogueRules.CodeFormatError(where + "code", org.Code));
                    else if (target is not null && target.State == EntryState.Submitted)
                        errors.Add(new FieldError(where + "code", "not-editable-under-review", $"{code} 正在审核中，不能导入新版本 / under review"));
                }
            }
            plan.Add((target, code, a));
        }
        if (errors.Count > 0) throw new ValidationProblem(errors.Take(500).ToList());

        var reserved = plan.Where(p => p.Entry is null && p.Code is not null).Select(p => p.Code!).ToHashSet();
        int created = 0, updated = 0;
        var written = new List<string>();
        foreach (var (target, code, a) in plan)
        {
            if (target is not null)
            {
                var n = await UpdateDraft.Apply(db, actor, target, a, ct);
                db.Audit(actor, "catalogue.entry.update", $"catalogue-entry:{target.Code}", new { target.Code, version = n, a.Name, via = "import" });
                written.Add(target.Code);
                updated++;
            }
            else
            {
                // Codes the file gives explicitly are reserved: a row without a code never draws one of them.
                var c = code ?? await CreateDraft.NextCodeAsync(db, org, ct, reserved);
                CreateDraft.Add(db, actor, org, c, a);
                db.Audit(actor, "catalogue.entry.create", $"catalogue-entry:{c}", new { code = c, version = 1, a.Name, via = "import" });
                written.Add(c);
                created++;
            }
        }
        db.Audit(actor, "catalogue.import", $"department:{org.Code}", new { fileName, created, updated });
        await db.SaveCatalogueAsync(ct, "code-unique", "目录编码刚被另一请求占用，请重试 / a code was just taken by another request; try again");
        return new Result(created, updated, written);
    }
}
