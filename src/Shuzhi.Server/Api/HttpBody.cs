using System.Text.Json;
using Shuzhi.Platform.Common;

namespace Shuzhi.Server.Api;

/// <summary>Reading a JSON request body, one way for every endpoint: wrong type → 415, no body → 400, bad JSON → 400 naming the path.</summary>
public static class HttpBody
{
    public static async Task<T> ReadJsonAsync<T>(this HttpRequest request, CancellationToken ct, JsonSerializerOptions? options = null) where T : class
    {
        if (!request.HasJsonContentType())
            throw new ProblemException(415, "unsupported-media-type", "不支持的媒体类型 / Unsupported media type",
                "Send a JSON body with Content-Type: application/json.", [new FieldError("body", "json", "Content-Type must be application/json")]);
        if (request.ContentLength == 0)
            throw new BadRequestProblem("body", "required", "a JSON body is required");
        var body = options is null
            ? await request.ReadFromJsonAsync<T>(ct)
            : await request.ReadFromJsonAsync<T>(options, ct);
        return body ?? throw new BadRequestProblem("body", "required", "a JSON body is required (not null)");
    }
}
