using System.Text;
using Org.BouncyCastle.Crypto.Digests;

namespace Shuzhi.Core.Evidence;

/// <summary>SM3 (GB/T 32905-2016) via BouncyCastle.</summary>
public static class Sm3
{
    public static byte[] Hash(ReadOnlySpan<byte> data)
    {
        var d = new SM3Digest();
        d.BlockUpdate(data);
        var result = new byte[d.GetDigestSize()];
        d.DoFinal(result, 0);
        return result;
    }

    public static string HashHex(string text) => Convert.ToHexStringLower(Hash(Encoding.UTF8.GetBytes(text)));
    public static string HashHex(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(Hash(data));
}
