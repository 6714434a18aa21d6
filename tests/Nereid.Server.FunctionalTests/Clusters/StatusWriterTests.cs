using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nereid.Data;
using Nereid.Domain.Clusters;
using Nereid.Server.Clusters;
using Nereid.Server.FunctionalTests.Infrastructure;

namespace Nereid.Server.FunctionalTests.Clusters;

/// <summary>Conditions stored through M0007's column, on SQLite and PostgreSQL alike.</summary>
public sealed class StatusWriterTests
{
    private static IReadOnlyList<NamespaceCondition> Conditions(PassOutcome outcome, int generation, DateTime at) =>
        NamespaceConditions.Compute(generation, new ObservedSummary(5, 0, 0, 0), new PassReport(outcome, "detail"), [], at);

    [Fact]
    public async Task FlushAsync_AfterRestartWithSameStatus_KeepsStoredTransitionTime()
    {
        using var app = new NereidAppFactory();
        var scopes = app.Services.GetRequiredService<IServiceScopeFactory>();
        var first = new DateTime(2026, 12, 1, 8, 0, 0, DateTimeKind.Utc);
        var later = first.AddHours(5);
        var before = new StatusWriter(scopes);
        before.Enqueue(new StatusUpdate("west", "proj-sw", Conditions(PassOutcome.Applied, 1, first), first, 1));
        await before.FlushAsync(default);

        // A new writer (a restarted replica) knows nothing in memory; the stored row keeps Ready's transition time.
        var after = new StatusWriter(scopes);
        after.Enqueue(new StatusUpdate("west", "proj-sw", Conditions(PassOutcome.Applied, 2, later), later, 2));
        await after.FlushAsync(default);

        await using var scope = app.Services.CreateAsyncScope();
        var row = await scope.ServiceProvider.GetRequiredService<NereidDbContext>().Set<NamespaceClusterStatus>().AsNoTracking()
            .SingleAsync(s => s.Cluster == "west" && s.Namespace == "proj-sw");
        row.Condition.ShouldBe(ClusterCondition.Ready);
        row.ObservedVersion.ShouldBe(2);
        row.Conditions.Select(c => (c.Type, c.Status, c.LastTransitionTime, c.ObservedGeneration)).ShouldBe([
            (NamespaceConditionTypes.Ready, ConditionStatus.True, first, 2),
            (NamespaceConditionTypes.Progressing, ConditionStatus.False, first, 2),
            (NamespaceConditionTypes.Degraded, ConditionStatus.False, first, 2),
        ]);
    }

    [Fact]
    public async Task FlushAsync_StatusFlips_StoresSummaryAndNewTransitionTime()
    {
        using var app = new NereidAppFactory();
        var scopes = app.Services.GetRequiredService<IServiceScopeFactory>();
        var first = new DateTime(2026, 12, 1, 8, 0, 0, DateTimeKind.Utc);
        var writer = new StatusWriter(scopes);
        writer.Enqueue(new StatusUpdate("west", "proj-flip", Conditions(PassOutcome.Applied, 1, first), first, 1));
        await writer.FlushAsync(default);

        writer.Enqueue(new StatusUpdate("west", "proj-flip", Conditions(PassOutcome.InvalidInput, 2, first.AddHours(1)), first.AddHours(1), 2));
        await writer.FlushAsync(default);

        await using var scope = app.Services.CreateAsyncScope();
        var row = await scope.ServiceProvider.GetRequiredService<NereidDbContext>().Set<NamespaceClusterStatus>().AsNoTracking()
            .SingleAsync(s => s.Cluster == "west" && s.Namespace == "proj-flip");
        (row.Condition, row.Reason, row.Message).ShouldBe((ClusterCondition.Degraded, "InvalidInput", "detail"));
        row.Conditions.Single(c => c.Type == NamespaceConditionTypes.Degraded).LastTransitionTime.ShouldBe(first.AddHours(1));
        row.Conditions.Single(c => c.Type == NamespaceConditionTypes.Progressing).LastTransitionTime.ShouldBe(first);
    }

    [Fact]
    public async Task FlushAsync_MoreRowsThanOneStatement_InsertsThenUpdatesInPlaceAndRemoves()
    {
        using var app = new NereidAppFactory();
        var scopes = app.Services.GetRequiredService<IServiceScopeFactory>();
        var first = new DateTime(2026, 12, 1, 8, 0, 0, DateTimeKind.Utc);
        var writer = new StatusWriter(scopes);
        var names = Enumerable.Range(0, 1203).Select(i => $"bulk-{i:D4}").ToList();
        foreach (var name in names)
        {
            writer.Enqueue(new StatusUpdate("bulk", name, Conditions(PassOutcome.Applied, 1, first), first, 1));
        }
        await writer.FlushAsync(default);
        var ids = await IdsAsync(app);

        // Every row again with a new version, one of them removed: rows keep their ids, the removed one is gone.
        foreach (var name in names.Skip(1))
        {
            writer.Enqueue(new StatusUpdate("bulk", name, Conditions(PassOutcome.Applied, 2, first.AddMinutes(5)), first.AddMinutes(5), 2));
        }
        writer.Enqueue(new StatusUpdate("bulk", names[0], [], first.AddMinutes(5), 2, Remove: true));
        await writer.FlushAsync(default);

        ids.Count.ShouldBe(1203);
        await using var scope = app.Services.CreateAsyncScope();
        var rows = await scope.ServiceProvider.GetRequiredService<NereidDbContext>().Set<NamespaceClusterStatus>().AsNoTracking()
            .Where(s => s.Cluster == "bulk").ToListAsync();
        rows.Count.ShouldBe(1202);
        rows.ShouldNotContain(r => r.Namespace == names[0]);
        rows.ShouldAllBe(r => r.ObservedVersion == 2 && r.UpdatedAt == first.AddMinutes(5) && r.Condition == ClusterCondition.Ready);
        rows.ShouldAllBe(r => ids[r.Namespace] == r.Id);
        rows.ShouldAllBe(r => r.Conditions.Single(c => c.Type == NamespaceConditionTypes.Ready).LastTransitionTime == first);
    }

    private static async Task<Dictionary<string, Guid>> IdsAsync(NereidAppFactory app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<NereidDbContext>().Set<NamespaceClusterStatus>().AsNoTracking()
            .Where(s => s.Cluster == "bulk").ToDictionaryAsync(s => s.Namespace, s => s.Id);
    }
}
