using System.Net;
using System.Text.Json;

namespace Nereid.Server.FunctionalTests.Resources;

/// <summary>Resources in words: display names beside raw names, taints in words, why a node is not for me, how to request a GPU type.</summary>
public sealed class ResourceWordsTests(ResourceWordsWorld world) : IClassFixture<ResourceWordsWorld>
{
    private static JsonElement Node(JsonElement nodes, string name) =>
        nodes.GetProperty("items").EnumerateArray().Single(n => n.GetProperty("name").GetString() == name);

    private static string[] Reasons(JsonElement node) =>
        [.. node.GetProperty("notForMeReasons").EnumerateArray().Select(r => r.GetString()!)];

    [Fact]
    public async Task NodesApi_ExtendedResources_HaveDisplayNameBesideName()
    {
        var nodes = await ResourcesWorld.GetJsonAsync(world.MemberClient, "/api/v1/resources/nodes");

        var mig = Node(nodes, "mig-1").GetProperty("extendedResources").EnumerateArray().Single();
        mig.GetProperty("name").GetString().ShouldBe(ResourceWordsWorld.Mig);
        mig.GetProperty("displayName").GetString().ShouldBe("MIG 1g.10gb slices (NVIDIA)");
        mig.GetProperty("allocatable").GetInt64().ShouldBe(7);
        var fpga = Node(nodes, "fpga-1").GetProperty("extendedResources").EnumerateArray().Single();
        fpga.GetProperty("name").GetString().ShouldBe(ResourceWordsWorld.Fpga);
        fpga.GetProperty("displayName").GetString().ShouldBe("FPGAs (Xilinx U250)");
        var a100 = Node(nodes, "a100-1");
        a100.GetProperty("gpuProduct").GetString().ShouldBe("NVIDIA-A100-SXM4-80GB");
        a100.GetProperty("gpuProductDisplayName").GetString().ShouldBe("NVIDIA A100 SXM4 80GB");
    }

    [Fact]
    public async Task NodesApi_UntoleratedTaint_InWordsAndGivenAsReason()
    {
        var nodes = await ResourcesWorld.GetJsonAsync(world.MemberClient, "/api/v1/resources/nodes");

        var triton = Node(nodes, "triton-1");
        var taint = triton.GetProperty("taintDetails").EnumerateArray().Single();
        taint.GetProperty("raw").GetString().ShouldBe("tritonOnly=true:NoExecute");
        taint.GetProperty("text").GetString().ShouldBe("Only pods that tolerate tritonOnly=true; pods without that toleration are not scheduled and are evicted");
        taint.GetProperty("tolerated").GetBoolean().ShouldBeFalse();
        triton.GetProperty("forMe").GetBoolean().ShouldBeFalse();
        Reasons(triton).ShouldContain(r => r.Contains("tritonOnly=true:NoExecute", StringComparison.Ordinal) && r.Contains("none of your namespaces tolerates it", StringComparison.Ordinal));
    }

    [Fact]
    public async Task NodesApi_ReservationCordonAndQuota_EachSaysWhy()
    {
        var nodes = await ResourcesWorld.GetJsonAsync(world.MemberClient, "/api/v1/resources/nodes");

        Reasons(Node(nodes, "a100-other")).ShouldContain("reserved for namespace lab-other, which you are not a member of");
        Node(nodes, "a100-other").GetProperty("taintDetails")[0].GetProperty("text").GetString().ShouldStartWith("Reserved for namespace lab-other");
        Reasons(Node(nodes, "cpu-cordoned")).ShouldContain(r => r.Contains("cordoned", StringComparison.Ordinal));
        var a100 = Node(nodes, "a100-1");
        a100.GetProperty("schedulableForMe").GetBoolean().ShouldBeTrue();
        a100.GetProperty("forMe").GetBoolean().ShouldBeFalse();
        Reasons(a100).ShouldBe(["no quota left for GPUs (NVIDIA) in your namespaces (lab-w: 0 of 0 requested)"]);
        // The MIG profile has no quota key in lab-w, so quota does not hold it back.
        Node(nodes, "mig-1").GetProperty("forMe").GetBoolean().ShouldBeTrue();
        Reasons(Node(nodes, "mig-1")).ShouldBeEmpty();
    }

    [Fact]
    public async Task NodesApi_NoNamespace_SaysSo()
    {
        var nodes = await ResourcesWorld.GetJsonAsync(world.OutsiderClient, "/api/v1/resources/nodes");

        var mig = Node(nodes, "mig-1");
        mig.GetProperty("forMe").GetBoolean().ShouldBeFalse();
        Reasons(mig).ShouldContain("you are not a member of any namespace yet, so no pod of yours can start");
    }

    [Fact]
    public async Task SummaryApi_Requesting_GivesNodeSelectorForModelAndResourceForMig()
    {
        var summary = await ResourcesWorld.GetJsonAsync(world.MemberClient, "/api/v1/resources/summary");

        var hints = summary.GetProperty("requesting").EnumerateArray().ToList();
        var a100 = hints.Single(h => h.GetProperty("type").GetString() == "NVIDIA-A100-SXM4-80GB");
        a100.GetProperty("displayName").GetString().ShouldBe("NVIDIA A100 SXM4 80GB");
        a100.GetProperty("resource").GetString().ShouldBe("nvidia.com/gpu");
        a100.GetProperty("nodeSelector").GetProperty("nvidia.com/gpu.product").GetString().ShouldBe("NVIDIA-A100-SXM4-80GB");
        a100.GetProperty("snippet").GetString()!.ShouldContain("    nvidia.com/gpu.product: NVIDIA-A100-SXM4-80GB\n");
        a100.GetProperty("snippet").GetString()!.ShouldContain("        nvidia.com/gpu: 1\n");
        var mig = hints.Single(h => h.GetProperty("type").GetString() == ResourceWordsWorld.Mig);
        mig.GetProperty("nodeSelector").ValueKind.ShouldBe(JsonValueKind.Null);
        mig.GetProperty("snippet").GetString()!.ShouldContain($"        {ResourceWordsWorld.Mig}: 1\n");
        summary.GetProperty("gpuTypeNames").EnumerateArray()
            .Single(n => n.GetProperty("type").GetString() == ResourceWordsWorld.Fpga).GetProperty("displayName").GetString().ShouldBe("FPGAs (Xilinx U250)");
    }

    [Fact]
    public async Task ResourcesPage_Member_ShowsWordsWithRawNameOnHoverReasonsAndSnippet()
    {
        var html = WebUtility.HtmlDecode(await world.MemberClient.GetStringAsync("/resources"));

        html.ShouldContain($"<abbr class=\"raw-name\" title=\"{ResourceWordsWorld.Mig}\">MIG 1g.10gb slices (NVIDIA)</abbr>");
        html.ShouldContain($"<abbr class=\"raw-name\" title=\"{ResourceWordsWorld.Fpga}\">FPGAs (Xilinx U250)</abbr>");
        html.ShouldContain("<abbr class=\"raw-name\" title=\"NVIDIA-A100-SXM4-80GB\">NVIDIA A100 SXM4 80GB</abbr>");
        html.ShouldContain("<abbr title=\"tritonOnly=true:NoExecute\">Only pods that tolerate tritonOnly=true;");
        html.ShouldContain("<li>reserved for namespace lab-other, which you are not a member of</li>");
        html.ShouldContain("<li>no quota left for GPUs (NVIDIA) in your namespaces (lab-w: 0 of 0 requested)</li>");
        html.ShouldContain("How to request a GPU type");
        html.ShouldContain("    nvidia.com/gpu.product: NVIDIA-A100-SXM4-80GB\n");
        html.ShouldContain("data-copy=\"res-snippet-0\"");
    }
}
