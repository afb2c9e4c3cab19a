using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Evidence;
using Shuzhi.Platform.Identity;

namespace Shuzhi.Cli.Commands;

/// <summary>
/// Evidence: <c>audit verify|list</c>, <c>sign</c>, <c>verify</c>, <c>keys list|rotate</c>.
/// Reading and checking run as the operator of this installation (whoever can read its data directory and
/// database); key rotation signs in with --user and SHUZHI_PASSWORD and needs the Administer policy.
/// </summary>
public static class EvidenceCommands
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static IEnumerable<Command> Create(CliContext ctx) => [Audit(ctx), Sign(ctx), Verify(ctx), Keys(ctx)];

    private static Command Audit(CliContext ctx)
    {
        var audit = new Command("audit", "审计日志 / the tamper-evident audit log");

        var json = new Option<bool>("--json") { Description = "machine-readable output" };
        var requireCheckpoint = new Option<bool>("--require-checkpoint")
        {
            Description = "also fail (exit 1) when there is no head checkpoint, e.g. on the server machine, where one must exist once anything was recorded",
        };
        var verify = new Command("verify", "walk the SM3 hash chain and the signed head checkpoint; exit 0 when intact, 1 when broken") { json, requireCheckpoint };
        verify.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            await using var sp = await CliHost.StartAsync(ctx.Config, ct);
            await using var scope = sp.CreateAsyncScope();
            var report = await scope.ServiceProvider.GetRequiredService<VerifyAuditChain>().Handle(Actor.System, ct);
            if (r.GetValue(json)) await ctx.Out.WriteLineAsync(JsonSerializer.Serialize(report, Json));
            else
            {
                await (report.Intact ? ctx.Out : ctx.Error).WriteLineAsync(report.Message);
                if (report.CheckpointStatus != "valid") await ctx.Error.WriteLineAsync($"checkpoint: {report.CheckpointDetail}");
            }
            var missing = r.GetValue(requireCheckpoint) && report.CheckpointStatus == "missing" && report.Count > 0;
            if (missing && !r.GetValue(json)) await ctx.Error.WriteLineAsync("audit log checkpoint MISSING: --require-checkpoint was given");
            return report.Intact && !missing ? 0 : 1;
        });
        audit.Subcommands.Add(verify);

        var subject = new Option<string?>("--subject") { Description = "only records about this subject, e.g. user:gz.bureau" };
        var action = new Option<string?>("--action") { Description = "only records of this action, e.g. auth.token.issue" };
        var limit = new Option<int?>("--limit") { Description = $"at most this many (1–{ListAuditRecords.MaxLimit}, default 50)" };
        var before = new Option<long?>("--before") { Description = "only records before this sequence number (paging)" };
        var listJson = new Option<bool>("--json") { Description = "machine-readable output" };
        var list = new Command("list", "the most recent audit records, newest first") { subject, action, limit, before, listJson };
        list.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            await using var sp = await CliHost.StartAsync(ctx.Config, ct);
            await using var scope = sp.CreateAsyncScope();
            var page = await scope.ServiceProvider.GetRequiredService<ListAuditRecords>().Handle(Actor.System,
                new ListAuditRecords.Query(r.GetValue(subject), r.GetValue(action), r.GetValue(limit), r.GetValue(before)), ct);
            if (r.GetValue(listJson)) await ctx.Out.WriteLineAsync(JsonSerializer.Serialize(page, Json));
            else
                foreach (var i in page.Items)
                    await ctx.Out.WriteLineAsync($"#{i.Sequence,-6} {i.Instant.ToOffset(TimeSpan.FromHours(8)):yyyy-MM-dd HH:mm:ss}+08 {i.Actor,-20} {i.Action,-28} {i.Subject} {i.Details}");
            return 0;
        });
        audit.Subcommands.Add(list);
        return audit;
    }

    private static Command Sign(CliContext ctx)
    {
        var file = new Option<FileInfo>("--file") { Description = "the file to sign", Required = true };
        var output = new Option<FileInfo?>("--out") { Description = "where to write the signature envelope (default FILE.sig.json)" };
        var cmd = new Command("sign", "SM2-SM3 detached signature of a file with the platform's active key") { file, output };
        cmd.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var f = Existing(r.GetValue(file)!, "file");
            var target = r.GetValue(output)?.FullName ?? f.FullName + ".sig.json";
            await using var sp = await CliHost.StartAsync(ctx.Config, ct);
            await using var scope = sp.CreateAsyncScope();
            SignatureEnvelope envelope;
            await using (var stream = f.OpenRead())
                envelope = await scope.ServiceProvider.GetRequiredService<SignDocument>().Handle(Actor.System, f.Name, stream, ct);
            await File.WriteAllTextAsync(target, JsonSerializer.Serialize(envelope, Json) + "\n", ct);
            await ctx.Out.WriteLineAsync($"signed {f.Name}: SM3 {envelope.Digest}, key {envelope.KeyId}; signature written to {target}");
            return 0;
        });
        return cmd;
    }

    private static Command Verify(CliContext ctx)
    {
        var file = new Option<FileInfo>("--file") { Description = "the signed file", Required = true };
        var signature = new Option<FileInfo>("--signature") { Description = "the signature envelope (JSON) written by `shuzhi sign`", Required = true };
        var cmd = new Command("verify", "check a detached signature; exit 0 when valid, 1 when not") { file, signature };
        cmd.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var f = Existing(r.GetValue(file)!, "file");
            var s = Existing(r.GetValue(signature)!, "signature");
            SignatureEnvelope? envelope;
            try { envelope = JsonSerializer.Deserialize<SignatureEnvelope>(await File.ReadAllTextAsync(s.FullName, ct), Json); }
            catch (JsonException e) { throw new BadRequestProblem("signature", "json", $"{s.Name} is not a signature envelope: {e.Message}"); }
            await using var sp = await CliHost.StartAsync(ctx.Config, ct);
            await using var scope = sp.CreateAsyncScope();
            SignatureCheck check;
            await using (var stream = f.OpenRead())
                check = scope.ServiceProvider.GetRequiredService<VerifyDocument>().Handle(Actor.System, stream, envelope);
            if (check.Valid) await ctx.Out.WriteLineAsync($"VALID: {f.Name} — {check.Reason}");
            else await ctx.Error.WriteLineAsync($"INVALID: {f.Name} — {check.Reason}");
            return check.Valid ? 0 : 1;
        });
        return cmd;
    }

    private static Command Keys(CliContext ctx)
    {
        var keys = new Command("keys", "SM2 signing keys");
        var list = new Command("list", "the signing keys: id, status (active/retired), created, retired");
        list.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            await using var sp = await CliHost.StartAsync(ctx.Config, ct);
            foreach (var k in sp.GetRequiredService<SigningKeys>().List())
                await ctx.Out.WriteLineAsync($"{k.KeyId}  {k.Algorithm}  {k.Status,-7}  created {k.CreatedAt:O}" + (k.RetiredAt is { } at ? $"  retired {at:O}" : ""));
            return 0;
        });
        keys.Subcommands.Add(list);

        var user = new Option<string?>("--user") { Description = "platform administrator; password from SHUZHI_PASSWORD" };
        var rotate = new Command("rotate", "generate a new active key; the old one is retired and kept for verification (audited)") { user };
        rotate.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            await using var sp = await CliHost.StartAsync(ctx.Config, ct);
            var actor = await CliHost.SignInAsync(sp, ctx.Config, r.GetValue(user), ct);
            await using var scope = sp.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<RotateSigningKey>().Handle(actor, ct);
            await ctx.Out.WriteLineAsync($"rotated: active key {result.ActiveKeyId}; retired {result.RetiredKeyId} (kept for verification)");
            return 0;
        });
        keys.Subcommands.Add(rotate);
        return keys;
    }

    private static FileInfo Existing(FileInfo f, string field)
        => f.Exists ? f : throw new BadRequestProblem(field, "exists", $"file '{f.FullName}' does not exist");
}
