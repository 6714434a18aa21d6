using Nereid.Kubernetes.Inventory;
using Nereid.Server.Sessions;

namespace Nereid.Server.Tests.Sessions;

public sealed class ProfileListBuilderTests
{
    private static readonly SessionImageView Minimal = new("minimal", "quay.io/jupyter/minimal-notebook:latest", "", false, default);
    private static readonly SessionImageView Torch = new("pytorch", "quay.io/jupyter/pytorch-notebook:cuda12", "", true, default);
    private static readonly NamespaceUsage Idle = new("lab", 0, 0, 0, 0, new Dictionary<string, long>(), new Dictionary<string, long>());

    private static NamespaceAllowance Allowance(Dictionary<string, string> hard, NamespaceUsage? used = null, Dictionary<string, long>? free = null) =>
        NamespaceAllowance.From("lab", hard, used ?? Idle, free ?? new() { ["NVIDIA-A100"] = 8, ["NVIDIA-L40"] = 4 }, [], []);

    [Fact]
    public void GpusFor_TypeQuotaNamesOtherProduct_NoGpusOfThisProduct()
    {
        var allowance = Allowance(new() { ["requests.nvidia.com/gpu"] = "8", ["requests.nvidia.com/a100"] = "2" });

        allowance.GpusFor("NVIDIA-L40", 4).ShouldBe(0);
        allowance.GpusFor("NVIDIA-A100", 4).ShouldBe(2);
    }

    [Fact]
    public void GpusFor_QuotaPartlyUsed_SmallestOfFreeQuotaLeftAndSessionMax()
    {
        var used = Idle with { Gpus = 5, GpusByType = new Dictionary<string, long> { ["NVIDIA-A100"] = 5 } };
        var allowance = Allowance(new() { ["requests.nvidia.com/gpu"] = "8" }, used);

        allowance.GpusFor("NVIDIA-A100", 4).ShouldBe(3);
        allowance.GpusFor("NVIDIA-L40", 2).ShouldBe(2);
        allowance.GpusFor("NVIDIA-H100", 4).ShouldBe(0);
    }

    [Fact]
    public void Build_SizesBeyondQuotaLeft_LeftOutAndNoGpuQuotaMeansNoGpuProfile()
    {
        var used = Idle with { CpuCores = 58, MemoryBytes = 200L << 30 };
        var allowance = Allowance(new() { ["requests.cpu"] = "64", ["requests.memory"] = "256Gi", ["requests.nvidia.com/gpu"] = "0" }, used);

        var profiles = ProfileListBuilder.Build(new SessionsOptions(), [Minimal, Torch], [allowance]);

        var only = profiles.ShouldHaveSingleItem()!;
        only["profile_options"]!["size"]!["choices"]!.AsObject().Select(c => c.Key).ShouldBe(["small", "medium"]);
        only["default"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Fact]
    public void Build_EmptyCatalogue_NoProfiles()
    {
        var profiles = ProfileListBuilder.Build(new SessionsOptions(), [], [Allowance(new())]);

        profiles.ShouldBeEmpty();
    }

    [Fact]
    public void Build_GpuProfile_GpuChoicesSetGuaranteeAndLimitAlike()
    {
        var profiles = ProfileListBuilder.Build(new SessionsOptions { MaxGpusPerSession = 2 }, [Minimal, Torch], [Allowance(new() { ["requests.nvidia.com/gpu"] = "8" })]);

        var a100 = profiles.Single(p => p!["slug"]!.GetValue<string>() == "lab--nvidia-a100")!;
        var two = a100["profile_options"]!["gpus"]!["choices"]!["2"]!["kubespawner_override"]!;
        two["extra_resource_guarantees"]!["nvidia.com/gpu"]!.GetValue<string>().ShouldBe("2");
        two["extra_resource_limits"]!["nvidia.com/gpu"]!.GetValue<string>().ShouldBe("2");
        a100["profile_options"]!["gpus"]!["choices"]!.AsObject().Count.ShouldBe(2);
    }
}
