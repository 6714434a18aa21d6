using System.Text.Json.Nodes;
using Nereid.Server.Storage.S3;

namespace Nereid.Server.Tests.Storage;

public sealed class S3UserObjectTests
{
    private static readonly ObjectStoreOptions Store = new() { Name = "my-store", Namespace = "rook-ceph", MaxBuckets = 10, MaxSize = "5Gi" };
    private static readonly Guid Person = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");

    [Fact]
    public void UserName_SamePersonAndNamespace_IsStableAndDiffersPerPerson()
    {
        var name = S3UserNames.UserName("lab", Person);

        name.ShouldBe(S3UserNames.UserName("lab", Person));
        name.ShouldStartWith("lab-");
        name.Length.ShouldBe("lab-".Length + 6);
        S3UserNames.UserName("lab", Guid.NewGuid()).ShouldNotBe(name);
    }

    [Fact]
    public void UserName_LongNamespace_IsADnsLabelUniquePerNamespace()
    {
        var a = S3UserNames.UserName(new string('a', 60) + "-one", Person);
        var b = S3UserNames.UserName(new string('a', 60) + "-two", Person);

        a.Length.ShouldBeLessThanOrEqualTo(63);
        a.ShouldMatch("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");
        a.ShouldNotBe(b);
    }

    [Fact]
    public void Differs_SameFieldsPlusRookStatus_IsFalse()
    {
        var want = S3UserObject.Build("lab-abc123", new S3DesiredUser("lab", Person, "Ada"), Store);
        var have = S3UserObject.Build("lab-abc123", new S3DesiredUser("lab", Person, "Ada"), Store);
        have["status"] = new JsonObject { ["phase"] = "Ready" };
        have.Metadata.Annotations = new() { [S3UserNames.SecretShownAtAnnotation] = "2026-12-03T00:00:00Z" };

        S3UserObject.Differs(want, have).ShouldBeFalse();
    }

    [Fact]
    public void Differs_ChangedQuotaExtraQuotaOrOrphanMark_IsTrue()
    {
        var want = S3UserObject.Build("lab-abc123", new S3DesiredUser("lab", Person, "Ada"), Store);
        var changed = S3UserObject.Build("lab-abc123", new S3DesiredUser("lab", Person, "Ada"), Store);
        changed["spec"]!["quotas"]!["maxBuckets"] = 5;
        var extra = S3UserObject.Build("lab-abc123", new S3DesiredUser("lab", Person, "Ada"), Store);
        extra["spec"]!["quotas"]!["maxObjects"] = 7;
        var orphaned = S3UserObject.MarkOrphaned(S3UserObject.Build("lab-abc123", new S3DesiredUser("lab", Person, "Ada"), Store), DateTimeOffset.UnixEpoch);

        S3UserObject.Differs(want, changed).ShouldBeTrue();
        S3UserObject.Differs(want, extra).ShouldBeTrue();
        S3UserObject.Differs(want, orphaned).ShouldBeTrue();
    }

    [Fact]
    public void MarkOrphaned_KeepsLabelsAndSpec_AddsTheTime()
    {
        var have = S3UserObject.Build("lab-abc123", new S3DesiredUser("lab", Person, "Ada"), Store);

        var marked = S3UserObject.MarkOrphaned(have, new DateTimeOffset(2026, 12, 3, 18, 0, 0, TimeSpan.Zero));

        marked.Metadata.Labels.ShouldBe(have.Metadata.Labels);
        JsonNode.DeepEquals(marked["spec"], have["spec"]).ShouldBeTrue();
        marked.Metadata.Annotations![S3UserNames.OrphanedAtAnnotation].ShouldBe("2026-12-03T18:00:00.0000000Z");
    }
}
