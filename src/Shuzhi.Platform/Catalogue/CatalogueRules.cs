using System.Text;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Identity;

namespace Shuzhi.Platform.Catalogue;

/// <summary>
/// Normalises and validates entry attributes. Each violated rule is named (errors[].rule) and cites its article.
/// Decisions where the text is silent are marked "decision" (docs/catalogue.md).
/// </summary>
public static class CatalogueRules
{
    public const int MaxName = 200, MaxSummary = 2000, MaxShort = 200, MaxDomain = 50, MaxLong = 1000, MaxFieldName = 100,
        MaxFieldDescription = 500, MaxFields = 500, MaxFormats = 20, MaxItemCode = 100;

    /// <summary>Trims, turns full-width letters and digits and the ideographic space into ASCII, collapses runs of whitespace.</summary>
    public static string? Text(string? s)
    {
        if (s is null) return null;
        var sb = new StringBuilder(s.Length);
        foreach (var ch in s)
        {
            var c = ch;
            if (c is >= '０' and <= '９' or >= 'Ａ' and <= 'Ｚ' or >= 'ａ' and <= 'ｚ') c = (char)(c - 0xFEE0);
            else if (c is '\u3000' or '\u00A0' or '\t' or '\r' or '\n') c = ' ';
            sb.Append(c);
        }
        var t = System.Text.RegularExpressions.Regex.Replace(sb.ToString(), " {2,}", " ").Trim();
        return t.Length == 0 ? null : t;
    }

    /// <summary>Codes (entry codes, standard item codes, department codes): NFKC, trimmed, no inner spaces.</summary>
    public static string? Code(string? s)
    {
        if (s is null) return null;
        var t = s.Normalize(NormalizationForm.FormKC).Trim().Replace(" ", "");
        return t.Length == 0 ? null : t;
    }

    /// <summary>
    /// An entry code of department <paramref name="departmentCode"/>: "{department code}-{4 to 6 digits}". The one
    /// place of this rule (create, import). A code outside the department always fails here, whatever exists.
    /// </summary>
    public static bool CodeFormat(string code, string departmentCode)
        => System.Text.RegularExpressions.Regex.IsMatch(code, $"^{System.Text.RegularExpressions.Regex.Escape(departmentCode)}-[0-9]{{4,6}}$");

    public static FieldError CodeFormatError(string field, string departmentCode)
        => new(field, "code-format", $"目录编码须为“{departmentCode}-序号”（如 {departmentCode}-0001） / the code must be {departmentCode}-NNNN");

    /// <summary>Chinese labels of the catalogue's enums (Excel cells, forms).</summary>
    private static readonly Dictionary<Type, Dictionary<string, string>> EnumLabels = new()
    {
        [typeof(CatalogueCategory)] = new() { ["Base"] = "基础库", ["Thematic"] = "主题库", ["Departmental"] = "部门库" },
        [typeof(ShareType)] = new() { ["Unconditional"] = "无条件共享", ["Conditional"] = "有条件共享", ["NotShared"] = "不予共享" },
        [typeof(OpenType)] = new() { ["Unconditional"] = "无条件开放", ["Conditional"] = "有条件开放", ["NotOpen"] = "不予开放" },
        [typeof(DataGrade)] = new() { ["General"] = "一般数据", ["Important"] = "重要数据", ["Core"] = "核心数据" },
        [typeof(UpdateCycle)] = new() { ["RealTime"] = "实时", ["Daily"] = "每日", ["Weekly"] = "每周", ["Monthly"] = "每月", ["Quarterly"] = "每季度", ["Yearly"] = "每年", ["Irregular"] = "不定期" },
        [typeof(SubjectKind)] = new() { ["None"] = "无", ["NaturalPersons"] = "自然人", ["Organisations"] = "法人及其他组织" },
        [typeof(Sensitivity)] = new() { ["Public"] = "公开", ["Internal"] = "内部", ["Sensitive"] = "敏感", ["Personal"] = "个人信息" },
        [typeof(FieldType)] = new() { ["String"] = "字符串", ["Integer"] = "整数", ["Decimal"] = "小数", ["Date"] = "日期", ["DateTime"] = "日期时间", ["Boolean"] = "布尔", ["Code"] = "代码", ["IdCardNumber"] = "身份证号码", ["CreditCode"] = "统一社会信用代码", ["Text"] = "文本", ["Binary"] = "二进制" },
    };

    public static string EnumLabel<T>(T? value) where T : struct, System.Enum
        => value is null ? "" : EnumLabels.TryGetValue(typeof(T), out var m) && m.TryGetValue(value.Value.ToString(), out var l) ? l : value.Value.ToString();

    /// <summary>
    /// THE enum parser of the catalogue (query strings, web form, Excel): the English name in any case, or the Chinese
    /// label. Blank → null (the "required" rule decides); a number or unknown text → an error naming the field, rule "enum".
    /// </summary>
    public static T? ParseEnum<T>(string? text, string field, List<FieldError> errors) where T : struct, System.Enum
    {
        var t = Text(text);
        if (t is null) return null;
        var labels = EnumLabels.GetValueOrDefault(typeof(T));
        var byLabel = labels?.FirstOrDefault(kv => kv.Value == t).Key;
        if (byLabel is not null) return System.Enum.Parse<T>(byLabel);
        if (!int.TryParse(t, out _) && System.Enum.TryParse<T>(t, true, out var v) && System.Enum.IsDefined(v)) return v;
        var names = string.Join(", ", System.Enum.GetNames<T>());
        var zh = labels is null ? names : string.Join("、", labels.Values);
        errors.Add(new FieldError(field, "enum", $"“{t}”不是有效值，可选：{zh} / must be one of {names}"));
        return null;
    }

    public static EntryAttributes Normalise(EntryAttributes a) => a with
    {
        Name = Text(a.Name), Summary = Text(a.Summary), SourceBusiness = Text(a.SourceBusiness), SourceSystem = Text(a.SourceSystem),
        Domain = Text(a.Domain), ShareBasis = Text(a.ShareBasis), OpenReason = Text(a.OpenReason),
        UsageRequirements = Text(a.UsageRequirements), QualityStandard = Text(a.QualityStandard), IdentifierField = Text(a.IdentifierField),
        Formats = a.Formats?.Select(Text).Where(f => f is not null).Select(f => f!).Distinct().ToList(),
        Fields = a.Fields?.Select(f => f is null ? null! : f with { Name = Text(f.Name), Description = Text(f.Description), AuthoritativeItem = Code(f.AuthoritativeItem) }).ToList(),
        SubjectKind = a.SubjectKind ?? Catalogue.SubjectKind.None,
    };

    /// <summary>Validates normalised attributes of an entry provided at <paramref name="level"/>. Field names are prefixed with <paramref name="prefix"/> (import: "entries[3].").</summary>
    public static List<FieldError> Check(EntryAttributes a, AdminLevel level, string prefix = "")
    {
        var v = new List<FieldError>();
        void Err(string field, string rule, string detail) => v.Add(new FieldError(prefix + field, rule, detail));
        void Required(object? value, string field, string label, string article = "第九条")
        {
            if (value is null || value is string s && string.IsNullOrWhiteSpace(s))
                Err(field, "required", $"{label}不能为空（贵州省政务数据资源管理办法{article}） / {field} is required");
        }
        void Max(string? value, int max, string field)
        {
            if (value is not null && value.Length > max) Err(field, "max-length", $"最多 {max} 个字符 / {field} must be at most {max} characters");
        }
        void Enum<T>(T? value, string field) where T : struct, System.Enum
        {
            if (value is { } x && !System.Enum.IsDefined(x))
                Err(field, "enum", $"不是有效值，可选：{string.Join(", ", System.Enum.GetNames<T>())} / must be one of {string.Join(", ", System.Enum.GetNames<T>())}");
        }

        Required(a.Name, "name", "资源名称");
        Required(a.Summary, "summary", "资源摘要");
        Required(a.SourceBusiness, "sourceBusiness", "来源业务");
        Required(a.SourceSystem, "sourceSystem", "来源信息系统");
        Required(a.Category, "category", "资源类别");
        Required(a.Domain, "domain", "领域");
        Required(a.ShareType, "shareType", "共享类型", "第十九条");
        Required(a.OpenType, "openType", "开放类型", "第二十八条");
        Required(a.Grade, "grade", "数据级别");
        Required(a.UpdateCycle, "updateCycle", "更新周期");
        Max(a.Name, MaxName, "name");
        Max(a.Summary, MaxSummary, "summary");
        Max(a.SourceBusiness, MaxShort, "sourceBusiness");
        Max(a.SourceSystem, MaxShort, "sourceSystem");
        Max(a.Domain, MaxDomain, "domain");
        Max(a.ShareBasis, MaxLong, "shareBasis");
        Max(a.OpenReason, MaxLong, "openReason");
        Max(a.UsageRequirements, MaxLong, "usageRequirements");
        Max(a.QualityStandard, MaxShort, "qualityStandard");
        Enum(a.Category, "category");
        Enum(a.ShareType, "shareType");
        Enum(a.OpenType, "openType");
        Enum(a.Grade, "grade");
        Enum(a.UpdateCycle, "updateCycle");
        Enum(a.SubjectKind, "subjectKind");
        if ((a.Formats?.Count ?? 0) == 0) Err("formats", "required", "至少填写一种数据格式 / at least one format is required");
        else if (a.Formats!.Count > MaxFormats || a.Formats.Any(f => f.Length > 50)) Err("formats", "max-length", $"最多 {MaxFormats} 种格式，每种不超过 50 个字符");

        // 贵州 art.20: conditional and not-shared need their legal basis, otherwise the data is unconditionally shared.
        if (a.ShareType is ShareType.Conditional or ShareType.NotShared && string.IsNullOrWhiteSpace(a.ShareBasis))
            Err("shareBasis", "share-legal-basis", "有条件共享或不予共享须提供法律、法规、规章依据（贵州省政务数据资源管理办法第二十条） / conditional or not-shared data needs its legal basis (art.20)");
        // 贵州 art.28: conditional opening and not opening need the reason.
        if (a.OpenType is OpenType.Conditional or OpenType.NotOpen && string.IsNullOrWhiteSpace(a.OpenReason))
            Err("openReason", "open-reason", "有条件开放或不予开放须说明理由（贵州省政务数据资源管理办法第二十八条） / conditional or not-open data needs a reason (art.28)");
        // Decision (Data Security Law art.21): important and core data are never opened unconditionally.
        if (a.Grade is DataGrade.Important or DataGrade.Core && a.OpenType == OpenType.Unconditional)
            Err("openType", "grade-open", "重要数据、核心数据不得无条件开放（《数据安全法》第二十一条；平台决定） / important or core data cannot be opened unconditionally");
        // 贵州 art.10: base catalogues are compiled by the provincial bureau with the provincial departments.
        if (a.Category == CatalogueCategory.Base && level != AdminLevel.Province)
            Err("category", "base-category-provincial", "基础库目录由省级编制和维护（贵州省政务数据资源管理办法第十条） / base catalogues are kept at provincial level (art.10)");
        // 贵州 art.21: base data items are shared unconditionally.
        if (a.Category == CatalogueCategory.Base && a.ShareType is ShareType.Conditional or ShareType.NotShared)
            Err("shareType", "base-unconditional-share", "基础数据资源应当无条件共享（贵州省政务数据资源管理办法第二十一条） / base data is shared unconditionally (art.21)");

        var fields = a.Fields ?? [];
        if (fields.Count == 0) Err("fields", "at-least-one-field", "至少包含一个数据项（贵州省政务数据资源管理办法第九条：元数据） / at least one field is required");
        if (fields.Count > MaxFields) Err("fields", "max-count", $"最多 {MaxFields} 个数据项");
        var seen = new HashSet<string>();
        for (var i = 0; i < fields.Count; i++)
        {
            var f = fields[i];
            if (f is null)
            {
                Err($"fields[{i}]", "required", "数据项不能为空 / a field cannot be null");
                continue;
            }
            var p = $"fields[{i}].";
            if (string.IsNullOrWhiteSpace(f.Name)) Err(p + "name", "required", "数据项名称不能为空 / field name is required");
            else if (!seen.Add(f.Name)) Err(p + "name", "field-name-unique", $"数据项名称“{f.Name}”重复 / field names must be unique within an entry");
            Max(f.Name, MaxFieldName, p + "name");
            Max(f.Description, MaxFieldDescription, p + "description");
            Max(f.AuthoritativeItem, MaxItemCode, p + "authoritativeItem");
            if (f.Type is null) Err(p + "type", "required", "数据项类型不能为空 / field type is required");
            Enum(f.Type, p + "type");
            if (f.Sensitivity is null) Err(p + "sensitivity", "required", "敏感级别不能为空 / field sensitivity is required");
            Enum(f.Sensitivity, p + "sensitivity");
        }

        // 贵州 art.14: natural persons are identified by 居民身份证号码, organisations by 统一社会信用代码.
        if (a.SubjectKind is SubjectKind.NaturalPersons or SubjectKind.Organisations)
        {
            var persons = a.SubjectKind == SubjectKind.NaturalPersons;
            var (type, label) = persons ? (FieldType.IdCardNumber, "居民身份证号码") : (FieldType.CreditCode, "统一社会信用代码");
            var id = a.IdentifierField is null ? null : fields.FirstOrDefault(f => f?.Name == a.IdentifierField);
            var nameOk = id?.Name is { } n && (persons ? n.Contains("身份证") : n.Contains("统一社会信用代码"));
            if (a.IdentifierField is null)
                Err("identifierField", "identifier-field", $"涉及{(persons ? "自然人" : "法人及其他组织")}的数据须声明标识字段“{label}”（贵州省政务数据资源管理办法第十四条） / declare the identifier field ({label}, art.14)");
            else if (id is null || !id.IsIdentifier || id.Type != type || !nameOk)
                Err("identifierField", "identifier-field", $"标识字段须为本资源中标记为标识、类型为 {type}、名称为“{label}”的数据项（贵州省政务数据资源管理办法第十四条） / the identifier field must be a field marked isIdentifier, of type {type}, named like {label} (art.14)");
        }
        return v;
    }

    public static void Validate(EntryAttributes a, AdminLevel level)
    {
        var errors = Check(a, level);
        if (errors.Count > 0) throw new ValidationProblem(errors);
    }

    public static string Label(EntryState s) => s switch
    {
        EntryState.Draft => "草稿", EntryState.Submitted => "待审核", EntryState.Returned => "已退回", EntryState.Published => "已发布",
        EntryState.Withdrawn => "已撤销", EntryState.Superseded => "已被新版本替代", _ => s.ToString(),
    };
}
