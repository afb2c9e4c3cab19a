using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Shuzhi.Platform.Catalogue;
using Shuzhi.Platform.Identity;

namespace Shuzhi.Cli.Commands;

/// <summary>
/// `shuzhi catalogue list|export|import` over the same handlers as the API (docs/catalogue.md).
/// Every sub-command signs in: --user NAME, password in SHUZHI_PASSWORD.
/// </summary>
public static class CatalogueCommands
{
    private static readonly JsonSerializerOptions Json = new(EntryAttributes.Json) { WriteIndented = true };

    public static Command Create(CliContext ctx)
    {
        var root = new Command("catalogue", "政务数据资源目录 / government data resource catalogue");
        root.Subcommands.Add(List(ctx));
        root.Subcommands.Add(Export(ctx));
        root.Subcommands.Add(Import(ctx));
        return root;
    }

    private static Option<string> User() => new("--user") { Description = "用户名（密码取自环境变量 SHUZHI_PASSWORD） / username; password from SHUZHI_PASSWORD" };

    private static async Task<int> Run(CliContext ctx, string? user, Func<IServiceProvider, Actor, Task> act, CancellationToken ct)
    {
        await using var services = await Shuzhi.Cli.CliHost.StartAsync(ctx.Config, ct);
        var actor = await Shuzhi.Cli.CliHost.SignInAsync(services, ctx.Config, user, ct);
        await using var scope = services.CreateAsyncScope();
        await act(scope.ServiceProvider, actor);
        return 0;
    }

    private static Command List(CliContext ctx)
    {
        var user = User();
        var q = new Option<string?>("--q") { Description = "关键词（名称、摘要、编码、数据项的子串） / substring of name, summary, code or field names" };
        var department = new Option<string?>("--department") { Description = "部门编码 / department code, e.g. 520000-GA" };
        var state = new Option<string?>("--state") { Description = "Draft | Submitted | Returned | Published | Withdrawn" };
        var pageSize = new Option<int?>("--page-size") { Description = "每页条数 / page size (default 50, at most 500)" };
        var json = new Option<bool>("--json") { Description = "输出 JSON（同 API） / print JSON, as the API" };
        var cmd = new Command("list", "检索目录 / search the catalogue") { user, q, department, state, pageSize, json };
        cmd.SetAction((ParseResult r, CancellationToken ct) => Run(ctx, r.GetValue(user), async (sp, actor) =>
        {
            var result = await sp.GetRequiredService<SearchEntries>().Handle(actor,
                new SearchEntries.Query(r.GetValue(q), r.GetValue(department), State: r.GetValue(state), PageSize: r.GetValue(pageSize) ?? 50), ct);
            if (r.GetValue(json))
            {
                await ctx.Out.WriteLineAsync(JsonSerializer.Serialize(result, Json));
                return;
            }
            foreach (var e in result.Items)
                await ctx.Out.WriteLineAsync($"{e.Code}\t{e.State}\tv{e.Version}\t{e.Name}\t{e.Department}");
            await ctx.Error.WriteLineAsync($"{result.Items.Count} of {result.Total}");
        }, ct));
        return cmd;
    }

    private static Command Export(CliContext ctx)
    {
        var user = User();
        var department = new Option<string>("--department") { Description = "部门编码 / department code, e.g. 520000-GA", Required = true };
        var format = new Option<string>("--format") { Description = "json | xlsx", DefaultValueFactory = _ => "json" };
        var output = new Option<string>("--out") { Description = "输出文件 / output file", Required = true };
        var cmd = new Command("export", "导出部门目录 / export a department's catalogue") { user, department, format, output };
        cmd.SetAction((ParseResult r, CancellationToken ct) => Run(ctx, r.GetValue(user), async (sp, actor) =>
        {
            var result = await sp.GetRequiredService<ExportCatalogue>().Handle(actor, r.GetValue(department), r.GetValue(format), ct);
            await File.WriteAllBytesAsync(r.GetValue(output)!, result.Content, ct);
            await ctx.Out.WriteLineAsync($"{result.Count} entries → {r.GetValue(output)}");
        }, ct));
        return cmd;
    }

    private static Command Import(CliContext ctx)
    {
        var user = User();
        var file = new Option<string>("--file") { Description = "目录文件（.json 或 .xlsx） / catalogue file", Required = true };
        var cmd = new Command("import", "导入本部门目录（全部校验通过才写入） / import into your department (all or nothing)") { user, file };
        cmd.SetAction((ParseResult r, CancellationToken ct) => Run(ctx, r.GetValue(user), async (sp, actor) =>
        {
            var path = r.GetValue(file)!;
            if (!File.Exists(path)) throw new Shuzhi.Platform.Common.BadRequestProblem("file", "not-found", $"no such file: {path}");
            await using var s = File.OpenRead(path);
            var result = await sp.GetRequiredService<ImportCatalogue>().Handle(actor, Path.GetFileName(path), s, ct);
            await ctx.Out.WriteLineAsync($"created {result.Created}, updated {result.Updated}: {string.Join(" ", result.Codes)}");
        }, ct));
        return cmd;
    }
}
