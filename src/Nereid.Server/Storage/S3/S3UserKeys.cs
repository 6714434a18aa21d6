using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Models;
using Nereid.Kubernetes.Projection;

namespace Nereid.Server.Storage.S3;

/// <summary>
/// New keys for a user through the CephObjectStoreUser's <c>spec.keys</c> (references to a Secret in the user's own
/// namespace): Rook sets the Ceph user's keys to exactly those listed, removing every other, and writes them into its
/// <c>rook-ceph-object-user-&lt;store&gt;-&lt;user&gt;</c> Secret. So keys change without deleting the user — which Rook
/// refuses while the user owns buckets. Each change writes a Secret with a new name (a spec that names the same Secret
/// would not change, and Rook reconciles on a spec change), owned by the user so it goes with it, and removes the
/// previous ones. Applied by <see cref="S3UserNames.RevealFieldManager"/>, so the controller's applies leave the keys alone.
/// </summary>
internal static class S3UserKeys
{
    /// <summary>Labels the key Secrets Nereid writes with their user's name.</summary>
    public const string UserLabel = "nereid.io/s3-user";

    private const string Upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static readonly ApplyOptions Apply = new(S3UserNames.RevealFieldManager, Force: true);

    /// <summary>
    /// Writes a fresh key pair for <paramref name="user"/> and points its <c>spec.keys</c> at it; returns the new access key.
    /// The secret key is never returned: it is read from Rook's Secret once Rook has set it, and shown once there.
    /// </summary>
    public static async Task<string> ReplaceAsync(IKubeClient client, string storeNamespace, UnstructuredObject user, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(user);
        var name = user.Metadata.Name!;
        // Rook's own access keys are 20 upper-case letters and digits, its secret keys 40 characters.
        var accessKey = RandomNumberGenerator.GetString(Upper, 20);
        var secretKey = RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz" + Upper, 40);
        var secretName = $"nereid-s3-keys-{name}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}";
        await client.ApplyAsync(S3UserNames.Secret, KeySecret(storeNamespace, secretName, user, accessKey, secretKey), Apply, ct);
        await client.ApplyAsync(S3UserNames.CephObjectStoreUser, KeysSpec(storeNamespace, name, secretName), Apply, ct);
        var earlier = await client.ListAsync<UnstructuredObject>(S3UserNames.Secret, storeNamespace, new ListOptions { LabelSelector = $"{UserLabel}={name}" }, ct);
        foreach (var old in earlier.Items.Where(s => s.Metadata.Name != secretName))
        {
            await client.DeleteAsync(S3UserNames.Secret, storeNamespace, old.Metadata.Name!, cancellationToken: ct);
        }
        return accessKey;
    }

    /// <summary>True once Rook has reconciled the user's current spec (its keys included) and reports it Ready.</summary>
    public static bool Settled(UnstructuredObject user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var observed = user["status"]?["observedGeneration"]?.GetValue<long>();
        return user["status"]?["phase"]?.GetValue<string>() == "Ready"
            && (user.Metadata.Generation is not { } generation || observed >= generation);
    }

    /// <summary>True when the user's keys come from <c>spec.keys</c> (set by rotation or revocation).</summary>
    public static bool HasExplicitKeys(UnstructuredObject user) => user?["spec"]?["keys"] is JsonArray { Count: > 0 };

    private static UnstructuredObject KeySecret(string ns, string name, UnstructuredObject user, string accessKey, string secretKey) => new()
    {
        ApiVersion = "v1",
        Kind = "Secret",
        Metadata = new ObjectMeta
        {
            Name = name,
            Namespace = ns,
            Labels = new() { [ProjectionNames.ManagedByLabel] = ProjectionNames.ManagedByValue, [UserLabel] = user.Metadata.Name! },
            OwnerReferences = [new OwnerReference { ApiVersion = S3UserNames.CephObjectStoreUser.ApiVersion, Kind = S3UserNames.CephObjectStoreUser.Kind, Name = user.Metadata.Name, Uid = user.Metadata.Uid }],
        },
        Fields = new JsonObject
        {
            ["type"] = "Opaque",
            ["data"] = new JsonObject
            {
                ["AccessKey"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(accessKey)),
                ["SecretKey"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(secretKey)),
            },
        },
    };

    private static UnstructuredObject KeysSpec(string ns, string user, string secretName) => new()
    {
        ApiVersion = S3UserNames.CephObjectStoreUser.ApiVersion,
        Kind = S3UserNames.CephObjectStoreUser.Kind,
        Metadata = new ObjectMeta { Name = user, Namespace = ns },
        Fields = new JsonObject
        {
            ["spec"] = new JsonObject
            {
                ["keys"] = new JsonArray(new JsonObject
                {
                    ["accessKeyRef"] = new JsonObject { ["name"] = secretName, ["key"] = "AccessKey" },
                    ["secretKeyRef"] = new JsonObject { ["name"] = secretName, ["key"] = "SecretKey" },
                }),
            },
        },
    };
}
