using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Identity;

namespace Shuzhi.Cli.Commands;

/// <summary>
/// `shuzhi setup` (first start outside demo mode), `shuzhi orgs add`, `shuzhi users add` — over the same
/// handlers as POST /api/v1/admin/…. Passwords come from the environment, never from arguments.
/// </summary>
public static class IdentityCommands
{
    public static IEnumerable<Command> Create(CliContext ctx) => [Setup(ctx), Orgs(ctx), Users(ctx)];

    private static T Parse<T>(string? value, string field) where T : struct, Enum
        => Enum.TryParse<T>(value, ignoreCase: true, out var v) && Enum.IsDefined(v)
            ? v
            : throw new BadRequestProblem(field, "enum", $"'{value}' is not one of {string.Join(", ", Enum.GetNames<T>())}");

    private static Command Setup(CliContext ctx)
    {
        var code = new Option<string>("--division-code") { Description = "GB/T 2260 code of the top division, e.g. 520000", Required = true };
        var name = new Option<string>("--division-name") { Description = "e.g. 贵州省", Required = true };
        var level = new Option<string>("--level") { Description = "Province (default) | City | County", DefaultValueFactory = _ => "Province" };
        var admin = new Option<string>("--admin") { Description = "username of the platform administrator", Required = true };
        var cmd = new Command("setup", "首次初始化：顶级行政区划、大数据局和平台管理员（密码取自 SHUZHI_PASSWORD） / first set-up outside demo mode")
            { code, name, level, admin };
        cmd.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            await using var services = await CliHost.StartAsync(ctx.Config, ct);
            await using var scope = services.CreateAsyncScope();
            var actor = await scope.ServiceProvider.GetRequiredService<BootstrapPlatform>().Handle(new BootstrapPlatform.Command(
                r.GetValue(code), r.GetValue(name), Parse<AdminLevel>(r.GetValue(level), "level"), r.GetValue(admin), ctx.Config["SHUZHI_PASSWORD"]), ct);
            await ctx.Out.WriteLineAsync($"set up {r.GetValue(name)} ({r.GetValue(code)}); administrator {actor.Username} at {actor.OrganisationName}");
            return 0;
        });
        return cmd;
    }

    private static Command Orgs(CliContext ctx)
    {
        var code = new Option<string>("--code") { Required = true, Description = "GB/T 2260 code for a division; e.g. 520000-GA for a department" };
        var name = new Option<string>("--name") { Required = true };
        var kind = new Option<string>("--kind") { Required = true, Description = string.Join(" | ", Enum.GetNames<OrganisationKind>()) };
        var parent = new Option<string>("--parent") { Required = true, Description = "code of the parent organisation" };
        var credit = new Option<string>("--credit-code") { Description = "统一社会信用代码, when known" };
        var user = new Option<string>("--user") { Description = "administrator (password in SHUZHI_PASSWORD)" };
        var add = new Command("add", "新增组织机构 / add an organisation") { code, name, kind, parent, credit, user };
        add.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            await using var services = await CliHost.StartAsync(ctx.Config, ct);
            var actor = await CliHost.SignInAsync(services, ctx.Config, r.GetValue(user), ct);
            await using var scope = services.CreateAsyncScope();
            var node = await scope.ServiceProvider.GetRequiredService<AddOrganisation>().Handle(actor, new AddOrganisation.Command(
                r.GetValue(code), r.GetValue(name), Parse<OrganisationKind>(r.GetValue(kind), "kind"), r.GetValue(parent), r.GetValue(credit)), ct);
            await ctx.Out.WriteLineAsync($"added {node.Code} {node.Name} ({node.Kind}, {node.Level})");
            return 0;
        });
        return new Command("orgs", "组织机构 / organisations") { add };
    }

    private static Command Users(CliContext ctx)
    {
        var username = new Option<string>("--username") { Required = true };
        var name = new Option<string>("--name") { Required = true, Description = "display name" };
        var org = new Option<string>("--org") { Required = true, Description = "organisation code" };
        var roles = new Option<string[]>("--role") { Required = true, AllowMultipleArgumentsPerToken = true, Description = string.Join(" | ", Enum.GetNames<Role>()) };
        var email = new Option<string>("--email");
        var user = new Option<string>("--user") { Description = "administrator (password in SHUZHI_PASSWORD)" };
        var add = new Command("add", "新增用户（新用户密码取自 SHUZHI_NEW_PASSWORD） / add a user (the new password from SHUZHI_NEW_PASSWORD)")
            { username, name, org, roles, email, user };
        add.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var roleList = (r.GetValue(roles) ?? []).Select(x => Parse<Role>(x, "role")).ToList();
            await using var services = await CliHost.StartAsync(ctx.Config, ct);
            var actor = await CliHost.SignInAsync(services, ctx.Config, r.GetValue(user), ct);
            await using var scope = services.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<AddUser>().Handle(actor, new AddUser.Command(
                r.GetValue(username), r.GetValue(name), r.GetValue(org), roleList, ctx.Config["SHUZHI_NEW_PASSWORD"], r.GetValue(email)), ct);
            await ctx.Out.WriteLineAsync($"added {result.Username} ({string.Join(",", result.Roles)}) at {result.Organisation}");
            return 0;
        });
        return new Command("users", "用户 / user accounts") { add };
    }
}
