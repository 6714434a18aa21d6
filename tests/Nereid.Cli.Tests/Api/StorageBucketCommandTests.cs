using System.Text.Json;

namespace Nereid.Cli.Tests.Api;

/// <summary><c>nereid storage buckets list|create|delete</c> against the fake API: what is sent, what is printed, and that delete sends nothing without the confirm word.</summary>
public sealed class StorageBucketCommandTests : FakeApiCommandTests
{
    protected override void Seed(FakeNereidApi api)
    {
        api.Buckets["lab"] =
        [
            new
            {
                cluster = "west", @namespace = "lab", name = "photos", bucketClass = "rook-ceph-bucket", phase = "Bound", bucketName = "photos-5f0c",
                endpoint = "http://rook-ceph-rgw-my-store.rook-ceph.svc:80", accessKeyId = "AKEXAMPLE", secretKeyShown = false, conditions = Array.Empty<object>(),
            },
        ];
    }

    private IEnumerable<string> BucketNames(string ns) =>
        Api.Buckets[ns].Select(b => JsonSerializer.SerializeToElement(b).GetProperty("name").GetString()!);

    [Fact]
    public async Task Create_NameAndClass_PostsThemAndPrintsTheRequestedBucket()
    {
        var (code, stdout, stderr) = await RunAsync("storage", "buckets", "create", "lab", "logs", "--class", "rook-ceph-bucket", "--cluster", "west");

        code.ShouldBe(0, stderr);
        using var body = JsonDocument.Parse(Api.BucketPosts["lab"]);
        body.RootElement.GetProperty("name").GetString().ShouldBe("logs");
        body.RootElement.GetProperty("bucketClass").GetString().ShouldBe("rook-ceph-bucket");
        body.RootElement.GetProperty("cluster").GetString().ShouldBe("west");
        stdout.Split('\n')[0].ShouldBe("bucket/logs requested in lab on west (class rook-ceph-bucket): Pending");
        BucketNames("lab").ShouldBe(["photos", "logs"]);
    }

    [Fact]
    public async Task Create_OutputJson_PrintsTheApisAnswer()
    {
        var (code, stdout, stderr) = await RunAsync("storage", "buckets", "create", "lab", "logs", "--class", "rook-ceph-bucket", "-o", "json");

        code.ShouldBe(0, stderr);
        using var json = JsonDocument.Parse(stdout);
        json.RootElement.GetProperty("name").GetString().ShouldBe("logs");
        json.RootElement.GetProperty("phase").GetString().ShouldBe("Pending");
        JsonDocument.Parse(Api.BucketPosts["lab"]).RootElement.TryGetProperty("cluster", out _).ShouldBeFalse("no --cluster, none sent");
    }

    [Fact]
    public async Task Create_NameTaken_PrintsTheServersConflictAndExits1()
    {
        var (code, stdout, stderr) = await RunAsync("storage", "buckets", "create", "lab", "photos", "--class", "rook-ceph-bucket");

        code.ShouldBe(1);
        stdout.ShouldBeEmpty();
        stderr.Trim().ShouldBe("Conflict: Namespace 'lab' already has a bucket 'photos' on cluster 'west'.");
    }

    [Fact]
    public async Task Create_WithoutClass_RefusedBeforeAnyRequest()
    {
        var (code, _, stderr) = await RunAsync("storage", "buckets", "create", "lab", "logs");

        code.ShouldNotBe(0);
        stderr.ShouldContain("--class");
        Api.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task Delete_ConfirmedWithTheName_SendsTheConfirmWordAndRemoves()
    {
        var (code, stdout, stderr) = await RunAsync("storage", "buckets", "delete", "lab", "photos", "--confirm", "photos");

        code.ShouldBe(0, stderr);
        stdout.Trim().ShouldBe("bucket/photos deleted from lab");
        Api.Requests.ShouldContain("DELETE /api/v1/namespaces/lab/buckets/photos?confirm=photos");
        BucketNames("lab").ShouldBeEmpty();
    }

    [Fact]
    public async Task Delete_WithoutConfirm_SaysHowAndSendsNothing()
    {
        var (code, stdout, stderr) = await RunAsync("storage", "buckets", "delete", "lab", "photos");

        code.ShouldBe(1);
        stdout.ShouldBeEmpty();
        stderr.Trim().ShouldBe("Deleting removes the bucket and every object in it: add --confirm photos to go ahead.");
        Api.Requests.ShouldBeEmpty();
        BucketNames("lab").ShouldBe(["photos"]);
    }

    [Fact]
    public async Task Delete_WrongConfirm_ServersMessageAndBucketKept()
    {
        var (code, _, stderr) = await RunAsync("storage", "buckets", "delete", "lab", "photos", "--confirm", "photo");

        code.ShouldBe(1);
        stderr.Trim().ShouldBe("Invalid input: One or more fields are invalid: Type the bucket's name (photos) to delete it and every object in it.");
        BucketNames("lab").ShouldBe(["photos"]);
    }

    [Fact]
    public async Task List_SubcommandAndBareNamespace_SameTable()
    {
        var (code, listed, stderr) = await RunAsync("storage", "buckets", "list", "lab");
        var (bareCode, bare, _) = await RunAsync("storage", "buckets", "lab");

        code.ShouldBe(0, stderr);
        bareCode.ShouldBe(0);
        listed.ShouldBe(bare);
        listed.Trim().Split('\n')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .ShouldBe(["photos", "Bound", "rook-ceph-bucket", "photos-5f0c", "http://rook-ceph-rgw-my-store.rook-ceph.svc:80", "AKEXAMPLE"]);
    }
}
