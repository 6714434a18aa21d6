using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Nereid.Data.Configurations;
using Nereid.Domain.Clusters;

namespace Nereid.Data.Clusters;

/// <summary>
/// Stores reconciler status rows with one multi-row <c>INSERT … ON CONFLICT (Cluster, Namespace) DO UPDATE</c> per
/// batch, which SQLite and PostgreSQL both run. Every pass of every namespace writes its row, and through change
/// tracking each row cost a tracked entity, ten column modifications and a statement of its own: the largest part of
/// the reconciler's own CPU in a cold pass. Values go in as parameters with the provider's default mappings, which are
/// the ones the columns use (TEXT Guid and timestamps on SQLite, uuid and timestamptz on PostgreSQL).
/// </summary>
public static class NamespaceStatusUpsert
{
    private const int Columns = 10;

    /// <summary>
    /// Rows per statement. Microsoft.Data.Sqlite binds each parameter by name, and SQLite finds a name by a linear scan
    /// of the statement's parameters, so binding grows with the square of their number: 500 rows (5,000 parameters)
    /// took longer than tracking the entities; 50 rows bind in a fraction of a millisecond.
    /// </summary>
    public const int MaxRows = 50;

    /// <summary>Inserts <paramref name="rows"/>, or updates the stored row of the same cluster and namespace (its Id kept).</summary>
    public static async Task UpsertNamespaceStatusAsync(this NereidDbContext db, IReadOnlyList<NamespaceClusterStatus> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(rows);
        for (var start = 0; start < rows.Count; start += MaxRows)
        {
            var count = Math.Min(MaxRows, rows.Count - start);
            var parameters = new object[count * Columns];
            for (var i = 0; i < count; i++)
            {
                var row = rows[start + i];
                var p = i * Columns;
                parameters[p] = row.Id;
                parameters[p + 1] = row.Cluster;
                parameters[p + 2] = row.Namespace;
                parameters[p + 3] = row.Condition.ToString();
                parameters[p + 4] = row.Reason;
                parameters[p + 5] = row.Message;
                parameters[p + 6] = row.LastSyncedAt is { } synced ? Utc(synced) : DBNull.Value;
                parameters[p + 7] = row.ObservedVersion;
                parameters[p + 8] = Utc(row.UpdatedAt);
                parameters[p + 9] = ConditionListConversion.Serialize(row.Conditions);
            }
            await db.Database.ExecuteSqlRawAsync(count == MaxRows ? FullBatch : Statement(count), parameters, cancellationToken);
        }
    }

    // Every batch but the last has the same text, so it is written once.
    private static readonly string FullBatch = Statement(MaxRows);

    /// <summary>The statement for <paramref name="rows"/> rows, their values as placeholders <c>{0}</c>, <c>{1}</c>, … in column order.</summary>
    private static string Statement(int rows)
    {
        var sql = new StringBuilder(
            "INSERT INTO \"namespace_cluster_status\" (\"Id\", \"Cluster\", \"Namespace\", \"Condition\", \"Reason\", \"Message\", " +
            "\"LastSyncedAt\", \"ObservedVersion\", \"UpdatedAt\", \"Conditions\") VALUES ");
        for (var i = 0; i < rows; i++)
        {
            sql.Append(i == 0 ? "(" : ", (");
            for (var c = 0; c < Columns; c++)
            {
                sql.Append(c == 0 ? "{" : ", {").Append((i * Columns + c).ToString(CultureInfo.InvariantCulture)).Append('}');
            }
            sql.Append(')');
        }
        sql.Append(" ON CONFLICT (\"Cluster\", \"Namespace\") DO UPDATE SET \"Condition\" = excluded.\"Condition\", " +
            "\"Reason\" = excluded.\"Reason\", \"Message\" = excluded.\"Message\", \"LastSyncedAt\" = excluded.\"LastSyncedAt\", " +
            "\"ObservedVersion\" = excluded.\"ObservedVersion\", \"UpdatedAt\" = excluded.\"UpdatedAt\", \"Conditions\" = excluded.\"Conditions\"");
        return sql.ToString();
    }

    // The columns hold UTC; PostgreSQL's timestamptz refuses a DateTime of another kind.
    private static DateTime Utc(DateTime value) => value.Kind == DateTimeKind.Utc ? value : DateTime.SpecifyKind(value, DateTimeKind.Utc);
}
