using System.Net.Http.Json;
using System.Text.Json;
using Nereid.TestSupport.Slurm;

namespace Nereid.TestSupport.Tests.Slurm;

public class SlurmClusterTests
{
    [Fact]
    public async Task SubmitAsync_UserWithAssociation_JobRunsAndIsAccounted()
    {
        var slurm = await SlurmCluster.GetSharedAsync();
        var ct = TestTimeout.Token;
        await PosixUsers.EnsureUserAsync("nrd-smoke1", cancellationToken: ct);
        (await slurm.RunAsync("sacctmgr", ["-i", "add", "account", "smoke", "Description=smoke", "Organization=harness"], cancellationToken: ct)).EnsureSuccess("add account");
        (await slurm.RunAsync("sacctmgr", ["-i", "add", "user", "nrd-smoke1", "account=smoke"], cancellationToken: ct)).EnsureSuccess("add user");

        var submitted = (await slurm.SubmitAsync("nrd-smoke1", "smoke", "true", ["--gres=gpu:a100:1"], ct)).EnsureSuccess("sbatch");
        var jobId = submitted.StandardOutput.Trim();
        var (state, _) = await slurm.WaitForJobAsync(jobId, ["COMPLETED", "FAILED"], TimeSpan.FromSeconds(60), ct);

        state.ShouldBe("COMPLETED");
        var accounted = (await slurm.RunAsync("sacct", ["-n", "-X", "-P", "-j", jobId, "-o", "Account,User,AllocTRES"], cancellationToken: ct)).EnsureSuccess("sacct");
        accounted.StandardOutput.Trim().ShouldStartWith("smoke|nrd-smoke1|");
        accounted.StandardOutput.ShouldContain("gres/gpu:a100=1");
    }

    [Fact]
    public async Task SubmitAsync_AccountWithoutAssociation_IsRefused()
    {
        var slurm = await SlurmCluster.GetSharedAsync();
        await PosixUsers.EnsureUserAsync("nrd-smoke2", cancellationToken: TestTimeout.Token);

        var submitted = await slurm.SubmitAsync("nrd-smoke2", "no-such-account", "true", cancellationToken: TestTimeout.Token);

        submitted.Succeeded.ShouldBeFalse();
        submitted.StandardError.ShouldContain("Invalid account");
    }

    [Fact]
    public async Task RestUrl_AdminToken_ListsClusterThroughSlurmdbApi()
    {
        var slurm = await SlurmCluster.GetSharedAsync();
        using var http = new HttpClient { BaseAddress = slurm.RestUrl };
        http.DefaultRequestHeaders.Add("X-SLURM-USER-NAME", SlurmCluster.AdminUser);
        http.DefaultRequestHeaders.Add("X-SLURM-USER-TOKEN", slurm.AdminToken);

        var body = await http.GetFromJsonAsync<JsonElement>("slurmdb/v0.0.38/clusters", TestTimeout.Token);

        body.GetProperty("errors").GetArrayLength().ShouldBe(0);
        body.GetProperty("clusters").EnumerateArray().Select(c => c.GetProperty("name").GetString()).ShouldContain(SlurmCluster.ClusterName);
    }

    [Fact]
    public async Task RestUrl_NoToken_IsRejected()
    {
        var slurm = await SlurmCluster.GetSharedAsync();
        using var http = new HttpClient { BaseAddress = slurm.RestUrl };

        using var response = await http.GetAsync("slurmdb/v0.0.38/accounts", TestTimeout.Token);

        ((int)response.StatusCode).ShouldBe(401);
    }
}
