namespace Shuzhi.Platform.Common;

/// <summary>One violated rule: which field, which rule, in words.</summary>
public sealed record FieldError(string Field, string Rule, string Detail);

/// <summary>
/// A failure a caller can act on. The HTTP layer turns it into RFC 9457 problem details
/// (status, title, detail, and "errors": [{field, rule, detail}]); the CLI prints it and exits non-zero.
/// Handlers throw it before they change anything, so nothing is half-written.
/// </summary>
public class ProblemException(int status, string type, string title, string detail, IReadOnlyList<FieldError>? errors = null)
    : Exception(detail)
{
    public int Status { get; } = status;
    /// <summary>A short machine-readable kind, e.g. "validation", "forbidden"; becomes urn:shuzhi:problem:{type}.</summary>
    public string Type { get; } = type;
    public string Title { get; } = title;
    public IReadOnlyList<FieldError> Errors { get; } = errors ?? [];
}

public sealed class ValidationProblem(IReadOnlyList<FieldError> errors)
    : ProblemException(422, "validation", "输入不符合规则 / Input breaks a rule",
        string.Join("; ", errors.Select(e => $"{e.Field}: {e.Detail}")), errors)
{
    public ValidationProblem(string field, string rule, string detail) : this([new FieldError(field, rule, detail)]) { }
}

public sealed class BadRequestProblem(string field, string rule, string detail)
    : ProblemException(400, "bad-request", "请求无效 / Bad request", $"{field}: {detail}", [new FieldError(field, rule, detail)]);

public sealed class ForbiddenProblem(string policy, string detail)
    : ProblemException(403, "forbidden", "无权执行此操作 / Not allowed", detail)
{
    public string Policy { get; } = policy;
}

public sealed class NotFoundProblem(string subject, string id)
    : ProblemException(404, "not-found", "未找到 / Not found", $"{subject} '{id}' was not found or is not visible to you.");

public sealed class ConflictProblem(string rule, string detail)
    : ProblemException(409, "conflict", "状态冲突 / Conflict", detail, [new FieldError("state", rule, detail)]);

/// <summary>Collects field errors and throws them together.</summary>
public sealed class Validator
{
    private readonly List<FieldError> errors = [];
    public Validator Require(bool ok, string field, string rule, string detail)
    {
        if (!ok) errors.Add(new FieldError(field, rule, detail));
        return this;
    }
    public Validator NotBlank(string? value, string field, string label)
        => Require(!string.IsNullOrWhiteSpace(value), field, "required", $"{label}不能为空 / {field} is required");
    public Validator MaxLength(string? value, int max, string field)
        => Require(value is null || value.Length <= max, field, "max-length", $"{field} must be at most {max} characters");
    public Validator Add(string field, string rule, string detail) => Require(false, field, rule, detail);
    public bool HasErrors => errors.Count > 0;
    public void ThrowIfAny()
    {
        if (errors.Count > 0) throw new ValidationProblem(errors.ToList());
    }
}
