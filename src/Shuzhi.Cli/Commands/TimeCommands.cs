using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Shuzhi.Core.Time;
using Shuzhi.Platform;
using Shuzhi.Platform.Calendar;
using Shuzhi.Platform.Common;

namespace Shuzhi.Cli.Commands;

/// <summary>
/// `shuzhi period …` counts a statutory period (the same <see cref="PeriodAnswer"/> as GET /api/v1/time/period);
/// `shuzhi calendar show|import` reads and loads calendar years.
/// </summary>
public static class TimeCommands
{
    public static IEnumerable<Command> Create(CliContext ctx) => [Period(ctx), CalendarCommand(ctx)];

    private static Command Period(CliContext ctx)
    {
        var start = new Option<string>("--start") { Description = "事件日期或时刻 / event date (2026-02-16) or date-time with offset (2026-10-01T09:30:00+08:00)" };
        var length = new Option<string>("--length") { Description = "期间长度 / length, a positive integer" };
        var unit = new Option<string>("--unit") { Description = "working-days | days | hours | months | years" };
        var kind = new Option<string>("--kind") { Description = "deadline (default) | term | renewal | window" };
        var json = new Option<bool>("--json") { Description = "print the full answer as JSON (as the HTTP API)" };
        var cmd = new Command("period", "计算法定期限 / count a statutory period") { start, length, unit, kind, json };
        cmd.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var q = new PeriodQuery(r.GetValue(start), r.GetValue(length), r.GetValue(unit), r.GetValue(kind));
            PeriodAnswer.Parse(q); // bad input → exit 2 before touching any database
            var calendar = await CalendarForCliAsync(ctx, ct);
            var answer = PeriodAnswer.Compute(calendar, q);
            if (r.GetValue(json))
                await ctx.Out.WriteLineAsync(JsonSerializer.Serialize(answer, PeriodAnswer.Json));
            else
            {
                await ctx.Out.WriteLineAsync(answer.Kind == "window" ? $"{answer.WindowStart} {answer.WindowEnd}" : answer.Due);
                if (answer.Provisional)
                    await ctx.Error.WriteLineAsync($"(provisional: no State Council notice loaded for {string.Join(", ", answer.ProvisionalYears)}; weekends only — calendar {answer.CalendarVersion})");
            }
            return 0;
        });
        return cmd;
    }

    private static Command CalendarCommand(CliContext ctx)
    {
        var root = new Command("calendar", "法定节假日日历 / statutory calendar");

        var year = new Option<int?>("--year") { Description = "一年 / one year" };
        var from = new Option<int?>("--from") { Description = "起始年 / first year" };
        var to = new Option<int?>("--to") { Description = "结束年 / last year" };
        var json = new Option<bool>("--json") { Description = "print JSON (as GET /api/v1/time/calendar)" };
        var show = new Command("show", "显示日历年份 / show calendar years") { year, from, to, json };
        show.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var f = r.GetValue(year) ?? r.GetValue(from);
            var t = r.GetValue(year) ?? r.GetValue(to) ?? f;
            GetCalendar.Answer answer;
            if (DatabaseExists(ctx))
            {
                await using var services = await CliHost.StartAsync(ctx.Config, ct);
                await using var scope = services.CreateAsyncScope();
                answer = await scope.ServiceProvider.GetRequiredService<GetCalendar>()
                    .Handle(Shuzhi.Platform.Identity.Actor.System, new GetCalendar.Query(f, t), ct);
            }
            else
            {
                answer = ShippedOnly(f, t);
            }
            if (r.GetValue(json))
            {
                await ctx.Out.WriteLineAsync(JsonSerializer.Serialize(answer, PeriodAnswer.Json));
                return 0;
            }
            await ctx.Out.WriteLineAsync($"calendar {answer.CalendarVersion}");
            foreach (var y in answer.Years)
            {
                await ctx.Out.WriteLineAsync(y.Provisional
                    ? $"{y.Year}  provisional (no notice loaded: weekends only)"
                    : $"{y.Year}  {y.Source}  {y.NoticeReference}  off {y.OffCount}, work {y.WorkCount}{(y.LoadedBy is null ? "" : $"  loaded by {y.LoadedBy} at {y.LoadedAt:O}")}");
                foreach (var d in y.Days)
                    await ctx.Out.WriteLineAsync($"  {d.Date} {DateOnly.ParseExact(d.Date, "yyyy-MM-dd", CultureInfo.InvariantCulture).DayOfWeek,-9} {(d.WorkingDay ? "work" : "off "),-4} {d.Name}");
            }
            return 0;
        });

        var file = new Option<string>("--file") { Description = "JSON {year, off:[…], work:[…], noticeReference?, names?}" };
        var notice = new Option<string>("--notice") { Description = "通知文号或网址 / notice reference (overrides the file's)" };
        var user = new Option<string>("--user") { Description = "administrator username (password from SHUZHI_PASSWORD)" };
        var replace = new Option<bool>("--replace") { Description = "replace a shipped or already loaded year (audited)" };
        var import = new Command("import", "导入一年的国务院办公厅通知 / load a year of the State Council notice") { file, notice, user, replace };
        import.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var command = ReadYearFile(r.GetValue(file), r.GetValue(notice), r.GetValue(replace));
            await using var services = await CliHost.StartAsync(ctx.Config, ct);
            var actor = await CliHost.SignInAsync(services, ctx.Config, r.GetValue(user), ct);
            await using var scope = services.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<ImportCalendarYear>().Handle(actor, command, ct);
            await ctx.Out.WriteLineAsync($"loaded {result.Year} ({result.Source}): off {result.OffCount}, work {result.WorkCount}, notice {result.NoticeReference}");
            await ctx.Out.WriteLineAsync($"calendar {result.PreviousCalendarVersion} → {result.CalendarVersion}");
            return 0;
        });

        root.Subcommands.Add(show);
        root.Subcommands.Add(import);
        return root;
    }

    /// <summary>
    /// The calendar the CLI counts with: shipped years plus the years loaded into the database — but only when a database
    /// exists. A fresh machine (no SQLite file) gets the shipped calendar and no database is created.
    /// </summary>
    public static async Task<StatutoryCalendar> CalendarForCliAsync(CliContext ctx, CancellationToken ct)
    {
        if (!DatabaseExists(ctx)) return StatutoryCalendar.Shipped();
        await using var services = await CliHost.StartAsync(ctx.Config, ct);
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CalendarProvider>().CurrentAsync(ct);
    }

    /// <summary>For SQLite: does the database file exist? Other providers are servers: assume yes.</summary>
    public static bool DatabaseExists(CliContext ctx)
    {
        var options = PlatformRegistration.ReadOptions(ctx.Config);
        if (!string.Equals(options.Database.Provider.Trim(), "sqlite", StringComparison.OrdinalIgnoreCase)) return true;
        var path = options.Database.ConnectionString is { Length: > 0 } cs
            ? new SqliteConnectionStringBuilder(cs).DataSource
            : Path.Combine(options.FullDataDirectory, "shuzhi.db");
        return !string.IsNullOrEmpty(path) && path != ":memory:" && File.Exists(Path.GetFullPath(path));
    }

    private static GetCalendar.Answer ShippedOnly(int? from, int? to)
    {
        var cal = StatutoryCalendar.Shipped();
        var f = from ?? 2023;
        var t = to ?? Math.Max(f, 2026);
        GetCalendar.ValidateRange(f, t);
        var years = Enumerable.Range(f, t - f + 1).Select(y =>
        {
            var data = cal.YearData(y);
            return new GetCalendar.YearInfo(y, data is null ? "none" : "shipped", data?.NoticeReference, data is null,
                data?.Off.Count ?? 0, data?.Work.Count ?? 0, null, null, GetCalendar.ListDays(cal, y));
        }).ToList();
        return new GetCalendar.Answer(cal.Version, years);
    }

    /// <summary>Reads a year file (see <see cref="ImportCalendarYear.ParseJson"/>).</summary>
    public static ImportCalendarYear.Command ReadYearFile(string? path, string? notice, bool replace)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new BadRequestProblem("file", "required", "give --file year.json");
        if (!File.Exists(path)) throw new BadRequestProblem("file", "exists", $"file '{path}' does not exist");
        return ImportCalendarYear.ParseJson(File.ReadAllText(path), notice, replace, "file");
    }
}
