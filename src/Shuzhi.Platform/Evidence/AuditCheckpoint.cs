using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Shuzhi.Core.Evidence;
using Shuzhi.Platform.Audit;

namespace Shuzhi.Platform.Evidence;

/// <summary>The signed head checkpoint: "the audit log had at least <see cref="Sequence"/> records, the last with <see cref="Hash"/>".</summary>
public sealed record AuditCheckpoint(long Sequence, string Hash, SignatureEnvelope Signature);

/// <summary>What was found in <c>{DataDirectory}/audit/head.json</c>.</summary>
public sealed record CheckpointReading(string Status, AuditCheckpoint? Checkpoint, string Detail)
{
    /// <summary>"valid", "missing", "invalid" (bad signature or unreadable).</summary>
    public bool IsValid => Status == "valid";
}

/// <summary>
/// Keeps the signed head checkpoint of the audit chain in <c>{DataDirectory}/audit/head.json</c>, outside the database,
/// so that deleting the last records (or recomputing the chain after a change) is detected by <c>shuzhi audit verify</c>.
/// Written after each commit that appended to the chain (temp file + rename: crash-safe), and never moved backwards:
/// a checkpoint is a lower bound on the log's length. With PostgreSQL the checkpoint is in the data directory of the
/// machine that runs the server; run <c>audit verify</c> there (or copy head.json) to check for truncation.
/// </summary>
public sealed class AuditCheckpointStore(ShuzhiOptions options, SignatureService signatures, ILogger<AuditCheckpointStore> log) : IAuditHeadObserver
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly Lock gate = new();
    private long? written;

    public string FilePath => Path.Combine(options.FullDataDirectory, "audit", "head.json");

    public void Committed(long sequence, string hash)
    {
        try
        {
            lock (gate)
            {
                written ??= Read().Checkpoint?.Sequence ?? 0;
                if (sequence <= written) return;
                var envelope = signatures.SignDigest(Sm3.HashHex(Statement(sequence, hash)));
                var text = JsonSerializer.Serialize(new AuditCheckpoint(sequence, hash, envelope), Json);
                Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
                SigningKeys.WriteAtomically(FilePath, text);
                written = sequence;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            // The act itself is committed; the checkpoint only lags, and the next commit tries again.
            log.LogWarning(e, "Could not write the audit head checkpoint {Path}", FilePath);
        }
    }

    /// <summary>Reads and checks the checkpoint's signature.</summary>
    public CheckpointReading Read()
    {
        if (!File.Exists(FilePath)) return new("missing", null, $"no checkpoint at {FilePath}");
        AuditCheckpoint? cp;
        try { cp = JsonSerializer.Deserialize<AuditCheckpoint>(File.ReadAllText(FilePath), Json); }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            return new("invalid", null, $"checkpoint {FilePath} cannot be read: {e.Message}");
        }
        if (cp?.Signature is null || string.IsNullOrEmpty(cp.Hash))
            return new("invalid", cp, $"checkpoint {FilePath} is incomplete");
        var check = signatures.VerifyDigest(Sm3.HashHex(Statement(cp.Sequence, cp.Hash)), cp.Signature);
        return check.Valid
            ? new("valid", cp, $"checkpoint #{cp.Sequence} signed by key {cp.Signature.KeyId}")
            : new("invalid", cp, $"checkpoint {FilePath} has an invalid signature: {check.Reason}");
    }

    private static byte[] Statement(long sequence, string hash) => Encoding.UTF8.GetBytes($"shuzhi-audit-head/1|{sequence}|{hash}");
}
