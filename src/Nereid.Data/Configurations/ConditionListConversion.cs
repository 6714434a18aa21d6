using System.Text.Json;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nereid.Domain.Clusters;

namespace Nereid.Data.Configurations;

/// <summary>Stores a namespace's conditions as one JSON text column; the same shape on SQLite and PostgreSQL.</summary>
internal static class ConditionListConversion
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static readonly ValueComparer<List<NamespaceCondition>> Comparer = new(
        (a, b) => (a ?? new()).SequenceEqual(b ?? new()),
        v => v.Aggregate(0, (h, c) => HashCode.Combine(h, c.GetHashCode())),
        v => v.ToList());

    /// <summary>The column's text for <paramref name="conditions"/> (also what a raw upsert sends).</summary>
    public static string Serialize(List<NamespaceCondition> conditions) => JsonSerializer.Serialize(conditions, Json);

    public static PropertyBuilder<List<NamespaceCondition>> AsJsonConditions(this PropertyBuilder<List<NamespaceCondition>> property) =>
        property.HasConversion(
                v => Serialize(v),
                v => JsonSerializer.Deserialize<List<NamespaceCondition>>(v, Json) ?? new List<NamespaceCondition>(),
                Comparer)
            .IsRequired();
}
