namespace Nereid.TestSupport.Tests;

/// <summary>xunit 2 has no per-test cancellation token; this bounds a hung harness instead of hanging the run.</summary>
internal static class TestTimeout
{
    /// <summary>A token cancelled after two minutes — a safety net, not a speed assertion.</summary>
    public static CancellationToken Token => new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token;
}
