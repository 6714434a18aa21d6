using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Nereid.Domain.People;
using Nereid.Kubernetes.Quantities;
using Nereid.Server.Clusters;
using Nereid.Server.Freshness;
using Nereid.Server.Pages.Shared;
using Nereid.Server.Storage;
using Nereid.Server.Storage.Buckets;
using Nereid.Server.Storage.S3;

namespace Nereid.Server.Pages.Storage;

/// <summary>
/// The person's storage: each of their namespaces' volumes (create, expand), their own S3 keys there (secret key
/// shown once, on request; rotation; revocation; the limits their user gets), the namespace's S3 buckets (create, secret key once, delete), and the class
/// catalogue with the operators' descriptions, which platform admins edit here. Guests, who hold no namespace roles,
/// see the catalogue and why they have no storage.
/// </summary>
[Authorize]
internal sealed partial class IndexModel(StorageCatalog catalog, StorageClassDescriptionService descriptions, VolumeService volumes,
    BucketService buckets, S3CredentialService s3, MyStorage mine, IClusterConnections clusters, SourceHealth health) : NereidPageModel
{
    public StorageCatalogView Catalog { get; private set; } = new([], []);
    public IReadOnlyList<NamespaceStorage> Namespaces { get; private set; } = [];
    public IReadOnlyList<SourceState> Sources { get; private set; } = [];
    public bool HoldsNamespaces => Actor?.Tier.HoldsNamespaceRoles() == true;
    public bool ObjectStore => mine.ObjectStore;

    /// <summary>The namespace (and volume) whose form was posted, so its errors show next to that form only.</summary>
    public string? PostedNamespace { get; private set; }
    public string? PostedVolume { get; private set; }

    /// <summary>The bucket whose delete or reveal form was posted.</summary>
    public string? PostedBucket { get; private set; }

    /// <summary>The class (cluster/name) whose description form was posted.</summary>
    public string? PostedClass { get; private set; }

    /// <summary>The bucket with its secret key, only in the answer to the member's request to show it.</summary>
    public BucketView? RevealedBucket { get; private set; }

    public bool IsPlatformAdmin => Actor?.IsPlatformAdmin == true;

    /// <summary>The credentials with the secret key, only in the answer to the person's request to show them.</summary>
    public S3CredentialsView? Revealed { get; private set; }

    [BindProperty]
    public VolumeForm Input { get; set; } = new();

    [BindProperty]
    public ResizeForm Resize { get; set; } = new();

    [BindProperty]
    public BucketForm Bucket { get; set; } = new();

    [BindProperty]
    public DescriptionForm Describe { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostCreateAsync(string ns, string? cluster, CancellationToken ct)
    {
        PostedNamespace = ns;
        return await ChangeAsync(async () =>
        {
            var view = await volumes.CreateAsync(Actor!, ns, new VolumeInput(cluster, Input.Name, Input.StorageClass, Input.Size, Input.AccessMode), ct);
            return Done($"Volume {view.Name} of {view.Requested} requested in {ns}.", "/storage");
        }, () => LoadAsync(ct), nameof(Input), typeof(VolumeForm));
    }

    public async Task<IActionResult> OnPostResizeAsync(string ns, string volume, string? cluster, CancellationToken ct)
    {
        (PostedNamespace, PostedVolume) = (ns, volume);
        return await ChangeAsync(async () =>
        {
            var view = await volumes.ResizeAsync(Actor!, ns, volume, new VolumeResizeInput(cluster, Resize.Size), ct);
            return Done($"Volume {view.Name} in {ns} is growing to {view.Requested}.", "/storage");
        }, () => LoadAsync(ct), nameof(Resize), typeof(ResizeForm));
    }

    public async Task<IActionResult> OnPostRevealAsync(string ns, string? cluster, CancellationToken ct)
    {
        PostedNamespace = ns;
        return await ChangeAsync(async () =>
        {
            // Not a redirect: the secret key is in this answer only, never in a URL, a flash message or a later page.
            Revealed = await s3.GetAsync(Actor!, ns, cluster, reveal: true, ct);
            await LoadAsync(ct);
            return Page();
        }, () => LoadAsync(ct));
    }

    public async Task<IActionResult> OnPostRotateAsync(string ns, string? cluster, CancellationToken ct)
    {
        PostedNamespace = ns;
        return await ChangeAsync(async () =>
        {
            var rotation = await s3.RotateAsync(Actor!, ns, cluster, ct);
            return Done(rotation.Message, "/storage");
        }, () => LoadAsync(ct));
    }

    public async Task<IActionResult> OnPostRevokeAsync(string ns, string? cluster, CancellationToken ct)
    {
        PostedNamespace = ns;
        return await ChangeAsync(async () =>
        {
            var revocation = await s3.RevokeAsync(Actor!, ns, cluster, ct);
            return Done(revocation.Message, "/storage");
        }, () => LoadAsync(ct));
    }

    public async Task<IActionResult> OnPostBucketCreateAsync(string ns, string? cluster, CancellationToken ct)
    {
        PostedNamespace = ns;
        return await ChangeAsync(async () =>
        {
            var view = await buckets.CreateAsync(Actor!, ns, new BucketInput(cluster, Bucket.Name, Bucket.BucketClass), ct);
            return Done($"Bucket {view.Name} requested in {ns}; its name and keys appear once the object store has made it.", "/storage");
        }, () => LoadAsync(ct), nameof(Bucket), typeof(BucketForm));
    }

    public async Task<IActionResult> OnPostBucketRevealAsync(string ns, string bucket, string? cluster, CancellationToken ct)
    {
        (PostedNamespace, PostedBucket) = (ns, bucket);
        return await ChangeAsync(async () =>
        {
            // Not a redirect: the secret key is in this answer only.
            RevealedBucket = await buckets.RevealAsync(Actor!, ns, bucket, cluster, ct);
            await LoadAsync(ct);
            return Page();
        }, () => LoadAsync(ct));
    }

    public async Task<IActionResult> OnPostBucketDeleteAsync(string ns, string bucket, string? cluster, CancellationToken ct)
    {
        (PostedNamespace, PostedBucket) = (ns, bucket);
        return await ChangeAsync(async () =>
        {
            await buckets.DeleteAsync(Actor!, ns, bucket, cluster, Bucket.Confirm, ct);
            return Done($"Bucket {bucket} in {ns} is being deleted with everything in it.", "/storage");
        }, () => LoadAsync(ct), nameof(Bucket), typeof(BucketForm));
    }

    public async Task<IActionResult> OnPostDescribeAsync(string cluster, string storageClass, int version, CancellationToken ct)
    {
        PostedClass = $"{cluster}/{storageClass}";
        return await ChangeAsync(async () =>
        {
            var input = new StorageClassDescriptionInput(Describe.Region, Describe.FilesystemType, Describe.AccessModes, Describe.Media, Describe.Notes);
            await descriptions.SetAsync(Actor!, cluster, storageClass, input, version, ct);
            return Done($"The description of {storageClass} on {cluster} is saved.", "/storage#classes");
        }, () => LoadAsync(ct), nameof(Describe), typeof(DescriptionForm));
    }

    /// <summary>Gibibytes of a quantity such as <c>10Gi</c>, or the text as given when it is not one.</summary>
    public static string Gib(string? quantity) =>
        quantity is null ? "—" : Quantity.TryParse(quantity, out var q) ? Units.Number((double)(q.ToDecimal() / (1024m * 1024m * 1024m))) + " GiB" : quantity;

    /// <summary>A volume's size as requested, and as bound when that differs.</summary>
    public static string Size(VolumeView v)
    {
        ArgumentNullException.ThrowIfNull(v);
        return Gib(v.Requested) + (v.Capacity is not null && v.Capacity != v.Requested ? " (bound " + Gib(v.Capacity) + ")" : "");
    }

    /// <summary>Bytes in use (of the filesystem's size) as the kubelet reports them, or that they are not reported.</summary>
    public static string Used(VolumeView v)
    {
        ArgumentNullException.ThrowIfNull(v);
        return v.UsedBytes is { } used ? Units.Bytes(used) + (v.CapacityBytes is { } of ? " of " + Units.Bytes(of) : "") : "not reported";
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Catalog = await descriptions.DescribeAsync(catalog.List(null), ct);
        Sources = [.. clusters.Clusters.Select(c => health.Cluster(c.Name)).OfType<SourceState>()];
        if (HoldsNamespaces)
            Namespaces = await mine.ReadAsync(Actor!, skipUnreachable: false, ct);
    }
}
