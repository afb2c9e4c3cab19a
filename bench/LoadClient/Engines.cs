using System.Buffers.Text;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;

namespace Shuzhi.Bench.LoadClient;

/// <summary>How one client sends a GET and receives the whole body into a buffer it reuses.</summary>
internal interface IEngine : IAsyncDisposable
{
    /// <returns>The status code and the body (valid until the next call).</returns>
    ValueTask<(int Status, ReadOnlyMemory<byte> Body)> GetAsync(string pathAndQuery, CancellationToken ct);
}

/// <summary>.NET's own client (SocketsHttpHandler, keep-alive, no cookies): the reference, at about 30 µs of CPU per request.</summary>
internal sealed class HttpClientEngine(HttpMessageInvoker invoker, Uri baseAddress, AuthenticationHeaderValue? auth) : IEngine
{
    private byte[] buffer = new byte[64 * 1024];

    public async ValueTask<(int Status, ReadOnlyMemory<byte> Body)> GetAsync(string pathAndQuery, CancellationToken ct)
    {
        using var req = new HttpRequestMessage(HttpMethod.Get, new Uri(baseAddress, pathAndQuery));
        req.Headers.Authorization = auth;
        using var resp = await invoker.SendAsync(req, ct);
        await using var stream = await resp.Content.ReadAsStreamAsync(ct);
        var length = 0;
        while (true)
        {
            if (length == buffer.Length) Array.Resize(ref buffer, buffer.Length * 2);
            var n = await stream.ReadAsync(buffer.AsMemory(length), ct);
            if (n == 0) break;
            length += n;
        }
        return ((int)resp.StatusCode, buffer.AsMemory(0, length));
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary>
/// A minimal HTTP/1.1 client on one keep-alive socket, like wrk: the request is written as bytes into a reused buffer,
/// the response parsed in place (status line, Content-Length or chunked, Connection: close). Nothing is allocated per
/// request but the path string. GET only; answers with a body are expected to be framed by length or chunks.
/// </summary>
internal sealed class RawEngine(Uri baseAddress, string? token) : IEngine
{
    private readonly byte[] prefix = Encoding.ASCII.GetBytes("GET ");
    private readonly byte[] suffix = Encoding.ASCII.GetBytes(
        $" HTTP/1.1\r\nHost: {baseAddress.Authority}\r\nAccept: application/json\r\n" + (token is null ? "" : $"Authorization: Bearer {token}\r\n") + "\r\n");
    private byte[] request = new byte[4096];
    private byte[] scratch = new byte[4096];
    private byte[] input = new byte[64 * 1024];   // raw bytes from the socket
    private byte[] body = new byte[64 * 1024];    // the de-chunked body
    private int start, end;                       // unread bytes of input
    private Socket? socket;

    public async ValueTask<(int Status, ReadOnlyMemory<byte> Body)> GetAsync(string pathAndQuery, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var fresh = socket is null;
            socket ??= await ConnectAsync(ct);
            try
            {
                await SendAsync(pathAndQuery, ct);
                return await ReceiveAsync(ct);
            }
            catch (Exception e) when ((e is SocketException or IOException) && !fresh && attempt == 0)
            {
                Close(); // the server closed an idle keep-alive connection: one retry on a new one
            }
            catch
            {
                Close();
                throw;
            }
        }
    }

    private async Task<Socket> ConnectAsync(CancellationToken ct)
    {
        var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await s.ConnectAsync(new DnsEndPoint(baseAddress.Host, baseAddress.Port), ct);
        start = end = 0;
        return s;
    }

    private async ValueTask SendAsync(string path, CancellationToken ct)
    {
        var need = prefix.Length + path.Length * 9 + suffix.Length;
        if (request.Length < need) request = new byte[need * 2];
        var n = 0;
        prefix.CopyTo(request, 0);
        n += prefix.Length;
        if (scratch.Length < path.Length * 3) scratch = new byte[path.Length * 6];
        var utf8 = Encoding.UTF8.GetBytes(path, scratch);
        foreach (var b in scratch.AsSpan(0, utf8)) // percent-encode what is not printable ASCII
        {
            if (b > 0x20 && b < 0x7F) request[n++] = b;
            else
            {
                request[n++] = (byte)'%';
                request[n++] = (byte)"0123456789ABCDEF"[b >> 4];
                request[n++] = (byte)"0123456789ABCDEF"[b & 15];
            }
        }
        suffix.CopyTo(request, n);
        n += suffix.Length;
        var sent = 0;
        while (sent < n) sent += await socket!.SendAsync(request.AsMemory(sent, n - sent), SocketFlags.None, ct);
    }

    private async ValueTask<(int Status, ReadOnlyMemory<byte> Body)> ReceiveAsync(CancellationToken ct)
    {
        // Headers
        int headerEnd;
        while ((headerEnd = input.AsSpan(start, end - start).IndexOf("\r\n\r\n"u8)) < 0) await FillAsync(ct);
        var headers = input.AsSpan(start, headerEnd);
        start += headerEnd + 4;
        if (headers.Length < 12 || !Utf8Parser.TryParse(headers.Slice(9, 3), out int status, out _))
            throw new IOException("not an HTTP/1.1 response: " + Encoding.ASCII.GetString(headers[..Math.Min(headers.Length, 60)]));
        long contentLength = -1;
        bool chunked = false, close = false;
        foreach (var range in headers.Split("\r\n"u8))
        {
            var line = headers[range];
            var colon = line.IndexOf((byte)':');
            if (colon < 0) continue;
            var name = line[..colon];
            var value = line[(colon + 1)..].Trim((byte)' ');
            if (Ascii.EqualsIgnoreCase(name, "content-length"u8)) Utf8Parser.TryParse(value, out contentLength, out _);
            else if (Ascii.EqualsIgnoreCase(name, "transfer-encoding"u8)) chunked = value.IndexOf("chunked"u8) >= 0;
            else if (Ascii.EqualsIgnoreCase(name, "connection"u8)) close = Ascii.EqualsIgnoreCase(value, "close"u8);
        }

        var length = 0;
        if (status is 204 or 304 || (status >= 100 && status < 200)) { }
        else if (chunked)
        {
            while (true)
            {
                int lineEnd;
                while ((lineEnd = input.AsSpan(start, end - start).IndexOf("\r\n"u8)) < 0) await FillAsync(ct);
                var sizeText = input.AsSpan(start, lineEnd);
                var semi = sizeText.IndexOf((byte)';');
                if (semi >= 0) sizeText = sizeText[..semi];
                if (!Utf8Parser.TryParse(sizeText, out int size, out _, 'x')) throw new IOException("bad chunk size");
                start += lineEnd + 2;
                if (size == 0)
                {
                    // Trailers (none expected) end with an empty line.
                    while ((lineEnd = input.AsSpan(start, end - start).IndexOf("\r\n"u8)) != 0)
                    {
                        if (lineEnd > 0) start += lineEnd + 2;
                        else await FillAsync(ct);
                    }
                    start += 2;
                    break;
                }
                await CopyBodyAsync(size, length, ct);
                length += size;
                while (end - start < 2) await FillAsync(ct);
                start += 2; // CRLF after the chunk
            }
        }
        else if (contentLength >= 0)
        {
            await CopyBodyAsync((int)contentLength, 0, ct);
            length = (int)contentLength;
        }
        else
        {
            // Neither: the body runs to the end of the connection.
            try { while (true) await FillAsync(ct); }
            catch (EndOfStreamException) { }
            length = end - start;
            await CopyBodyAsync(length, 0, ct);
            close = true;
        }
        if (close) Close();
        return (status, body.AsMemory(0, length));
    }

    /// <summary>Moves <paramref name="count"/> body bytes from the input to the body buffer at <paramref name="at"/>.</summary>
    private async ValueTask CopyBodyAsync(int count, int at, CancellationToken ct)
    {
        if (body.Length < at + count) Array.Resize(ref body, Math.Max(body.Length * 2, at + count));
        while (count > 0)
        {
            if (end == start) await FillAsync(ct);
            var n = Math.Min(count, end - start);
            input.AsSpan(start, n).CopyTo(body.AsSpan(at));
            start += n;
            at += n;
            count -= n;
        }
    }

    private async ValueTask FillAsync(CancellationToken ct)
    {
        if (start > 0 && start == end) start = end = 0;
        if (end == input.Length)
        {
            if (start > 0)
            {
                input.AsSpan(start, end - start).CopyTo(input);
                end -= start;
                start = 0;
            }
            else Array.Resize(ref input, input.Length * 2);
        }
        var n = await socket!.ReceiveAsync(input.AsMemory(end), SocketFlags.None, ct);
        if (n == 0) throw new EndOfStreamException("the server closed the connection");
        end += n;
    }

    private void Close()
    {
        socket?.Dispose();
        socket = null;
        start = end = 0;
    }

    public ValueTask DisposeAsync()
    {
        Close();
        return ValueTask.CompletedTask;
    }
}
