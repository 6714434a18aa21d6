using System.Numerics;

namespace Nereid.Bench.Load;

/// <summary>
/// A log-linear latency histogram in microseconds (HDR-style: 128 linear sub-buckets per power of two, so any
/// recorded value is reported within 1 %). Not thread-safe: give each worker its own and <see cref="Merge"/> them.
/// </summary>
public sealed class LatencyHistogram
{
    private const int SubBuckets = 128;
    private const int SubBucketBits = 7;
    private const int Exponents = 40; // covers up to ~2^46 µs, far beyond any request
    private readonly long[] _counts = new long[SubBuckets + (Exponents * SubBuckets)];
    private long _sum;

    /// <summary>Number of recorded values.</summary>
    public long Count { get; private set; }

    /// <summary>Largest recorded value in microseconds (exact).</summary>
    public long MaxMicroseconds { get; private set; }

    /// <summary>Mean in milliseconds (exact), 0 when empty.</summary>
    public double MeanMilliseconds => Count == 0 ? 0 : _sum / (double)Count / 1000.0;

    /// <summary>Records one latency.</summary>
    public void Record(TimeSpan latency)
    {
        var micros = Math.Max(0, latency.Ticks / TimeSpan.TicksPerMicrosecond);
        _counts[IndexOf(micros)]++;
        _sum += micros;
        Count++;
        MaxMicroseconds = Math.Max(MaxMicroseconds, micros);
    }

    /// <summary>Adds every value recorded by <paramref name="other"/>.</summary>
    public void Merge(LatencyHistogram other)
    {
        ArgumentNullException.ThrowIfNull(other);
        for (var i = 0; i < _counts.Length; i++)
        {
            _counts[i] += other._counts[i];
        }

        _sum += other._sum;
        Count += other.Count;
        MaxMicroseconds = Math.Max(MaxMicroseconds, other.MaxMicroseconds);
    }

    /// <summary>The latency in milliseconds below which <paramref name="percentile"/> % of values fall (nearest rank); 0 when empty.</summary>
    public double PercentileMilliseconds(double percentile)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(percentile, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percentile, 100);
        if (Count == 0)
        {
            return 0;
        }

        var rank = Math.Max(1, (long)Math.Ceiling(percentile / 100 * Count));
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                // Report the bucket's midpoint, capped by the exact maximum.
                return Math.Min(Midpoint(i), MaxMicroseconds) / 1000.0;
            }
        }

        return MaxMicroseconds / 1000.0;
    }

    private static int IndexOf(long micros)
    {
        if (micros < SubBuckets)
        {
            return (int)micros;
        }

        // Shift so the value lands in [128, 256): its top 8 bits pick the sub-bucket.
        var shift = BitOperations.Log2((ulong)micros) - SubBucketBits;
        var sub = (int)(micros >> shift) - SubBuckets;
        return Math.Min(SubBuckets + (shift * SubBuckets) + sub, (SubBuckets + (Exponents * SubBuckets)) - 1);
    }

    private static double Midpoint(int index)
    {
        if (index < SubBuckets)
        {
            return index;
        }

        var shift = (index - SubBuckets) / SubBuckets;
        var sub = (index - SubBuckets) % SubBuckets;
        var lower = (long)(SubBuckets + sub) << shift;
        var width = 1L << shift;
        return lower + ((width - 1) / 2.0);
    }
}
