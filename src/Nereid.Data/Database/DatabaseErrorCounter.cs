using System.Data.Common;
using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Nereid.Data.Database;

/// <summary>Counts failed database commands (<c>nereid.db.errors</c>) so operators see database trouble on /metrics.</summary>
internal sealed class DatabaseErrorCounter : DbCommandInterceptor
{
    private static readonly Meter Meter = new("Nereid.Data");
    private static readonly Counter<long> Errors = Meter.CreateCounter<long>("nereid.db.errors", description: "Database commands that failed.");

    public static readonly DatabaseErrorCounter Instance = new();

    public override void CommandFailed(DbCommand command, CommandErrorEventData eventData) =>
        Errors.Add(1, new KeyValuePair<string, object?>("provider", eventData.Context?.Database.ProviderName ?? "unknown"));

    public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        CommandFailed(command, eventData);
        return Task.CompletedTask;
    }
}
