using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nereid.Data;
using Nereid.Domain.Errors;
using Nereid.Domain.Usage;
using Nereid.Server.Auth;
using Nereid.Server.Namespaces;

namespace Nereid.Server.Resources;

/// <summary>Usage series per namespace and per institution, from <see cref="UsageSample"/> rows.</summary>
internal sealed class UsageQueries(NereidDbContext db, TimeProvider time, IOptions<UsageOptions> options)
{
    private const int MaxPoints = 2000;

    /// <summary>Members, namespace admins and platform admins. Defaults: the last 7 days in 1-hour steps.</summary>
    public async Task<UsageSeries> NamespaceAsync(Actor actor, string name, DateTimeOffset? from, DateTimeOffset? to, TimeSpan? step, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await ResourcesQueries.RequireMemberAsync(db, actor, name, ct);
        var (f, t, s) = Range(from, to, step);
        var rows = await db.Set<UsageSample>().AsNoTracking().Where(r => r.Namespace == name && r.BucketStart >= f && r.BucketStart < t).ToListAsync(ct);
        return Build("namespace", name, f, t, s, rows, time.GetUtcNow().UtcDateTime);
    }

    /// <summary>
    /// Platform admins, people of that institution, and admins of one of its namespaces (they report to it).
    /// Matches the institution exactly as namespaces record it.
    /// </summary>
    public async Task<UsageSeries> InstitutionAsync(Actor actor, string institution, DateTimeOffset? from, DateTimeOffset? to, TimeSpan? step, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(institution);
        if (!actor.IsPlatformAdmin && !await MayViewInstitutionAsync(actor, institution, ct))
            throw new ForbiddenException($"Only people of {institution}, admins of its namespaces and platform admins can see its usage.");
        var (f, t, s) = Range(from, to, step);
        var rows = await db.Set<UsageSample>().AsNoTracking().Where(r => r.Institution == institution && r.BucketStart >= f && r.BucketStart < t).ToListAsync(ct);
        return Build("institution", institution, f, t, s, rows, time.GetUtcNow().UtcDateTime);
    }

    private async Task<bool> MayViewInstitutionAsync(Actor actor, string institution, CancellationToken ct)
    {
        var own = await db.People.AsNoTracking().Where(p => p.Id == actor.PersonId).Select(p => p.Institution).FirstOrDefaultAsync(ct);
        if (!string.IsNullOrEmpty(own) && string.Equals(own.Trim(), institution.Trim(), StringComparison.OrdinalIgnoreCase))
            return true;
        return await db.AdminMembershipsOf(actor.PersonId).AnyAsync(m => m.Namespace!.Institution == institution, ct);
    }

    private (DateTime From, DateTime To, TimeSpan Step) Range(DateTimeOffset? from, DateTimeOffset? to, TimeSpan? step)
    {
        var t = (to ?? time.GetUtcNow()).UtcDateTime;
        var f = (from ?? t.AddDays(-7)).UtcDateTime;
        var s = step ?? TimeSpan.FromHours(1);
        var errors = new Dictionary<string, string[]>();
        if (f >= t)
            errors["from"] = ["from must be before to."];
        else if (t - f > options.Value.MaxQueryRange)
            errors["from"] = [$"The range may cover at most {options.Value.MaxQueryRange.TotalDays:0} days."];
        if (s < TimeSpan.FromMinutes(1))
            errors["step"] = ["step must be at least one minute (e.g. 3600 or 1h)."];
        else if (f < t && (t - f) / s > MaxPoints)
            errors["step"] = [$"The range holds more than {MaxPoints} steps; choose a longer step."];
        if (errors.Count > 0)
            throw new ValidationFailedException(errors);
        return (f, t, s);
    }

    internal static UsageSeries Build(string kind, string subject, DateTime from, DateTime to, TimeSpan step, IReadOnlyCollection<UsageSample> rows, DateTime now)
    {
        var count = (int)Math.Ceiling((to - from) / step);
        var points = new List<UsagePoint>(count);
        var byStep = rows.ToLookup(r => (int)((r.BucketStart - from) / step));
        for (var i = 0; i < count; i++)
        {
            var inStep = byStep[i].ToList();
            var stepHours = CoveredHours(from + (step * i), step, inStep, now);
            var byType = inStep.Where(r => r.GpuType.Length > 0).GroupBy(r => r.GpuType, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => Average(g.Sum(r => r.GpuHours), stepHours), StringComparer.Ordinal);
            points.Add(new UsagePoint(from + (step * i), Average(inStep.Sum(r => r.CpuCoreHours), stepHours),
                Average(inStep.Sum(r => r.MemoryGiBHours), stepHours) * (1L << 30), Average(inStep.Sum(r => r.GpuHours), stepHours), byType));
        }
        var totals = new UsageTotals(rows.Sum(r => r.CpuCoreHours), rows.Sum(r => r.MemoryGiBHours), rows.Sum(r => r.GpuHours),
            rows.Where(r => r.GpuType.Length > 0).GroupBy(r => r.GpuType, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(r => r.GpuHours), StringComparer.Ordinal));
        return new UsageSeries(kind, subject, from, to, (int)step.TotalSeconds, points, totals);
    }

    /// <summary>
    /// The hours a step's average is taken over: the whole step once it has ended; for the step still in progress, only the
    /// part its samples cover (up to the end of the newest one). Dividing a half-sampled step by its full length drew a
    /// namespace holding 4 GPUs at 1.3 while the table beside the plot said 4.
    /// </summary>
    internal static double CoveredHours(DateTime stepStart, TimeSpan step, IReadOnlyCollection<UsageSample> inStep, DateTime now)
    {
        if (stepStart + step <= now || inStep.Count == 0)
            return step.TotalHours;
        var covered = inStep.Max(r => r.BucketStart.AddSeconds(r.IntervalSeconds)) - stepStart;
        return Math.Clamp(covered.TotalHours, 0, step.TotalHours);
    }

    private static double Average(double hours, double overHours) => overHours <= 0 ? 0 : hours / overHours;
}
