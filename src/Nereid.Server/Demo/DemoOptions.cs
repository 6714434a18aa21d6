using System.ComponentModel.DataAnnotations;

namespace Nereid.Server.Demo;

/// <summary>Sample data for demonstrations and benchmarks. Section <c>Nereid:Demo</c>.</summary>
internal sealed class DemoOptions
{
    public const string Section = "Nereid:Demo";

    /// <summary>Namespaces to create at start-up when the database has none. Default: 0 (no sample data).</summary>
    [Range(0, 1_000_000)]
    public int SeedNamespaces { get; set; }

    /// <summary>People to create along with them. Default: 0, meaning three per namespace.</summary>
    [Range(0, 10_000_000)]
    public int SeedPeople { get; set; }

    /// <summary>Memberships per sample namespace (the first two are admins). Default: 4.</summary>
    [Range(1, 1000)]
    public int SeedMembershipsPerNamespace { get; set; } = 4;
}
