namespace Shuzhi.Platform.Datasets.Loading;

/// <summary>
/// A kind of quality problem: its stable code, dimension, severity and message templates. Placeholders:
/// {field} (catalogue field), {column} (file column), {detail} (code-specific).
/// </summary>
public sealed record ProblemDefinition(string Code, QualityDimension Dimension, ProblemSeverity Severity, string Zh, string En, string CountMeans)
{
    /// <param name="detail">fills {detail}; <paramref name="detailEn"/> (when given) fills it in the English message.</param>
    public QualityProblem Make(string? field, string? column, long count, IReadOnlyList<ProblemExample> examples, string? detail = null, string? detailEn = null) =>
        new(Code, Dimension, Severity, field, column, Fill(Zh, field, column, detail), Fill(En, field, column, detailEn ?? detail), count, examples);

    private static string Fill(string template, string? field, string? column, string? detail) => template
        .Replace("{field}", field ?? "", StringComparison.Ordinal)
        .Replace("{column}", column ?? "", StringComparison.Ordinal)
        .Replace("{detail}", detail ?? "", StringComparison.Ordinal);
}

/// <summary>Every problem code of the quality report, in one list (docs/data-quality.md documents each; a test checks that).</summary>
public static class QualityCodes
{
    private const QualityDimension Cm = QualityDimension.Completeness, V = QualityDimension.Validity, U = QualityDimension.Uniqueness,
        Cs = QualityDimension.Consistency, T = QualityDimension.Timeliness, R = QualityDimension.MachineReadability;
    private const ProblemSeverity E = ProblemSeverity.Error, W = ProblemSeverity.Warning, I = ProblemSeverity.Info;

    // consistency with the catalogue and the file's structure
    public static readonly ProblemDefinition FieldMissing = new("consistency.field_missing", Cs, E,
        "目录字段「{field}」在文件中没有对应的列{detail}", "Catalogue field '{field}' has no column in the file{detail}", "fields (1)");
    public static readonly ProblemDefinition ExtraColumn = new("consistency.extra_column", Cs, W,
        "文件列「{column}」不是目录字段，未导入", "File column '{column}' is not a catalogue field and was not loaded", "columns (1)");
    public static readonly ProblemDefinition RowTooFewFields = new("consistency.row_too_few_fields", Cs, E,
        "有的行字段数少于表头的 {detail} 列（缺少的单元格按空值读取）", "Rows with fewer fields than the {detail} header columns (missing cells read as empty)", "rows");
    public static readonly ProblemDefinition RowTooManyFields = new("consistency.row_too_many_fields", Cs, E,
        "有的行字段数多于表头的 {detail} 列（多出的单元格被忽略）", "Rows with more fields than the {detail} header columns (extra cells ignored)", "rows");
    public static readonly ProblemDefinition HeaderBlank = new("consistency.header_blank", Cs, W,
        "表头有空白列名，已自动命名：{detail}", "Blank column names were given generated names: {detail}", "columns");
    public static readonly ProblemDefinition HeaderDuplicate = new("consistency.header_duplicate", Cs, W,
        "表头有重复列名，已自动改名：{detail}", "Repeated column names were renamed: {detail}", "columns");
    public static readonly ProblemDefinition JsonUnknownKey = new("consistency.json_unknown_key", Cs, E,
        "JSON 记录中有未在前面记录出现过的键，其值未读取：{detail}", "JSON records have keys that the first records lack; their values were not read: {detail}", "records");
    public static readonly ProblemDefinition JsonNotObject = new("consistency.json_not_object", Cs, W,
        "JSON 中有不是对象的元素，已跳过", "JSON elements that are not objects were skipped", "elements");

    // completeness
    public static readonly ProblemDefinition NoRows = new("completeness.no_rows", Cm, E,
        "文件没有数据行", "The file has no data rows", "files (1)");
    public static readonly ProblemDefinition Null = new("completeness.null", Cm, W,
        "字段「{field}」有空值", "Field '{field}' has empty values", "cells");

    // validity
    public static readonly ProblemDefinition NotInteger = new("validity.integer", V, E,
        "字段「{field}」的值不是整数", "Values of '{field}' are not whole numbers", "cells");
    public static readonly ProblemDefinition NotDecimal = new("validity.decimal", V, E,
        "字段「{field}」的值不是数值", "Values of '{field}' are not numbers", "cells");
    public static readonly ProblemDefinition NotDate = new("validity.date", V, E,
        "字段「{field}」的值不是可识别的日期（可用 2023-05-01、2023/5/1、2023年5月1日、20230501 或 Excel 日期）",
        "Values of '{field}' are not recognisable dates (2023-05-01, 2023/5/1, 2023年5月1日, 20230501 or an Excel date)", "cells");
    public static readonly ProblemDefinition NotDateTime = new("validity.datetime", V, E,
        "字段「{field}」的值不是可识别的日期时间", "Values of '{field}' are not recognisable date-times", "cells");
    public static readonly ProblemDefinition NotBoolean = new("validity.boolean", V, E,
        "字段「{field}」的值不是是/否值（是/否、有/无、Y/N、true/false、1/0）", "Values of '{field}' are not yes/no values (是/否, 有/无, Y/N, true/false, 1/0)", "cells");
    public static readonly ProblemDefinition NotInCodeList = new("validity.code_list", V, E,
        "字段「{field}」的值不在代码表中", "Values of '{field}' are not in its code list", "cells");
    public static readonly ProblemDefinition IdLength = new("validity.id_number.length", V, E,
        "字段「{field}」的居民身份证号码不是 18 位或 15 位（GB 11643）", "Resident ID numbers in '{field}' are not 18 or 15 characters long (GB 11643)", "cells");
    public static readonly ProblemDefinition IdCharacters = new("validity.id_number.characters", V, E,
        "字段「{field}」的居民身份证号码含非法字符（只能是数字，末位可为 X）", "Resident ID numbers in '{field}' contain characters other than digits (and a final X)", "cells");
    public static readonly ProblemDefinition IdRegion = new("validity.id_number.region", V, E,
        "字段「{field}」的居民身份证号码前两位不是省级行政区划代码（GB/T 2260）", "Resident ID numbers in '{field}' do not start with a province-level division code (GB/T 2260)", "cells");
    public static readonly ProblemDefinition IdBirthDate = new("validity.id_number.birth_date", V, E,
        "字段「{field}」的居民身份证号码中的出生日期无效", "Resident ID numbers in '{field}' hold an impossible birth date", "cells");
    public static readonly ProblemDefinition IdCheckDigit = new("validity.id_number.check_digit", V, E,
        "字段「{field}」的居民身份证号码校验码错误（GB 11643，ISO 7064 MOD 11-2）", "Resident ID numbers in '{field}' have a wrong check character (GB 11643, ISO 7064 MOD 11-2)", "cells");
    public static readonly ProblemDefinition IdLowercaseX = new("validity.id_number.lowercase_x", V, I,
        "字段「{field}」的居民身份证号码末位为小写 x，已按大写 X 保存", "Resident ID numbers in '{field}' end in a lower-case x; stored with X", "cells");
    public static readonly ProblemDefinition IdLegacy15 = new("validity.id_number.legacy_15", V, I,
        "字段「{field}」有 15 位一代居民身份证号码（有效，按原样保存）", "'{field}' holds 15-digit first-generation resident ID numbers (valid, stored as written)", "cells");
    public static readonly ProblemDefinition CreditLength = new("validity.credit_code.length", V, E,
        "字段「{field}」的统一社会信用代码不是 18 位（GB 32100）", "Unified social credit codes in '{field}' are not 18 characters long (GB 32100)", "cells");
    public static readonly ProblemDefinition CreditCharacters = new("validity.credit_code.characters", V, E,
        "字段「{field}」的统一社会信用代码含非法字符（不用 I、O、S、V、Z）", "Unified social credit codes in '{field}' contain characters outside the code set (no I, O, S, V, Z)", "cells");
    public static readonly ProblemDefinition CreditAuthority = new("validity.credit_code.registration_authority", V, E,
        "字段「{field}」的统一社会信用代码第 1 位不是登记管理部门代码", "Unified social credit codes in '{field}' have an unknown registration authority (1st character)", "cells");
    public static readonly ProblemDefinition CreditType = new("validity.credit_code.organisation_type", V, E,
        "字段「{field}」的统一社会信用代码第 2 位不是机构类别代码", "Unified social credit codes in '{field}' have an invalid organisation type (2nd character)", "cells");
    public static readonly ProblemDefinition CreditRegion = new("validity.credit_code.region", V, E,
        "字段「{field}」的统一社会信用代码第 3–8 位不是行政区划代码", "Unified social credit codes in '{field}' have an invalid division code (characters 3–8)", "cells");
    public static readonly ProblemDefinition CreditOrganisationCode = new("validity.credit_code.organisation_code", V, E,
        "字段「{field}」的统一社会信用代码中的组织机构代码校验错误（GB 11714）", "Unified social credit codes in '{field}' embed an organisation code with a wrong check character (GB 11714)", "cells");
    public static readonly ProblemDefinition CreditCheck = new("validity.credit_code.check_character", V, E,
        "字段「{field}」的统一社会信用代码校验码错误（GB 32100）", "Unified social credit codes in '{field}' have a wrong check character (GB 32100)", "cells");
    public static readonly ProblemDefinition CreditLowercase = new("validity.credit_code.lowercase", V, I,
        "字段「{field}」的统一社会信用代码含小写字母，已转为大写保存", "Unified social credit codes in '{field}' had lower-case letters; stored upper-cased", "cells");
    public static readonly ProblemDefinition MobileLength = new("validity.mobile.length", V, E,
        "字段「{field}」的手机号码不是 11 位", "Mobile numbers in '{field}' do not have 11 digits", "cells");
    public static readonly ProblemDefinition MobileCharacters = new("validity.mobile.characters", V, E,
        "字段「{field}」的手机号码含非法字符", "Mobile numbers in '{field}' contain characters other than digits, spaces, hyphens and +86", "cells");
    public static readonly ProblemDefinition MobilePrefix = new("validity.mobile.prefix", V, E,
        "字段「{field}」的手机号码不以 13–19 开头", "Mobile numbers in '{field}' do not start with 13–19", "cells");
    public static readonly ProblemDefinition MobileNormalised = new("validity.mobile.normalised", V, I,
        "字段「{field}」的手机号码带 +86、空格或连字符，已规范为 11 位保存", "Mobile numbers in '{field}' had +86, spaces or hyphens; stored as 11 digits", "cells");

    // uniqueness
    public static readonly ProblemDefinition DuplicateKey = new("uniqueness.duplicate_key", U, E,
        "主键（{detail}）重复", "Duplicate key ({detail})", "rows repeating an earlier row's key");
    public static readonly ProblemDefinition KeyMissing = new("uniqueness.key_missing", U, E,
        "主键（{detail}）为空或无效，记录无法识别", "Key ({detail}) is empty or invalid, so the record cannot be identified", "rows");

    // timeliness
    public static readonly ProblemDefinition Late = new("timeliness.late", T, E,
        "未按更新周期及时更新：{detail}", "Not updated in time for the update cycle: {detail}", "days late");

    // machine-readability
    public static readonly ProblemDefinition ScientificNotation = new("readability.scientific_notation_identifier", R, E,
        "字段「{field}」的值被 Excel 转成了科学计数法（如 1.10101E+17），后几位数字已丢失，无法也不会被修复；请在 Excel 中把该列设为文本后重新导出",
        "Values of '{field}' were turned into scientific notation by Excel (e.g. 1.10101E+17); the lost digits cannot be and are not recovered — format the column as text in Excel and export again", "cells");
    public static readonly ProblemDefinition IdentifierAsNumber = new("readability.identifier_stored_as_number", R, W,
        "字段「{field}」的值在 Excel 中以数值保存（前导零会丢失，超过 15 位会丢数字）", "Values of '{field}' are stored as numbers in Excel (leading zeros are lost, digits beyond 15 too)", "cells");
    public static readonly ProblemDefinition NumberAsText = new("readability.number_stored_as_text", R, W,
        "字段「{field}」的数值以文本保存", "Numbers in '{field}' are stored as text", "cells");
    public static readonly ProblemDefinition FullWidth = new("readability.full_width", R, W,
        "字段「{field}」含全角数字、字母或符号，已按半角读取", "Values of '{field}' contain full-width digits, letters or symbols (read as ASCII)", "cells");
    public static readonly ProblemDefinition OtherCharacters = new("readability.nonstandard_characters", R, W,
        "字段「{field}」含不换行空格或特殊减号，已规范读取", "Values of '{field}' contain non-breaking spaces or minus signs (read as ASCII)", "cells");
    public static readonly ProblemDefinition LeadingApostrophe = new("readability.leading_apostrophe", R, W,
        "字段「{field}」的值以 Excel 文本标记（'）开头，已去除", "Values of '{field}' start with Excel's text marker (') (removed)", "cells");
    public static readonly ProblemDefinition Whitespace = new("readability.whitespace", R, W,
        "字段「{field}」的值前后有空格，已去除", "Values of '{field}' have surrounding spaces (trimmed)", "cells");
    public static readonly ProblemDefinition ThousandsSeparator = new("readability.thousands_separator", R, I,
        "字段「{field}」的数值带千位分隔符", "Numbers in '{field}' have thousands separators", "cells");
    public static readonly ProblemDefinition CurrencySymbol = new("readability.currency_symbol", R, I,
        "字段「{field}」的数值带货币符号", "Numbers in '{field}' have a currency symbol", "cells");
    public static readonly ProblemDefinition ExcelSerialDate = new("readability.excel_serial_date", R, W,
        "字段「{field}」的日期是 Excel 序列号（如 45047），已换算", "Dates in '{field}' are Excel serial numbers (e.g. 45047), converted", "cells");
    public static readonly ProblemDefinition MixedDateForms = new("readability.mixed_date_forms", R, W,
        "字段「{field}」的日期写法不统一：{detail}", "Dates in '{field}' are written in several forms: {detail}", "cells not in the most common form");
    public static readonly ProblemDefinition BlankRows = new("readability.blank_rows", R, W,
        "文件中间有空行（已跳过）", "Blank rows between the data (skipped)", "rows");
    public static readonly ProblemDefinition TitleRows = new("readability.title_rows", R, W,
        "表格上方有标题行（已跳过）", "Title rows above the table (skipped)", "rows");
    public static readonly ProblemDefinition EncodingInvalid = new("readability.encoding_invalid", R, E,
        "文件中有不符合所选编码的字节，已替换为 U+FFFD；请检查编码", "Bytes that are not valid in the file's encoding were replaced by U+FFFD; check the encoding", "characters");
    public static readonly ProblemDefinition DisguisedFormat = new("readability.disguised_format", R, W,
        "文件扩展名与内容不符（{detail}）", "The file's extension does not match its content ({detail})", "files (1)");
    public static readonly ProblemDefinition ReaderWarning = new("readability.reader_warning", R, W,
        "读取文件时的其他提示：{detail}", "Other notes from reading the file: {detail}", "occurrences");

    public static readonly IReadOnlyList<ProblemDefinition> All =
    [
        FieldMissing, ExtraColumn, RowTooFewFields, RowTooManyFields, HeaderBlank, HeaderDuplicate, JsonUnknownKey, JsonNotObject,
        NoRows, Null,
        NotInteger, NotDecimal, NotDate, NotDateTime, NotBoolean, NotInCodeList,
        IdLength, IdCharacters, IdRegion, IdBirthDate, IdCheckDigit, IdLowercaseX, IdLegacy15,
        CreditLength, CreditCharacters, CreditAuthority, CreditType, CreditRegion, CreditOrganisationCode, CreditCheck, CreditLowercase,
        MobileLength, MobileCharacters, MobilePrefix, MobileNormalised,
        DuplicateKey, KeyMissing,
        Late,
        ScientificNotation, IdentifierAsNumber, NumberAsText, FullWidth, OtherCharacters, LeadingApostrophe, Whitespace,
        ThousandsSeparator, CurrencySymbol, ExcelSerialDate, MixedDateForms, BlankRows, TitleRows, EncodingInvalid, DisguisedFormat, ReaderWarning,
    ];

    /// <summary>The definition for a cell issue.</summary>
    public static ProblemDefinition For(CellIssue issue) => issue switch
    {
        CellIssue.NotInteger => NotInteger,
        CellIssue.NotDecimal => NotDecimal,
        CellIssue.NotDate => NotDate,
        CellIssue.NotDateTime => NotDateTime,
        CellIssue.NotBoolean => NotBoolean,
        CellIssue.NotInCodeList => NotInCodeList,
        CellIssue.IdBadLength => IdLength,
        CellIssue.IdBadCharacters => IdCharacters,
        CellIssue.IdBadRegion => IdRegion,
        CellIssue.IdBadBirthDate => IdBirthDate,
        CellIssue.IdBadCheckDigit => IdCheckDigit,
        CellIssue.CreditBadLength => CreditLength,
        CellIssue.CreditBadCharacters => CreditCharacters,
        CellIssue.CreditBadRegistrationAuthority => CreditAuthority,
        CellIssue.CreditBadOrganisationType => CreditType,
        CellIssue.CreditBadRegion => CreditRegion,
        CellIssue.CreditBadOrganisationCode => CreditOrganisationCode,
        CellIssue.CreditBadCheckCharacter => CreditCheck,
        CellIssue.MobileBadLength => MobileLength,
        CellIssue.MobileBadCharacters => MobileCharacters,
        CellIssue.MobileBadPrefix => MobilePrefix,
        CellIssue.ScientificNotation => ScientificNotation,
        _ => throw new ArgumentOutOfRangeException(nameof(issue)),
    };

    /// <summary>The definition for one cell note (a single flag).</summary>
    public static ProblemDefinition For(CellNotes note) => note switch
    {
        CellNotes.Whitespace => Whitespace,
        CellNotes.FullWidth => FullWidth,
        CellNotes.OtherCharacters => OtherCharacters,
        CellNotes.LeadingApostrophe => LeadingApostrophe,
        CellNotes.NumberStoredAsText => NumberAsText,
        CellNotes.ThousandsSeparators => ThousandsSeparator,
        CellNotes.CurrencySymbol => CurrencySymbol,
        CellNotes.ExcelSerialDate => ExcelSerialDate,
        CellNotes.IdentifierStoredAsNumber => IdentifierAsNumber,
        CellNotes.LowercaseX => IdLowercaseX,
        CellNotes.Legacy15 => IdLegacy15,
        CellNotes.LowercaseCreditCode => CreditLowercase,
        CellNotes.MobileNormalised => MobileNormalised,
        _ => throw new ArgumentOutOfRangeException(nameof(note)),
    };

    /// <summary>Notes that count against machine-readability (the Info ones — accepted normalisations — do not).</summary>
    public const CellNotes ReadabilityNotes = CellNotes.Whitespace | CellNotes.FullWidth | CellNotes.OtherCharacters |
        CellNotes.LeadingApostrophe | CellNotes.NumberStoredAsText | CellNotes.ExcelSerialDate | CellNotes.IdentifierStoredAsNumber;
}
