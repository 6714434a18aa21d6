using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Nereid.Server.Ledger;

/// <summary>
/// What one finished Slurm job used, read from a slurmdbd job record (dbv0.0.38): allocated TRES × elapsed time, as
/// CPU-hours, GPU-hours and memory-GiB-hours, attributed to the job's account (the namespace) and user (the POSIX name).
/// </summary>
internal sealed record SlurmJobUsage(string SourceKey, string Account, string User, string GpuType, DateTime Ended,
    double CpuHours, double GpuHours, double MemoryGibHours)
{
    private static readonly HashSet<string> Unfinished = new(StringComparer.Ordinal) { "PENDING", "RUNNING", "REQUEUED", "RESIZING", "SUSPENDED" };

    /// <summary>The job's usage, or null while it has not finished (or never ran and so used nothing).</summary>
    public static SlurmJobUsage? Read(string cluster, JsonNode job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var state = Str(job["state"]?["current"]);
        var time = job["time"];
        var end = Long(time?["end"]);
        if (Unfinished.Contains(state) || end <= 0)
            return null;
        var elapsedHours = Long(time?["elapsed"]) / 3600.0;
        long cpus = 0, memMb = 0, gpus = 0, typedGpus = 0;
        var gpuType = "";
        foreach (var tres in job["tres"]?["allocated"]?.AsArray() ?? [])
        {
            var (type, name, count) = (Str(tres!["type"]), Str(tres["name"]), Long(tres["count"]));
            switch (type)
            {
                case "cpu": cpus = count; break;
                case "mem": memMb = count; break;
                case "gres" when name == "gpu": gpus = count; break;
                case "gres" when name.StartsWith("gpu:", StringComparison.Ordinal):
                    typedGpus += count;
                    gpuType = name["gpu:".Length..];
                    break;
            }
        }
        // Slurm accounts a typed request under both gres/gpu and gres/gpu:<type>: count the untyped total once.
        gpus = Math.Max(gpus, typedGpus);
        var key = string.Create(CultureInfo.InvariantCulture, $"slurm/{cluster}/{Long(job["job_id"])}/{Long(time?["submission"])}");
        return new SlurmJobUsage(key, Str(job["account"]), Str(job["user"]), gpus > 0 ? gpuType : "",
            DateTimeOffset.FromUnixTimeSeconds(end).UtcDateTime, cpus * elapsedHours, gpus * elapsedHours, memMb / 1024.0 * elapsedHours);
    }

    private static string Str(JsonNode? node) => node?.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : "";

    private static long Long(JsonNode? node) => node?.GetValueKind() == JsonValueKind.Number ? node.GetValue<long>() : 0;
}
