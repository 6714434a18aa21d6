using System.Text.Json;

namespace Nereid.Cli.Tests.Api;

public sealed class ApiCommandTests : FakeApiCommandTests
{
    private void Seed(string name, string institution) => Api.Namespaces[name] = new()
    {
        ["name"] = name, ["institution"] = institution, ["state"] = "active", ["memberCount"] = 3, ["pis"] = new[] { "Dr. Who" },
    };

    [Fact]
    public async Task NsList_SeveralPages_FollowsContinueAndPrintsAll()
    {
        Seed("astro", "UCSD");
        Seed("bio", "UNL");
        Seed("chem", "SDSU");

        var (code, stdout, stderr) = await RunAsync("ns", "list");

        code.ShouldBe(0, stderr);
        stdout.ShouldContain("astro");
        stdout.ShouldContain("bio");
        stdout.ShouldContain("chem");
        Api.Requests.Count(r => r.StartsWith("GET /api/v1/namespaces?")).ShouldBe(2);
    }

    [Fact]
    public async Task NsShow_Existing_PrintsDetails()
    {
        Seed("astro", "UC San Diego");
        var (code, stdout, _) = await RunAsync("ns", "show", "astro");
        code.ShouldBe(0);
        stdout.ShouldContain("UC San Diego");
        stdout.ShouldContain("Dr. Who");
    }

    [Fact]
    public async Task NsShow_Missing_PrintsProblemTitleAndDetailAndExits1()
    {
        var (code, stdout, stderr) = await RunAsync("ns", "show", "nope");
        code.ShouldBe(1);
        stdout.ShouldBeEmpty();
        stderr.Trim().ShouldBe("Not Found: namespace nope does not exist");
    }

    [Fact]
    public async Task NsCreate_Valid_PostsAllFields()
    {
        var (code, stdout, stderr) = await RunAsync("ns", "create", "genomics", "--institution", "UCSD", "--pi", "Ada", "--pi", "Grace",
            "--description", "sequencing", "--grant", "NSF-123");

        code.ShouldBe(0, stderr);
        stdout.ShouldContain("namespace/genomics created");
        var ns = Api.Namespaces["genomics"];
        ns["institution"].ShouldBe("UCSD");
        ((List<string?>)ns["pis"]!).ShouldBe(["Ada", "Grace"]);
        ((List<string?>)ns["grants"]!).ShouldBe(["NSF-123"]);
    }

    [Fact]
    public async Task NsCreate_Duplicate_PrintsConflict()
    {
        Seed("astro", "UCSD");
        var (code, _, stderr) = await RunAsync("ns", "create", "astro", "--institution", "UCSD", "--pi", "Ada", "--description", "x");
        code.ShouldBe(1);
        stderr.ShouldContain("Conflict: namespace astro already exists");
    }

    [Fact]
    public async Task MembersAddThenRemove_UpdatesMembership()
    {
        var (addCode, _, addErr) = await RunAsync("members", "add", "astro", "bob@unl.edu", "--role", "admin");
        addCode.ShouldBe(0, addErr);
        Api.Members[("astro", "bob@unl.edu")].ShouldBe("admin");

        var (listCode, listOut, _) = await RunAsync("members", "list", "astro");
        listCode.ShouldBe(0);
        listOut.ShouldContain("bob@unl.edu");

        var (removeCode, _, removeErr) = await RunAsync("members", "remove", "astro", "bob@unl.edu");
        removeCode.ShouldBe(0, removeErr);
        Api.Members.ShouldNotContainKey(("astro", "bob@unl.edu"));
    }

    [Fact]
    public async Task MembersAdd_InvalidRole_RejectedBeforeAnyRequest()
    {
        var (code, _, _) = await RunAsync("members", "add", "astro", "bob@unl.edu", "--role", "owner");
        code.ShouldNotBe(0);
        Api.Requests.ShouldBeEmpty();
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task ConfigGet_ToFile_WritesKubeconfigPrivately()
    {
        var file = Path.Combine(Home, "kubeconfig");
        var (code, _, stderr) = await RunAsync("config", "get", "--cluster", "nautilus", "--variant", "kubelogin", "-o", file);

        code.ShouldBe(0, stderr);
        (await File.ReadAllTextAsync(file)).ShouldContain("# cluster nautilus variant kubelogin");
        File.GetUnixFileMode(file).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    [Fact]
    public async Task Whoami_WithToken_PrintsServerAnswer()
    {
        var (code, stdout, _) = await RunAsync("whoami");
        code.ShouldBe(0);
        JsonDocument.Parse(stdout).RootElement.GetProperty("email").GetString().ShouldBe("alice@ucsd.edu");
    }

    [Fact]
    public async Task Whoami_WrongToken_PrintsUnauthorizedAndExits1()
    {
        var (code, _, stderr) = await RunWithAsync(new() { ["HOME"] = Home, ["NEREID_SERVER"] = Api.BaseUrl, ["NEREID_TOKEN"] = "wrong" }, "whoami");
        code.ShouldBe(1);
        stderr.ShouldContain("Unauthorized: a valid bearer token is required");
    }

    [Fact]
    public async Task Whoami_ServerFromConfigFile_UsesIt()
    {
        Directory.CreateDirectory(Path.Combine(Home, ".config", "nereid"));
        await File.WriteAllTextAsync(Path.Combine(Home, ".config", "nereid", "config.json"), $$"""{"server":"{{Api.BaseUrl}}"}""");
        var (code, stdout, stderr) = await RunWithAsync(new() { ["HOME"] = Home, ["NEREID_TOKEN"] = FakeNereidApi.ExpectedToken }, "whoami");
        code.ShouldBe(0, stderr);
        stdout.ShouldContain("alice@ucsd.edu");
    }

    [Fact]
    public async Task Whoami_NoServerAnywhere_ExplainsHowToSetIt()
    {
        var (code, _, stderr) = await RunWithAsync(new() { ["HOME"] = Home }, "whoami");
        code.ShouldBe(1);
        stderr.ShouldContain("NEREID_SERVER");
    }
    [Fact]
    public async Task NsStatus_AllReady_PrintsEachClusterAndExitsZero()
    {
        Api.Status["astro"] = [new { cluster = "west", condition = "Ready", reason = "Applied", message = "6 objects match the database.", lastSyncedAt = "2026-11-22T08:00:00Z" }];

        var (code, stdout, stderr) = await RunAsync("ns", "status", "astro");

        code.ShouldBe(0, stderr);
        stdout.ShouldContain("west");
        stdout.ShouldContain("Ready");
        stdout.ShouldContain("6 objects match the database.");
    }

    [Fact]
    public async Task NsStatus_OneClusterDegraded_ExitsNonZeroWithItsMessage()
    {
        Api.Status["astro"] = [
            new { cluster = "west", condition = "Ready", reason = "Applied", message = "ok", lastSyncedAt = (string?)"2026-11-22T08:00:00Z" },
            new { cluster = "east", condition = "Degraded", reason = "Rejected", message = "quota value invalid", lastSyncedAt = (string?)null },
        ];

        var (code, stdout, _) = await RunAsync("ns", "status", "astro");

        code.ShouldBe(3);
        stdout.ShouldContain("Degraded");
        stdout.ShouldContain("quota value invalid");
        stdout.ShouldContain("never");
    }

    [Fact]
    public async Task NsStatus_NoCluster_SaysSoPlainly()
    {
        var (code, stdout, _) = await RunAsync("ns", "status", "astro");

        code.ShouldBe(0);
        stdout.ShouldContain("no cluster is connected");
    }

    [Fact]
    public async Task NsDiff_ChangesPending_PrintsEachActionAndExitsThree()
    {
        Api.Diffs["astro"] = new
        {
            @namespace = "astro",
            clusters = new object[]
            {
                new
                {
                    cluster = "west",
                    objects = new object[]
                    {
                        new { kind = "Namespace", @namespace = (string?)null, name = "astro", action = "unchanged", fields = Array.Empty<string>() },
                        new { kind = "ResourceQuota", @namespace = "astro", name = "nereid-quota", action = "update", fields = new[] { "spec.hard[\"requests.cpu\"]" } },
                        new { kind = "RoleBinding", @namespace = "astro", name = "nereid-members", action = "create", fields = Array.Empty<string>() },
                        new { kind = "NetworkPolicy", @namespace = "astro", name = "old", action = "delete", fields = Array.Empty<string>() },
                    },
                },
                new { cluster = "east", objects = Array.Empty<object>(), error = "The cluster could not be compared: connection refused" },
            },
        };

        var (code, stdout, stderr) = await RunAsync("ns", "diff", "astro");

        code.ShouldBe(3, stderr);
        stdout.ShouldContain("cluster/west:");
        stdout.ShouldContain("= unchanged Namespace/astro");
        stdout.ShouldContain("~ update    ResourceQuota/astro/nereid-quota: spec.hard[\"requests.cpu\"]");
        stdout.ShouldContain("+ create    RoleBinding/astro/nereid-members");
        stdout.ShouldContain("- delete    NetworkPolicy/astro/old");
        stdout.ShouldContain("cluster/east: The cluster could not be compared: connection refused");
        Api.Requests.ShouldContain("GET /api/v1/namespaces/astro/diff");
    }

    [Fact]
    public async Task NsDiff_NothingToChange_SaysSoAndExitsZero()
    {
        Api.Diffs["astro"] = new
        {
            @namespace = "astro",
            clusters = new[] { new { cluster = "west", objects = new[] { new { kind = "Namespace", name = "astro", action = "unchanged", fields = Array.Empty<string>() } } } },
        };

        var (code, stdout, stderr) = await RunAsync("ns", "diff", "astro");

        code.ShouldBe(0, stderr);
        stdout.ShouldContain("a pass would change nothing");
    }

    [Fact]
    public async Task NsDiff_UnknownNamespace_ShowsProblemAndFails()
    {
        var (code, _, stderr) = await RunAsync("ns", "diff", "nope");

        code.ShouldBe(1);
        stderr.ShouldContain("No namespace is named 'nope'.");
    }

    [Fact]
    public async Task NsQuota_WithOverride_MarksItsSource()
    {
        Api.Quotas["astro"] = new
        {
            @namespace = "astro", version = 3,
            defaults = new Dictionary<string, string> { ["requests.cpu"] = "64", ["requests.nvidia.com/gpu"] = "8" },
            overrides = new Dictionary<string, string> { ["requests.nvidia.com/gpu"] = "16" },
            effective = new Dictionary<string, string> { ["requests.cpu"] = "64", ["requests.nvidia.com/gpu"] = "16" },
        };

        var (code, stdout, stderr) = await RunAsync("ns", "quota", "astro");

        code.ShouldBe(0, stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Single(l => l.StartsWith("requests.nvidia.com/gpu", StringComparison.Ordinal)).ShouldContain("16");
        lines.Single(l => l.StartsWith("requests.nvidia.com/gpu", StringComparison.Ordinal)).ShouldContain("set for this namespace");
        lines.Single(l => l.StartsWith("requests.cpu", StringComparison.Ordinal)).ShouldContain("default");
    }

    [Fact]
    public async Task NsQuota_UnknownNamespace_ReadableErrorAndNonZero()
    {
        var (code, _, stderr) = await RunAsync("ns", "quota", "nope");

        code.ShouldNotBe(0);
        stderr.ShouldContain("namespace nope does not exist");
    }

    [Fact]
    public async Task StorageClasses_Catalog_PrintsOneRowPerClassWithDescriptionsAndNamesUnsyncedClusters()
    {
        Api.StorageCatalog = new
        {
            classes = new object[]
            {
                new
                {
                    cluster = "west", name = "rook-ceph-block", provisioner = "rook-ceph.rbd.csi.ceph.com", reclaimPolicy = "Delete", volumeBindingMode = "Immediate",
                    allowVolumeExpansion = true, isDefault = true,
                    description = new { region = "us-west", filesystemType = "ext4", accessModes = new[] { "ReadWriteOnce" }, media = "NVMe", notes = "no backups", version = 2 },
                },
                new { cluster = "west", name = "rook-cephfs", provisioner = "rook-ceph.cephfs.csi.ceph.com", reclaimPolicy = "Retain", volumeBindingMode = "WaitForFirstConsumer", allowVolumeExpansion = false, isDefault = false },
            },
            unsynced = new[] { "east" },
        };

        var (code, stdout, stderr) = await RunAsync("storage", "classes", "--cluster", "west");

        code.ShouldBe(0, stderr);
        var lines = stdout.Trim().Split('\n');
        lines.Length.ShouldBe(3);
        lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries).ShouldBe(["CLUSTER", "NAME", "PROVISIONER", "RECLAIM", "BINDING", "EXPAND", "DEFAULT", "REGION", "FILESYSTEM", "ACCESS", "MODES", "MEDIA"]);
        lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries).ShouldBe(["west", "rook-ceph-block", "rook-ceph.rbd.csi.ceph.com", "Delete", "Immediate", "yes", "yes", "us-west", "ext4", "ReadWriteOnce", "NVMe"]);
        lines[2].Split(' ', StringSplitOptions.RemoveEmptyEntries).ShouldBe(["west", "rook-cephfs", "rook-ceph.cephfs.csi.ceph.com", "Retain", "WaitForFirstConsumer", "no", "no", "-", "-", "-", "-"]);
        stderr.Trim().ShouldBe("cluster east: storage classes not known yet");
        Api.Requests.ShouldContain("GET /api/v1/storage/classes?cluster=west");
    }

    [Fact]
    public async Task StorageClasses_OutputJson_PrintsTheApisAnswerWithDescriptions()
    {
        Api.StorageCatalog = new
        {
            classes = new object[]
            {
                new
                {
                    cluster = "west", name = "rook-cephfs", provisioner = "rook-ceph.cephfs.csi.ceph.com", reclaimPolicy = "Delete", volumeBindingMode = "Immediate",
                    allowVolumeExpansion = true, isDefault = false,
                    description = new { region = "us-west", filesystemType = "CephFS", accessModes = new[] { "ReadWriteMany", "ReadWriteOnce" }, media = "HDD", notes = "2 PB shared", version = 1 },
                },
            },
            unsynced = Array.Empty<string>(),
        };

        var (code, stdout, stderr) = await RunAsync("storage", "classes", "-o", "json");

        code.ShouldBe(0, stderr);
        using var json = System.Text.Json.JsonDocument.Parse(stdout);
        var description = json.RootElement.GetProperty("classes")[0].GetProperty("description");
        description.GetProperty("filesystemType").GetString().ShouldBe("CephFS");
        description.GetProperty("accessModes").EnumerateArray().Select(a => a.GetString()).ShouldBe(["ReadWriteMany", "ReadWriteOnce"]);
        description.GetProperty("notes").GetString().ShouldBe("2 PB shared");
    }

    [Fact]
    public async Task StorageBuckets_Namespace_PrintsNameBucketAndEndpoint()
    {
        Api.Buckets["lab"] = new object[]
        {
            new
            {
                cluster = "west", @namespace = "lab", name = "photos", bucketClass = "rook-ceph-bucket", phase = "Bound", bucketName = "photos-5f0c",
                endpoint = "http://rook-ceph-rgw-my-store.rook-ceph.svc:80", accessKeyId = "AKEXAMPLE", secretKeyShown = false, conditions = Array.Empty<object>(),
            },
            new { cluster = "west", @namespace = "lab", name = "logs", bucketClass = "rook-ceph-bucket", phase = "Pending", secretKeyShown = false, conditions = Array.Empty<object>() },
        };

        var (code, stdout, stderr) = await RunAsync("storage", "buckets", "lab");

        code.ShouldBe(0, stderr);
        var lines = stdout.Trim().Split('\n');
        lines.Length.ShouldBe(3);
        lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries).ShouldBe(["photos", "Bound", "rook-ceph-bucket", "photos-5f0c", "http://rook-ceph-rgw-my-store.rook-ceph.svc:80", "AKEXAMPLE"]);
        lines[2].Split(' ', StringSplitOptions.RemoveEmptyEntries).ShouldBe(["logs", "Pending", "rook-ceph-bucket", "-", "-", "-"]);
        Api.Requests.ShouldContain("GET /api/v1/namespaces/lab/buckets");
    }

    [Fact]
    public async Task S3Credentials_FirstRead_PrintsKeysAsShellVariables()
    {
        Api.S3Credentials = new { @namespace = "lab", cluster = "west", user = "lab-0a1b2c", phase = "Ready", accessKey = "AKEXAMPLE", secretKey = "SKEXAMPLE", secretKeyShown = true, endpoint = "http://rgw.example:80" };

        var (code, stdout, stderr) = await RunAsync("s3", "credentials", "lab");

        code.ShouldBe(0, stderr);
        stdout.Trim().Split('\n').ShouldBe(["export AWS_ACCESS_KEY_ID=AKEXAMPLE", "export AWS_SECRET_ACCESS_KEY=SKEXAMPLE", "export AWS_ENDPOINT_URL=http://rgw.example:80"]);
        Api.Requests.ShouldContain("GET /api/v1/namespaces/lab/s3/credentials");
    }

    [Fact]
    public async Task S3Credentials_SecretAlreadyShown_AwsProfileWithoutSecretAndAHint()
    {
        Api.S3Credentials = new { @namespace = "lab", cluster = "west", user = "lab-0a1b2c", phase = "Ready", accessKey = "AKEXAMPLE", secretKey = (string?)null, secretKeyShown = true, endpoint = "http://rgw.example:80" };

        var (code, stdout, stderr) = await RunAsync("s3", "credentials", "lab", "--format", "aws");

        code.ShouldBe(0, stderr);
        stdout.Trim().Split('\n').ShouldBe(["[nereid-lab]", "aws_access_key_id = AKEXAMPLE", "endpoint_url = http://rgw.example:80"]);
        stderr.ShouldContain("shown once already");
    }

    [Fact]
    public async Task S3Credentials_UserNotReady_FailsWithThePhase()
    {
        Api.S3Credentials = new { @namespace = "lab", cluster = "west", user = "lab-0a1b2c", phase = "Pending", accessKey = (string?)null, secretKey = (string?)null, secretKeyShown = false, endpoint = (string?)null };

        var (code, stdout, stderr) = await RunAsync("s3", "credentials", "lab");

        code.ShouldBe(1);
        stdout.ShouldBeEmpty();
        stderr.ShouldContain("not ready yet (Pending)");
    }

    [Theory]
    [InlineData("rotate")]
    [InlineData("revoke")]
    public async Task S3RotateAndRevoke_PostToTheCredentialsAndPrintTheServersMessage(string verb)
    {
        var (code, stdout, stderr) = await RunAsync("s3", verb, "lab", "--cluster", "west");

        code.ShouldBe(0, stderr);
        stdout.Trim().ShouldBe($"{verb} accepted for lab");
        Api.Requests.ShouldContain($"POST /api/v1/namespaces/lab/s3/credentials/{verb}?cluster=west");
    }
}
