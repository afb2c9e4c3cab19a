using System.Security.Cryptography;
using Shuzhi.Core.Datasets;

namespace Shuzhi.Platform.Datasets;

/// <summary>
/// The platform secret behind the "hash" mask (HMAC-SM3): 32 random bytes in <c>{DataDirectory}/keys/masking.key</c>
/// (mode 0600), created on first use, never in the repository or the database. The same key gives the same hash for
/// the same value across datasets and versions, so masked identifiers still join. Rotating it (deleting the file)
/// changes every hash.
/// </summary>
public sealed class MaskingKey(ShuzhiOptions options)
{
    private readonly Lazy<KeyedHasher> hasher = new(() => new KeyedHasher(Load(options)));

    public KeyedHasher Hasher => hasher.Value;

    private static byte[] Load(ShuzhiOptions options)
    {
        var dir = Path.Combine(options.FullDataDirectory, "keys");
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, "masking.key");
        if (!File.Exists(path))
        {
            var fresh = RandomNumberGenerator.GetBytes(32);
            var tmp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
            var fo = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows()) fo.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            using (var fs = new FileStream(tmp, fo)) fs.Write(fresh);
            try { File.Move(tmp, path, overwrite: false); }
            catch (IOException) { File.Delete(tmp); } // another process created it first: use theirs
        }
        var key = File.ReadAllBytes(path);
        if (key.Length < 16) throw new InvalidOperationException($"{path} is shorter than 16 bytes; delete it to create a new masking key (every hash changes).");
        return key;
    }
}
