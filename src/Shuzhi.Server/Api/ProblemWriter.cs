using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Shuzhi.Platform.Common;

namespace Shuzhi.Server;

/// <summary>Writes RFC 9457 problem details: type, title, status, detail, instance, and "errors": [{field, rule, detail}].</summary>
public static class ProblemWriter
{
    public static ProblemDetails ToProblem(HttpContext http, ProblemException p)
    {
        var pd = new ProblemDetails
        {
            Type = $"urn:shuzhi:problem:{p.Type}",
            Title = p.Title,
            Status = p.Status,
            Detail = p.Message,
            Instance = http.Request.Path,
        };
        if (p.Errors.Count > 0)
            pd.Extensions["errors"] = p.Errors.Select(e => new { field = e.Field, rule = e.Rule, detail = e.Detail }).ToList();
        if (p is ForbiddenProblem f && f.Policy.Length > 0) pd.Extensions["policy"] = f.Policy;
        return pd;
    }

    public static async Task WriteAsync(HttpContext http, ProblemException p)
    {
        if (http.Response.HasStarted) return;
        http.Response.StatusCode = p.Status;
        http.Response.ContentType = "application/problem+json; charset=utf-8";
        await JsonSerializer.SerializeAsync(http.Response.Body, ToProblem(http, p), ProblemJson, http.RequestAborted);
    }

    private static readonly JsonSerializerOptions ProblemJson = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
    };
}

/// <summary>
/// Turns handler failures and malformed requests into problem details. Unexpected exceptions become a 500
/// problem without internals.
/// </summary>
public sealed class ProblemMiddleware(RequestDelegate next, ILogger<ProblemMiddleware> log)
{
    public async Task InvokeAsync(HttpContext http)
    {
        try
        {
            await next(http);
            // An API answer with an error status and no body (unknown route, wrong method) still gets problem details.
            if (!http.Response.HasStarted && http.Response.StatusCode >= 400 && http.Request.Path.StartsWithSegments("/api")
                && http.Response.ContentLength is null && http.Response.ContentType is null)
            {
                var status = http.Response.StatusCode;
                await ProblemWriter.WriteAsync(http, status switch
                {
                    404 => new ProblemException(404, "not-found", "未找到 / Not found", $"No API resource at {http.Request.Path}."),
                    405 => new ProblemException(405, "method-not-allowed", "方法不允许 / Method not allowed", $"{http.Request.Method} is not allowed on {http.Request.Path}."),
                    415 => new ProblemException(415, "unsupported-media-type", "不支持的媒体类型 / Unsupported media type", "Send application/json (or the form type the endpoint documents)."),
                    _ => new ProblemException(status, "http-" + status, "请求失败 / Request failed", $"HTTP {status}."),
                });
            }
        }
        catch (ProblemException p)
        {
            await ProblemWriter.WriteAsync(http, p);
        }
        catch (BadHttpRequestException e)
        {
            // Unparseable JSON, wrong types, missing required parameters; a body over the limit is 413, a wrong type 415.
            var (field, rule) = Describe(e);
            var detail = e.InnerException?.Message ?? e.Message;
            await ProblemWriter.WriteAsync(http, e.StatusCode switch
            {
                413 => new ProblemException(413, "payload-too-large", "请求体过大 / Payload too large", detail, [new FieldError("body", "max-size", detail)]),
                415 => new ProblemException(415, "unsupported-media-type", "不支持的媒体类型 / Unsupported media type", detail, [new FieldError("body", "content-type", detail)]),
                _ => new BadRequestProblem(field, rule, detail),
            });
        }
        catch (InvalidDataException e) when (http.Request.HasFormContentType)
        {
            // Multipart limits (body length, section count) exceeded.
            await ProblemWriter.WriteAsync(http, new ProblemException(413, "payload-too-large", "请求体过大 / Payload too large",
                e.Message, [new FieldError("body", "max-size", e.Message)]));
        }
        catch (JsonException e)
        {
            await ProblemWriter.WriteAsync(http, new BadRequestProblem(
                e.Path is { Length: > 2 } p ? p.TrimStart('$', '.') : "body", "json", $"The request body is not valid JSON: {e.Message}"));
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // client went away
        }
        catch (Exception e)
        {
            log.LogError(e, "Unhandled error on {Path}", http.Request.Path);
            await ProblemWriter.WriteAsync(http, new ProblemException(500, "internal", "服务器内部错误 / Internal error",
                "An unexpected error occurred; it has been logged."));
        }
    }

    private static (string Field, string Rule) Describe(BadHttpRequestException e)
    {
        if (e.InnerException is JsonException je)
            return (je.Path is { Length: > 2 } p ? p.TrimStart('$', '.') : "body", "json");
        var m = System.Text.RegularExpressions.Regex.Match(e.Message, "parameter \"(?:[^ ]+ )?([^\"]+)\"");
        return (m.Success ? m.Groups[1].Value : "request", "format");
    }
}
