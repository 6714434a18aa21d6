namespace Nereid.Server.Pages.Storage;

/// <summary>The create-a-volume form.</summary>
internal sealed class VolumeForm
{
    public string? Name { get; set; }
    public string? StorageClass { get; set; }
    public string? Size { get; set; }
    public string? AccessMode { get; set; }
}

/// <summary>The expand-a-volume form.</summary>
internal sealed class ResizeForm
{
    public string? Size { get; set; }
}

/// <summary>The typed name that confirms deleting a volume.</summary>
internal sealed class VolumeDeleteForm
{
    public string? Confirm { get; set; }
}

/// <summary>The create-a-bucket form, and the typed name that confirms a delete.</summary>
internal sealed class BucketForm
{
    public string? Name { get; set; }
    public string? BucketClass { get; set; }
    public string? Confirm { get; set; }
}

/// <summary>A platform admin's description of one class.</summary>
internal sealed class DescriptionForm
{
    public string? Region { get; set; }
    public string? FilesystemType { get; set; }
    public List<string> AccessModes { get; set; } = [];
    public string? Media { get; set; }
    public string? Notes { get; set; }
}
