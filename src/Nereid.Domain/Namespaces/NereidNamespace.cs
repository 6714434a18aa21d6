using Nereid.Domain.Errors;

namespace Nereid.Domain.Namespaces;

/// <summary>
/// A collaboration environment: one Kubernetes namespace per cluster plus the people and metadata around it.
/// State changes go through the methods below; each one also marks the row for reconcile (<see cref="Touch"/>), so a
/// service cannot change what the projection reads and forget to tell the reconciler.
/// </summary>
public sealed partial class NereidNamespace
{
    // Backing fields: set once by object initializers (creation, import, tests), changed afterwards only by the methods here.
    private string _institution = "";
    private List<string> _pis = [];
    private List<string> _grants = [];
    private List<string> _software = [];
    private string _description = "";
    private List<string> _publications = [];
    private int _version = 1;

    public Guid Id { get; init; } = Guid.NewGuid();
    /// <summary>DNS-1123 label, unique, immutable after creation.</summary>
    public string Name { get; init; } = "";
    public string Institution { get => _institution; init => _institution = value; }
    /// <summary>The institution row (M0023) the namespace belongs to; null when its text matched none.</summary>
    public Guid? InstitutionId { get; private set; }
    public List<string> Pis { get => _pis; init => _pis = value; }
    public List<string> Grants { get => _grants; init => _grants = value; }
    public List<string> Software { get => _software; init => _software = value; }
    /// <summary>Markdown, rendered with raw HTML disabled.</summary>
    public string Description { get => _description; init => _description = value; }
    /// <summary>URLs or DOIs.</summary>
    public List<string> Publications { get => _publications; init => _publications = value; }
    public NamespaceState State { get; private set; } = NamespaceState.Active;
    public Guid CreatedById { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; private set; }
    public DateTime? DeletionRequestedAt { get; private set; }
    /// <summary>Optimistic concurrency version; the API's ETag. Every <see cref="Touch"/> moves it.</summary>
    public int Version { get => _version; init => _version = value; }
    /// <summary>Lower-cased text of the searchable fields, kept in step by <see cref="Touch"/>.</summary>
    public string SearchText { get; private set; } = "";

    public List<Membership> Memberships { get; private set; } = [];

    /// <summary>A new namespace with its creator as first admin, marked for its first reconcile.</summary>
    public static NereidNamespace Create(string name, NamespaceMetadata metadata, Guid creatorId, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var ns = new NereidNamespace { Name = name, CreatedById = creatorId, CreatedAt = now, Version = 0 };
        ns.ApplyMetadata(metadata);
        ns.AddMember(creatorId, MembershipRole.Admin, creatorId, now);
        return ns;
    }

    /// <summary>Sets the metadata fields without marking a change (for rows being built before their first save).</summary>
    public void ApplyMetadata(NamespaceMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        _institution = metadata.Institution;
        _pis = [.. metadata.Pis];
        _grants = [.. metadata.Grants];
        _software = [.. metadata.Software];
        _description = metadata.Description;
        _publications = [.. metadata.Publications];
    }

    /// <summary>Replaces the metadata and marks the change.</summary>
    public void UpdateMetadata(NamespaceMetadata metadata, DateTime now)
    {
        ApplyMetadata(metadata);
        Touch(now);
    }

    /// <summary>
    /// Links the namespace to institution <paramref name="id"/> (null: none) without marking a change; the metadata's
    /// institution text is that institution's name, set by the same caller before the change is marked.
    /// </summary>
    public void LinkInstitution(Guid? id) => InstitutionId = id;

    /// <summary>Follows its institution's rename or merge: new id and name, marked so the projection's label follows.</summary>
    public void MoveToInstitution(Guid id, string name, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(name);
        InstitutionId = id;
        _institution = name;
        Touch(now);
    }

    /// <summary>Starts deletion: the reconciler deletes the cluster namespaces after the grace period.</summary>
    public void RequestDeletion(DateTime now)
    {
        if (State == NamespaceState.Deleting)
            throw new ConflictException($"Namespace '{Name}' is already being deleted.");
        State = NamespaceState.Deleting;
        DeletionRequestedAt = now;
        Touch(now);
    }

    /// <summary>Marks a change the projection reads that is stored outside this row (quota overrides).</summary>
    public void QuotaChanged(DateTime now) => Touch(now);

    /// <summary>Marks a change: bumps the version and refreshes derived search text.</summary>
    public void Touch(DateTime now)
    {
        UpdatedAt = now;
        _version++;
        SearchText = string.Join('\n', [Name, Institution, .. Pis, .. Software, .. Grants, Description]).ToLowerInvariant();
    }
}
