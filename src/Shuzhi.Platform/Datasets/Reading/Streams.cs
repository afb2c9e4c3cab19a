namespace Shuzhi.Platform.Datasets.Reading;

/// <summary>Read-only pass-through that counts the bytes taken from the underlying stream (progress).</summary>
internal sealed class CountingStream(Stream inner, bool leaveOpen) : Stream
{
    public long Count { get; private set; }
    public Stream Inner => inner;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = inner.Read(buffer);
        Count += n;
        return n;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => Count; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !leaveOpen) inner.Dispose();
        base.Dispose(disposing);
    }
}

/// <summary>Replays a sniffed prefix, then continues with the rest of the stream (works on non-seekable uploads).</summary>
internal sealed class PrefixedStream(byte[] prefix, int offset, int count, Stream rest) : Stream
{
    private int pos = offset;
    private readonly int end = offset + count;

    public override int Read(byte[] buffer, int off, int cnt) => Read(buffer.AsSpan(off, cnt));

    public override int Read(Span<byte> buffer)
    {
        if (pos < end)
        {
            var n = Math.Min(buffer.Length, end - pos);
            prefix.AsSpan(pos, n).CopyTo(buffer);
            pos += n;
            return n;
        }
        return rest.Read(buffer);
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) rest.Dispose();
        base.Dispose(disposing);
    }
}

/// <summary>Counts invalid bytes met while decoding (each becomes U+FFFD) so a mis-detected encoding is reported, not hidden.</summary>
internal sealed class CountingDecoderFallback : System.Text.DecoderFallback
{
    public long Invalid;
    public override int MaxCharCount => 1;
    public override System.Text.DecoderFallbackBuffer CreateFallbackBuffer() => new Buffer(this);

    private sealed class Buffer(CountingDecoderFallback owner) : System.Text.DecoderFallbackBuffer
    {
        private int left;
        public override int Remaining => left;

        public override bool Fallback(byte[] bytesUnknown, int index)
        {
            owner.Invalid += 1;
            left = 1;
            return true;
        }

        public override char GetNextChar()
        {
            if (left == 0) return '\0';
            left = 0;
            return '\uFFFD';
        }

        public override bool MovePrevious()
        {
            if (left != 0) return false;
            left = 1;
            return true;
        }

        public override void Reset() => left = 0;
    }
}

internal static class StreamPrefix
{
    /// <summary>Reads up to <paramref name="size"/> bytes (fewer only at end of stream).</summary>
    public static int Fill(Stream s, byte[] buffer, int size)
    {
        var total = 0;
        while (total < size)
        {
            var n = s.Read(buffer, total, size - total);
            if (n == 0) break;
            total += n;
        }
        return total;
    }
}
