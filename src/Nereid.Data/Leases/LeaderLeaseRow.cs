namespace Nereid.Data.Leases;

/// <summary>
/// A leader-election lease kept in the database, for work that needs the database but no particular cluster (policy
/// scans). <see cref="Version"/> grows on every write, which makes each update a compare-and-swap.
/// </summary>
public sealed class LeaderLeaseRow
{
    /// <summary>Longest lease name.</summary>
    public const int MaxNameLength = 128;

    /// <summary>Longest holder identity.</summary>
    public const int MaxHolderLength = 256;

    public string Name { get; set; } = "";
    public string? Holder { get; set; }
    public int DurationSeconds { get; set; }
    public DateTime? AcquireTime { get; set; }
    public DateTime? RenewTime { get; set; }
    public int Transitions { get; set; }
    public long Version { get; set; }
}
