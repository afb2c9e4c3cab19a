// HTTP load harness for Shuzhi's benchmark (issue 3, item 8). Runs each request kind of a mix at each concurrency
// over loopback, keep-alive, no cookies, and reports requests/s, p50, p99 and errors per kind and concurrency.
//
//   dotnet run -c Release --project bench/LoadClient -- --base http://127.0.0.1:5080 --user gz.bureau \
//       --concurrency 1,8,32 --duration 10 --warmup 2 --mix bench/LoadClient/mix.sample.json --out /tmp/load.json
//
// It shares the machine's cores with the server, so it keeps its own work small: by default a minimal HTTP/1.1
// client per connection (Engines.cs: request bytes and body buffers reused, responses parsed in place), no JSON DOM
// (a forward-only Utf8JsonReader finds the top-level "next" of a page and nothing else), and it reports its own CPU
// time next to the server's (--server-pid) so a reader can see how much of the machine it took.
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Shuzhi.Bench.LoadClient;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        // Socket completions run on the epoll thread instead of hopping to the thread pool: about a quarter less client
        // CPU per request here (read once, before the first socket is made; a value set by the caller wins).
        if (Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS") is null)
            Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");
        Options o;
        try { o = Options.Parse(args); }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            Console.Error.WriteLine(Options.Usage);
            return 2;
        }

        using var handler = new SocketsHttpHandler
        {
            UseCookies = false,
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            MaxConnectionsPerServer = int.MaxValue,
        };
        using var invoker = new HttpMessageInvoker(handler, disposeHandler: false);

        var token = o.Token ?? (o.User is not null ? await SignInAsync(invoker, o) : null);
        var auth = token is null ? null : new AuthenticationHeaderValue("Bearer", token);

        var results = new List<RunResult>();
        foreach (var kind in o.Kinds)
        {
            foreach (var clients in o.Concurrency)
            {
                var r = await RunAsync(invoker, o, auth, kind, clients);
                results.Add(r);
                Console.Error.WriteLine($"  {kind.Name,-24} {clients,3} clients: {r.RequestsPerSecond,10:N0} req/s  p50 {r.P50Ms:0.00} ms  p99 {r.P99Ms:0.00} ms  errors {r.Errors}");
            }
        }

        Console.WriteLine(Markdown(o, results));
        if (o.Out is not null)
        {
            await using var f = File.Create(o.Out);
            await JsonSerializer.SerializeAsync(f, new
            {
                measuredAt = DateTimeOffset.UtcNow,
                baseAddress = o.Base.ToString(),
                durationSeconds = o.Duration.TotalSeconds,
                warmupSeconds = o.Warmup.TotalSeconds,
                machine = new { Environment.ProcessorCount, os = System.Runtime.InteropServices.RuntimeInformation.OSDescription },
                results,
            }, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true });
            Console.Error.WriteLine($"results written to {o.Out}");
        }
        return results.Any(r => r.Requests == 0) ? 1 : 0;
    }

    private static async Task<string> SignInAsync(HttpMessageInvoker invoker, Options o)
    {
        using var req = new HttpRequestMessage(HttpMethod.Post, new Uri(o.Base, "/api/v1/auth/token"))
        {
            Content = new StringContent(JsonSerializer.Serialize(new { username = o.User, password = o.Password }), Encoding.UTF8, "application/json"),
        };
        using var resp = await invoker.SendAsync(req, CancellationToken.None);
        var body = await resp.Content.ReadAsStringAsync();
        if (!resp.IsSuccessStatusCode) throw new InvalidOperationException($"sign-in as {o.User} failed: {(int)resp.StatusCode} {body}");
        using var doc = JsonDocument.Parse(body);
        return doc.RootElement.GetProperty("accessToken").GetString()!;
    }

    /// <summary>Warm-up (not counted), then the measured window; requests completed inside the window count.</summary>
    private static async Task<RunResult> RunAsync(HttpMessageInvoker invoker, Options o, AuthenticationHeaderValue? auth, Kind kind, int clients)
    {
        var run = new RunState();
        var workers = new Client[clients];
        for (var i = 0; i < clients; i++)
        {
            IEngine engine = o.Engine == "raw" ? new RawEngine(o.Base, auth?.Parameter) : new HttpClientEngine(invoker, o.Base, auth);
            workers[i] = new Client(engine, kind, run, seed: 1000 * clients + i);
        }
        var tasks = workers.Select(w => Task.Run(w.LoopAsync)).ToArray();

        await Task.Delay(o.Warmup);
        var statsBefore = o.StatsPath is null ? null : await StatsAsync(invoker, o, auth);
        var serverCpuBefore = ServerCpu(o.ServerPid);
        var clientCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var start = Stopwatch.GetTimestamp();
        Volatile.Write(ref run.Phase, RunState.Measuring);
        await Task.Delay(o.Duration);
        Volatile.Write(ref run.Phase, RunState.Stopping);
        run.AbortAfter(TimeSpan.FromSeconds(30));
        var elapsed = Stopwatch.GetElapsedTime(start);
        var clientCpu = Process.GetCurrentProcess().TotalProcessorTime - clientCpuBefore;
        var serverCpu = ServerCpu(o.ServerPid) - serverCpuBefore;
        await Task.WhenAll(tasks);
        var statsAfter = o.StatsPath is null ? null : await StatsAsync(invoker, o, auth);

        var all = new List<long>(workers.Sum(w => w.Latencies.Count));
        foreach (var w in workers) all.AddRange(w.Latencies);
        all.Sort();
        var requests = all.Count;
        var errors = workers.Sum(w => w.Errors);
        var firstError = workers.Select(w => w.FirstError).FirstOrDefault(e => e is not null);
        return new RunResult(
            kind.Name, clients, requests, errors, firstError,
            Math.Round(requests / elapsed.TotalSeconds, 1),
            Percentile(all, 0.50), Percentile(all, 0.99), all.Count == 0 ? 0 : Ms(all[^1]),
            workers.Sum(w => w.Walks), Math.Round(elapsed.TotalSeconds, 3),
            Math.Round(100 * clientCpu.TotalSeconds / elapsed.TotalSeconds, 1),
            o.ServerPid is null ? null : Math.Round(100 * serverCpu.TotalSeconds / elapsed.TotalSeconds, 1),
            o.ServerPid is null || requests == 0 ? null : Math.Round(serverCpu.TotalMilliseconds * 1000 / requests, 1),
            Delta(statsBefore, statsAfter));
    }

    private static double Ms(long ticks) => Math.Round(ticks * 1000.0 / Stopwatch.Frequency, 3);

    private static double Percentile(List<long> sorted, double p)
        => sorted.Count == 0 ? 0 : Ms(sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)]);

    /// <summary>utime + stime of a process from /proc (Linux), for the server's CPU share during the window.</summary>
    private static TimeSpan ServerCpu(int? pid)
    {
        if (pid is null) return TimeSpan.Zero;
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / 100.0); // USER_HZ is 100 on Linux
    }

    private static async Task<Dictionary<string, double>> StatsAsync(HttpMessageInvoker invoker, Options o, AuthenticationHeaderValue? auth)
    {
        using var req = new HttpRequestMessage(HttpMethod.Get, new Uri(o.Base, o.StatsPath));
        req.Headers.Authorization = auth;
        using var resp = await invoker.SendAsync(req, CancellationToken.None);
        var numbers = new Dictionary<string, double>();
        if (!resp.IsSuccessStatusCode) return numbers;
        using var doc = JsonDocument.Parse(await resp.Content.ReadAsStringAsync());
        foreach (var p in doc.RootElement.EnumerateObject())
            if (p.Value.ValueKind == JsonValueKind.Number) numbers[p.Name] = p.Value.GetDouble();
        return numbers;
    }

    /// <summary>The change of each counter over the window (a "max…" counter is reported as its value after).</summary>
    private static Dictionary<string, double>? Delta(Dictionary<string, double>? before, Dictionary<string, double>? after)
    {
        if (before is null || after is null) return null;
        return after.ToDictionary(kv => kv.Key,
            kv => kv.Key.StartsWith("max", StringComparison.OrdinalIgnoreCase) ? kv.Value : kv.Value - before.GetValueOrDefault(kv.Key));
    }

    private static string Markdown(Options o, List<RunResult> results)
    {
        var sb = new StringBuilder();
        var server = o.ServerPid is null ? "" : " server CPU % | server CPU µs/req |";
        var serverRule = o.ServerPid is null ? "" : "---:|---:|";
        sb.AppendLine(CultureInfo.InvariantCulture, $"Load: {o.Base}, {o.Duration.TotalSeconds:0} s per run after {o.Warmup.TotalSeconds:0} s warm-up, {Environment.ProcessorCount} cores, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC");
        sb.AppendLine();
        sb.AppendLine($"| kind | clients | requests | req/s | p50 ms | p99 ms | max ms | errors | client CPU % |{server}");
        sb.AppendLine($"|---|---:|---:|---:|---:|---:|---:|---:|---:|{serverRule}");
        foreach (var r in results)
        {
            sb.Append(CultureInfo.InvariantCulture,
                $"| {r.Kind} | {r.Clients} | {r.Requests:N0} | {r.RequestsPerSecond:N0} | {r.P50Ms:0.00} | {r.P99Ms:0.00} | {r.MaxMs:0.0} | {r.Errors} | {r.ClientCpuPercent:0} |");
            if (o.ServerPid is not null) sb.Append(CultureInfo.InvariantCulture, $" {r.ServerCpuPercent:0} | {r.ServerCpuMicrosecondsPerRequest:0} |");
            sb.AppendLine();
        }
        var withStats = results.Where(r => r.Stats is { Count: > 0 }).ToList();
        if (withStats.Count > 0)
        {
            sb.AppendLine();
            sb.AppendLine($"Counters from {o.StatsPath} (change over each measured window):");
            sb.AppendLine();
            foreach (var r in withStats)
                sb.AppendLine($"- {r.Kind} × {r.Clients}: " + string.Join(", ", r.Stats!.Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key} {kv.Value:0.###}"))));
        }
        foreach (var r in results.Where(r => r.FirstError is not null))
            sb.AppendLine(CultureInfo.InvariantCulture, $"\nfirst error of {r.Kind} × {r.Clients}: {r.FirstError}");
        return sb.ToString();
    }
}

public sealed record RunResult(
    string Kind, int Clients, int Requests, long Errors, string? FirstError,
    double RequestsPerSecond, double P50Ms, double P99Ms, double MaxMs, long Walks, double Seconds,
    double ClientCpuPercent, double? ServerCpuPercent, double? ServerCpuMicrosecondsPerRequest,
    Dictionary<string, double>? Stats);

internal sealed class RunState
{
    public const int WarmingUp = 0, Measuring = 1, Stopping = 2;
    public int Phase;

    /// <summary>Cancels requests still unanswered well after the window (a hung server must not hang the harness).</summary>
    public CancellationToken Abort => abort.Token;
    private readonly CancellationTokenSource abort = new();
    public void AbortAfter(TimeSpan delay) => abort.CancelAfter(delay);
}

/// <summary>One client: a loop of requests, one at a time, on its own keep-alive connection.</summary>
internal sealed class Client(IEngine engine, Kind kind, RunState run, int seed)
{
    private static readonly byte[] NextName = "next"u8.ToArray();
    private readonly Random random = new(seed);

    public List<long> Latencies { get; } = new(1 << 16);
    public long Errors { get; private set; }
    public string? FirstError { get; private set; }
    public long Walks { get; private set; }

    public async Task LoopAsync()
    {
        string? next = null;
        var template = kind.Templates[random.Next(kind.Templates.Length)];
        var page = 0;
        await using var _ = engine;
        while (Volatile.Read(ref run.Phase) != RunState.Stopping)
        {
            if (next is null && page == 0) template = kind.Templates[random.Next(kind.Templates.Length)];
            var path = next is null ? template.Expand(random) : template.WithNext(random, next);
            var started = Stopwatch.GetTimestamp();
            ReadOnlyMemory<byte> body = default;
            string? error = null;
            try
            {
                (var status, body) = await engine.GetAsync(path, run.Abort);
                if (status is < 200 or > 299)
                    error = $"{status} on {path}: {Encoding.UTF8.GetString(body.Span[..Math.Min(body.Length, 300)])}";
            }
            catch (Exception e) when (e is HttpRequestException or IOException or System.Net.Sockets.SocketException or OperationCanceledException)
            {
                error = $"{e.GetType().Name} on {path}: {e.Message}";
            }
            var took = Stopwatch.GetTimestamp() - started;
            if (Volatile.Read(ref run.Phase) == RunState.Measuring)
            {
                Latencies.Add(took);
                if (error is not null)
                {
                    Errors++;
                    FirstError ??= error;
                }
            }

            if (kind.Pages > 0 && error is null)
            {
                next = ++page < kind.Pages ? FindNext(body.Span) : null;
                if (next is null)
                {
                    if (page >= kind.Pages && Volatile.Read(ref run.Phase) == RunState.Measuring) Walks++;
                    page = 0;
                }
            }
            else
            {
                next = null;
                page = 0;
            }
        }
    }

    /// <summary>The top-level "next" string of a page ({"rows":[…],"next":"TOKEN"|null,…}); other values are skipped, not built.</summary>
    internal static string? FindNext(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals(NextName))
                {
                    reader.Read();
                    return reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }
                reader.Read();
                reader.Skip();
            }
        }
        catch (JsonException) { }
        return null;
    }
}

/// <summary>A kind of request: URL templates (one is picked per request, or per walk) and, for a walk, how many pages.</summary>
public sealed record Kind(string Name, UrlTemplate[] Templates, int Pages);

/// <summary>
/// A path with placeholders: <c>{int:A:B}</c> is a uniformly random integer in [A, B], <c>{pick:a|b|c}</c> one of the
/// values (URL-escaped as given). For a walk, <see cref="WithNext"/> adds <c>next=TOKEN</c> to the query.
/// </summary>
public sealed class UrlTemplate
{
    private readonly List<object> parts = [];

    public UrlTemplate(string text)
    {
        Text = text;
        var i = 0;
        while (i < text.Length)
        {
            var open = text.IndexOf('{', i);
            if (open < 0) { parts.Add(text[i..]); break; }
            var close = text.IndexOf('}', open);
            if (close < 0) throw new ArgumentException($"unclosed '{{' in {text}");
            if (open > i) parts.Add(text[i..open]);
            var spec = text[(open + 1)..close].Split(':', 2);
            parts.Add(spec[0] switch
            {
                "int" when spec.Length == 2 && spec[1].Split(':') is [var a, var b]
                    => (Func<Random, string>)(r => r.NextInt64(long.Parse(a, CultureInfo.InvariantCulture), long.Parse(b, CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture)),
                "pick" when spec.Length == 2 && spec[1].Split('|') is { Length: > 0 } values
                    => (Func<Random, string>)(r => values[r.Next(values.Length)]),
                _ => throw new ArgumentException($"unknown placeholder {{{spec[0]}}} in {text}: use {{int:A:B}} or {{pick:a|b}}"),
            });
            i = close + 1;
        }
        if (!Text.StartsWith('/')) throw new ArgumentException($"a URL template is a path starting with '/': {text}");
    }

    public string Text { get; }

    public string Expand(Random random)
    {
        if (parts.Count == 1 && parts[0] is string only) return only;
        var sb = new StringBuilder(Text.Length + 16);
        foreach (var p in parts) sb.Append(p as string ?? ((Func<Random, string>)p)(random));
        return sb.ToString();
    }

    public string WithNext(Random random, string next)
    {
        var path = Expand(random);
        return path + (path.Contains('?') ? "&next=" : "?next=") + Uri.EscapeDataString(next);
    }
}

public sealed class Options
{
    public const string Usage = """
        usage: LoadClient --base URL [--token T | --user U [--password P]] [--concurrency 1,8,32] [--duration 10]
                          [--warmup 2] (--mix FILE | --get "NAME=/path?q=1" ... | --walk "NAME=/path") [--pages 100]
                          [--out FILE.json] [--server-pid PID] [--stats /api/v1/audit/access-log] [--engine raw|httpclient]
          mix file: {"kinds":[{"name":"key lookup","urls":["/api/v1/…?id={int:1:1000000}"]},
                              {"name":"walk 100 pages","walk":true,"pages":100,"urls":["/api/v1/…/rows?limit=100"]}]}
          the password may also come from SHUZHI_PASSWORD.
        """;

    public Uri Base { get; private set; } = null!;
    public string? Token { get; private set; }
    public string? User { get; private set; }
    public string? Password { get; private set; }
    public int[] Concurrency { get; private set; } = [1, 8, 32];
    public TimeSpan Duration { get; private set; } = TimeSpan.FromSeconds(10);
    public TimeSpan Warmup { get; private set; } = TimeSpan.FromSeconds(2);
    public List<Kind> Kinds { get; } = [];
    public string? Out { get; private set; }
    public int? ServerPid { get; private set; }
    public string? StatsPath { get; private set; }
    /// <summary>"raw" (default): a minimal HTTP/1.1 client per connection, cheap like wrk; "httpclient": .NET's SocketsHttpHandler.</summary>
    public string Engine { get; private set; } = "raw";

    public static Options Parse(string[] args)
    {
        var o = new Options();
        var pages = 100;
        var walks = new List<(string Name, string Url)>();
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--base": o.Base = new Uri(Value()); break;
                case "--token": o.Token = Value(); break;
                case "--user": o.User = Value(); break;
                case "--password": o.Password = Value(); break;
                case "--concurrency": o.Concurrency = Value().Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray(); break;
                case "--duration": o.Duration = TimeSpan.FromSeconds(double.Parse(Value(), CultureInfo.InvariantCulture)); break;
                case "--warmup": o.Warmup = TimeSpan.FromSeconds(double.Parse(Value(), CultureInfo.InvariantCulture)); break;
                case "--out": o.Out = Value(); break;
                case "--server-pid": o.ServerPid = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--stats": o.StatsPath = Value(); break;
                case "--engine": o.Engine = Value() is "raw" or "httpclient" ? args[i] : throw new ArgumentException("--engine is raw or httpclient"); break;
                case "--pages": pages = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--mix": o.Kinds.AddRange(ReadMix(Value())); break;
                case "--get":
                    var (name, url) = NameAndUrl(Value());
                    o.Kinds.Add(new Kind(name, url.Split('|').Select(u => new UrlTemplate(u)).ToArray(), 0));
                    break;
                case "--walk": walks.Add(NameAndUrl(Value())); break;
                case "-h" or "--help": throw new ArgumentException("help");
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }
        foreach (var (name, url) in walks) o.Kinds.Add(new Kind(name, url.Split('|').Select(u => new UrlTemplate(u)).ToArray(), pages));
        if (o.Base is null) throw new ArgumentException("--base is required");
        if (o.Kinds.Count == 0) throw new ArgumentException("give --mix FILE, --get or --walk");
        if (o.Concurrency.Any(c => c < 1)) throw new ArgumentException("--concurrency takes positive numbers");
        o.Password ??= Environment.GetEnvironmentVariable("SHUZHI_PASSWORD");
        if (o.User is not null && o.Password is null) throw new ArgumentException("--user needs --password or SHUZHI_PASSWORD");
        return o;
    }

    private static (string Name, string Url) NameAndUrl(string s)
    {
        var eq = s.IndexOf('=');
        return eq > 0 && s[0] != '/' ? (s[..eq], s[(eq + 1)..]) : (s, s);
    }

    private static IEnumerable<Kind> ReadMix(string file)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(file), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        foreach (var k in doc.RootElement.GetProperty("kinds").EnumerateArray())
        {
            var name = k.GetProperty("name").GetString()!;
            var urls = k.GetProperty("urls").EnumerateArray().Select(u => new UrlTemplate(u.GetString()!)).ToArray();
            var walk = k.TryGetProperty("walk", out var w) && w.ValueKind == JsonValueKind.True;
            var pages = walk ? (k.TryGetProperty("pages", out var p) ? p.GetInt32() : 100) : 0;
            if (urls.Length == 0) throw new ArgumentException($"kind {name} has no urls");
            yield return new Kind(name, urls, pages);
        }
    }
}
