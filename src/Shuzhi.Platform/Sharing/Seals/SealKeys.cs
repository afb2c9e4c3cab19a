using System.Text;
using Shuzhi.Core.Evidence;

namespace Shuzhi.Platform.Sharing.Seals;

/// <summary>
/// The key material of the data-sharing electronic seal (贵州 art.26), outside the repository and the database:
/// <list type="bullet">
/// <item><c>{DataDirectory}/keys/seal-root.pem</c> (mode 0600): the platform seal root's SM2 private key and its
/// self-signed certificate; <c>seal-root.cert.pem</c> beside it: the certificate alone, the trust anchor verifiers use;</item>
/// <item><c>{DataDirectory}/keys/seals/{organisationId}.pem</c> (mode 0600): a providing department's seal key and
/// the certificate the root issued to it (subject names the organisation's code and name).</item>
/// </list>
/// Each is created on first use. A department's certificate is issued again (new key) when the organisation's code or
/// name changed, when it expires within a day, or when the root changed; documents sealed before keep verifying, as
/// they carry the certificate they were sealed with. Creation is serialised in this process by a lock and across
/// processes (server and CLI) by create-new-then-rename: the first file written wins.
/// </summary>
public sealed class SealKeys(ShuzhiOptions options, TimeProvider clock)
{
    public const string RootFileName = "seal-root.pem";
    public const string RootCertificateFileName = "seal-root.cert.pem";
    public static readonly TimeSpan RootLifetime = TimeSpan.FromDays(365 * 30);
    public static readonly TimeSpan SealLifetime = TimeSpan.FromDays(365 * 5);

    private readonly Lock gate = new();
    private (Sm2PrivateKey Key, byte[] Certificate)? root;
    private readonly Dictionary<Guid, SealSigner> signers = [];

    public string KeysDirectory => Path.Combine(options.FullDataDirectory, "keys");
    private string SealsDirectory => Path.Combine(KeysDirectory, "seals");

    /// <summary>Where the trust anchor of a data directory is (what the offline CLI reads).</summary>
    public static string RootCertificatePathIn(string dataDirectory) => Path.Combine(Path.GetFullPath(dataDirectory), "keys", RootCertificateFileName);

    /// <summary>The seal root's certificate (DER): the trust anchor. Created with its key on first use.</summary>
    public byte[] RootCertificate
    {
        get
        {
            lock (gate) return Root().Certificate;
        }
    }

    public string RootCertificatePem => Sm2Certificates.ToPem(RootCertificate);

    /// <summary>The seal signer of an organisation: its key and a current certificate naming it, issued on first use.</summary>
    /// <returns>The signer, and whether a certificate was issued just now (for the caller's audit record).</returns>
    public (SealSigner Signer, bool Issued) SignerFor(Guid organisationId, string code, string name)
    {
        lock (gate)
        {
            var (rootKey, rootCert) = Root();
            var now = clock.GetUtcNow();
            if (signers.TryGetValue(organisationId, out var s) && Current(s, code, name, rootCert, now)) return (s, false);
            CreateOwnerOnly(SealsDirectory);
            var path = Path.Combine(SealsDirectory, organisationId.ToString("N") + ".pem");
            if (File.Exists(path))
            {
                var (key, cert) = ReadPair(path);
                s = new SealSigner(code, name, key, cert, rootCert);
                if (Current(s, code, name, rootCert, now))
                {
                    signers[organisationId] = s;
                    return (s, false);
                }
            }
            var fresh = Sm2PrivateKey.Generate();
            var notAfter = Min(now + SealLifetime, new DateTimeOffset(DateTime.SpecifyKind(Sm2Certificates.Parse(rootCert).NotAfter, DateTimeKind.Utc)));
            var issued = Sm2Certificates.IssueSeal(rootKey, rootCert, fresh.PublicKey, code, name, now.AddDays(-1), notAfter);
            WritePair(path, fresh, issued, replace: true);
            var (k, c) = ReadPair(path); // another process may have replaced it in between: use what is on disk
            s = new SealSigner(code, name, k, c, rootCert);
            signers[organisationId] = s;
            return (s, true);
        }
    }

    private static bool Current(SealSigner s, string code, string name, byte[] rootCert, DateTimeOffset now)
    {
        var cert = Sm2Certificates.Parse(s.CertificateDer);
        return Sm2Certificates.SubjectValue(cert, "OU") == code
               && Sm2Certificates.SubjectValue(cert, "O") == name
               && cert.IsValid(now.UtcDateTime) && cert.IsValid(now.AddDays(1).UtcDateTime)
               && Sm2Certificates.IssuedBy(cert, Sm2Certificates.Parse(rootCert))
               && Sm2Certificates.PublicKey(cert).Der.AsSpan().SequenceEqual(s.Key.PublicKey.Der);
    }

    private (Sm2PrivateKey Key, byte[] Certificate) Root()
    {
        if (root is { } r) return r;
        CreateOwnerOnly(KeysDirectory);
        var path = Path.Combine(KeysDirectory, RootFileName);
        if (!File.Exists(path))
        {
            var key = Sm2PrivateKey.Generate();
            var now = clock.GetUtcNow();
            var cert = Sm2Certificates.IssueRoot(key, "数治数据共享电子印章根 / Shuzhi data-sharing seal root", now.AddDays(-1), now + RootLifetime);
            WritePair(path, key, cert, replace: false);
        }
        r = ReadPair(path);
        var certPath = Path.Combine(KeysDirectory, RootCertificateFileName);
        var pem = Sm2Certificates.ToPem(r.Certificate) + "\n";
        if (!File.Exists(certPath) || File.ReadAllText(certPath) != pem)
        {
            var tmp = $"{certPath}.{Guid.NewGuid():N}.tmp";
            File.WriteAllText(tmp, pem);
            File.Move(tmp, certPath, overwrite: true);
        }
        root = r;
        return r;
    }

    private static void CreateOwnerOnly(string directory)
    {
        if (Directory.Exists(directory)) return;
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(directory);
        else Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    /// <summary>Writes key and certificate into one owner-only file: a temporary file first, renamed over the target.</summary>
    private static void WritePair(string path, Sm2PrivateKey key, byte[] cert, bool replace)
    {
        var tmp = $"{path}.{Guid.NewGuid():N}.tmp";
        var fo = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) fo.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var fs = new FileStream(tmp, fo))
            fs.Write(Encoding.ASCII.GetBytes(key.Pem + "\n" + Sm2Certificates.ToPem(cert) + "\n"));
        try { File.Move(tmp, path, overwrite: replace); }
        catch (IOException) when (!replace) { File.Delete(tmp); } // another process created it first: use theirs
    }

    private static (Sm2PrivateKey Key, byte[] Certificate) ReadPair(string path)
    {
        var text = File.ReadAllText(path);
        byte[]? key = null, cert = null;
        var rest = text.AsSpan();
        while (System.Security.Cryptography.PemEncoding.TryFind(rest, out var f))
        {
            var der = Convert.FromBase64String(rest[f.Base64Data].ToString());
            switch (rest[f.Label])
            {
                case "PRIVATE KEY": key = der; break;
                case "CERTIFICATE": cert = der; break;
            }
            rest = rest[f.Location.End..];
        }
        if (key is null || cert is null)
            throw new InvalidOperationException($"{path} must hold a PRIVATE KEY and a CERTIFICATE (PEM). Restore it from backup, or delete it to create new seal keys (documents sealed before then verify only against the old root).");
        var k = Sm2PrivateKey.FromDer(key);
        if (!Sm2Certificates.PublicKey(Sm2Certificates.Parse(cert)).Der.AsSpan().SequenceEqual(k.PublicKey.Der))
            throw new InvalidOperationException($"{path}: the certificate does not belong to the private key beside it.");
        return (k, cert);
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
