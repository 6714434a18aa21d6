using Nereid.Kubernetes.Models;

namespace Nereid.Kubernetes.Client;

/// <summary>Overloads that take the <see cref="ResourceType"/> from the model type, and paging helpers.</summary>
public static class KubeClientExtensions
{
    /// <summary>GET a typed object; null when missing.</summary>
    public static Task<T?> GetAsync<T>(this IKubeClient client, string? ns, string name, CancellationToken cancellationToken = default)
        where T : KubeObject
    {
        ArgumentNullException.ThrowIfNull(client);
        return client.GetAsync<T>(ResourceType.Of<T>(), ns, name, cancellationToken);
    }

    /// <summary>GET one page of a typed collection.</summary>
    public static Task<KubeList<T>> ListAsync<T>(this IKubeClient client, string? ns, ListOptions? options = null, CancellationToken cancellationToken = default)
        where T : KubeObject
    {
        ArgumentNullException.ThrowIfNull(client);
        return client.ListAsync<T>(ResourceType.Of<T>(), ns, options, cancellationToken);
    }

    /// <summary>
    /// Pages through a whole collection (<paramref name="pageSize"/> per request, default 500) and returns every item
    /// with the first page's resourceVersion, which is the version to watch from.
    /// </summary>
    public static async Task<KubeList<T>> ListAllAsync<T>(this IKubeClient client, ResourceType type, string? ns, ListOptions? options = null,
        int pageSize = 500, CancellationToken cancellationToken = default)
        where T : KubeObject
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(type);
        var query = (options ?? new ListOptions()) with { Limit = pageSize, Continue = null };
        var first = await client.ListAsync<T>(type, ns, query, cancellationToken).ConfigureAwait(false);
        var all = new KubeList<T> { ApiVersion = first.ApiVersion, Kind = first.Kind, Items = first.Items };
        all.Metadata.ResourceVersion = first.Metadata.ResourceVersion;
        var next = first.Metadata.Continue;
        while (!string.IsNullOrEmpty(next))
        {
            // Continuation pages must not repeat resourceVersion: the token already pins the snapshot.
            var page = await client.ListAsync<T>(type, ns, query with { Continue = next, ResourceVersion = null }, cancellationToken).ConfigureAwait(false);
            all.Items.AddRange(page.Items);
            next = page.Metadata.Continue;
        }
        return all;
    }

    /// <summary>Pages through a whole typed collection.</summary>
    public static Task<KubeList<T>> ListAllAsync<T>(this IKubeClient client, string? ns, ListOptions? options = null, CancellationToken cancellationToken = default)
        where T : KubeObject =>
        client.ListAllAsync<T>(ResourceType.Of<T>(), ns, options, 500, cancellationToken);

    /// <summary>POST a typed object (also how access reviews are asked).</summary>
    public static Task<T> CreateAsync<T>(this IKubeClient client, T obj, CancellationToken cancellationToken = default)
        where T : KubeObject
    {
        ArgumentNullException.ThrowIfNull(client);
        return client.CreateAsync(ResourceType.Of<T>(), obj, cancellationToken);
    }

    /// <summary>Asks (SelfSubjectAccessReview) whether the caller may do what <paramref name="attributes"/> describe.</summary>
    public static async Task<bool> CanIAsync(this IKubeClient client, ResourceAttributes attributes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(attributes);
        var review = new SelfSubjectAccessReview { Spec = new SubjectAccessReviewSpec { ResourceAttributes = attributes } };
        var answer = await client.CreateAsync(review, cancellationToken).ConfigureAwait(false);
        return answer.Status?.Allowed == true;
    }

    /// <summary>
    /// A TokenRequest token for ServiceAccount <paramref name="serviceAccount"/> in <paramref name="ns"/>, asking for
    /// <paramref name="lifetime"/> (the server may grant less: read the answer's expiry).
    /// </summary>
    public static async Task<TokenRequestStatus> RequestServiceAccountTokenAsync(this IKubeClient client, string ns, string serviceAccount,
        TimeSpan lifetime, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var request = new TokenRequest { Spec = new TokenRequestSpec { ExpirationSeconds = (long)lifetime.TotalSeconds } };
        var answer = await client.CreateSubresourceAsync(ServiceAccountTokens, ns, serviceAccount, "token", request, cancellationToken)
            .ConfigureAwait(false);
        return answer.Status is { Token.Length: > 0 } status
            ? status
            : throw new InvalidOperationException($"TokenRequest for {ns}/{serviceAccount} answered without a token.");
    }

    // The TokenRequest is posted under the ServiceAccount's path, so the collection is serviceaccounts.
    private static readonly ResourceType ServiceAccountTokens = new("", "v1", "serviceaccounts", "ServiceAccount", Namespaced: true);

    /// <summary>PUT a typed object.</summary>
    public static Task<T> UpdateAsync<T>(this IKubeClient client, T obj, CancellationToken cancellationToken = default)
        where T : KubeObject
    {
        ArgumentNullException.ThrowIfNull(client);
        return client.UpdateAsync(ResourceType.Of<T>(), obj, null, cancellationToken);
    }

    /// <summary>Merge-patch a typed object.</summary>
    public static Task<T> PatchAsync<T>(this IKubeClient client, string? ns, string name, string mergePatch, CancellationToken cancellationToken = default)
        where T : KubeObject
    {
        ArgumentNullException.ThrowIfNull(client);
        return client.PatchAsync<T>(ResourceType.Of<T>(), ns, name, mergePatch, PatchType.Merge, cancellationToken);
    }

    /// <summary>Server-side apply a typed object, forcing ownership as field manager <paramref name="fieldManager"/>.</summary>
    public static Task<T> ApplyAsync<T>(this IKubeClient client, T obj, string fieldManager, CancellationToken cancellationToken = default)
        where T : KubeObject
    {
        ArgumentNullException.ThrowIfNull(client);
        return client.ApplyAsync(ResourceType.Of<T>(), obj, new ApplyOptions(fieldManager), cancellationToken);
    }

    /// <summary>DELETE a typed object; true when it existed.</summary>
    public static Task<bool> DeleteAsync<T>(this IKubeClient client, string? ns, string name, DeleteOptions? options = null, CancellationToken cancellationToken = default)
        where T : KubeObject
    {
        ArgumentNullException.ThrowIfNull(client);
        return client.DeleteAsync(ResourceType.Of<T>(), ns, name, options, cancellationToken);
    }
}
