namespace Nereid.Domain.Namespaces;

/// <summary>A collaboration environment: one Kubernetes namespace per cluster plus the people and metadata around it.</summary>
public sealed class NereidNamespace
{
    public Guid Id { get; set; } = Guid.NewGuid();
    /// <summary>DNS-1123 label, unique, immutable after creation.</summary>
    public string Name { get; set; } = "";
    public string Institution { get; set; } = "";
    public List<string> Pis { get; set; } = [];
    public List<string> Grants { get; set; } = [];
    public List<string> Software { get; set; } = [];
    /// <summary>Markdown, rendered with raw HTML disabled.</summary>
    public string Description { get; set; } = "";
    /// <summary>URLs or DOIs.</summary>
    public List<string> Publications { get; set; } = [];
    public NamespaceState State { get; set; } = NamespaceState.Active;
    public Guid CreatedById { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? DeletionRequestedAt { get; set; }
    /// <summary>Optimistic concurrency version; the API's ETag.</summary>
    public int Version { get; set; } = 1;
    /// <summary>Lower-cased text of the searchable fields, kept in step by <see cref="Touch"/>.</summary>
    public string SearchText { get; set; } = "";

    public List<Membership> Memberships { get; set; } = [];

    public void ApplyMetadata(NamespaceMetadata metadata)
    {
        Institution = metadata.Institution;
        Pis = [.. metadata.Pis];
        Grants = [.. metadata.Grants];
        Software = [.. metadata.Software];
        Description = metadata.Description;
        Publications = [.. metadata.Publications];
    }

    /// <summary>Marks a change: bumps the version and refreshes derived search text.</summary>
    public void Touch(DateTime now)
    {
        UpdatedAt = now;
        Version++;
        SearchText = string.Join('\n', [Name, Institution, .. Pis, .. Software, .. Grants, Description]).ToLowerInvariant();
    }
}
