using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Shuzhi.Platform.Catalogue;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Datasets;
using Shuzhi.Platform.Datasets.Reading;
using Shuzhi.Platform.Datasets.Storage;
using Shuzhi.Platform.Identity;
using Shuzhi.Server.Auth;

namespace Shuzhi.Server.Api;

/// <summary>Data resources (issue 3): /api/v1/datasets/… — loads, versions, quality, rows, downloads, grants, masks.</summary>
public static class DatasetsApi
{
    /// <summary>Largest upload accepted (bytes): 4 GiB. The file is streamed, never held in memory.</summary>
    public const long MaxUploadBytes = 4L << 30;

    public sealed record PublishBody(string? OverrideReason, string? SensitiveReason = null);
    public sealed record ThresholdBody(double? Threshold);

    public static void MapDatasetsApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/datasets");
        var read = Policies.DatasetRead.Name;

        g.MapGet("/quality", (HttpContext http, QualityOversight q, CancellationToken ct) => q.Handle(http.Actor(), ct))
            .RequireAuthorization(Policies.DatasetQualityOversight.Name);
        g.MapPut("/quality/threshold", async (HttpContext http, QualityOversight q, ThresholdBody? body, CancellationToken ct) =>
            Results.Ok(new { threshold = await q.SetThreshold(http.Actor(), body?.Threshold, ct) }))
            .RequireAuthorization(Policies.DatasetQualityOversight.Name);

        g.MapGet("/{code}", (HttpContext http, GetDataset get, string code, CancellationToken ct) => get.Handle(http.Actor(), code, ct))
            .RequireAuthorization(read);
        g.MapGet("/{code}/versions/{number:int}", (HttpContext http, GetDataset get, string code, int number, CancellationToken ct)
            => get.Version(http.Actor(), code, number, ct)).RequireAuthorization(read);

        // Upload: multipart/form-data with a "file" part (and optional form fields mode, encoding, delimiter, header,
        // sheet, mapping, publish), or the file itself as the body with ?fileName=… and the same options in the query.
        g.MapPost("/{code}/versions", async (HttpContext http, LoadDataset load, string code, CancellationToken ct) =>
        {
            var actor = http.Actor();
            actor.Require(Policies.DatasetLoad);
            http.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize = MaxUploadBytes;
            LoadResult result;
            if (http.Request.HasFormContentType)
            {
                var form = await http.Request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = MaxUploadBytes }, ct);
                var file = form.Files.GetFile("file") ?? form.Files.FirstOrDefault()
                    ?? throw new BadRequestProblem("file", "required", "请选择要上传的文件（字段名 file） / send the file in a multipart part named 'file'");
                var request = Options(k => form.TryGetValue(k, out var v) ? v.ToString() : http.Request.Query[k].FirstOrDefault(), file.Length);
                await using var s = file.OpenReadStream();
                result = await load.Handle(actor, code, s, file.FileName, request, null, ct);
            }
            else
            {
                var name = http.Request.Query["fileName"].FirstOrDefault();
                if (string.IsNullOrWhiteSpace(name))
                    throw new BadRequestProblem("fileName", "required", "name the file (?fileName=data.csv): its extension tells the format");
                var request = Options(k => http.Request.Query[k].FirstOrDefault(), http.Request.ContentLength);
                result = await load.Handle(actor, code, http.Request.Body, name, request, null, ct);
            }
            return Results.Created($"/api/v1/datasets/{code}/versions/{result.Version.Number}", result);
        }).RequireAuthorization(Policies.DatasetLoad.Name).DisableAntiforgery();

        g.MapPost("/{code}/versions/{number:int}/publish", (HttpContext http, PublishVersion publish, string code, int number, PublishBody? body, CancellationToken ct)
            => publish.Handle(http.Actor(), code, number, new PublishVersion.Input(body?.OverrideReason, body?.SensitiveReason), ct))
            .RequireAuthorization(Policies.DatasetPublish.Name);

        g.MapGet("/{code}/rows", async (HttpContext http, ReadRows rows, string code, CancellationToken ct) =>
        {
            var result = await rows.Handle(http.Actor(), code, Query(http), ct);
            http.Response.ContentType = "application/json; charset=utf-8";
            await WriteRowsAsync(http.Response.BodyWriter.AsStream(), result, ct);
        }).RequireAuthorization(Policies.DatasetRows.Name);

        g.MapGet("/{code}/download", async (HttpContext http, ExportRows export, string code, string? format, CancellationToken ct) =>
        {
            var file = await export.Handle(http.Actor(), code, format, Query(http), ct);
            http.Response.ContentType = file.ContentType;
            http.Response.Headers.ContentDisposition = new System.Net.Http.Headers.ContentDispositionHeaderValue("attachment")
                { FileName = file.FileName, FileNameStar = file.FileName }.ToString();
            await file.WriteAsync(http.Response.Body, ct);
        }).RequireAuthorization(Policies.DatasetRows.Name);

        g.MapGet("/{code}/grants", (HttpContext http, DatasetGrants grants, string code, CancellationToken ct) => grants.List(http.Actor(), code, ct))
            .RequireAuthorization(Policies.DatasetGrant.Name);
        g.MapPost("/{code}/grants", async (HttpContext http, DatasetGrants grants, string code, DatasetGrants.GrantInput? body, CancellationToken ct) =>
        {
            var grant = await grants.Grant(http.Actor(), code, body ?? new(null, null, null), ct);
            return Results.Created($"/api/v1/datasets/{code}/grants/{grant.Id}", grant);
        }).RequireAuthorization(Policies.DatasetGrant.Name);
        g.MapDelete("/{code}/grants/{id:guid}", (HttpContext http, DatasetGrants grants, string code, Guid id, CancellationToken ct)
            => grants.Revoke(http.Actor(), code, id, ct)).RequireAuthorization(Policies.DatasetGrant.Name);
        g.MapGet("/{code}/masks", (HttpContext http, DatasetGrants grants, string code, CancellationToken ct) => grants.Masks(http.Actor(), code, ct))
            .RequireAuthorization(Policies.DatasetGrant.Name);
        g.MapPut("/{code}/masks", (HttpContext http, DatasetGrants grants, string code, Dictionary<string, string?>? body, CancellationToken ct)
            => grants.SetMasks(http.Actor(), code, body, ct)).RequireAuthorization(Policies.DatasetGrant.Name);
    }

    /// <summary>The row query of a request (each parameter once).</summary>
    internal static IReadOnlyList<KeyValuePair<string, string?>> Query(HttpContext http)
    {
        var list = new List<KeyValuePair<string, string?>>(http.Request.Query.Count);
        foreach (var (k, v) in http.Request.Query)
        {
            if (v.Count > 1) throw new BadRequestProblem(k, "single-value", $"'{k}' is given {v.Count} times; give it once (use __in for several values)");
            list.Add(new(k, v.ToString()));
        }
        return list;
    }

    /// <summary>Reads the load options (form fields or query parameters), each error naming its parameter.</summary>
    private static LoadRequest Options(Func<string, string?> get, long? length)
    {
        var v = new Validator();
        var mode = LoadMode.Replace;
        var m = get("mode");
        if (!string.IsNullOrWhiteSpace(m) && !Enum.TryParse(m.Trim(), ignoreCase: true, out mode))
            v.Add("mode", "one-of", "mode must be replace, append or upsert");
        var read = ReadOptions.Default with { TotalBytes = length };
        try { read = read with { Encoding = ReadOptions.ParseEncoding(get("encoding")) }; }
        catch (ArgumentException e) { v.Add("encoding", "known", e.Message.Split(" (Parameter")[0]); }
        try { read = read with { Delimiter = ReadOptions.ParseDelimiter(get("delimiter")) }; }
        catch (ArgumentException e) { v.Add("delimiter", "known", e.Message.Split(" (Parameter")[0]); }
        var header = get("header");
        if (!string.IsNullOrWhiteSpace(header))
        {
            if (bool.TryParse(header, out var h)) read = read with { HasHeader = h };
            else if (header != "auto") v.Add("header", "boolean", "header must be true, false or auto");
        }
        if (get("sheet") is { Length: > 0 } sheet) read = read with { SheetName = sheet };
        Dictionary<string, string>? mapping = null;
        if (get("mapping") is { Length: > 0 } json)
        {
            try { mapping = JsonSerializer.Deserialize<Dictionary<string, string>>(json); }
            catch (JsonException) { v.Add("mapping", "json-object", "mapping must be a JSON object {\"field\": \"file column\"}"); }
        }
        var publish = true;
        if (get("publish") is { Length: > 0 } p && !bool.TryParse(p, out publish)) v.Add("publish", "boolean", "publish must be true or false");
        v.ThrowIfAny();
        return new LoadRequest { Mode = mode, Read = read, Mapping = mapping, Publish = publish };
    }

    /// <summary>
    /// {"entry","version","fields":[{name,type,masked}],"rows":[{…}],"next":token|null,"count":n|null,"countIsEstimate":bool}
    /// — written straight to the response (no intermediate objects).
    /// </summary>
    public static async Task WriteRowsAsync(Stream output, RowsResult r, CancellationToken ct)
    {
        await using var w = new Utf8JsonWriter(output, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        var view = r.View;
        var columns = RowCells.Selected(view, r.Query);
        w.WriteStartObject();
        w.WriteString("entry", view.Version.EntryCode);
        w.WriteNumber("version", view.Version.Number);
        w.WriteStartArray("fields");
        foreach (var c in columns)
        {
            var f = view.Schema.Fields[c];
            w.WriteStartObject();
            w.WriteString("name", f.Name);
            w.WriteString("type", f.Type.ToString());
            if (view.Masks[c].Kind != Shuzhi.Core.Datasets.MaskKind.None) w.WriteString("mask", view.Masks[c].ToString());
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("rows");
        foreach (var row in r.Page.Rows) RowCells.WriteRow(w, view, columns, row);
        w.WriteEndArray();
        if (r.NextToken is null) w.WriteNull("next"); else w.WriteString("next", r.NextToken);
        if (r.Page.Count is { } n) w.WriteNumber("count", n); else w.WriteNull("count");
        w.WriteBoolean("countIsEstimate", r.Page.CountIsEstimate);
        w.WriteEndObject();
        await w.FlushAsync(ct);
    }
}
