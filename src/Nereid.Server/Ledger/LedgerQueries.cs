using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Nereid.Data;
using Nereid.Domain.Errors;
using Nereid.Domain.Usage;
using Nereid.Server.Auth;
using Nereid.Server.Namespaces;

namespace Nereid.Server.Ledger;

/// <summary>One group of ledger records: the values of the grouped dimensions and the summed hours.</summary>
internal sealed record LedgerGroup(IReadOnlyDictionary<string, string> Keys, double CpuHours, double GpuHours, double MemoryGibHours);

/// <summary>
/// Reads the usage ledger for a person: platform admins see every namespace, everyone else only the namespaces they
/// belong to (asking for another namespace is refused, asking for none lists their own).
/// </summary>
internal sealed class LedgerQueries(NereidDbContext db)
{
    /// <summary>The dimensions <c>groupBy</c> accepts, in the order groups are keyed and sorted.</summary>
    public static readonly IReadOnlyList<string> Dimensions = ["namespace", "person", "institution", "gpuType", "engine", "day"];

    public async Task<IReadOnlyList<LedgerRow>> RecordsAsync(Actor actor, string? ns, string? from, string? to, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var (first, last) = (Day("from", from), Day("to", to));
        if (first is not null && last is not null && first > last)
            throw ValidationFailedException.For("to", "'to' must not be before 'from'.");
        var query = db.Set<LedgerRecord>().AsNoTracking();
        if (!string.IsNullOrEmpty(ns))
        {
            if (!actor.IsPlatformAdmin && !await MemberOfAsync(actor, ns, ct))
                throw new ForbiddenException($"Only members of namespace '{ns}' and platform admins see its usage.");
            query = query.Where(r => r.Namespace == ns);
        }
        else if (!actor.IsPlatformAdmin)
        {
            var mine = await db.EffectiveMemberships().Where(m => m.PersonId == actor.PersonId)
                .Join(db.Namespaces, m => m.NamespaceId, n => n.Id, (_, n) => n.Name).ToListAsync(ct);
            query = query.Where(r => mine.Contains(r.Namespace));
        }
        if (first is { } f)
            query = query.Where(r => r.Day >= f);
        if (last is { } l)
            query = query.Where(r => r.Day <= l);
        return [.. (await query.ToListAsync(ct)).Select(LedgerRow.From).OrderBy(r => r.Day).ThenBy(r => r.SourceKey, StringComparer.Ordinal)];
    }

    /// <summary>The dimensions named in a comma-separated <c>groupBy</c>, validated.</summary>
    public static IReadOnlyList<string> ParseGroupBy(string groupBy)
    {
        ArgumentNullException.ThrowIfNull(groupBy);
        var names = groupBy.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var unknown = names.Where(n => !Dimensions.Contains(n, StringComparer.Ordinal)).ToList();
        if (names.Length == 0 || unknown.Count > 0)
            throw ValidationFailedException.For("groupBy", "Group by one or more of " + string.Join(", ", Dimensions) + ".");
        return [.. Dimensions.Where(names.Contains)];
    }

    /// <summary>Sums rows per distinct value of the given dimensions.</summary>
    public static IReadOnlyList<LedgerGroup> Group(IEnumerable<LedgerRow> rows, IReadOnlyList<string> by) =>
        [.. rows.GroupBy(r => string.Join('\u001f', by.Select(d => Value(r, d))), StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new LedgerGroup(by.ToDictionary(d => d, d => Value(g.First(), d), StringComparer.Ordinal),
                g.Sum(r => r.CpuHours), g.Sum(r => r.GpuHours), g.Sum(r => r.MemoryGibHours)))];

    private static string Value(LedgerRow r, string dimension) => dimension switch
    {
        "namespace" => r.Namespace,
        "person" => r.Person,
        "institution" => r.Institution,
        "gpuType" => r.GpuType,
        "engine" => r.Engine,
        _ => r.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
    };

    private async Task<bool> MemberOfAsync(Actor actor, string ns, CancellationToken ct) =>
        await db.EffectiveMemberships().Where(m => m.PersonId == actor.PersonId)
            .Join(db.Namespaces, m => m.NamespaceId, n => n.Id, (_, n) => n.Name).AnyAsync(n => n == ns, ct);

    private static DateTime? Day(string field, string? value)
    {
        if (string.IsNullOrEmpty(value))
            return null;
        if (!DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            throw ValidationFailedException.For(field, "Use a date as yyyy-MM-dd.");
        return day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
    }
}
