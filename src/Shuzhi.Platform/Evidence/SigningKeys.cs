using System.Text.Json;
using Shuzhi.Core.Evidence;

namespace Shuzhi.Platform.Evidence;

/// <summary>A signing key as listed to users: its id, status and public key.</summary>
public sealed record SigningKeyInfo(string KeyId, string Algorithm, string Status, DateTimeOffset CreatedAt, DateTimeOffset? RetiredAt, string PublicKeyPem);

/// <summary>
/// The platform's SM2 signing keys, kept in <c>{DataDirectory}/keys/</c> — outside the repository and outside the database:
/// <list type="bullet">
/// <item><c>{keyId}.key.pem</c> PKCS#8 private key, file mode 0600 (only the active key has one);</item>
/// <item><c>{keyId}.pub.pem</c> public key (SubjectPublicKeyInfo), kept for ever so old signatures stay verifiable;</item>
/// <item><c>{keyId}.json</c> created/retired instants; <c>active</c> holds the id of the signing key.</item>
/// </list>
/// Generated on first use when no active key exists. Rotation (<see cref="Rotate"/>) creates a new key, makes it
/// active, marks the old one retired and deletes its private key.
/// </summary>
public sealed class SigningKeys(ShuzhiOptions options, TimeProvider clock)
{
    private sealed record Meta(string KeyId, string Algorithm, DateTimeOffset CreatedAt, DateTimeOffset? RetiredAt);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };
    private readonly Lock gate = new();
    private Dictionary<string, Sm2PublicKey>? publicKeys;
    private (string KeyId, Sm2PrivateKey Key)? active;
    private string? createdUnaudited;

    /// <summary>
    /// The id of a key this process generated because there was no active key (first start, or <c>active</c> deleted),
    /// not yet written to the audit chain; taking it clears it (see <see cref="SigningKeyCreation"/>).
    /// </summary>
    public string? TakeUnauditedCreation()
    {
        lock (gate)
        {
            var id = createdUnaudited;
            createdUnaudited = null;
            return id;
        }
    }

    public string Directory => Path.Combine(options.FullDataDirectory, "keys");

    /// <summary>Loads the keys, generating the first one when there is no active key. Fails clearly when the directory cannot be used.</summary>
    public void EnsureReady()
    {
        lock (gate)
        {
            if (active is not null) return;
            Guard(() =>
            {
                CreateDirectory();
                var activeFile = Path.Combine(Directory, "active");
                if (!File.Exists(activeFile))
                {
                    var key = Sm2PrivateKey.Generate();
                    WriteKey(key, clock.GetUtcNow());
                    WriteAtomically(activeFile, key.PublicKey.KeyId + "\n");
                    createdUnaudited = key.PublicKey.KeyId;
                }
                LoadLocked();
            });
        }
    }

    /// <summary>The active signing key.</summary>
    public (string KeyId, Sm2PrivateKey Key) Active
    {
        get
        {
            EnsureReady();
            lock (gate)
            {
                // Another process (the CLI) may have rotated: the active file is the truth, and it is tiny.
                string current;
                try { current = File.ReadAllText(Path.Combine(Directory, "active")).Trim(); }
                catch (IOException) { current = active!.Value.KeyId; }
                if (current != active!.Value.KeyId) Guard(LoadLocked);
                return active!.Value;
            }
        }
    }

    /// <summary>A known public key (active or retired), or null.</summary>
    public Sm2PublicKey? Find(string keyId)
    {
        EnsureReady();
        lock (gate)
        {
            if (publicKeys!.TryGetValue(keyId, out var k)) return k;
        }
        // Another process (the CLI, another server) may have rotated since we loaded.
        lock (gate)
        {
            Guard(LoadLocked);
            return publicKeys!.GetValueOrDefault(keyId);
        }
    }

    public IReadOnlyList<SigningKeyInfo> List()
    {
        EnsureReady();
        lock (gate)
        {
            Guard(LoadLocked);
            var activeId = active!.Value.KeyId;
            return publicKeys!.Values.Select(k =>
            {
                var meta = ReadMeta(k.KeyId);
                return new SigningKeyInfo(k.KeyId, Sm2.Algorithm, k.KeyId == activeId ? "active" : "retired",
                    meta?.CreatedAt ?? File.GetCreationTimeUtc(PublicPath(k.KeyId)), meta?.RetiredAt, k.Pem);
            }).OrderByDescending(k => k.Status == "active").ThenByDescending(k => k.CreatedAt).ToList();
        }
    }

    /// <summary>A new key pair, not yet active (see <see cref="Activate"/>): the caller audits the rotation in between.</summary>
    public Sm2PrivateKey Prepare()
    {
        EnsureReady();
        var key = Sm2PrivateKey.Generate();
        lock (gate) Guard(() => WriteKey(key, clock.GetUtcNow()));
        return key;
    }

    /// <summary>Makes a prepared key active; the previous one becomes retired and its private key is deleted.</summary>
    public string Activate(Sm2PrivateKey key)
    {
        lock (gate)
        {
            var old = active!.Value.KeyId;
            Guard(() =>
            {
                WriteAtomically(Path.Combine(Directory, "active"), key.PublicKey.KeyId + "\n");
                var meta = ReadMeta(old);
                if (meta is not null) WriteAtomically(MetaPath(old), JsonSerializer.Serialize(meta with { RetiredAt = clock.GetUtcNow() }, Json));
                File.Delete(PrivatePath(old));
                LoadLocked();
            });
            return old;
        }
    }

    /// <summary>Removes a prepared key that was never activated (its rotation could not be audited).</summary>
    public void Discard(Sm2PrivateKey key)
    {
        lock (gate)
        {
            var id = key.PublicKey.KeyId;
            foreach (var p in new[] { PrivatePath(id), PublicPath(id), MetaPath(id) }) File.Delete(p);
        }
    }

    private void LoadLocked()
    {
        var keys = new Dictionary<string, Sm2PublicKey>();
        foreach (var file in System.IO.Directory.GetFiles(Directory, "*.pub.pem"))
        {
            var key = Sm2PublicKey.FromPem(File.ReadAllText(file));
            keys[key.KeyId] = key;
        }
        var activeId = File.ReadAllText(Path.Combine(Directory, "active")).Trim();
        var privatePath = PrivatePath(activeId);
        if (!File.Exists(privatePath))
            throw new InvalidOperationException(
                $"The active signing key {activeId} has no private key file {privatePath}. Restore it from backup, " +
                $"or remove {Path.Combine(Directory, "active")} to start with a new key (old public keys stay verifiable).");
        var priv = Sm2PrivateKey.FromPem(File.ReadAllText(privatePath));
        if (priv.PublicKey.KeyId != activeId)
            throw new InvalidOperationException($"The private key file {privatePath} does not belong to key {activeId}.");
        keys[activeId] = priv.PublicKey;
        publicKeys = keys;
        active = (activeId, priv);
    }

    private void WriteKey(Sm2PrivateKey key, DateTimeOffset now)
    {
        var id = key.PublicKey.KeyId;
        var privatePath = PrivatePath(id);
        // Create the private key file with 0600 before any secret is written into it.
        var fileOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var fs = new FileStream(privatePath, fileOptions))
        using (var w = new StreamWriter(fs))
            w.Write(key.Pem + "\n");
        WriteAtomically(PublicPath(id), key.PublicKey.Pem + "\n");
        WriteAtomically(MetaPath(id), JsonSerializer.Serialize(new Meta(id, Sm2.Algorithm, now, null), Json));
    }

    private Meta? ReadMeta(string id)
    {
        var p = MetaPath(id);
        return File.Exists(p) ? JsonSerializer.Deserialize<Meta>(File.ReadAllText(p), Json) : null;
    }

    private void CreateDirectory()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            if (OperatingSystem.IsWindows()) System.IO.Directory.CreateDirectory(Directory);
            else System.IO.Directory.CreateDirectory(Directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private string PrivatePath(string id) => Path.Combine(Directory, $"{id}.key.pem");
    private string PublicPath(string id) => Path.Combine(Directory, $"{id}.pub.pem");
    private string MetaPath(string id) => Path.Combine(Directory, $"{id}.json");

    /// <summary>Write to a temporary file and rename over the target: readers see the old or the new file, never half of one.</summary>
    internal static void WriteAtomically(string path, string text)
    {
        var tmp = $"{path}.{Guid.NewGuid():N}.tmp";
        File.WriteAllText(tmp, text);
        File.Move(tmp, path, overwrite: true);
    }

    private void Guard(Action action)
    {
        try { action(); }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException or FormatException)
        {
            throw new InvalidOperationException(
                $"The signing key directory {Directory} cannot be used ({e.Message}). It must be readable and writable by the " +
                "account running Shuzhi, and hold the PEM files Shuzhi wrote there.", e);
        }
    }
}

/// <summary>
/// Puts the generation of a signing key into the audit chain (<c>evidence.key.create</c>, by the platform): called when
/// the server or the CLI starts (<see cref="DatabaseInitializer"/>), where a key is generated if there is none.
/// </summary>
public static class SigningKeyCreation
{
    public static async Task RecordAsync(SigningKeys keys, Persistence.ShuzhiDb db, CancellationToken ct)
    {
        keys.EnsureReady();
        if (keys.TakeUnauditedCreation() is not { } id) return;
        db.Audit(Identity.Actor.System, "evidence.key.create", $"signing-key:{id}",
            new { keyId = id, algorithm = Sm2.Algorithm, reason = "no active signing key: a new one was generated" });
        await db.SaveChangesAsync(ct);
    }
}
