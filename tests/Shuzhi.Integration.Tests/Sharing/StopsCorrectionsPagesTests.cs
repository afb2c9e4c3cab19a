using System.Net;
using System.Net.Http.Json;
using static Shuzhi.Integration.Tests.Datasets.DatasetTestData;

namespace Shuzhi.Integration.Tests.Sharing;

/// <summary>The web pages of stops (贵州 art.24) and corrections (art.25): forms with antiforgery, same handlers as the API.</summary>
public abstract class StopsCorrectionsPagesTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : ServerFixture
{
    private static async Task<HttpResponseMessage> Post(HttpClient c, string url, Dictionary<string, string> fields)
    {
        var page = await c.GetStringAsync(url.Split('?')[0]);
        fields["__RequestVerificationToken"] = WebSignIn.Token(page);
        return await c.PostAsync(url, new FormUrlEncodedContent(fields));
    }

    [Fact]
    public async Task The_provider_files_and_cancels_a_stop_and_the_consumer_reports_and_reads_the_answer_on_the_pages()
    {
        var code = await PublishedEntryAsync(server, PersonEntry("页面测试" + Guid.NewGuid().ToString("N")[..6]));
        await LoadAsync(await server.As(Provider), code, CleanCsv(1, 3));

        var provider = await WebSignIn.SignInAsync(server, Provider);
        var early = await Post(provider, "/sharing/stops?handler=File", new() { ["Entry"] = code, ["StopDate"] = "2026-10-13", ["Reason"] = "系统迁移" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, early.StatusCode);
        var html = await early.Content.ReadAsStringAsync();
        Assert.Contains("notice-period", html);
        Assert.Contains("2026-10-14", html);

        var filed = await Post(provider, "/sharing/stops?handler=File", new() { ["Entry"] = code, ["StopDate"] = "2026-10-14", ["Reason"] = "系统迁移" });
        Assert.Equal(HttpStatusCode.OK, filed.StatusCode);
        html = await filed.Content.ReadAsStringAsync();
        Assert.Contains("data-test=\"stop\"", html);
        Assert.Contains("已备案，待生效", html);
        var stopUrl = filed.RequestMessage!.RequestUri!.AbsolutePath;
        var id = stopUrl.Split('/').Last();
        var cancelled = await Post(provider, $"{stopUrl}?handler=Cancel&stopId={id}", new() { ["cancelReason"] = "继续提供" });
        Assert.Contains("已撤销", await cancelled.Content.ReadAsStringAsync());

        var consumer = await WebSignIn.SignInAsync(server, "gy.rs.commissioner");
        var bad = await Post(consumer, "/sharing/corrections?handler=Report", new() { ["Entry"] = code, ["Fields"] = "无此字段", ["Description"] = "x" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Contains("field-of-version", await bad.Content.ReadAsStringAsync());
        var reported = await Post(consumer, "/sharing/corrections?handler=Report", new() { ["Entry"] = code, ["Rows"] = "2", ["Fields"] = "姓名, 出生日期", ["Description"] = "姓名错误" });
        Assert.Equal(HttpStatusCode.OK, reported.StatusCode);
        html = await reported.Content.ReadAsStringAsync();
        Assert.Contains("2026-10-20 24:00", html);
        var reportUrl = reported.RequestMessage!.RequestUri!.AbsolutePath;

        var answered = await Post(provider, $"{reportUrl}?handler=Answer", new() { ["Outcome"] = "confirmed", ["Explanation"] = "经核实无误" });
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        html = await consumer.GetStringAsync(reportUrl);
        Assert.Contains("经核实无误", html);
        Assert.Contains("data-test=\"outcome\"", html);
        Assert.Contains("数据校核结果", await consumer.GetStringAsync("/notices"));
    }
}

public sealed class StopsCorrectionsPagesTests_Sqlite(SqliteServer s) : StopsCorrectionsPagesTests<SqliteServer>(s);
public sealed class StopsCorrectionsPagesTests_Postgres(PostgresServer s) : StopsCorrectionsPagesTests<PostgresServer>(s);
