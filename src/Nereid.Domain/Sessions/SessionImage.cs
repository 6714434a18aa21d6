using System.Text.RegularExpressions;
using Nereid.Domain.Errors;

namespace Nereid.Domain.Sessions;

/// <summary>
/// One image stack of the session catalogue kept by platform admins (Minimal, SciPy, PyTorch…): what JupyterHub may start.
/// Changes go through <see cref="Create"/> and <see cref="Update"/>, which validate everything before anything is set.
/// </summary>
public sealed partial class SessionImage
{
    /// <summary>Longest name (a DNS label, so it can be a KubeSpawner choice key).</summary>
    public const int MaxNameLength = 63;

    /// <summary>Longest image reference kept.</summary>
    public const int MaxImageLength = 512;

    /// <summary>Longest description kept.</summary>
    public const int MaxDescriptionLength = 2000;

    public Guid Id { get; private init; }

    /// <summary>The catalogue key, a DNS label such as <c>pytorch</c>.</summary>
    public string Name { get; private set; } = "";

    /// <summary>The container image reference, such as <c>quay.io/jupyter/pytorch-notebook:2024-12-02</c>.</summary>
    public string Image { get; private set; } = "";

    /// <summary>What people read in the spawn form.</summary>
    public string Description { get; private set; } = "";

    /// <summary>True when the image is only useful with a GPU; it is offered only in GPU choices.</summary>
    public bool NeedsGpu { get; private set; }

    public DateTime CreatedAt { get; private init; }

    public DateTime UpdatedAt { get; private set; }

    /// <summary>A new catalogue entry; throws <see cref="ValidationFailedException"/> listing every bad field.</summary>
    public static SessionImage Create(string? name, string? image, string? description, bool needsGpu, DateTime now)
    {
        var (n, i, d) = Validate(name, image, description);
        return new SessionImage { Id = Guid.NewGuid(), Name = n, Image = i, Description = d, NeedsGpu = needsGpu, CreatedAt = now, UpdatedAt = now };
    }

    /// <summary>Replaces image, description and GPU need (the name is the key and stays).</summary>
    public void Update(string? image, string? description, bool needsGpu, DateTime now)
    {
        var (_, i, d) = Validate(Name, image, description);
        Image = i;
        Description = d;
        NeedsGpu = needsGpu;
        UpdatedAt = now;
    }

    private static (string Name, string Image, string Description) Validate(string? name, string? image, string? description)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var n = (name ?? "").Trim();
        var i = (image ?? "").Trim();
        var d = (description ?? "").Trim();
        if (n.Length is 0 or > MaxNameLength || !NamePattern().IsMatch(n))
            errors["name"] = ["The name is a DNS label: 1–63 lower-case letters, digits or '-', starting and ending with a letter or digit."];
        if (i.Length is 0 or > MaxImageLength || !ImagePattern().IsMatch(i))
            errors["image"] = [$"The image is a container image reference such as quay.io/jupyter/scipy-notebook:2024-12-02 (no spaces, at most {MaxImageLength} characters)."];
        if (d.Length > MaxDescriptionLength)
            errors["description"] = [$"The description has at most {MaxDescriptionLength} characters."];
        if (errors.Count > 0)
            throw new ValidationFailedException(errors);
        return (n, i, d);
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    // Registry/path:tag or @digest; lower-case repository as the distribution spec requires.
    [GeneratedRegex(@"^[a-z0-9]([a-z0-9._\-/:]*[a-z0-9])?(:[A-Za-z0-9_][A-Za-z0-9_.\-]{0,127})?(@sha256:[a-f0-9]{64})?$", RegexOptions.CultureInvariant)]
    private static partial Regex ImagePattern();
}
