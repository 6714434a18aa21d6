using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nereid.Data;
using Nereid.Domain.Errors;
using Nereid.Domain.Namespaces;
using Nereid.Kubernetes.Models;
using Nereid.Server.Audit;
using Nereid.Server.Auth;
using Nereid.Server.Clusters;
using Nereid.Server.Namespaces;

namespace Nereid.Server.Storage.S3;

/// <summary>
/// A member's own S3 credentials in a namespace: read from the Secret Rook writes for their CephObjectStoreUser.
/// The secret key is returned once (the user is then marked with <see cref="S3UserNames.SecretShownAtAnnotation"/>);
/// rotation deletes the user — Rook removes the Ceph user and its keys — and the controller recreates it with new
/// keys, shown once again. Credentials are personal: platform admins who are not members get none. Audit entries
/// name the user and what happened, never a key.
/// </summary>
internal sealed class S3CredentialService(NereidDbContext db, AuditLog audit, IClusterConnections clusters, IOptions<ObjectStoreOptions> options, RgwAdminClient gateway,
    TimeProvider time)
{
    public Task<S3CredentialsView> GetAsync(Actor actor, string ns, string? cluster, CancellationToken ct) => GetAsync(actor, ns, cluster, reveal: true, ct);

    /// <summary>
    /// The member's credentials; with <paramref name="reveal"/> false (a page merely listing them) the secret key is
    /// neither returned nor marked shown, so it stays for the person's explicit request.
    /// </summary>
    public async Task<S3CredentialsView> GetAsync(Actor actor, string ns, string? cluster, bool reveal, CancellationToken ct)
    {
        var (target, user) = await AuthorizeAsync(actor, ns, cluster, ct);
        var store = options.Value;
        var pending = new S3CredentialsView(ns, target.Name, user, "Pending", null, null, false, null);
        var found = await target.Client.GetAsync<UnstructuredObject>(S3UserNames.CephObjectStoreUser, store.Namespace, user, ct);
        if (found is null || found.Metadata.DeletionTimestamp is not null)
        {
            return pending;
        }
        var phase = found["status"]?["phase"]?.GetValue<string>() ?? "Pending";
        // Keys are shown (and the one showing spent) only once Rook reports the user Ready: the Secret can appear
        // before the status does, and a person should never be handed keys the page still calls pending.
        if (phase != "Ready")
        {
            return pending with { Phase = phase };
        }
        var secret = await target.Client.GetAsync<UnstructuredObject>(S3UserNames.Secret, store.Namespace, S3UserNames.SecretName(store.Name!, user), ct);
        // A Secret left from a user deleted by rotation (its owner is gone) holds revoked keys.
        if (secret is null || secret.Metadata.OwnerReferences is { Count: > 0 } owners && owners.All(o => o.Uid != found.Metadata.Uid))
        {
            return pending with { Phase = phase };
        }
        var accessKey = Field(secret, "AccessKey");
        var shown = found.Metadata.Annotations?.ContainsKey(S3UserNames.SecretShownAtAnnotation) == true;
        string? secretKey = null;
        if (!shown && reveal)
        {
            secretKey = Field(secret, "SecretKey");
            var mark = new JsonObject
            {
                ["metadata"] = new JsonObject
                {
                    ["annotations"] = new JsonObject { [S3UserNames.SecretShownAtAnnotation] = time.GetUtcNow().UtcDateTime.ToString("O", CultureInfo.InvariantCulture) },
                },
            };
            await target.Client.PatchAsync<UnstructuredObject>(S3UserNames.CephObjectStoreUser, store.Namespace, user, mark.ToJsonString(), cancellationToken: ct);
            audit.Record(actor, "s3.secret-key.show", "s3-user", $"{target.Name}/{store.Namespace}/{user}", ns);
            await db.SaveChangesAsync(ct);
        }
        var usage = await gateway.UsageAsync(user, ct);
        return new S3CredentialsView(ns, target.Name, user, phase, accessKey, secretKey, shown || reveal, Field(secret, "Endpoint"), usage?.UsedBytes, usage?.Objects);
    }

    public async Task<S3RotationView> RotateAsync(Actor actor, string ns, string? cluster, CancellationToken ct)
    {
        var (target, user) = await AuthorizeAsync(actor, ns, cluster, ct);
        var store = options.Value;
        if (!await target.Client.DeleteAsync(S3UserNames.CephObjectStoreUser, store.Namespace, user, cancellationToken: ct))
            throw new ConflictException("You have no S3 user yet; it is being created, with keys to read once.");
        audit.Record(actor, "s3.credentials.rotate", "s3-user", $"{target.Name}/{store.Namespace}/{user}", ns);
        await db.SaveChangesAsync(ct);
        return new S3RotationView(user, "The old keys are revoked. New keys are being issued; read them once from the credentials.");
    }

    private async Task<(ConnectedCluster Target, string User)> AuthorizeAsync(Actor actor, string ns, string? cluster, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var row = await db.Set<NereidNamespace>().AsNoTracking().FirstOrDefaultAsync(n => n.Name == ns, ct)
            ?? throw new NotFoundException($"Namespace '{ns}' does not exist.");
        if (!await db.IsEffectiveMemberAsync(actor, row.Id, ct))
            throw new ForbiddenException($"S3 credentials are personal: only members of namespace '{ns}' have them there.");
        if (!options.Value.Enabled)
            throw new ConflictException("No object store is configured on this Nereid (Nereid:Storage:ObjectStore:Name), so there are no S3 credentials.");
        if (clusters.Clusters.Count == 0)
            throw new ConflictException("No Kubernetes cluster is connected to this Nereid, so there are no S3 credentials.");
        ConnectedCluster target;
        if (string.IsNullOrWhiteSpace(cluster))
        {
            target = clusters.Clusters.Count == 1 ? clusters.Clusters[0]
                : throw ValidationFailedException.For("cluster", $"Name the cluster: one of {string.Join(", ", clusters.Clusters.Select(c => c.Name))}.");
        }
        else
        {
            target = clusters.Find(cluster.Trim()) ?? throw ValidationFailedException.For("cluster", $"No cluster is named '{cluster}'.");
        }
        return (target, S3UserNames.UserName(ns, actor.PersonId));
    }

    private static string? Field(UnstructuredObject secret, string key) =>
        secret["data"]?[key]?.GetValue<string>() is { } b64 ? Encoding.UTF8.GetString(Convert.FromBase64String(b64)) : null;
}
