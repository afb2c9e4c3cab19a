using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shuzhi.Cli;
using Shuzhi.Platform.Audit;
using Shuzhi.Platform.Identity;
using Shuzhi.Platform.Persistence;

namespace Shuzhi.Integration.Tests;

/// <summary>
/// The audit chain and SM2 signatures, end to end: acts over HTTP write records, `shuzhi audit verify` (in-process, on the
/// same database and data directory as the server) says intact, and direct SQL tampering is caught and named.
/// </summary>
public abstract class EvidenceTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : ServerFixture
{
    private sealed record CliRun(int Exit, string Out, string Error);

    private async Task<CliRun> Cli(params string[] args) => await CliWith(null, args);

    private async Task<CliRun> CliWith(Dictionary<string, string?>? extra, params string[] args)
    {
        var settings = new Dictionary<string, string?>(server.Settings) { ["DOTNET_ENVIRONMENT"] = "Development" };
        foreach (var (k, v) in extra ?? []) settings[k] = v;
        using var o = new StringWriter();
        using var e = new StringWriter();
        var exit = await ShuzhiCli.RunAsync(args, o, e, settings);
        return new CliRun(exit, o.ToString(), e.ToString());
    }

    private Task<int> Sql(string sql) => server.WithServices(sp => sp.GetRequiredService<ShuzhiDb>().Database.ExecuteSqlRawAsync(sql));

    private Task<long> Head() => server.WithServices(sp => sp.GetRequiredService<ShuzhiDb>().Set<AuditRecord>().MaxAsync(r => r.Sequence));

    /// <summary>Some real acts: every token issue is an audited state change.</summary>
    private async Task SomeActs()
    {
        using var anon = server.Anonymous();
        foreach (var user in new[] { "gz.bureau", "gy.bureau", "admin", "gz.ga.commissioner" })
        {
            var r = await anon.PostAsJsonAsync("/api/v1/auth/token", new { username = user, password = DemoDirectory.Password });
            r.EnsureSuccessStatusCode();
        }
    }

    /// <summary>Tampers with the audit table, checks what verify says, and puts the table back exactly as it was.</summary>
    private async Task<CliRun> Tampered(params string[] statements)
    {
        await Sql("CREATE TABLE audit_saved AS SELECT * FROM audit_records");
        try
        {
            foreach (var s in statements) await Sql(s);
            return await Cli("audit", "verify");
        }
        finally
        {
            await Sql("DELETE FROM audit_records");
            await Sql("INSERT INTO audit_records SELECT * FROM audit_saved");
            await Sql("DROP TABLE audit_saved");
        }
    }

    [Fact]
    public async Task Audit_verify_says_intact_after_real_acts()
    {
        await SomeActs();
        var head = await Head();
        var run = await Cli("audit", "verify");
        Assert.Equal(0, run.Exit);
        Assert.Contains($"audit log intact: {head} records", run.Out);
        Assert.Contains($"checkpoint #{head} matches", run.Out);
    }

    [Fact]
    public async Task Concurrent_acts_from_the_server_and_the_cli_keep_one_chain_and_the_checkpoint_at_the_head()
    {
        var file = Path.Combine(server.DataDirectory, "concurrent.txt");
        await File.WriteAllTextAsync(file, "x");
        var acts = Enumerable.Range(0, 12).Select(_ => SomeActs())
            .Concat(Enumerable.Range(0, 3).Select(i => Cli("sign", "--file", file, "--out", $"{file}.{i}.sig.json")));
        await Task.WhenAll(acts);
        var head = await Head();
        var run = await Cli("audit", "verify");
        Assert.Equal(0, run.Exit);
        Assert.Contains($"audit log intact: {head} records", run.Out);
        Assert.Contains($"checkpoint #{head} matches", run.Out);
    }

    [Fact]
    public async Task Changed_action_is_caught_at_that_record()
    {
        await SomeActs();
        var run = await Tampered("UPDATE audit_records SET \"Action\" = 'auth.token.revoke' WHERE \"Sequence\" = 3");
        Assert.Equal(1, run.Exit);
        Assert.Contains("audit log BROKEN at record #3 (changed)", run.Error);
        Assert.Contains("do not match its hash", run.Error);
        Assert.Equal(0, (await Cli("audit", "verify")).Exit); // restored
    }

    [Fact]
    public async Task Changed_details_are_caught_as_a_digest_mismatch()
    {
        await SomeActs();
        var head = await Head();
        var run = await Tampered($"UPDATE audit_records SET \"Details\" = '[\"nothing happened\"]' WHERE \"Sequence\" = {head - 1}");
        Assert.Equal(1, run.Exit);
        Assert.Contains($"audit log BROKEN at record #{head - 1} (changed)", run.Error);
        Assert.Contains("details do not match their SM3 digest", run.Error);
    }

    [Fact]
    public async Task Deleted_middle_record_is_named()
    {
        await SomeActs();
        var run = await Tampered("DELETE FROM audit_records WHERE \"Sequence\" = 2");
        Assert.Equal(1, run.Exit);
        Assert.Contains("audit log BROKEN at record #2 (removed)", run.Error);
        Assert.Contains("#2 is missing", run.Error);
    }

    [Fact]
    public async Task Swapped_records_are_reordered_at_the_first_of_them()
    {
        await SomeActs();
        var run = await Tampered(
            "UPDATE audit_records SET \"Sequence\" = -1 WHERE \"Sequence\" = 3",
            "UPDATE audit_records SET \"Sequence\" = 3 WHERE \"Sequence\" = 4",
            "UPDATE audit_records SET \"Sequence\" = 4 WHERE \"Sequence\" = -1");
        Assert.Equal(1, run.Exit);
        Assert.Contains("audit log BROKEN at record #3 (reordered)", run.Error);
        Assert.Contains("written as #4", run.Error);
    }

    [Fact]
    public async Task Deleting_the_last_record_is_caught_by_the_signed_checkpoint()
    {
        await SomeActs();
        var head = await Head();
        var run = await Tampered($"DELETE FROM audit_records WHERE \"Sequence\" = {head}");
        Assert.Equal(1, run.Exit);
        Assert.Contains($"audit log BROKEN at record #{head} (truncated)", run.Error);
        Assert.Contains($"the log ends at #{head - 1} but the checkpoint says #{head}", run.Error);
    }

    [Fact]
    public async Task A_forged_checkpoint_is_reported_invalid()
    {
        await SomeActs();
        var path = Path.Combine(server.DataDirectory, "audit", "head.json");
        var original = await File.ReadAllTextAsync(path);
        try
        {
            var head = await Head();
            await File.WriteAllTextAsync(path, original.Replace($"\"sequence\": {head}", $"\"sequence\": {head - 1}"));
            var run = await Cli("audit", "verify");
            Assert.Equal(1, run.Exit);
            Assert.Contains("checkpoint INVALID", run.Error);
        }
        finally
        {
            await File.WriteAllTextAsync(path, original);
        }
    }

    [Fact]
    public async Task A_deleted_checkpoint_is_a_warning_or_with_require_checkpoint_a_failure()
    {
        await SomeActs();
        var path = Path.Combine(server.DataDirectory, "audit", "head.json");
        var original = await File.ReadAllTextAsync(path);
        try
        {
            File.Delete(path);
            var lenient = await Cli("audit", "verify");
            Assert.Equal(0, lenient.Exit);
            Assert.Contains("no checkpoint", lenient.Out);
            var strict = await Cli("audit", "verify", "--require-checkpoint");
            Assert.Equal(1, strict.Exit);
            Assert.Contains("checkpoint MISSING", strict.Error);
        }
        finally
        {
            await File.WriteAllTextAsync(path, original);
        }
    }

    [Fact]
    public async Task Verify_as_json_reports_the_break()
    {
        await SomeActs();
        await Sql("CREATE TABLE audit_saved AS SELECT * FROM audit_records");
        try
        {
            await Sql("UPDATE audit_records SET \"Actor\" = 'nobody' WHERE \"Sequence\" = 1");
            var run = await Cli("audit", "verify", "--json");
            Assert.Equal(1, run.Exit);
            var json = JsonDocument.Parse(run.Out).RootElement;
            Assert.False(json.GetProperty("intact").GetBoolean());
            Assert.Equal(1, json.GetProperty("brokenAt").GetInt64());
            Assert.Equal("changed", json.GetProperty("kind").GetString());
            Assert.Equal("record", json.GetProperty("field").GetString());

            // The API and the page say the same.
            var bureau = await server.As("gz.bureau");
            var api = await bureau.GetFromJsonAsync<JsonElement>("/api/v1/audit/verify");
            Assert.False(api.GetProperty("intact").GetBoolean());
            Assert.Equal(1, api.GetProperty("brokenAt").GetInt64());
        }
        finally
        {
            await Sql("DELETE FROM audit_records");
            await Sql("INSERT INTO audit_records SELECT * FROM audit_saved");
            await Sql("DROP TABLE audit_saved");
        }
    }

    [Fact]
    public async Task Audit_api_lists_newest_first_with_filters_and_paging()
    {
        await SomeActs();
        var bureau = await server.As("gz.bureau");
        var page = await bureau.GetFromJsonAsync<JsonElement>("/api/v1/audit?limit=2");
        var items = page.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(2, items.Count);
        Assert.True(items[0].GetProperty("sequence").GetInt64() > items[1].GetProperty("sequence").GetInt64());
        var next = page.GetProperty("nextBefore").GetInt64();
        var older = await bureau.GetFromJsonAsync<JsonElement>($"/api/v1/audit?limit=2&before={next}");
        Assert.True(older.GetProperty("items")[0].GetProperty("sequence").GetInt64() < next);

        var mine = await bureau.GetFromJsonAsync<JsonElement>("/api/v1/audit?subject=user:gy.bureau&action=auth.token.issue");
        var records = mine.GetProperty("items").EnumerateArray().ToList();
        Assert.NotEmpty(records);
        Assert.All(records, r =>
        {
            Assert.Equal("user:gy.bureau", r.GetProperty("subject").GetString());
            Assert.Equal("gy.bureau", r.GetProperty("actor").GetString());
            Assert.Equal("贵阳市大数据发展管理局", r.GetProperty("organisation").GetString());
            Assert.Equal("BureauStaff", r.GetProperty("role").GetString());
        });

        var verify = await bureau.GetFromJsonAsync<JsonElement>("/api/v1/audit/verify");
        Assert.True(verify.GetProperty("intact").GetBoolean());
        Assert.Equal("valid", verify.GetProperty("checkpointStatus").GetString());
    }

    [Fact]
    public async Task Audit_api_rejects_bad_paging_naming_the_field()
    {
        var bureau = await server.As("gz.bureau");
        foreach (var (query, field) in new[] { ("limit=abc", "limit"), ("limit=0", "limit"), ("limit=501", "limit"), ("before=0", "before") })
        {
            var r = await bureau.GetAsync($"/api/v1/audit?{query}");
            Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
            var problem = await r.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Contains(problem.GetProperty("errors").EnumerateArray(), e => e.GetProperty("field").GetString() == field);
        }
    }

    [Fact]
    public async Task Department_staff_cannot_read_the_audit_log()
    {
        var dept = await server.As("gz.ga.commissioner");
        Assert.Equal(HttpStatusCode.Forbidden, (await dept.GetAsync("/api/v1/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await dept.GetAsync("/api/v1/audit/verify")).StatusCode);
        using var anon = server.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anon.GetAsync("/api/v1/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anon.GetAsync("/api/v1/evidence/keys")).StatusCode);
    }

    [Fact]
    public async Task Only_the_provincial_bureau_and_the_administrator_read_the_audit_log()
    {
        // A department's draft name is in the audit details: a supervision instrument of the province, not of every bureau.
        var name = $"机密草稿XYZ{Guid.NewGuid():N}"[..16];
        var dept = await server.As("gz.ga.commissioner");
        Assert.Equal(HttpStatusCode.Created, (await dept.PostAsJsonAsync("/api/v1/catalogue/entries", CatalogueApiTests<TServer>.Valid(name))).StatusCode);

        foreach (var user in new[] { "nm.bureau", "gy.bureau", "zy.bureau" })
        {
            var lower = await server.As(user);
            var r = await lower.GetAsync("/api/v1/audit?action=catalogue.entry.create&limit=1");
            Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
            Assert.DoesNotContain(name, await r.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.Forbidden, (await lower.GetAsync("/api/v1/audit/verify")).StatusCode);
        }
        Assert.DoesNotContain("href=\"/audit\"", await PageAs("nm.bureau", "/"));
        using (var browser = await WebSignIn.SignInAsync(server, "nm.bureau"))
        {
            var page = await browser.GetAsync("/audit");
            Assert.DoesNotContain(name, await page.Content.ReadAsStringAsync());
            Assert.DoesNotContain("id=\"audit-records\"", await page.Content.ReadAsStringAsync());
        }

        foreach (var user in new[] { "gz.bureau", "admin" })
        {
            var page = await (await server.As(user)).GetFromJsonAsync<JsonElement>("/api/v1/audit?action=catalogue.entry.create&limit=1");
            Assert.Contains(name, page.GetProperty("items")[0].GetProperty("details").GetString());
        }
    }

    [Fact]
    public async Task Sign_and_verify_roundtrip_in_the_cli_and_a_changed_file_fails()
    {
        var file = Path.Combine(server.DataDirectory, "notice.txt");
        await File.WriteAllTextAsync(file, "关于公共数据开放的通知 第1号");
        var signed = await Cli("sign", "--file", file);
        Assert.Equal(0, signed.Exit);
        Assert.True(File.Exists(file + ".sig.json"));

        var ok = await Cli("verify", "--file", file, "--signature", file + ".sig.json");
        Assert.Equal(0, ok.Exit);
        Assert.Contains("VALID", ok.Out);

        await File.AppendAllTextAsync(file, "（修改）");
        var bad = await Cli("verify", "--file", file, "--signature", file + ".sig.json");
        Assert.Equal(1, bad.Exit);
        Assert.Contains("INVALID", bad.Error);
        Assert.Contains("changed", bad.Error);
    }

    [Fact]
    public async Task A_changed_envelope_fails_verification()
    {
        var file = Path.Combine(server.DataDirectory, "envelope.txt");
        await File.WriteAllTextAsync(file, "data");
        Assert.Equal(0, (await Cli("sign", "--file", file, "--out", file + ".sig")).Exit);
        var env = await File.ReadAllTextAsync(file + ".sig");
        // Move the signing time: the signature covers it.
        await File.WriteAllTextAsync(file + ".sig", System.Text.RegularExpressions.Regex.Replace(env, "\"signedAt\": \"(\\d{4})", m => $"\"signedAt\": \"{int.Parse(m.Groups[1].Value) - 1}"));
        var run = await Cli("verify", "--file", file, "--signature", file + ".sig");
        Assert.Equal(1, run.Exit);
        Assert.Contains("does not verify", run.Error);
    }

    [Fact]
    public async Task Verify_api_checks_a_cli_signature()
    {
        var file = Path.Combine(server.DataDirectory, "api.txt");
        await File.WriteAllTextAsync(file, "开放数据目录 2026");
        Assert.Equal(0, (await Cli("sign", "--file", file)).Exit);
        var envelope = JsonDocument.Parse(await File.ReadAllTextAsync(file + ".sig.json")).RootElement;
        var client = await server.As("gz.ga.commissioner");

        var ok = await client.PostAsJsonAsync("/api/v1/evidence/verify", new { dataBase64 = Convert.ToBase64String(await File.ReadAllBytesAsync(file)), envelope });
        var body = await ok.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(body.GetProperty("valid").GetBoolean());
        Assert.Equal(envelope.GetProperty("keyId").GetString(), body.GetProperty("keyId").GetString());

        var bad = await client.PostAsJsonAsync("/api/v1/evidence/verify", new { dataBase64 = Convert.ToBase64String("other"u8.ToArray()), envelope });
        Assert.False((await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("valid").GetBoolean());

        var notBase64 = await client.PostAsJsonAsync("/api/v1/evidence/verify", new { dataBase64 = "***", envelope });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, notBase64.StatusCode);
        Assert.Contains((await notBase64.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateArray(),
            e => e.GetProperty("field").GetString() == "dataBase64");

        var noEnvelope = await client.PostAsJsonAsync("/api/v1/evidence/verify", new { dataBase64 = "AAAA" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noEnvelope.StatusCode);
    }

    [Fact]
    public async Task Key_rotation_is_audited_and_old_signatures_stay_verifiable()
    {
        var file = Path.Combine(server.DataDirectory, "before-rotation.txt");
        await File.WriteAllTextAsync(file, "signed with the first key");
        Assert.Equal(0, (await Cli("sign", "--file", file)).Exit);
        var oldKey = JsonDocument.Parse(await File.ReadAllTextAsync(file + ".sig.json")).RootElement.GetProperty("keyId").GetString()!;

        var refused = await CliWith(new() { ["SHUZHI_PASSWORD"] = DemoDirectory.Password }, "keys", "rotate", "--user", "gz.bureau");
        Assert.Equal(2, refused.Exit);
        Assert.Contains("administer", refused.Error);

        var rotated = await CliWith(new() { ["SHUZHI_PASSWORD"] = DemoDirectory.Password }, "keys", "rotate", "--user", "admin");
        Assert.Equal(0, rotated.Exit);
        Assert.Contains($"retired {oldKey}", rotated.Out);

        var keys = await Cli("keys", "list");
        Assert.Matches($"{oldKey}\\s+SM2-SM3\\s+retired", keys.Out);
        Assert.Matches("[0-9a-f]{16}\\s+SM2-SM3\\s+active", keys.Out);
        Assert.False(File.Exists(Path.Combine(server.DataDirectory, "keys", $"{oldKey}.key.pem")), "the retired private key is destroyed");

        // The old signature still verifies; a new one is made with the new key — also by the running server.
        Assert.Equal(0, (await Cli("verify", "--file", file, "--signature", file + ".sig.json")).Exit);
        var second = Path.Combine(server.DataDirectory, "after-rotation.txt");
        await File.WriteAllTextAsync(second, "signed with the second key");
        Assert.Equal(0, (await Cli("sign", "--file", second)).Exit);
        var newKey = JsonDocument.Parse(await File.ReadAllTextAsync(second + ".sig.json")).RootElement.GetProperty("keyId").GetString();
        Assert.NotEqual(oldKey, newKey);

        var client = await server.As("gz.bureau");
        var listed = await client.GetFromJsonAsync<JsonElement>("/api/v1/evidence/keys");
        Assert.Contains(listed.EnumerateArray(), k => k.GetProperty("keyId").GetString() == oldKey && k.GetProperty("status").GetString() == "retired");
        Assert.Contains(listed.EnumerateArray(), k => k.GetProperty("keyId").GetString() == newKey && k.GetProperty("status").GetString() == "active"
            && k.GetProperty("publicKeyPem").GetString()!.StartsWith("-----BEGIN PUBLIC KEY-----"));
        var old = await client.PostAsJsonAsync("/api/v1/evidence/verify", new
        {
            dataBase64 = Convert.ToBase64String(await File.ReadAllBytesAsync(file)),
            envelope = JsonDocument.Parse(await File.ReadAllTextAsync(file + ".sig.json")).RootElement,
        });
        Assert.True((await old.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("valid").GetBoolean());

        var audit = await client.GetFromJsonAsync<JsonElement>("/api/v1/audit?action=evidence.key.rotate");
        var record = Assert.Single(audit.GetProperty("items").EnumerateArray());
        Assert.Equal("admin", record.GetProperty("actor").GetString());
        Assert.Equal($"signing-key:{newKey}", record.GetProperty("subject").GetString());

        // The server signs its next checkpoint with the new key, and the chain is intact.
        await SomeActs();
        var verify = await Cli("audit", "verify");
        Assert.Equal(0, verify.Exit);
        Assert.Contains(newKey!, await File.ReadAllTextAsync(Path.Combine(server.DataDirectory, "audit", "head.json")));
    }

    [Fact]
    public async Task The_servers_first_signing_key_is_audited_as_created_by_the_platform()
    {
        var admin = await server.As("admin");
        var audit = await admin.GetFromJsonAsync<JsonElement>("/api/v1/audit?action=evidence.key.create");
        var record = Assert.Single(audit.GetProperty("items").EnumerateArray());
        Assert.Equal("system", record.GetProperty("actor").GetString());
        var keys = await admin.GetFromJsonAsync<JsonElement>("/api/v1/evidence/keys");
        Assert.Contains(keys.EnumerateArray(), k => $"signing-key:{k.GetProperty("keyId").GetString()}" == record.GetProperty("subject").GetString());
    }

    [Fact]
    public async Task Private_key_is_readable_by_its_owner_only()
    {
        if (OperatingSystem.IsWindows()) return;
        var keys = Path.Combine(server.DataDirectory, "keys");
        var active = (await File.ReadAllTextAsync(Path.Combine(keys, "active"))).Trim();
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(keys, $"{active}.key.pem")));
    }

    [Fact]
    public async Task Audit_page_shows_the_chain_status_and_records()
    {
        await SomeActs();
        using var browser = await WebSignIn.SignInAsync(server, "gz.bureau");
        var html = await browser.GetStringAsync("/audit");
        // Viewing does not walk the chain: verification is an explicit act.
        Assert.Contains("id=\"chain-status\" data-verified=\"false\"", html);
        Assert.DoesNotContain("data-intact", html);
        Assert.Contains("auth.token.issue", html);
        Assert.Contains("SM2", html);
        var verified = await browser.PostAsync("/audit?handler=Verify", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebSignIn.Token(html),
        }));
        Assert.Equal(HttpStatusCode.OK, verified.StatusCode);
        var after = await verified.Content.ReadAsStringAsync();
        Assert.Contains("id=\"chain-status\" data-intact=\"true\"", after);
        Assert.Contains("auth.token.issue", after);
        Assert.Contains("href=\"/audit\"", await PageAs("gz.bureau", "/"));
        Assert.DoesNotContain("href=\"/audit\"", await PageAs("gz.ga.commissioner", "/"));
    }

    private async Task<string> PageAs(string user, string path)
    {
        using var client = await WebSignIn.SignInAsync(server, user);
        return await client.GetStringAsync(path);
    }
}

public sealed class EvidenceTests_Sqlite(SqliteServer s) : EvidenceTests<SqliteServer>(s);
public sealed class EvidenceTests_Postgres(PostgresServer s) : EvidenceTests<PostgresServer>(s);

/// <summary>The exact command of the issue: the real `shuzhi` executable, configured only by Shuzhi__DataDirectory (SQLite).</summary>
public sealed class AuditVerifyProcessTests
{
    private static async Task<(int Exit, string Out, string Error)> Shuzhi(string dataDirectory, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(CliDll());
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["Shuzhi__DataDirectory"] = dataDirectory;
        foreach (var k in new[] { "Shuzhi__Database__Provider", "Shuzhi__Database__ConnectionString", "Shuzhi__Clock__Now", "DOTNET_ENVIRONMENT", "ASPNETCORE_ENVIRONMENT" })
            psi.Environment.Remove(k);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        return (p.ExitCode, await stdout, await stderr);
    }

    /// <summary>The CLI as built in its own project (bin/{Configuration}/{tfm} mirrors this test project's output).</summary>
    private static string CliDll()
    {
        var testProject = new DirectoryInfo(AppContext.BaseDirectory);
        var relative = new List<string>();
        while (testProject is not null && !File.Exists(Path.Combine(testProject.FullName, "Shuzhi.Integration.Tests.csproj")))
        {
            relative.Insert(0, testProject.Name);
            testProject = testProject.Parent;
        }
        Assert.NotNull(testProject);
        var dll = Path.Combine([testProject.Parent!.Parent!.FullName, "src", "Shuzhi.Cli", .. relative, "shuzhi.dll"]);
        Assert.True(File.Exists(dll), $"build the CLI first: {dll} is missing");
        return dll;
    }

    private static async Task<List<(string Action, string Actor, string Subject)>> Records(string dir)
    {
        await using var conn = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(dir, "shuzhi.db")};Pooling=false");
        await conn.OpenAsync();
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT \"Action\", \"Actor\", \"Subject\" FROM audit_records ORDER BY \"Sequence\"";
        var list = new List<(string, string, string)>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) list.Add((r.GetString(0), r.GetString(1), r.GetString(2)));
        return list;
    }

    [Fact]
    public async Task Generating_a_signing_key_is_in_the_audit_chain_also_after_the_active_key_is_removed()
    {
        var dir = Directory.CreateTempSubdirectory("shuzhi-keys-").FullName;
        try
        {
            var doc = Path.Combine(dir, "doc.txt");
            await File.WriteAllTextAsync(doc, "seal");
            Assert.Equal(0, (await Shuzhi(dir, "sign", "--file", doc)).Exit);
            var first = (await File.ReadAllTextAsync(Path.Combine(dir, "keys", "active"))).Trim();
            var records = await Records(dir);
            Assert.Equal(("evidence.key.create", "system", $"signing-key:{first}"), records[0]);

            // The operator removes `active` (e.g. a lost private key): the next start makes a new key, and says so.
            File.Delete(Path.Combine(dir, "keys", "active"));
            Assert.Equal(0, (await Shuzhi(dir, "sign", "--file", doc)).Exit);
            var second = (await File.ReadAllTextAsync(Path.Combine(dir, "keys", "active"))).Trim();
            Assert.NotEqual(first, second);
            records = await Records(dir);
            Assert.Equal(2, records.Count(r => r.Action == "evidence.key.create"));
            Assert.Contains(("evidence.key.create", "system", $"signing-key:{second}"), records);
            // A start with a key records nothing more.
            Assert.Equal(0, (await Shuzhi(dir, "audit", "verify")).Exit);
            Assert.Equal(2, (await Records(dir)).Count(r => r.Action == "evidence.key.create"));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(dir, true); } catch (IOException) { }
        }
    }

    [Fact]
    public async Task Shuzhi_audit_verify_exits_0_when_intact_and_1_naming_the_record_when_changed()
    {
        var dir = Directory.CreateTempSubdirectory("shuzhi-audit-").FullName;
        try
        {
            var doc = Path.Combine(dir, "doc.txt");
            await File.WriteAllTextAsync(doc, "seal");
            Assert.Equal(0, (await Shuzhi(dir, "sign", "--file", doc)).Exit);
            Assert.Equal(0, (await Shuzhi(dir, "sign", "--file", doc)).Exit);

            var intact = await Shuzhi(dir, "audit", "verify");
            Assert.Equal(0, intact.Exit);
            Assert.Contains("audit log intact: 3 records", intact.Out); // the key's creation, two signatures

            await using (var conn = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(dir, "shuzhi.db")};Pooling=false"))
            {
                await conn.OpenAsync();
                await using var cmd = conn.CreateCommand();
                cmd.CommandText = "UPDATE audit_records SET \"Subject\" = 'sm3:forged' WHERE \"Sequence\" = 2";
                Assert.Equal(1, await cmd.ExecuteNonQueryAsync());
            }
            var broken = await Shuzhi(dir, "audit", "verify");
            Assert.Equal(1, broken.Exit);
            Assert.Contains("audit log BROKEN at record #2 (changed)", broken.Error);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}

/// <summary>Shuzhi's SM2 keys and signatures are standard: OpenSSL 3 verifies an envelope on its own.</summary>
public sealed class Sm2InteropTests
{
    [Fact]
    public async Task OpenSSL_verifies_a_signature_envelope_made_by_the_platform()
    {
        var dir = Directory.CreateTempSubdirectory("shuzhi-openssl-").FullName;
        try
        {
            var settings = new Dictionary<string, string?> { ["Shuzhi:DataDirectory"] = dir };
            var doc = Path.Combine(dir, "公告.txt");
            await File.WriteAllTextAsync(doc, "政务数据共享目录 2026 年第 3 号");
            using var o = new StringWriter();
            using var e = new StringWriter();
            Assert.Equal(0, await ShuzhiCli.RunAsync(["sign", "--file", doc], o, e, settings));
            var env = JsonDocument.Parse(await File.ReadAllTextAsync(doc + ".sig.json")).RootElement;
            var keyId = env.GetProperty("keyId").GetString()!;
            var signedAt = env.GetProperty("signedAt").GetDateTimeOffset();
            await File.WriteAllTextAsync(Path.Combine(dir, "stmt"),
                $"shuzhi-signature/1|{env.GetProperty("algorithm").GetString()}|{keyId}|{env.GetProperty("digest").GetString()}|{signedAt.UtcTicks}");
            await File.WriteAllBytesAsync(Path.Combine(dir, "sig.der"), Convert.FromBase64String(env.GetProperty("signature").GetString()!));

            var (exit, output) = await OpenSsl(dir, "pkeyutl", "-verify", "-rawin", "-digest", "sm3", "-pkeyopt", "distid:1234567812345678",
                "-pubin", "-inkey", Path.Combine(dir, "keys", $"{keyId}.pub.pem"), "-in", "stmt", "-sigfile", "sig.der");
            Assert.True(exit == 0, output);
            Assert.Contains("Signature Verified Successfully", output);

            var (_, digest) = await OpenSsl(dir, "dgst", "-sm3", "-r", doc);
            Assert.StartsWith(env.GetProperty("digest").GetString()!, digest);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task<(int, string)> OpenSsl(string dir, params string[] args)
    {
        var psi = new ProcessStartInfo("openssl") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = dir };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        return (p.ExitCode, await stdout + await stderr);
    }
}

/// <summary>Key storage failures stop the server at start with a message naming the directory.</summary>
public sealed class SigningKeyStartupTests
{
    private static async Task<Exception> StartFailure(string dataDirectory)
    {
        await using var app = Shuzhi.Server.ShuzhiServer.Build(["--environment=Development"], b =>
        {
            Microsoft.Extensions.Configuration.MemoryConfigurationBuilderExtensions.AddInMemoryCollection(b.Configuration,
                new Dictionary<string, string?> { ["Shuzhi:DataDirectory"] = dataDirectory, ["Shuzhi:Demo"] = "false" });
            Microsoft.AspNetCore.Hosting.HostingAbstractionsWebHostBuilderExtensions.UseUrls(b.WebHost, "http://127.0.0.1:0");
        });
        // The keys are made ready (and a new key's creation audited) when the database is initialised, before the start.
        try { await Shuzhi.Server.ShuzhiServer.InitializeAsync(app); }
        catch (InvalidOperationException e) { return e; }
        return await Assert.ThrowsAnyAsync<Exception>(() => app.StartAsync());
    }

    [Fact]
    public async Task A_key_directory_that_cannot_be_used_is_named()
    {
        var dir = Directory.CreateTempSubdirectory("shuzhi-keys-").FullName;
        await File.WriteAllTextAsync(Path.Combine(dir, "keys"), "not a directory");
        var e = await StartFailure(dir);
        Assert.Contains("signing key directory", e.Message);
        Assert.Contains(Path.Combine(dir, "keys"), e.Message);
    }

    [Fact]
    public async Task A_missing_active_private_key_says_what_to_do()
    {
        var dir = Directory.CreateTempSubdirectory("shuzhi-keys-").FullName;
        var keys = Path.Combine(dir, "keys");
        Directory.CreateDirectory(keys);
        await File.WriteAllTextAsync(Path.Combine(keys, "active"), "0123456789abcdef\n");
        var e = await StartFailure(dir);
        Assert.Contains("0123456789abcdef", e.Message);
        Assert.Contains("restore it from backup", e.Message, StringComparison.OrdinalIgnoreCase);
    }
}
