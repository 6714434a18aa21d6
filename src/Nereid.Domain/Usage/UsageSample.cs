namespace Nereid.Domain.Usage;

/// <summary>
/// What one namespace requested on one cluster during one sampling bucket. A bucket has one row with
/// <see cref="GpuType"/> empty (CPU, memory) plus one row per GPU type in use (GPUs only), so summing every row of a bucket
/// gives the namespace's totals. (Namespace, Cluster, BucketStart, GpuType) is unique, which makes sampling idempotent.
/// </summary>
public sealed class UsageSample
{
    public const int MaxGpuTypeLength = 200;

    public Guid Id { get; set; } = Guid.NewGuid();
    public string Namespace { get; set; } = "";

    /// <summary>The namespace's institution when sampled, so institution reports survive metadata edits.</summary>
    public string Institution { get; set; } = "";
    public string Cluster { get; set; } = "";

    /// <summary>Empty on the CPU/memory row; the GFD product (or resource name) on GPU rows.</summary>
    public string GpuType { get; set; } = "";

    /// <summary>UTC start of the bucket (sample time rounded down to the interval).</summary>
    public DateTime BucketStart { get; set; }
    public int IntervalSeconds { get; set; }
    public double CpuCores { get; set; }
    public long MemoryBytes { get; set; }
    public double Gpus { get; set; }

    /// <summary>Cores × interval in hours.</summary>
    public double CpuCoreHours { get; set; }

    /// <summary>GiB × interval in hours.</summary>
    public double MemoryGiBHours { get; set; }

    /// <summary>GPUs × interval in hours.</summary>
    public double GpuHours { get; set; }
}
