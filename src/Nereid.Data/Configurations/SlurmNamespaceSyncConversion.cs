using System.Text.Json;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nereid.Domain.Slurm;

namespace Nereid.Data.Configurations;

/// <summary>Stores a Slurm cluster's out-of-sync namespaces as one JSON text column; the same shape on SQLite and PostgreSQL.</summary>
internal static class SlurmNamespaceSyncConversion
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static readonly ValueComparer<List<SlurmNamespaceSync>> Comparer = new(
        (a, b) => (a ?? new()).SequenceEqual(b ?? new()),
        v => v.Aggregate(0, (h, s) => HashCode.Combine(h, s.GetHashCode())),
        v => v.ToList());

    public static PropertyBuilder<List<SlurmNamespaceSync>> AsJsonSyncList(this PropertyBuilder<List<SlurmNamespaceSync>> property) =>
        property.HasConversion(
                v => JsonSerializer.Serialize(v, Json),
                v => JsonSerializer.Deserialize<List<SlurmNamespaceSync>>(v, Json) ?? new List<SlurmNamespaceSync>(),
                Comparer)
            .IsRequired();
}
