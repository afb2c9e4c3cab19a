namespace Shuzhi.Platform.Common;

/// <summary>
/// A clock fixed at a configured instant (Shuzhi__Clock__Now), for demonstrations and acceptance tests.
/// It can be moved forward (tests of overdue detection). Never used in Production.
/// </summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    private DateTimeOffset now = now.ToUniversalTime();
    public override DateTimeOffset GetUtcNow() => now;
    public void Set(DateTimeOffset instant) => now = instant.ToUniversalTime();
    public void Advance(TimeSpan by) => now += by;
}
