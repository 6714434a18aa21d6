namespace Nereid.Domain.Usage;

/// <summary>Which engine ran the work a ledger record accounts for.</summary>
public enum LedgerEngine
{
    Kubernetes,
    Slurm,
}

/// <summary>
/// One accounted piece of work in the usage ledger: CPU-, GPU- and memory-hours of one namespace (a Slurm account), one
/// person and one GPU type on one day, from one engine. <see cref="SourceKey"/> names the source record (e.g. a Slurm job)
/// and is unique, so importing the same source again never counts it twice.
/// </summary>
public sealed class LedgerRecord
{
    public const int MaxSourceKeyLength = 200;

    private LedgerRecord()
    {
    }

    public Guid Id { get; private set; }
    public string SourceKey { get; private set; } = "";
    public LedgerEngine Engine { get; private set; }
    public string Namespace { get; private set; } = "";

    /// <summary>The person's POSIX user name (Slurm) or empty when the engine does not say who (Kubernetes samples).</summary>
    public string Person { get; private set; } = "";

    /// <summary>The namespace's institution at import, so institution reports survive metadata edits.</summary>
    public string Institution { get; private set; } = "";

    /// <summary>Empty when no GPU was used or the engine did not name its type.</summary>
    public string GpuType { get; private set; } = "";

    /// <summary>The UTC day the work ended (Slurm) or was sampled (Kubernetes), at midnight.</summary>
    public DateTime Day { get; private set; }
    public double CpuHours { get; private set; }
    public double GpuHours { get; private set; }
    public double MemoryGibHours { get; private set; }

    public static LedgerRecord Create(string sourceKey, LedgerEngine engine, string ns, string person, string institution, string gpuType,
        DateTime day, double cpuHours, double gpuHours, double memoryGibHours)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourceKey);
        ArgumentException.ThrowIfNullOrEmpty(ns);
        if (sourceKey.Length > MaxSourceKeyLength)
            throw new ArgumentException($"Source key longer than {MaxSourceKeyLength} characters.", nameof(sourceKey));
        ArgumentOutOfRangeException.ThrowIfNegative(cpuHours);
        ArgumentOutOfRangeException.ThrowIfNegative(gpuHours);
        ArgumentOutOfRangeException.ThrowIfNegative(memoryGibHours);
        return new LedgerRecord
        {
            Id = Guid.NewGuid(), SourceKey = sourceKey, Engine = engine, Namespace = ns, Person = person, Institution = institution,
            GpuType = gpuType, Day = DateTime.SpecifyKind(day.Date, DateTimeKind.Utc), CpuHours = cpuHours, GpuHours = gpuHours,
            MemoryGibHours = memoryGibHours,
        };
    }
}

/// <summary>How far an incremental import into the ledger has read one source (e.g. one Slurm cluster's finished jobs).</summary>
public sealed class LedgerCursor
{
    private LedgerCursor()
    {
    }

    public string Source { get; private set; } = "";

    /// <summary>The end of the last imported window; the next window starts a little before it so late records are seen.</summary>
    public DateTime Position { get; private set; }

    public static LedgerCursor Start(string source, DateTime position) => new() { Source = source, Position = position };

    public void MoveTo(DateTime position)
    {
        if (position > Position)
            Position = position;
    }
}
