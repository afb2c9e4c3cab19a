using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Shuzhi.Platform;

namespace Shuzhi.Server.Pages.Datasets;

/// <summary>
/// Files uploaded on the web between "choose file" and "load" (the mapping step needs the file twice): kept in
/// <c>{DataDirectory}/uploads</c> under a random 128-bit name with a small JSON record beside it (entry, user, the
/// file's own name, options). The browser only ever holds the token; a token that is not 32 lower-case hex characters
/// is refused before any path is built, and an upload is found only for the user and entry it was made for.
/// A file is deleted after its load succeeds, or <see cref="Lifetime"/> after it was written (<see cref="Sweep"/>,
/// run by <see cref="Jobs.UploadSweepJob"/>). Ages are measured with the file system's clock, not the platform's
/// TimeProvider: that one can be fixed (demo, tests) while file times are real.
/// </summary>
public sealed partial class UploadStore(ShuzhiOptions options)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    /// <param name="FileName">the name the browser gave (no directory part): tells the format, recorded with the version.</param>
    public sealed record Upload(string Token, string EntryCode, string Username, string FileName, long Bytes, string Mode, string Encoding, DateTimeOffset UploadedAt);

    public string Directory => Path.Combine(options.FullDataDirectory, "uploads");

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex TokenShape();

    private string DataPath(string token) => Path.Combine(Directory, token + ".upload");
    private string RecordPath(string token) => Path.Combine(Directory, token + ".json");

    /// <summary>Copies <paramref name="content"/> to a new file (mode 0600) and records who it is for.</summary>
    public async Task<Upload> SaveAsync(Stream content, string entryCode, string username, string fileName, string mode, string encoding, CancellationToken ct)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var name = Path.GetFileName(fileName.Replace('\\', '/'));
        if (string.IsNullOrWhiteSpace(name)) name = "upload";
        long bytes;
        try
        {
            await using (var file = new FileStream(DataPath(token), Create()))
            {
                await content.CopyToAsync(file, 1 << 16, ct);
                bytes = file.Length;
            }
            var upload = new Upload(token, entryCode, username, name, bytes, mode, encoding, DateTimeOffset.UtcNow);
            await using (var record = new FileStream(RecordPath(token), Create()))
                await JsonSerializer.SerializeAsync(record, upload, cancellationToken: ct);
            return upload;
        }
        catch
        {
            Delete(token);
            throw;
        }
    }

    private static FileStreamOptions Create()
    {
        var o = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, BufferSize = 1 << 16, Options = FileOptions.Asynchronous };
        if (!OperatingSystem.IsWindows()) o.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        return o;
    }

    /// <summary>The upload behind <paramref name="token"/> if it exists, has not expired and belongs to this user and entry; else null.</summary>
    public Upload? Find(string? token, string entryCode, string username)
    {
        if (token is null || !TokenShape().IsMatch(token)) return null;
        var data = new FileInfo(DataPath(token));
        if (!data.Exists || !File.Exists(RecordPath(token))) return null;
        if (DateTime.UtcNow - data.LastWriteTimeUtc > Lifetime)
        {
            Delete(token);
            return null;
        }
        Upload? upload;
        try { upload = JsonSerializer.Deserialize<Upload>(File.ReadAllText(RecordPath(token))); }
        catch (JsonException) { return null; }
        return upload is not null && upload.Token == token && upload.EntryCode == entryCode && upload.Username == username ? upload : null;
    }

    public FileStream OpenRead(Upload upload) =>
        new(DataPath(upload.Token), FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);

    public void Delete(string token)
    {
        if (!TokenShape().IsMatch(token)) return;
        foreach (var path in new[] { DataPath(token), RecordPath(token) })
        {
            try { File.Delete(path); } catch (IOException) { /* the sweep retries */ }
        }
    }

    /// <summary>Deletes every file in the uploads directory older than <see cref="Lifetime"/>; returns how many.</summary>
    public int Sweep()
    {
        if (!System.IO.Directory.Exists(Directory)) return 0;
        var removed = 0;
        foreach (var file in new DirectoryInfo(Directory).EnumerateFiles())
        {
            if (DateTime.UtcNow - file.LastWriteTimeUtc <= Lifetime) continue;
            try
            {
                file.Delete();
                removed++;
            }
            catch (IOException) { /* in use: next time */ }
        }
        return removed;
    }
}
