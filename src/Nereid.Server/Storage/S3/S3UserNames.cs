using System.Security.Cryptography;
using System.Text;
using Nereid.Kubernetes.Models;

namespace Nereid.Server.Storage.S3;

/// <summary>
/// Names and labels of the CephObjectStoreUsers Nereid manages, and of the Secrets Rook writes for them.
/// A user is named <c>&lt;namespace&gt;-&lt;6 hex of a hash of the person's id&gt;</c>: deterministic, DNS-safe, unique
/// per (namespace, person) and at most 63 characters (a long namespace name is cut and hashed whole).
/// </summary>
internal static class S3UserNames
{
    public const string NamespaceLabel = "nereid.io/namespace";
    public const string PersonLabel = "nereid.io/person";

    /// <summary>Set once a person's user is no longer desired; the user is deleted a grace period later.</summary>
    public const string OrphanedAtAnnotation = "nereid.io/orphaned-at";

    /// <summary>Set (by its own field manager) when the secret key was shown to the person.</summary>
    public const string SecretShownAtAnnotation = "nereid.io/secret-key-shown-at";

    /// <summary>The field manager of the "secret shown" marker, so the controller's applies leave it alone.</summary>
    public const string RevealFieldManager = "nereid-s3-credentials";

    public static readonly ResourceType CephObjectStoreUser = new("ceph.rook.io", "v1", "cephobjectstoreusers", "CephObjectStoreUser", true);
    public static readonly ResourceType ObjectBucketClaim = new("objectbucket.io", "v1alpha1", "objectbucketclaims", "ObjectBucketClaim", true);
    public static readonly ResourceType Secret = new("", "v1", "secrets", "Secret", true);

    public static string UserName(string ns, Guid personId)
    {
        var suffix = Hex(personId.ToString("N"), 6);
        var prefix = ns.Length + 1 + suffix.Length <= 63 ? ns : $"{ns[..(63 - 1 - suffix.Length - 7)].TrimEnd('-')}-{Hex(ns, 6)}";
        return $"{prefix}-{suffix}";
    }

    /// <summary>The Secret Rook writes for a user (<c>rook-ceph-object-user-&lt;store&gt;-&lt;user&gt;</c>).</summary>
    public static string SecretName(string store, string user) => $"rook-ceph-object-user-{store}-{user}";

    private static string Hex(string text, int length) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..length];
}
