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
}
