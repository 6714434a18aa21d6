using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nereid.Data;
using Nereid.Domain.Errors;
using Nereid.Domain.Namespaces;
using Nereid.Domain.Storage;
using Nereid.Kubernetes.Models;
using Nereid.Server.Audit;
using Nereid.Server.Auth;
using Nereid.Server.Clusters;
using Nereid.Server.Namespaces;

namespace Nereid.Server.Storage.S3;

/// <summary>
/// A member's own S3 credentials in a namespace: read from the Secret Rook writes for their CephObjectStoreUser.
/// The secret key is returned once (the user is then marked with <see cref="S3UserNames.SecretShownAtAnnotation"/>);
/// rotation gives the user new keys through its <c>spec.keys</c> (<see cref="S3UserKeys"/>) — Rook drops the old ones — and
/// clears the mark, so the new secret key is shown once again. Revocation replaces the keys with ones nobody is shown and
/// records an <see cref="S3Revocation"/>, so the controller deletes the user; the member's next read grants a new one.
/// Credentials are personal: platform admins who are not members get none. Audit entries name the user and what
/// happened, never a key.
/// </summary>
internal sealed class S3CredentialService(NereidDbContext db, AuditLog audit, IClusterConnections clusters, IOptions<ObjectStoreOptions> options, RgwAdminClient gateway,
    S3QuotaService quotas, TimeProvider time)
{
    public Task<S3CredentialsView> GetAsync(Actor actor, string ns, string? cluster, CancellationToken ct) => GetAsync(actor, ns, cluster, reveal: true, ct);

    /// <summary>
    /// The member's credentials; with <paramref name="reveal"/> false (a page merely listing them) the secret key is
    /// neither returned nor marked shown, so it stays for the person's explicit request.
    /// </summary>
    public async Task<S3CredentialsView> GetAsync(Actor actor, string ns, string? cluster, bool reveal, CancellationToken ct)
    {
        var (target, user, nsId) = await AuthorizeAsync(actor, ns, cluster, ct);
        var store = options.Value;
        var pending = new S3CredentialsView(ns, target.Name, user, "Pending", null, null, false, null, Limits: await quotas.EffectiveAsync(nsId, ct));
        var found = await target.Client.GetAsync<UnstructuredObject>(S3UserNames.CephObjectStoreUser, store.Namespace, user, ct);
        var revocation = await db.Set<S3Revocation>().FirstOrDefaultAsync(r => r.NamespaceId == nsId && r.PersonId == actor.PersonId, ct);
        if (revocation is not null)
        {
            if (found is not null)
            {
                // The revoked user is still there: being deleted, or kept by Rook because it owns buckets.
                return pending with { Phase = "Revoking", Problem = Stuck(found) };
            }
            if (!reveal)
            {
                // A page merely listing credentials grants nothing: only the member's own request does.
                return pending with { Phase = "Revoked" };
            }
            // Gone: asking again grants a new user (the controller creates it on its next pass).
            db.Remove(revocation);
            audit.Record(actor, "s3.credentials.grant", "s3-user", $"{target.Name}/{store.Namespace}/{user}", ns);
            await db.SaveChangesAsync(ct);
            return pending;
        }
        if (found is null || found.Metadata.DeletionTimestamp is not null)
        {
            return pending with { Problem = found is null ? null : Stuck(found) };
        }
        var phase = found["status"]?["phase"]?.GetValue<string>() ?? "Pending";
        // Keys are shown (and the one showing spent) only once Rook reports the user Ready for its current spec: the
        // Secret can appear before the status does, and after a rotation Rook's Secret holds the old keys until Rook has
        // reconciled the new spec.keys; a person should never be handed keys the page still calls pending.
        if (!S3UserKeys.Settled(found))
        {
            return pending with { Phase = phase == "Ready" ? "Pending" : phase };
        }
        var secret = await target.Client.GetAsync<UnstructuredObject>(S3UserNames.Secret, store.Namespace, S3UserNames.SecretName(store.Name!, user), ct);
        // A Secret left from a deleted user (its owner is gone) holds revoked keys.
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
        return pending with
        {
            Phase = phase, AccessKey = accessKey, SecretKey = secretKey, SecretKeyShown = shown || reveal, Endpoint = Field(secret, "Endpoint"),
            UsedBytes = usage?.UsedBytes, Objects = usage?.Objects,
        };
    }

    /// <summary>New keys for the member's user, the old ones revoked by Rook; the new secret key is shown once by the next read.</summary>
    public async Task<S3RotationView> RotateAsync(Actor actor, string ns, string? cluster, CancellationToken ct)
    {
        var (target, user, _) = await AuthorizeAsync(actor, ns, cluster, ct);
        var store = options.Value;
        var found = await FindLiveAsync(target, user, ct);
        await S3UserKeys.ReplaceAsync(target.Client, store.Namespace, found, ct);
        // The new secret key has not been shown: clear the mark, so the next read shows it (once Rook has set it).
        var unmark = new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [S3UserNames.SecretShownAtAnnotation] = null } } };
        await target.Client.PatchAsync<UnstructuredObject>(S3UserNames.CephObjectStoreUser, store.Namespace, user, unmark.ToJsonString(), cancellationToken: ct);
        audit.Record(actor, "s3.credentials.rotate", "s3-user", $"{target.Name}/{store.Namespace}/{user}", ns);
        await db.SaveChangesAsync(ct);
        return new S3RotationView(user, "The old keys are being revoked. New keys are being issued; read them once from the credentials.");
    }

    /// <summary>
    /// Revokes the member's keys: they are replaced at once by keys nobody is shown, and the user is deleted once Rook has
    /// set them. No user comes back until the member asks for credentials again.
    /// </summary>
    public async Task<S3RotationView> RevokeAsync(Actor actor, string ns, string? cluster, CancellationToken ct)
    {
        var (target, user, nsId) = await AuthorizeAsync(actor, ns, cluster, ct);
        var store = options.Value;
        if (await db.Set<S3Revocation>().AnyAsync(r => r.NamespaceId == nsId && r.PersonId == actor.PersonId, ct))
            throw new ConflictException("Your S3 keys are already revoked; ask for credentials to get new ones.");
        var found = await target.Client.GetAsync<UnstructuredObject>(S3UserNames.CephObjectStoreUser, store.Namespace, user, ct);
        if (found is not null && found.Metadata.DeletionTimestamp is null)
        {
            // Keys first: deletion alone leaves the old keys valid for as long as Rook keeps the user (it keeps one that owns buckets).
            await S3UserKeys.ReplaceAsync(target.Client, store.Namespace, found, ct);
        }
        db.Add(S3Revocation.Create(nsId, actor.PersonId, time.GetUtcNow().UtcDateTime));
        audit.Record(actor, "s3.credentials.revoke", "s3-user", $"{target.Name}/{store.Namespace}/{user}", ns);
        await db.SaveChangesAsync(ct);
        return new S3RotationView(user, "Your keys are revoked and your S3 user is being removed. Ask for credentials again to get a new user with new keys.");
    }

    private async Task<UnstructuredObject> FindLiveAsync(ConnectedCluster target, string user, CancellationToken ct)
    {
        var found = await target.Client.GetAsync<UnstructuredObject>(S3UserNames.CephObjectStoreUser, options.Value.Namespace, user, ct);
        if (found is null || found.Metadata.DeletionTimestamp is not null)
            throw new ConflictException("You have no S3 user yet; it is being created, with keys to read once.");
        return found;
    }

    /// <summary>Why a user being deleted is still there, when Rook said it could not delete it.</summary>
    private static string? Stuck(UnstructuredObject user) =>
        user.Metadata.DeletionTimestamp is not null && user["status"]?["phase"]?.GetValue<string>() == "ReconcileFailed"
            ? "Rook has not deleted this S3 user: Rook refuses to delete a user that still owns buckets. Its keys no longer work; "
                + "ask the platform's operators to remove or reassign its buckets, after which the user goes and you can get a new one."
            : null;

    private async Task<(ConnectedCluster Target, string User, Guid NamespaceId)> AuthorizeAsync(Actor actor, string ns, string? cluster, CancellationToken ct)
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
        return (target, S3UserNames.UserName(ns, actor.PersonId), row.Id);
    }

    private static string? Field(UnstructuredObject secret, string key) =>
        secret["data"]?[key]?.GetValue<string>() is { } b64 ? Encoding.UTF8.GetString(Convert.FromBase64String(b64)) : null;
}
