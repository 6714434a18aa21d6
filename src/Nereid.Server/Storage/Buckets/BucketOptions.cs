using System.ComponentModel.DataAnnotations;

namespace Nereid.Server.Storage.Buckets;

/// <summary>How the bucket controller compares the database with each cluster (<c>Nereid:Storage:Buckets</c>).</summary>
internal sealed class BucketOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Nereid:Storage:Buckets";

    /// <summary>How often the database is compared with the cluster (a change to a claim also triggers a pass; the API applies and deletes claims itself at once).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan ResyncInterval { get; set; } = TimeSpan.FromSeconds(10);
}
