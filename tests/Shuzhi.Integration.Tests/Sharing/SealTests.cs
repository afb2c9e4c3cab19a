using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shuzhi.Core.Evidence;
using Shuzhi.Platform.Audit;
using Shuzhi.Platform.Persistence;
using Shuzhi.Integration.Tests.Datasets;
using static Shuzhi.Integration.Tests.Datasets.DatasetTestData;

namespace Shuzhi.Integration.Tests.Sharing;

/// <summary>
/// Data-sharing electronic seals (贵州 art.26): a sealed extract of a dataset, verified over the API, on the page and
/// offline with the CLI; one changed byte makes every one of them say invalid.
/// </summary>
public abstract class SealTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : ServerFixture
{
    private const string Consumer = "gy.gov";

    private async Task<string> EntryWithData(int rows, string share = "Unconditional")
    {
        var code = await PublishedEntryAsync(server, PersonEntry("人员登记" + Guid.NewGuid().ToString("N")[..6], share));
        await LoadAsync(await server.As(Provider), code, CleanCsv(1, rows));
        return code;
    }

    private async Task<byte[]> SealedExtract(string user, string code, string query = "format=csv")
    {
        var r = await (await server.As(user)).GetAsync($"/api/v1/sharing/extracts/{code}?{query}");
        var body = await r.Content.ReadAsByteArrayAsync();
        Assert.True(r.StatusCode == HttpStatusCode.OK, $"{(int)r.StatusCode}: {Encoding.UTF8.GetString(body)}");
        Assert.Equal(DocumentSeal.MediaType, r.Content.Headers.ContentType!.MediaType);
        Assert.EndsWith(".sealed.json", r.Content.Headers.ContentDisposition!.FileName!.Trim('"'));
        return body;
    }

    private async Task<JsonElement> VerifyOverApi(byte[] file, string user = Consumer)
    {
        var r = await (await server.As(user)).PostAsync("/api/v1/seals/verify", new ByteArrayContent(file));
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == HttpStatusCode.OK, $"{(int)r.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    private static string[] FailureCodes(JsonElement v) => v.GetProperty("failures").EnumerateArray().Select(f => f.GetProperty("code").GetString()!).ToArray();

    /// <summary>The envelope with one byte of the document's content changed (the JSON otherwise as written).</summary>
    private static byte[] WithContentByteChanged(byte[] file, int index)
    {
        var d = DocumentSeal.Parse(file);
        var content = (byte[])d.Content.Clone();
        content[index] ^= 0x01;
        return DocumentSeal.Write(d with { Content = content });
    }

    [Fact]
    public async Task A_sealed_extract_holds_the_callers_masked_rows_sealed_by_the_provider_and_verifies()
    {
        var code = await EntryWithData(20);
        var file = await SealedExtract(Consumer, code, "format=csv&limit=5&sort=登记日期");
        var envelope = JsonNode.Parse(file)!;
        Assert.Equal("shuzhi-seal/1", (string?)envelope["format"]);
        Assert.Equal("520000-GA", (string?)envelope["seal"]!["organisation"]!["code"]);
        var content = Convert.FromBase64String((string)envelope["document"]!["content"]!);
        var csv = Encoding.UTF8.GetString(content);
        // Exactly what this caller downloads: masked for another department, 5 rows.
        Assert.Equal(6, csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.DoesNotContain(Id(1), csv);
        Assert.Contains(Id(1)[..6] + "********", csv);
        Assert.Equal(Sm3.HashHex(content), (string?)envelope["document"]!["sm3"]);

        var v = await VerifyOverApi(file);
        Assert.True(v.GetProperty("valid").GetBoolean(), v.ToString());
        Assert.Equal("520000-GA", v.GetProperty("organisationCode").GetString());
        Assert.StartsWith(code, v.GetProperty("fileName").GetString());
        Assert.EndsWith(".csv", v.GetProperty("fileName").GetString());
        Assert.Equal(Sm3.HashHex(content), v.GetProperty("sm3").GetString());
        Assert.Empty(FailureCodes(v));

        var audited = await server.WithServices(sp => sp.GetRequiredService<ShuzhiDb>().Set<AuditRecord>()
            .Where(a => a.Action == "sharing.extract.seal" && a.Subject == $"dataset:{code}").Select(a => a.Details).ToListAsync());
        Assert.Contains(audited, d => d.Contains(Sm3.HashHex(content)));
    }

    [Fact]
    public async Task Changing_one_byte_makes_verification_fail_and_say_what_failed()
    {
        var code = await EntryWithData(10);
        var file = await SealedExtract(Consumer, code, "format=json");
        var changedContent = await VerifyOverApi(WithContentByteChanged(file, 40));
        Assert.False(changedContent.GetProperty("valid").GetBoolean());
        Assert.Contains("sm3", FailureCodes(changedContent));

        // One byte of the file name, in the file as delivered.
        var text = Encoding.UTF8.GetString(file);
        var renamed = Encoding.UTF8.GetBytes(text.Replace($"\"fileName\": \"{code}", $"\"fileName\": \"X{code[1..]}"));
        var v = await VerifyOverApi(renamed);
        Assert.False(v.GetProperty("valid").GetBoolean());
        Assert.Contains("signature", FailureCodes(v));

        // Sent as a multipart part named "file" the answer is the same.
        using var form = new MultipartFormDataContent { { new ByteArrayContent(WithContentByteChanged(file, 3)), "file", "x.sealed.json" } };
        var r = await (await server.As(Consumer)).PostAsync("/api/v1/seals/verify", form);
        var multipart = JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement;
        Assert.False(multipart.GetProperty("valid").GetBoolean());
    }

    [Theory]
    [InlineData("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")]
    [InlineData("json", "application/json; charset=utf-8")]
    public async Task Every_download_format_can_be_sealed(string format, string contentType)
    {
        var code = await EntryWithData(5);
        var file = await SealedExtract(Provider, code, "format=" + format);
        var d = DocumentSeal.Parse(file);
        Assert.Equal(contentType, d.ContentType);
        Assert.EndsWith("." + format, d.FileName);
        Assert.True((await VerifyOverApi(file, Provider)).GetProperty("valid").GetBoolean());
    }

    [Fact]
    public async Task The_access_rules_of_downloads_apply_unchanged()
    {
        var code = await EntryWithData(5, share: "Conditional");
        var r = await (await server.As(Consumer)).GetAsync($"/api/v1/sharing/extracts/{code}?format=csv");
        Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
        var bad = await (await server.As(Provider)).GetAsync($"/api/v1/sharing/extracts/{code}?format=pdf");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Anonymous().GetAsync($"/api/v1/sharing/extracts/{code}")).StatusCode);
    }

    [Theory]
    [InlineData("this is not a seal")]
    [InlineData("{\"format\":\"shuzhi-seal/1\"}")]
    public async Task Garbage_is_422_naming_the_field_and_rule(string body)
    {
        var r = await (await server.As(Consumer)).PostAsync("/api/v1/seals/verify", new StringContent(body));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType!.MediaType);
        var error = JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement.GetProperty("errors")[0];
        Assert.Equal("file", error.GetProperty("field").GetString());
        Assert.Equal("seal-format", error.GetProperty("rule").GetString());
        var empty = await (await server.As(Consumer)).PostAsync("/api/v1/seals/verify", new ByteArrayContent([]));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, empty.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Anonymous().PostAsync("/api/v1/seals/verify", new StringContent(body))).StatusCode);
    }

    [Fact]
    public async Task A_file_over_the_size_limit_is_413()
    {
        using var big = new MultipartFormDataContent
            { { new ByteArrayContent(new byte[Shuzhi.Platform.Sharing.Seals.DocumentSeals.MaxSealedFileBytes + 1]), "file", "big.sealed.json" } };
        var r = await (await server.As(Consumer)).PostAsync("/api/v1/seals/verify", big);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, r.StatusCode);
        Assert.Contains("max-size", await r.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_root_endpoint_serves_the_trust_anchor_kept_in_the_data_directory_with_owner_only_keys()
    {
        var code = await EntryWithData(3);
        var file = await SealedExtract(Consumer, code);
        var pem = await (await server.As("citizen.zhang")).GetStringAsync("/api/v1/seals/root");
        Assert.StartsWith("-----BEGIN CERTIFICATE-----", pem);
        var keys = Path.Combine(server.DataDirectory, "keys");
        Assert.Equal(pem.Trim(), (await File.ReadAllTextAsync(Path.Combine(keys, "seal-root.cert.pem"))).Trim());
        Assert.Equal(pem.Trim(), DocumentSeal.Parse(file).RootCertificatePem.Trim());
        var root = Sm2Certificates.Parse(Sm2Certificates.FromPem(pem));
        var dept = Sm2Certificates.Parse(Sm2Certificates.FromPem(DocumentSeal.Parse(file).CertificatePem));
        Assert.True(Sm2Certificates.IssuedBy(dept, root));
        Assert.Equal("520000-GA", Sm2Certificates.SubjectValue(dept, "OU"));
        if (!OperatingSystem.IsWindows())
        {
            var secrets = Directory.GetFiles(Path.Combine(keys, "seals"), "*.pem").Append(Path.Combine(keys, "seal-root.pem")).ToList();
            Assert.NotEmpty(secrets);
            foreach (var f in secrets) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(f));
        }
    }

    [Fact]
    public async Task The_cli_verifies_offline_exit_0_valid_and_2_invalid_or_unreadable()
    {
        var code = await EntryWithData(5);
        var file = await SealedExtract(Consumer, code);
        var dir = Directory.CreateTempSubdirectory("shuzhi-seal-cli-").FullName;
        try
        {
            var good = Path.Combine(dir, "good.sealed.json");
            var bad = Path.Combine(dir, "bad.sealed.json");
            var junk = Path.Combine(dir, "junk.sealed.json");
            await File.WriteAllBytesAsync(good, file);
            await File.WriteAllBytesAsync(bad, WithContentByteChanged(file, 10));
            await File.WriteAllTextAsync(junk, "not json");

            var ok = await server.Cli("seal", "verify", good);
            Assert.True(ok.Code == 0, ok.Err);
            Assert.Contains("VALID", ok.Out);
            Assert.Contains("520000-GA", ok.Out);

            var changed = await server.Cli("seal", "verify", bad);
            Assert.Equal(2, changed.Code);
            Assert.Contains("INVALID", changed.Err);
            Assert.Contains("sm3:", changed.Err);

            var json = await server.Cli("seal", "verify", bad, "--json");
            Assert.Equal(2, json.Code);
            Assert.False(JsonDocument.Parse(json.Out).RootElement.GetProperty("valid").GetBoolean());

            var unreadable = await server.Cli("seal", "verify", junk);
            Assert.Equal(2, unreadable.Code);
            Assert.Contains("format:", unreadable.Err);

            // Another root given with --root: the file no longer chains to what is trusted.
            var other = Sm2PrivateKey.Generate();
            var otherRoot = Path.Combine(dir, "other-root.pem");
            await File.WriteAllTextAsync(otherRoot, Sm2Certificates.ToPem(Sm2Certificates.IssueRoot(other, "other", ServerFixture.DemoNow.AddDays(-1), ServerFixture.DemoNow.AddYears(1))));
            var untrusted = await server.Cli("seal", "verify", good, "--root", otherRoot);
            Assert.Equal(2, untrusted.Code);
            Assert.Contains("chain:", untrusted.Err);

            // The server's root saved from the API works the same as the data directory's.
            var rootFile = Path.Combine(dir, "root.pem");
            await File.WriteAllTextAsync(rootFile, await (await server.As(Consumer)).GetStringAsync("/api/v1/seals/root"));
            Assert.Equal(0, (await server.Cli("seal", "verify", good, "--root", rootFile)).Code);
            Assert.Equal(2, (await server.Cli("seal", "verify", Path.Combine(dir, "missing.sealed.json"))).Code);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public async Task The_page_verifies_an_uploaded_file_and_lists_failed_checks()
    {
        var code = await EntryWithData(5);
        var file = await SealedExtract(Consumer, code);
        using var web = await WebSignIn.SignInAsync(server, Consumer);
        var home = await web.GetStringAsync("/");
        Assert.Contains("/sharing/seals", home);

        async Task<string> Upload(byte[] bytes)
        {
            var page = await web.GetStringAsync("/sharing/seals");
            using var form = new MultipartFormDataContent
            {
                { new StringContent(WebSignIn.Token(page)), "__RequestVerificationToken" },
                { new ByteArrayContent(bytes), "file", "extract.sealed.json" },
            };
            var r = await web.PostAsync("/sharing/seals", form);
            var html = await r.Content.ReadAsStringAsync();
            Assert.True(r.IsSuccessStatusCode, html);
            return html;
        }

        var valid = await Upload(file);
        Assert.Contains("data-test=\"seal-valid\"", valid);
        Assert.Contains("520000-GA", valid);

        var invalid = await Upload(WithContentByteChanged(file, 0));
        Assert.Contains("data-test=\"seal-invalid\"", invalid);
        Assert.Contains("<code>sm3</code>", invalid);

        var junk = await Upload(Encoding.UTF8.GetBytes("nonsense"));
        Assert.Contains("data-test=\"problem\"", junk);
        Assert.Contains("seal-format", junk);
    }
}

public sealed class SealTests_Sqlite(SqliteServer s) : SealTests<SqliteServer>(s);
public sealed class SealTests_Postgres(PostgresServer s) : SealTests<PostgresServer>(s);
