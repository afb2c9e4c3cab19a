using System.Globalization;
using Shuzhi.Platform.Audit;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Evidence;
using Shuzhi.Platform.Identity;
using Shuzhi.Server.Auth;

namespace Shuzhi.Server.Api;

/// <summary>The audit log, its verification, and the SM2 signing keys and signature check.</summary>
public static class EvidenceApi
{
    public sealed record VerifyRequest(string? DataBase64, SignatureEnvelope? Envelope);

    public static void MapEvidenceApi(this RouteGroupBuilder api)
    {
        api.MapGet("/audit", async (HttpContext http, ListAuditRecords list, string? subject, string? action, string? limit, string? before, CancellationToken ct) =>
        {
            var v = new Validator();
            int? lim = ParseOrNull<int>(limit, "limit", v);
            long? bef = ParseOrNull<long>(before, "before", v);
            v.ThrowIfAny();
            return Results.Ok(await list.Handle(http.Actor(), new ListAuditRecords.Query(subject, action, lim, bef), ct));
        }).RequireAuthorization(Policies.AuditRead.Name);

        api.MapGet("/audit/verify", async (HttpContext http, VerifyAuditChain verify, CancellationToken ct)
            => Results.Ok(await verify.Handle(http.Actor(), ct))).RequireAuthorization(Policies.AuditRead.Name);

        // The access log's counters (records queued, written, batches, queue depth): what auditing reads costs.
        api.MapGet("/audit/access-log", (AccessLog accessLog) => Results.Ok(accessLog.Counters))
            .RequireAuthorization(Policies.AuditRead.Name);

        api.MapGet("/evidence/keys", (HttpContext http, ListSigningKeys keys)
            => Results.Ok(keys.Handle(http.Actor()))).RequireAuthorization(Policies.SignedIn.Name);

        api.MapPost("/evidence/verify", async (HttpContext http, VerifyDocument verify, CancellationToken ct) =>
        {
            var body = await http.Request.ReadJsonAsync<VerifyRequest>(ct);
            byte[] data;
            try { data = Convert.FromBase64String(body.DataBase64 ?? throw new ValidationProblem("dataBase64", "required", "dataBase64 is required")); }
            catch (FormatException) { throw new ValidationProblem("dataBase64", "base64", "dataBase64 is not valid base64"); }
            using var stream = new MemoryStream(data);
            var check = verify.Handle(http.Actor(), stream, body.Envelope);
            return Results.Ok(new { valid = check.Valid, keyId = check.KeyId, reason = check.Reason });
        }).RequireAuthorization(Policies.SignedIn.Name);
    }

    private static T? ParseOrNull<T>(string? text, string field, Validator v) where T : struct, IParsable<T>
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (T.TryParse(text, CultureInfo.InvariantCulture, out var value)) return value;
        v.Require(false, field, "integer", $"{field} must be a whole number");
        return null;
    }
}
