using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;
using static Shuzhi.Integration.Tests.Datasets.DatasetTestData;

namespace Shuzhi.Integration.Tests.Portal;

/// <summary>
/// The portal's community features over real HTTP (docs/portal-community.md): subscriptions notify each change once
/// (dataset and topic), notices are e-mailed to a real SMTP listener when SMTP is configured, and submitted social data and
/// showcase items show nowhere until the bureau approves them.
/// </summary>
public abstract class CommunityTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : ServerFixture
{
    private const string Citizen = "citizen.zhang";
    private const string Company = "ent.qianyun";

    private async Task<JsonElement> Scan()
    {
        var r = await (await server.As(Bureau)).PostAsync("/api/v1/open/subscriptions/scan", null);
        Assert.True(r.StatusCode == HttpStatusCode.OK, await r.Content.ReadAsStringAsync());
        return await r.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<List<JsonElement>> Notices(string user, string code) =>
        (await (await server.As(user)).GetFromJsonAsync<JsonElement>("/api/v1/open/notices")).EnumerateArray()
        .Where(n => n.GetProperty("dataset").GetString() == code).ToList();

    private async Task<HttpResponseMessage> Subscribe(string user, object body) =>
        await (await server.As(user)).PostAsJsonAsync("/api/v1/open/subscriptions", body);

    [Fact]
    public async Task A_dataset_subscription_notifies_a_new_data_version_once_and_the_notice_can_be_read()
    {
        var d = await OpenTestData.MakeAsync(server, "订阅");
        var r = await Subscribe(Citizen, new { dataset = d.Open });
        Assert.True(r.StatusCode == HttpStatusCode.Created, await r.Content.ReadAsStringAsync());
        var id = (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        // Subscribing again is the same subscription.
        Assert.Equal(id, (await (await Subscribe(Citizen, new { dataset = d.Open })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());

        await Scan();
        Assert.Empty(await Notices(Citizen, d.Open)); // what existed when subscribing is not news

        await LoadAsync(await server.As(Provider), d.Open, CleanCsv(1, 40));
        await Scan();
        await Scan(); // idempotent: a second run finds nothing new
        var n = Assert.Single(await Notices(Citizen, d.Open));
        Assert.Equal("dataset.data", n.GetProperty("kind").GetString());
        Assert.Contains(d.OpenTitle, n.GetProperty("text").GetString());
        Assert.Equal($"/open/datasets/{d.Open}", n.GetProperty("link").GetString());
        Assert.Equal(JsonValueKind.Null, n.GetProperty("readAt").ValueKind);
        Assert.Empty(await Notices(Company, d.Open)); // per user

        using var web = await WebSignIn.SignInAsync(server, Citizen);
        var page = await web.GetStringAsync("/open/me/notices");
        Assert.Contains(d.OpenTitle, page);
        Assert.Contains("data-test=\"notice-unread\"", await web.GetStringAsync("/open"));

        var read = await (await server.As(Citizen)).PostAsync($"/api/v1/open/notices/{n.GetProperty("id").GetGuid()}/read", null);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.NotEqual(JsonValueKind.Null, Assert.Single(await Notices(Citizen, d.Open)).GetProperty("readAt").ValueKind);

        // Unsubscribed: later versions are not notified.
        Assert.Equal(HttpStatusCode.NoContent, (await (await server.As(Citizen)).DeleteAsync($"/api/v1/open/subscriptions/{id}")).StatusCode);
        await LoadAsync(await server.As(Provider), d.Open, CleanCsv(1, 50));
        await Scan();
        Assert.Single(await Notices(Citizen, d.Open));
    }

    [Fact]
    public async Task A_withdrawn_dataset_is_notified_once_to_its_subscribers()
    {
        var d = await OpenTestData.MakeAsync(server, "撤回");
        Assert.Equal(HttpStatusCode.Created, (await Subscribe(Citizen, new { dataset = d.Open })).StatusCode);
        await Scan();
        var w = await (await server.As(Provider)).PostAsJsonAsync($"/api/v1/catalogue/entries/{d.Open}/withdraw", new { reason = "职能调整" });
        Assert.True(w.IsSuccessStatusCode, await w.Content.ReadAsStringAsync());
        await Scan();
        await Scan();
        var n = Assert.Single(await Notices(Citizen, d.Open));
        Assert.Equal("dataset.withdrawn", n.GetProperty("kind").GetString());
        Assert.Equal(JsonValueKind.Null, n.GetProperty("link").ValueKind); // the dataset page is gone
    }

    [Fact]
    public async Task Only_open_data_can_be_subscribed_and_only_by_public_users()
    {
        var d = await OpenTestData.MakeAsync(server, "订限");
        var closed = await Subscribe(Citizen, new { dataset = d.Closed });
        Assert.Equal((HttpStatusCode)422, closed.StatusCode);
        Assert.Contains("\"dataset\"", await closed.Content.ReadAsStringAsync());
        Assert.Equal((HttpStatusCode)422, (await Subscribe(Citizen, new { dataset = d.Draft })).StatusCode);
        Assert.Equal((HttpStatusCode)422, (await Subscribe(Citizen, new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Subscribe(Provider, new { dataset = d.Open })).StatusCode);
        using var anon = server.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anon.PostAsJsonAsync("/api/v1/open/subscriptions", new { dataset = d.Open })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await server.As(Citizen)).PostAsync("/api/v1/open/subscriptions/scan", null)).StatusCode);
    }

    [Fact]
    public async Task A_topic_subscription_notifies_each_new_open_dataset_in_the_domain_once()
    {
        var d = await OpenTestData.MakeAsync(server, "主题");
        var r = await Subscribe(Company, new { domain = d.Domain });
        Assert.True(r.StatusCode == HttpStatusCode.Created, await r.Content.ReadAsStringAsync());
        await Scan();
        var fresh = await PublishedEntryAsync(server, OpenTestData.OpenEntry(d.Marker + "新开放", d.Domain));
        var other = await PublishedEntryAsync(server, OpenTestData.OpenEntry(d.Marker + "别处", d.Domain + "其他"));
        await Scan();
        await Scan();
        var n = Assert.Single(await Notices(Company, fresh));
        Assert.Equal("topic.new", n.GetProperty("kind").GetString());
        Assert.Contains(d.Marker + "新开放", n.GetProperty("text").GetString());
        Assert.Empty(await Notices(Company, other));
        Assert.Empty(await Notices(Company, d.Open)); // already open when subscribing
    }

    [Fact]
    public async Task Notices_are_emailed_to_a_real_smtp_listener_when_smtp_is_configured()
    {
        var d = await OpenTestData.MakeAsync(server, "邮件");
        var ent = await server.As(Company);
        Assert.Equal((HttpStatusCode)422, (await ent.PutAsJsonAsync("/api/v1/open/me/email", new { email = "not an address" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ent.PutAsJsonAsync("/api/v1/open/me/email", new { email = "open@qianyun.example" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await Subscribe(Company, new { dataset = d.Open })).StatusCode);

        // Without SMTP: the notice is made, nothing is e-mailed, nothing fails.
        await LoadAsync(await server.As(Provider), d.Open, CleanCsv(1, 35));
        var plain = await Scan();
        Assert.Equal(0, plain.GetProperty("mailed").GetInt32());
        Assert.Single(await Notices(Company, d.Open));

        var store = new Inbox();
        var port = FreePort();
        var options = new SmtpServerOptionsBuilder().ServerName("localhost")
            .Endpoint(b => b.Endpoint(new IPEndPoint(IPAddress.Loopback, port))).Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(store);
        var smtp = new SmtpServer.SmtpServer(options, services);
        using var stop = new CancellationTokenSource();
        var running = smtp.StartAsync(stop.Token);
        server.App.Configuration["Shuzhi:Smtp:Host"] = "127.0.0.1";
        server.App.Configuration["Shuzhi:Smtp:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        server.App.Configuration["Shuzhi:Smtp:Security"] = "None";
        server.App.Configuration["Shuzhi:Smtp:From"] = "opendata@shuzhi.example";
        try
        {
            await LoadAsync(await server.As(Provider), d.Open, CleanCsv(1, 45));
            var mailedRun = await Scan();
            Assert.True(mailedRun.GetProperty("mailed").GetInt32() >= 1, mailedRun.ToString());
            var mail = Assert.Single(store.Messages, m => m.Text.Contains(d.Open));
            Assert.Equal("open@qianyun.example", mail.To);
            Assert.Equal("opendata@shuzhi.example", mail.From);
            Assert.Contains(d.OpenTitle, mail.Text);
            await Scan(); // sent once
            Assert.Single(store.Messages, m => m.Text.Contains(d.Open));
            var notices = await Notices(Company, d.Open);
            Assert.Equal(2, notices.Count);
            Assert.Single(notices, x => x.GetProperty("mailedAt").ValueKind != JsonValueKind.Null);
        }
        finally
        {
            server.App.Configuration["Shuzhi:Smtp:Host"] = "";
            stop.Cancel();
            smtp.Shutdown();
            try { await running; } catch (OperationCanceledException) { }
        }
    }

    [Fact]
    public async Task Social_data_shows_on_the_portal_only_once_the_bureau_approves_it()
    {
        var marker = "社会数据" + Guid.NewGuid().ToString("N")[..6];
        // GB18030 text: the dataset readers detect the encoding.
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        var csv = Encoding.GetEncoding("GB18030").GetBytes("站点,日期,PM2.5\n观山湖,2026-09-01,23\n花溪,2026-09-01,18\n");
        var mine = await server.As(Citizen);
        var bad = await Submit(mine, marker + "坏", new byte[] { 0x50, 0x4B, 0x03, 0x04, 1, 2, 3 }, "x.xlsx");
        Assert.Equal((HttpStatusCode)422, bad.StatusCode);
        Assert.Contains("\"file\"", await bad.Content.ReadAsStringAsync());
        var r = await Submit(mine, marker, csv, "空气.csv");
        Assert.True(r.StatusCode == HttpStatusCode.Created, await r.Content.ReadAsStringAsync());
        var item = await r.Content.ReadFromJsonAsync<JsonElement>();
        var id = item.GetProperty("id").GetGuid();
        Assert.Equal("Pending", item.GetProperty("state").GetString());
        Assert.Equal(2, item.GetProperty("rows").GetInt32());
        Assert.Equal("GB18030", item.GetProperty("encoding").GetString(), ignoreCase: true);
        var rejected = (await (await Submit(mine, marker + "驳回", csv, "b.csv")).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        using var anon = server.Anonymous();
        async Task Hidden()
        {
            Assert.DoesNotContain(marker, await anon.GetStringAsync("/api/v1/open/community-data"));
            Assert.DoesNotContain(marker, await anon.GetStringAsync("/open/community"));
            Assert.Equal(HttpStatusCode.NotFound, (await anon.GetAsync($"/api/v1/open/community-data/{id}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await anon.GetAsync($"/api/v1/open/community-data/{id}/file")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await anon.GetAsync($"/open/community/{id}")).StatusCode);
        }
        await Hidden();
        Assert.Equal(HttpStatusCode.Forbidden, (await mine.PostAsync($"/api/v1/community/review/data/{id}/approve", null)).StatusCode);
        var bureau = await server.As(Bureau);
        Assert.Equal((HttpStatusCode)422, (await bureau.PostAsJsonAsync($"/api/v1/community/review/data/{rejected}/reject", new { reason = " " })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await bureau.PostAsJsonAsync($"/api/v1/community/review/data/{rejected}/reject", new { reason = "含个人信息" })).StatusCode);
        await Hidden();
        Assert.DoesNotContain(marker + "驳回", await anon.GetStringAsync("/api/v1/open/community-data"));

        Assert.Equal(HttpStatusCode.OK, (await bureau.PostAsync($"/api/v1/community/review/data/{id}/approve", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await bureau.PostAsync($"/api/v1/community/review/data/{id}/approve", null)).StatusCode);
        Assert.Contains(marker, await anon.GetStringAsync("/api/v1/open/community-data"));
        var page = await anon.GetStringAsync($"/open/community/{id}");
        Assert.Contains("观山湖", page);
        Assert.Contains("CC-BY-4.0", page);
        Assert.Equal(csv, await anon.GetByteArrayAsync($"/api/v1/open/community-data/{id}/file"));
        Assert.DoesNotContain(marker + "驳回", await anon.GetStringAsync("/open/community"));

        var own = await mine.GetFromJsonAsync<JsonElement>("/api/v1/open/me/contributions");
        var back = own.GetProperty("data").EnumerateArray().Single(x => x.GetProperty("id").GetGuid() == rejected);
        Assert.Equal("Rejected", back.GetProperty("state").GetString());
        Assert.Equal("含个人信息", back.GetProperty("rejectReason").GetString());
    }

    [Fact]
    public async Task Showcase_items_show_on_the_showcase_home_and_dataset_pages_only_once_approved()
    {
        var d = await OpenTestData.MakeAsync(server, "成果");
        using var anon = server.Anonymous();
        var count = (await anon.GetFromJsonAsync<JsonElement>("/api/v1/open/showcase/count")).GetProperty("applications").GetInt32();
        var ent = await server.As(Company);
        var closed = await ent.PostAsJsonAsync("/api/v1/open/showcase", new { title = "x", description = "y", url = "https://a.example", datasets = new[] { d.Closed } });
        Assert.Equal((HttpStatusCode)422, closed.StatusCode);
        Assert.Equal((HttpStatusCode)422, (await ent.PostAsJsonAsync("/api/v1/open/showcase",
            new { title = "x", description = "y", url = "javascript:alert(1)", datasets = new[] { d.Open } })).StatusCode);
        var title = d.Marker + "企业查询小程序";
        var r = await ent.PostAsJsonAsync("/api/v1/open/showcase", new { title, description = "基于开放数据的查询", url = "https://app.qianyun.example", datasets = new[] { d.Open } });
        Assert.True(r.StatusCode == HttpStatusCode.Created, await r.Content.ReadAsStringAsync());
        var id = (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        Assert.DoesNotContain(title, await anon.GetStringAsync("/open/showcase"));
        Assert.DoesNotContain(title, await anon.GetStringAsync($"/open/datasets/{d.Open}"));
        Assert.DoesNotContain(title, await anon.GetStringAsync("/open"));
        Assert.DoesNotContain(title, await anon.GetStringAsync("/api/v1/open/showcase"));
        Assert.Equal(count, (await anon.GetFromJsonAsync<JsonElement>("/api/v1/open/showcase/count")).GetProperty("applications").GetInt32());

        Assert.Equal(HttpStatusCode.OK, (await (await server.As(Bureau)).PostAsync($"/api/v1/community/review/showcase/{id}/approve", null)).StatusCode);
        Assert.Contains(title, await anon.GetStringAsync("/open/showcase"));
        Assert.Contains(title, await anon.GetStringAsync($"/open/datasets/{d.Open}"));
        Assert.DoesNotContain(title, await anon.GetStringAsync($"/open/datasets/{d.NoData}"));
        Assert.Contains(title, await anon.GetStringAsync("/open"));
        Assert.Equal(count + 1, (await anon.GetFromJsonAsync<JsonElement>("/api/v1/open/showcase/count")).GetProperty("applications").GetInt32());
    }

    private static async Task<HttpResponseMessage> Submit(HttpClient c, string title, byte[] content, string fileName)
    {
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(title), "title");
        form.Add(new StringContent("自愿开放的空气质量观测"), "description");
        form.Add(new StringContent("CC-BY-4.0"), "licence");
        form.Add(new ByteArrayContent(content), "file", fileName);
        return await c.PostAsync("/api/v1/open/community-data", form);
    }

    private static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    /// <summary>What the SMTP listener received: envelope sender, recipient and the decoded text body.</summary>
    private sealed class Inbox : MessageStore
    {
        public sealed record Mail(string From, string To, string Text);
        private readonly ConcurrentQueue<Mail> received = new();
        public IReadOnlyList<Mail> Messages => received.ToList();

        public override Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken ct)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            var message = MimeKit.MimeMessage.Load(stream, ct);
            foreach (var to in transaction.To)
                received.Enqueue(new Mail($"{transaction.From.User}@{transaction.From.Host}", $"{to.User}@{to.Host}", message.TextBody ?? ""));
            return Task.FromResult(SmtpResponse.Ok);
        }
    }
}

public sealed class CommunityTests_Sqlite(SqliteServer s) : CommunityTests<SqliteServer>(s);
public sealed class CommunityTests_Postgres(PostgresServer s) : CommunityTests<PostgresServer>(s);
