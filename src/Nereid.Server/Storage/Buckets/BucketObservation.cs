using System.Text;
using Nereid.Kubernetes.Models;

namespace Nereid.Server.Storage.Buckets;

/// <summary>What the cluster holds for one bucket (its claim, ConfigMap and Secret), read as the view and its conditions.</summary>
internal sealed record BucketObservation(UnstructuredObject? Claim, UnstructuredObject? ConfigMap, UnstructuredObject? Secret)
{
    /// <summary>Reads the three objects named like the claim in <paramref name="ns"/>.</summary>
    public static async Task<BucketObservation> ReadAsync(Nereid.Kubernetes.Client.IKubeClient client, string ns, string name, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(client);
        var claim = await client.GetAsync<UnstructuredObject>(BucketNames.ObjectBucketClaim, ns, name, ct);
        if (claim is null)
            return new BucketObservation(null, null, null);
        var configMap = await client.GetAsync<UnstructuredObject>(BucketNames.ConfigMap, ns, name, ct);
        var secret = await client.GetAsync<UnstructuredObject>(BucketNames.Secret, ns, name, ct);
        return new BucketObservation(claim, configMap, secret);
    }

    /// <summary>The claim's phase, or Pending while it has none (or does not exist yet).</summary>
    public string Phase => Claim?["status"]?["phase"]?.GetValue<string>() is { Length: > 0 } p ? p : "Pending";

    public string? BucketName => Data(ConfigMap, BucketNames.NameKey);

    /// <summary><c>http(s)://BUCKET_HOST:BUCKET_PORT</c> (https when the port is 443), once both are written.</summary>
    public string? Endpoint => Data(ConfigMap, BucketNames.HostKey) is { Length: > 0 } host && Data(ConfigMap, BucketNames.PortKey) is { Length: > 0 } port
        ? $"{(port == "443" ? "https" : "http")}://{host}:{port}"
        : null;

    public string? AccessKeyId => SecretField(BucketNames.AccessKeyIdKey);

    public string? SecretAccessKey => SecretField(BucketNames.SecretAccessKeyKey);

    /// <summary>Claimed, Bound and CredentialsReady, from what was read.</summary>
    public IReadOnlyList<BucketCondition> Conditions() =>
    [
        Claim is null
            ? new("Claimed", "False", "NotApplied", "The ObjectBucketClaim is not on the cluster yet.")
            : Claim.Metadata.DeletionTimestamp is not null
                ? new("Claimed", "False", "Deleting", "The ObjectBucketClaim is being deleted.")
                : new("Claimed", "True", "Applied", "The ObjectBucketClaim is on the cluster."),
        Phase == BucketNames.BoundPhase
            ? new("Bound", "True", BucketNames.BoundPhase, $"The provisioner created bucket {BucketName ?? "(name not written yet)"}.")
            : new("Bound", "False", Phase, $"The provisioner has not bound the claim yet (phase {Phase})."),
        BucketName is not null && Endpoint is not null && AccessKeyId is not null && SecretAccessKey is not null
            ? new("CredentialsReady", "True", "Written", "The bucket's ConfigMap and Secret are written.")
            : new("CredentialsReady", "False", "NotWritten", $"Waiting for the provisioner to write {Missing()}."),
    ];

    /// <summary>Conditions when the cluster could not be read.</summary>
    public static IReadOnlyList<BucketCondition> Unknown(string why) =>
        [new("Claimed", "Unknown", "ClusterUnavailable", why), new("Bound", "Unknown", "ClusterUnavailable", why), new("CredentialsReady", "Unknown", "ClusterUnavailable", why)];

    private string Missing()
    {
        var missing = new List<string>();
        if (ConfigMap is null)
            missing.Add("the ConfigMap");
        if (Secret is null)
            missing.Add("the Secret");
        return missing.Count == 0 ? "every key" : string.Join(" and ", missing);
    }

    private static string? Data(UnstructuredObject? o, string key) => o?["data"]?[key]?.GetValue<string>();

    private string? SecretField(string key) =>
        Secret?["data"]?[key]?.GetValue<string>() is { } b64 ? Encoding.UTF8.GetString(Convert.FromBase64String(b64)) : null;
}
