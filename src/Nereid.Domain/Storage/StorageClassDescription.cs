using Nereid.Domain.Errors;

namespace Nereid.Domain.Storage;

/// <summary>
/// What platform admins tell people about one StorageClass of one cluster — the facts the cluster cannot say: region,
/// filesystem, the access modes it really offers, media and size notes. Kept in Nereid and shown beside the class's
/// observed fields. Changes go through <see cref="Create"/> and <see cref="Update"/>, which validate everything first.
/// </summary>
public sealed class StorageClassDescription
{
    /// <summary>Longest cluster name (as clusters are registered).</summary>
    public const int MaxClusterLength = 63;

    /// <summary>Longest class name (a DNS subdomain).</summary>
    public const int MaxClassLength = 253;

    /// <summary>Longest region, filesystem or media text.</summary>
    public const int MaxShortLength = 100;

    /// <summary>Longest size/notes text.</summary>
    public const int MaxNotesLength = 1000;

    /// <summary>The access modes a PersistentVolumeClaim can ask for, in the order pages show them.</summary>
    public static readonly IReadOnlyList<string> KnownAccessModes = ["ReadWriteOnce", "ReadWriteMany", "ReadOnlyMany", "ReadWriteOncePod"];

    public Guid Id { get; private init; }

    /// <summary>The cluster's name in Nereid.</summary>
    public string Cluster { get; private init; } = "";

    /// <summary>The StorageClass name, as claims name it.</summary>
    public string ClassName { get; private init; } = "";

    /// <summary>Where the data lives, e.g. <c>us-west</c>.</summary>
    public string Region { get; private set; } = "";

    /// <summary>The filesystem or backend people get, e.g. <c>CephFS</c> or <c>ext4 on Ceph RBD</c>.</summary>
    public string FilesystemType { get; private set; } = "";

    /// <summary>The access modes the class offers; empty means the description does not restrict them.</summary>
    public List<string> AccessModes { get; private set; } = [];

    /// <summary>The media, e.g. <c>NVMe</c> or <c>HDD</c>.</summary>
    public string Media { get; private set; } = "";

    /// <summary>Size and other notes, e.g. <c>2 PB shared; no backups</c>.</summary>
    public string Notes { get; private set; } = "";

    /// <summary>Bumped on every change: the ETag for If-Match, and the concurrency token.</summary>
    public int Version { get; private set; }

    public DateTime UpdatedAt { get; private set; }

    /// <summary>A new description; throws <see cref="ValidationFailedException"/> listing every bad field.</summary>
    public static StorageClassDescription Create(string cluster, string className, string? region, string? filesystemType, IReadOnlyList<string>? accessModes,
        string? media, string? notes, DateTime now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(cluster);
        ArgumentException.ThrowIfNullOrWhiteSpace(className);
        var description = new StorageClassDescription { Id = Guid.NewGuid(), Cluster = cluster, ClassName = className };
        description.Update(region, filesystemType, accessModes, media, notes, now);
        return description;
    }

    /// <summary>Replaces every written field and bumps <see cref="Version"/>.</summary>
    public void Update(string? region, string? filesystemType, IReadOnlyList<string>? accessModes, string? media, string? notes, DateTime now)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var r = Short("region", region, errors);
        var f = Short("filesystemType", filesystemType, errors);
        var m = Short("media", media, errors);
        var n = (notes ?? "").Trim();
        if (n.Length > MaxNotesLength)
            errors["notes"] = [$"The notes have at most {MaxNotesLength} characters."];
        var modes = (accessModes ?? []).Select(a => (a ?? "").Trim()).ToList();
        var unknown = modes.Where(a => !KnownAccessModes.Contains(a, StringComparer.Ordinal)).ToList();
        if (unknown.Count > 0)
            errors["accessModes"] = [$"Unknown access mode {string.Join(", ", unknown.Select(u => $"'{u}'"))}: each is one of {string.Join(", ", KnownAccessModes)}."];
        else if (modes.Distinct(StringComparer.Ordinal).Count() != modes.Count)
            errors["accessModes"] = ["Each access mode is listed once."];
        if (errors.Count > 0)
            throw new ValidationFailedException(errors);
        Region = r;
        FilesystemType = f;
        Media = m;
        Notes = n;
        AccessModes = [.. KnownAccessModes.Where(modes.Contains)];
        Version++;
        UpdatedAt = now;
    }

    /// <summary>True when the description lets a claim ask for <paramref name="mode"/> (an empty list restricts nothing).</summary>
    public bool Offers(string mode) => AccessModes.Count == 0 || AccessModes.Contains(mode, StringComparer.Ordinal);

    private static string Short(string field, string? value, Dictionary<string, string[]> errors)
    {
        var v = (value ?? "").Trim();
        if (v.Length > MaxShortLength)
            errors[field] = [$"At most {MaxShortLength} characters."];
        return v;
    }
}
