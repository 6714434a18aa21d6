using Microsoft.Extensions.Options;
using Nereid.Server.FunctionalTests.Infrastructure;

namespace Nereid.Server.FunctionalTests.Validation;

/// <summary>A bad setting stops the server at start with a message naming it, instead of failing on first use.</summary>
public sealed class OptionsValidationTests
{
    public static TheoryData<string, string, string> BadSettings() => new()
    {
        { "Kubernetes:Client:MaxConcurrentRequests", "0", "MaxConcurrentRequests" },
        { "Nereid:Projection:PodSecurityEnforce", "strict", "PodSecurityEnforce" },
        { "Nereid:Identity:KubeconfigIssuer", "not a url", "KubeconfigIssuer" },
        { "Nereid:Policies:Notices:SmtpPort", "0", "Nereid:Policies:Notices" },
        { "Nereid:Policies:Enforcement:ActAfterNotices", "0", "Nereid:Policies:Enforcement" },
        { "Nereid:Policies:GpuIdle:Free:GracePeriod", "-01:00:00", "Nereid:Policies:GpuIdle:Free" },
        // A nested value: the test's own rules are reached only through MeshOptions.Validate.
        { "Nereid:Meshes:Tests:owamp:Type", "ping", "Nereid:Meshes:Tests:owamp: Type must be throughput, latencybg or trace." },
        { "Nereid:Meshes:Tests:throughput:Repeat", "4 hours", "Nereid:Meshes:Tests:throughput: Repeat must be an ISO 8601 duration" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void Start_BadSetting_FailsNamingIt(string key, string value, string named)
    {
        using var app = new NereidAppFactory().With(key, value);

        var error = Should.Throw<OptionsValidationException>(() => app.CreateClient());

        string.Join(" ", error.Failures).ShouldContain(named);
    }

    [Fact]
    public void Start_GpuFreeStepOnANotifyOnlyPolicy_FailsNamingBoth()
    {
        // Freeing follows the annotation, which Notify never puts on: the step would never run, so it is refused.
        using var app = new NereidAppFactory().With("Nereid:Policies:GpuIdle:Free:Enabled", "true").With("Nereid:Policies:GpuIdle:Enforcement", "Notify");

        var error = Should.Throw<OptionsValidationException>(() => app.CreateClient());

        string.Join(" ", error.Failures).ShouldContain("GpuIdle:Free:Enabled needs GpuIdle:Enforcement Annotate or Act");
    }

    [Fact]
    public async Task Start_DefaultSettings_Starts()
    {
        using var app = new NereidAppFactory();

        using var response = await app.CreateClient().GetAsync("/healthz");

        response.IsSuccessStatusCode.ShouldBeTrue();
    }
}
