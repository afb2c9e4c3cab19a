using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Shuzhi.Platform.Cases;

namespace Shuzhi.Cli.Commands;

/// <summary>
/// `shuzhi cases list|show` (the inbox and a case, as GET /api/v1/cases) and `shuzhi supervision detect-overdue|board`
/// (as POST /api/v1/supervision/detect-overdue and GET /api/v1/supervision/board). Sign in with --user and SHUZHI_PASSWORD.
/// </summary>
public static class CasesCommands
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    public static IEnumerable<Command> Create(CliContext ctx) => [Cases(ctx), Supervision(ctx)];

    private static Option<string> User() => new("--user") { Description = "用户名（密码在环境变量 SHUZHI_PASSWORD） / username (password in SHUZHI_PASSWORD)" };
    private static Option<bool> JsonOption() => new("--json") { Description = "print JSON (as the HTTP API)" };

    /// <summary>Signs in, then runs <paramref name="act"/> in a scope of the platform's services.</summary>
    private static async Task<T> AsUser<T>(CliContext ctx, string? user, Func<IServiceProvider, Shuzhi.Platform.Identity.Actor, Task<T>> act, CancellationToken ct)
    {
        await using var services = await CliHost.StartAsync(ctx.Config, ct);
        var actor = await CliHost.SignInAsync(services, ctx.Config, user, ct);
        await using var scope = services.CreateAsyncScope();
        return await act(scope.ServiceProvider, actor);
    }

    private static Command Cases(CliContext ctx)
    {
        var root = new Command("cases", "办件 / procedure cases");

        var user = User();
        var all = new Option<bool>("--all") { Description = "全部可见案件（默认：我的待办） / every case visible to me (default: my inbox)" };
        var json = JsonOption();
        var list = new Command("list", "我的待办 / my inbox") { user, all, json };
        list.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var items = await AsUser(ctx, r.GetValue(user), (sp, a) => sp.GetRequiredService<ListCases>().Handle(a, !r.GetValue(all), ct), ct);
            if (r.GetValue(json)) await ctx.Out.WriteLineAsync(JsonSerializer.Serialize(items, Json));
            else
                foreach (var i in items)
                {
                    var due = i.Basis switch { "statutory" => i.DueText, "service-target" => $"target {i.DueText}", "none" => "no statutory limit", _ => "" };
                    await ctx.Out.WriteLineAsync($"{i.Number}\t{i.StepState}\t{due}\t{i.Citation}\t{i.Title}");
                }
            return 0;
        });
        root.Subcommands.Add(list);

        var user2 = User();
        var id = new Argument<Guid>("id") { Description = "案件 ID / case id" };
        var show = new Command("show", "案件详情（JSON） / a case with steps, clocks and timeline (JSON)") { id, user2 };
        show.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var detail = await AsUser(ctx, r.GetValue(user2), (sp, a) => sp.GetRequiredService<GetCase>().Handle(a, r.GetValue(id), ct), ct);
            await ctx.Out.WriteLineAsync(JsonSerializer.Serialize(detail, Json));
            return 0;
        });
        root.Subcommands.Add(show);
        return root;
    }

    private static Command Supervision(CliContext ctx)
    {
        var root = new Command("supervision", "超期督办 / overdue supervision (贵州 art.43)");

        var user = User();
        var detect = new Command("detect-overdue", "立即检测超期并推送督办通知 / detect overdue steps now and send notices") { user };
        detect.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var result = await AsUser(ctx, r.GetValue(user), (sp, a) => sp.GetRequiredService<DetectOverdue>().Handle(a, ct), ct);
            await ctx.Out.WriteLineAsync($"checked {result.Checked}, overdue {result.Overdue}, targets missed {result.TargetsMissed}, notices {result.Notices}");
            return 0;
        });
        root.Subcommands.Add(detect);

        var user2 = User();
        var json = JsonOption();
        var board = new Command("board", "督办看板 / open breaches in my divisions") { user2, json };
        board.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var b = await AsUser(ctx, r.GetValue(user2), (sp, a) => sp.GetRequiredService<SupervisionBoard>().Handle(a, ct), ct);
            if (r.GetValue(json)) await ctx.Out.WriteLineAsync(JsonSerializer.Serialize(b, Json));
            else
                foreach (var x in b.Breaches)
                    await ctx.Out.WriteLineAsync($"{x.Number}\t{x.Department}\t{x.DueText}\t{x.DaysOverdue}d\t{x.Citation}\t{x.Title}");
            return 0;
        });
        root.Subcommands.Add(board);
        return root;
    }
}
