using Microsoft.AspNetCore.Mvc;
using Nereid.Server.Pages.Shared;
using Nereid.Server.Storage;
using KubeQuantity = Nereid.Kubernetes.Quantities.Quantity;

namespace Nereid.Server.Pages.Storage;

/// <summary>The volumes part of /storage: deleting a volume after typing its name, the quota beside the form, and the helpers its markup shares.</summary>
internal sealed partial class IndexModel
{
    [BindProperty]
    public VolumeDeleteForm DeleteVolume { get; set; } = new();

    public async Task<IActionResult> OnPostDeleteAsync(string ns, string volume, string? cluster, CancellationToken ct)
    {
        (PostedNamespace, PostedVolume) = (ns, volume);
        return await ChangeAsync(async () =>
        {
            await volumes.DeleteAsync(Actor!, ns, volume, cluster, DeleteVolume.Confirm, ct);
            return Done($"Volume {volume} in {ns} is being deleted with its data.", "/storage");
        }, () => LoadAsync(ct), nameof(DeleteVolume), typeof(VolumeDeleteForm));
    }

    /// <summary>The messages of one posted field, or null; only the form that was posted shows them.</summary>
    public string? ErrorOf(string key) => ModelState.TryGetValue(key, out var entry) && entry.Errors.Count > 0
        ? string.Join(" ", entry.Errors.Select(e => e.ErrorMessage)) : null;

    /// <summary>An element id from its parts (empty ones left out, dots made dashes).</summary>
    public static string ElementId(params string?[] parts) => string.Join("-", parts.Where(p => !string.IsNullOrEmpty(p))).Replace('.', '-');

    /// <summary>Storage against its limit in words: "4 GiB of 10 GiB", or that the cluster has not counted yet.</summary>
    public static string Bytes(QuotaUse use)
    {
        ArgumentNullException.ThrowIfNull(use);
        return Of(use, q => Units.Bytes((double)q.ToDecimal()));
    }

    /// <summary>Claims against their limit in words: "1 of 5".</summary>
    public static string Count(QuotaUse use)
    {
        ArgumentNullException.ThrowIfNull(use);
        return Of(use, q => Units.Number((double)q.ToDecimal()));
    }

    private static string Of(QuotaUse use, Func<KubeQuantity, string> words)
    {
        var hard = KubeQuantity.TryParse(use.Hard, out var h) ? words(h) : use.Hard;
        return use.Used is null ? $"{hard} (not counted by the cluster yet)"
            : (KubeQuantity.TryParse(use.Used, out var u) ? words(u) : use.Used) + " of " + hard;
    }
}
