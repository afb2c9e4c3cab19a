using System.CommandLine;
using System.Text.Json;
using Shuzhi.Core.Evidence;
using Shuzhi.Platform;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Sharing.Seals;

namespace Shuzhi.Cli.Commands;

/// <summary>
/// <c>shuzhi seal verify FILE [--root root.pem] [--json]</c>: checks a data-sharing electronic seal (贵州 art.26) offline —
/// no server, no database: the trust anchor is the data directory's seal root (Shuzhi__DataDirectory/keys/seal-root.cert.pem)
/// or the certificate given with --root (from GET /api/v1/seals/root). Exit 0 valid; 2 invalid, unreadable or no root.
/// </summary>
public static class SealCommands
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static Command Create(CliContext ctx)
    {
        var seal = new Command("seal", "数据共享电子印章 / data-sharing electronic seals (贵州 art.26)");
        var file = new Argument<FileInfo>("file") { Description = "盖章文件 / the sealed file (*.sealed.json)" };
        var root = new Option<FileInfo?>("--root") { Description = "信任的根证书（PEM） / the trusted seal root certificate (PEM); default: the data directory's" };
        var json = new Option<bool>("--json") { Description = "输出 JSON（同 API） / print JSON, as the API" };
        var verify = new Command("verify", "验证电子印章：来源与完整性 / verify a seal: origin and integrity; exit 0 valid, 2 invalid") { file, root, json };
        verify.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var f = r.GetValue(file)!;
            if (!f.Exists) throw new BadRequestProblem("file", "exists", $"no such file: {f.FullName}");
            var rootDer = await TrustedRootAsync(ctx, r.GetValue(root), ct);
            var result = DocumentSeal.Verify(await File.ReadAllBytesAsync(f.FullName, ct), rootDer);
            if (r.GetValue(json)) await ctx.Out.WriteLineAsync(JsonSerializer.Serialize(result, Json));
            else if (result.Valid)
                await ctx.Out.WriteLineAsync(
                    $"VALID 有效: {result.FileName} — sealed by {result.OrganisationCode} {result.OrganisationName} at " +
                    $"{result.SignedAt!.Value.ToOffset(TimeSpan.FromHours(8)):yyyy-MM-dd HH:mm:ss}+08; SM3 {result.Sm3}; unchanged since");
            else
            {
                var what = result.Readable ? $"{result.FileName} (sealed as {result.OrganisationCode} {result.OrganisationName})" : f.Name;
                await ctx.Error.WriteLineAsync($"INVALID 无效: {what} — {result.Failures.Count} check(s) failed:");
                foreach (var failure in result.Failures) await ctx.Error.WriteLineAsync($"  {failure.Code}: {failure.Detail}");
            }
            return result.Valid ? 0 : 2;
        });
        seal.Subcommands.Add(verify);
        return seal;
    }

    private static async Task<byte[]> TrustedRootAsync(CliContext ctx, FileInfo? root, CancellationToken ct)
    {
        var path = root?.FullName ?? SealKeys.RootCertificatePathIn(PlatformRegistration.ReadOptions(ctx.Config).DataDirectory);
        if (!File.Exists(path))
            throw new BadRequestProblem("root", "required", root is null
                ? $"no trusted seal root at {path} (this data directory has sealed nothing yet): give --root FILE, e.g. saved from GET /api/v1/seals/root"
                : $"no such file: {path}");
        try
        {
            var der = Sm2Certificates.FromPem(await File.ReadAllTextAsync(path, ct));
            Sm2Certificates.Parse(der);
            return der;
        }
        catch (FormatException e) { throw new BadRequestProblem("root", "pem-certificate", $"{path} is not a PEM certificate: {e.Message}"); }
    }
}
