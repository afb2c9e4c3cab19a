using Shuzhi.Core.Datasets;

namespace Shuzhi.Core.Tests.Datasets;

public sealed class KeyedHasherConcurrencyTests
{
    [Fact]
    public void One_hasher_shared_by_many_threads_gives_each_value_its_own_hash()
    {
        var hasher = new KeyedHasher("platform-secret-key-0123456789"u8);
        var values = Enumerable.Range(0, 2000).Select(i => $"52010219800101{i:D4}").ToArray();
        var expected = values.Select(v => new KeyedHasher("platform-secret-key-0123456789"u8).Hash(v)).ToArray();
        var actual = new string[values.Length];
        Parallel.For(0, values.Length * 20, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var k = i % values.Length;
            actual[k] = hasher.Hash(values[k]);
            Assert.Equal(expected[k], actual[k]);
        });
        Assert.Equal(expected, actual);
    }
}
