using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Shuzhi.Platform.Audit;
using Shuzhi.Platform.Catalogue;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Datasets;
using Shuzhi.Platform.Datasets.Reading;
using Shuzhi.Platform.Datasets.Storage;
using Shuzhi.Platform.Identity;

namespace Shuzhi.Cli.Commands;

/// <summary>
/// `shuzhi dataset import|export|versions|publish` over the same handlers as the API (docs/datasets.md).
/// Exit codes: 0 done; 2 bad input or refused (the load failed and nothing changed); 3 loaded but held by the
/// quality gate (not published: a person must decide); 1 internal error.
/// </summary>
public static class DatasetCommands
{
    public const int HeldByGate = 3;
    private static readonly JsonSerializerOptions Json = new(EntryAttributes.Json) { WriteIndented = true };

    public static Command Create(CliContext ctx)
    {
        var root = new Command("dataset", "数据资源：导入、导出、版本 / data resources: import, export, versions");
        root.Subcommands.Add(Import(ctx));
        root.Subcommands.Add(Export(ctx));
        root.Subcommands.Add(Versions(ctx));
        root.Subcommands.Add(Publish(ctx));
        return root;
    }

    private static Option<string> User() => new("--user") { Description = "用户名（密码取自环境变量 SHUZHI_PASSWORD） / username; password from SHUZHI_PASSWORD" };
    private static Option<string> Entry() => new("--entry") { Description = "目录编码 / catalogue entry code, e.g. 520000-GA-00001", Required = true };

    private static async Task<int> Run(CliContext ctx, string? user, Func<IServiceProvider, Actor, Task<int>> act, CancellationToken ct)
    {
        await using var services = await CliHost.StartAsync(ctx.Config, ct);
        var actor = await CliHost.SignInAsync(services, ctx.Config, user, ct);
        int code;
        await using (var scope = services.CreateAsyncScope())
            code = await act(scope.ServiceProvider, actor);
        await services.GetRequiredService<AccessLog>().FlushAsync(ct);
        return code;
    }

    private static Command Import(CliContext ctx)
    {
        var user = User();
        var entry = Entry();
        var file = new Option<string>("--file") { Description = "数据文件（CSV/TSV、XLSX、XLS、JSON、JSONL） / data file", Required = true };
        var mode = new Option<string>("--mode") { Description = "replace | append | upsert", DefaultValueFactory = _ => "replace" };
        var encoding = new Option<string>("--encoding") { Description = "auto | utf-8 | gb18030", DefaultValueFactory = _ => "auto" };
        var delimiter = new Option<string?>("--delimiter") { Description = "auto | comma | tab | semicolon | pipe" };
        var sheet = new Option<string?>("--sheet") { Description = "Excel 工作表 / Excel sheet name (default: the first)" };
        var map = new Option<string[]>("--map") { Description = "字段=列 / field=column (repeatable) when names differ", AllowMultipleArgumentsPerToken = false };
        var noPublish = new Option<bool>("--no-publish") { Description = "只导入不发布 / load only; publish later" };
        var json = new Option<bool>("--json") { Description = "输出 JSON（同 API） / print JSON, as the API" };
        var cmd = new Command("import", "导入数据为新版本（原子：失败则原版本不变） / load a file as a new version (atomic)")
            { user, entry, file, mode, encoding, delimiter, sheet, map, noPublish, json };
        cmd.SetAction((ParseResult r, CancellationToken ct) => Run(ctx, r.GetValue(user), async (sp, actor) =>
        {
            var path = r.GetValue(file)!;
            if (!File.Exists(path)) throw new BadRequestProblem("file", "not-found", $"no such file: {path}");
            var v = new Validator();
            if (!Enum.TryParse<LoadMode>(r.GetValue(mode), ignoreCase: true, out var m) || !Enum.IsDefined(m))
                v.Add("mode", "one-of", "--mode must be replace, append or upsert");
            var read = ReadOptions.Default;
            try { read = read with { Encoding = ReadOptions.ParseEncoding(r.GetValue(encoding)), Delimiter = ReadOptions.ParseDelimiter(r.GetValue(delimiter)), SheetName = r.GetValue(sheet) }; }
            catch (ArgumentException e) { v.Add(e.ParamName ?? "option", "known", e.Message.Split(" (Parameter")[0]); }
            var mapping = new Dictionary<string, string>();
            foreach (var pair in r.GetValue(map) ?? [])
            {
                var eq = pair.IndexOf('=');
                if (eq <= 0 || eq == pair.Length - 1) v.Add("map", "field=column", $"'{pair}' is not field=column");
                else mapping[pair[..eq].Trim()] = pair[(eq + 1)..].Trim();
            }
            v.ThrowIfAny();
            var request = new LoadRequest { Mode = m, Read = read, Mapping = mapping.Count > 0 ? mapping : null, Publish = !r.GetValue(noPublish) };
            var bar = new ProgressBar(ctx.Error);
            await using var s = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            var result = await sp.GetRequiredService<LoadDataset>().Handle(actor, r.GetValue(entry)!, s, Path.GetFileName(path), request, bar, ct);
            bar.Done();
            if (r.GetValue(json)) await ctx.Out.WriteLineAsync(JsonSerializer.Serialize(result, Json));
            else await PrintAsync(ctx.Out, result);
            return request.Publish && !result.Version.GatePassed ? HeldByGate : 0;
        }, ct));
        return cmd;
    }

    private static async Task PrintAsync(TextWriter o, LoadResult r)
    {
        var v = r.Version;
        await o.WriteLineAsync($"version {v.Number}: {v.State.ToLowerInvariant()}, {v.Rows:N0} rows, quality {v.Score:0.0} (threshold {v.Threshold:0.#}{(v.GatePassed ? ", passed" : ", NOT passed: not published until a person decides")})");
        foreach (var p in r.Report.Problems)
            await o.WriteLineAsync($"  {p.Dimension,-18} {p.Code,-28} {p.Count,9:N0}  {(p.Field is null ? "" : p.Field + ": ")}{p.MessageZh}"
                + (p.Examples.Count > 0 ? "  e.g. row " + string.Join(", ", p.Examples.Select(e => e.Row)) : ""));
    }

    private static Command Export(CliContext ctx)
    {
        var user = User();
        var entry = Entry();
        var format = new Option<string>("--format") { Description = "csv | json | xlsx", DefaultValueFactory = _ => "csv" };
        var output = new Option<string>("--out") { Description = "输出文件（默认标准输出） / output file (default: standard output)" };
        var version = new Option<int?>("--version") { Description = "版本（默认已发布版本） / version (default: the published one)" };
        var filter = new Option<string[]>("--where") { Description = "行 API 的查询参数 / a row API parameter, e.g. 区划=520100 or 金额__gte=100 (repeatable)" };
        var cmd = new Command("export", "导出数据（按你的权限脱敏） / export data, masked as you may see it") { user, entry, format, output, version, filter };
        cmd.SetAction((ParseResult r, CancellationToken ct) => Run(ctx, r.GetValue(user), async (sp, actor) =>
        {
            var query = new List<KeyValuePair<string, string?>>();
            if (r.GetValue(version) is { } n) query.Add(new("version", n.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            foreach (var w in r.GetValue(filter) ?? [])
            {
                var eq = w.IndexOf('=');
                if (eq <= 0) throw new BadRequestProblem("where", "name=value", $"'{w}' is not name=value");
                query.Add(new(w[..eq], w[(eq + 1)..]));
            }
            var export = await sp.GetRequiredService<ExportRows>().Handle(actor, r.GetValue(entry)!, r.GetValue(format), query, ct);
            var path = r.GetValue(output);
            if (path is null)
            {
                await using var stdout = Console.OpenStandardOutput();
                await export.WriteAsync(stdout, ct);
            }
            else
            {
                var temp = path + ".part";
                await using (var f = new FileStream(temp, FileMode.Create, FileAccess.Write))
                    await export.WriteAsync(f, ct);
                File.Move(temp, path, overwrite: true);
                await ctx.Error.WriteLineAsync($"{export.FileName} → {path}");
            }
            return 0;
        }, ct));
        return cmd;
    }

    private static Command Versions(CliContext ctx)
    {
        var user = User();
        var entry = Entry();
        var json = new Option<bool>("--json") { Description = "输出 JSON / print JSON" };
        var cmd = new Command("versions", "列出数据版本 / list the data versions") { user, entry, json };
        cmd.SetAction((ParseResult r, CancellationToken ct) => Run(ctx, r.GetValue(user), async (sp, actor) =>
        {
            var o = await sp.GetRequiredService<GetDataset>().Handle(actor, r.GetValue(entry)!, ct);
            if (r.GetValue(json)) { await ctx.Out.WriteLineAsync(JsonSerializer.Serialize(o, Json)); return 0; }
            foreach (var v in o.Versions)
                await ctx.Out.WriteLineAsync($"v{v.Number}\t{v.State}\t{v.Rows:N0} rows\tscore {v.Score:0.0}\t{v.StartedAt:yyyy-MM-dd HH:mm}\t{v.FileName}{(v.Number == o.PublishedVersion ? "\t← published" : "")}");
            return 0;
        }, ct));
        return cmd;
    }

    private static Command Publish(CliContext ctx)
    {
        var user = User();
        var entry = Entry();
        var version = new Option<int>("--version") { Description = "要发布的版本 / the version to publish", Required = true };
        var reason = new Option<string?>("--override-reason") { Description = "低于质量阈值时的发布理由 / reason to publish below the quality threshold" };
        var cmd = new Command("publish", "发布已导入的版本 / publish a loaded version") { user, entry, version, reason };
        cmd.SetAction((ParseResult r, CancellationToken ct) => Run(ctx, r.GetValue(user), async (sp, actor) =>
        {
            var v = await sp.GetRequiredService<PublishVersion>().Handle(actor, r.GetValue(entry)!, r.GetValue(version), new PublishVersion.Input(r.GetValue(reason)), ct);
            await ctx.Out.WriteLineAsync($"version {v.Number} published{(v.GateOverrideBy is null ? "" : $" below the threshold by {v.GateOverrideBy}: {v.GateOverrideReason}")}");
            return 0;
        }, ct));
        return cmd;
    }

    /// <summary>A progress bar on standard error: redrawn in place on a terminal, a line every 10 % otherwise.</summary>
    private sealed class ProgressBar(TextWriter error) : IProgress<LoadProgress>
    {
        private readonly bool tty = !Console.IsErrorRedirected && ReferenceEquals(error, Console.Error);
        private int lastDecile = -1;

        public void Report(LoadProgress p)
        {
            var share = p.TotalBytes is > 0 ? Math.Min(1.0, (double)p.BytesRead / p.TotalBytes.Value) : (double?)null;
            var text = share is { } s
                ? $"[{new string('#', (int)(s * 30)),-30}] {s,4:P0}  {p.Rows,12:N0} rows  {p.Phase}"
                : $"{p.Rows,12:N0} rows  {p.Phase}";
            if (tty) { error.Write("\r" + text); return; }
            var decile = share is { } d ? (int)(d * 10) : (int)(p.Rows / 100_000);
            if (decile == lastDecile && p.Phase == "reading") return;
            lastDecile = decile;
            error.WriteLine(text);
        }

        public void Done()
        {
            if (tty) error.WriteLine();
        }
    }
}
