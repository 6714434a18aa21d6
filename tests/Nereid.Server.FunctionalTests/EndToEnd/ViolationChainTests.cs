using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Nereid.Data;
using Nereid.Domain.People;
using Nereid.Domain.Policies;
using Nereid.KubeDouble;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Models;
using Nereid.Server.Admission;
using Nereid.Server.FunctionalTests.Admission;
using Nereid.Server.FunctionalTests.Clusters;
using Nereid.Server.Policies;
using Nereid.TestSupport.Paths;
using Nereid.TestSupport.Processes;
using Nereid.TestSupport.Smtp;

namespace Nereid.Server.FunctionalTests.EndToEnd;

/// <summary>
/// The whole chain of issue 18 in one test, each link through its real path: real kubectl as a member through the double's
/// webhook call (deploy/admission-webhook.yaml), the scan, the digest over SMTP (the sink), the emailed link opened by the
/// member, the exception asked for by the namespace admin and decided by a platform admin over the API, and the next
/// scan acting on a second, unexcepted pod of the same member while sparing the excepted one.
/// </summary>
public sealed partial class ViolationChainTests : IAsyncLifetime
{
    private const string Ns = "chain-team";
    private const string Requests = "/api/v1/policy-exception-requests";
    private DeployedWebhookWorld _world = null!;
    private ClusterAppFactory _app = null!;
    private SmtpSink _sink = null!;

    public async Task InitializeAsync()
    {
        _sink = SmtpSink.Start();
        // Scans are run by the test (no background scan, no Prometheus: bare pods are a workload policy); enforcement is
        // live and acts after one notice, once the annotation has stood for the grace period.
        _world = await DeployedWebhookWorld.StartAsync(app => app
            .With("Nereid:Policies:Notices:SmtpHost", _sink.Host).With("Nereid:Policies:Notices:SmtpPort", _sink.Port.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .With("Nereid:Policies:Notices:PortalUrl", "https://portal.example/")
            .With("Nereid:Policies:Enforcement:DryRun", "false").With("Nereid:Policies:Enforcement:ActAfterNotices", "1")
            .With("Nereid:Policies:Enforcement:GracePeriod", "1.00:00:00"));
        _app = _world.App;
    }

    [Fact]
    public async Task Chain_PodByMemberThroughWebhook_DigestOpensViolationExceptionAuditedAndExceptedPodSpared()
    {
        // Fail instead of the deployed Ignore, so a missed call shows.
        await _world.RegisterDeployedWebhookAsync("Fail");
        var nsAdmin = await _app.CreatePersonAsync("chainadmin", Tier.Admin);
        var member = await _app.CreatePersonAsync("chainmember", Tier.User);
        await _app.CreateNamespaceAsync(Ns, nsAdmin, member);
        await Eventually.TrueAsync(async () => await _app.Admin.GetAsync<RoleBinding>(Ns, "nereid-members") is not null, "the namespace never converged");

        // 1. The member creates two bare pods with real kubectl, impersonated as their OIDC user name.
        foreach (var pod in new[] { "kept", "plain" })
        {
            var run = await ProcessRunner.RunAsync("/usr/bin/kubectl", ["--kubeconfig", _world.Kubeconfig, "--as", "oidc:chainmember@example.edu",
                "-n", Ns, "run", pod, "--image=busybox", "--restart=Never"]);
            run.ExitCode.ShouldBe(0, run.StandardError);
            (await _app.Admin.GetAsync<Pod>(Ns, pod))!.Metadata.Annotations![WorkloadSnapshot.CreatedByKey].ShouldBe("oidc:chainmember@example.edu");
        }

        // 2. The scan finds both, owned by the member, notifies and annotates them; the member gets one digest.
        await ScanAsync();
        var kept = await ViolationAsync("kept");
        var plain = await ViolationAsync("plain");
        kept.OwnerId.ShouldBe(member.Id);
        plain.OwnerId.ShouldBe(member.Id);
        kept.Enforcement.ShouldBe(EnforcementState.Annotated);
        (await _app.Admin.GetAsync<Pod>(Ns, "kept"))!.Metadata.Annotations![PolicyEnforcer.ViolationAnnotation].ShouldBe("bare-pod");
        // One digest listing both notices, then the announcement of the annotation that followed them in the same scan.
        await Eventually.TrueAsync(() => Task.FromResult(_sink.Messages.Count(m => m.To.SequenceEqual([member.Email])) >= 2), "the member's mails never arrived");
        var mails = _sink.Messages.Where(m => m.To.SequenceEqual([member.Email])).ToList();
        mails.Count.ShouldBe(2);
        var digest = TextOf(mails[0]);
        Regex.Matches(digest, "How to fix it: ").Count.ShouldBe(2);
        TextOf(mails[1]).ShouldContain("annotated");
        var link = LinkPattern().Matches(digest).Select(m => m.Groups["path"].Value)
            .Where(path => path.EndsWith(kept.Id.ToString(), StringComparison.Ordinal)).ShouldHaveSingleItem();

        // 3. The link opens the violation for the member.
        using var memberClient = await _app.ClientForAsync(member);
        using var page = await memberClient.GetAsync(link);
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await page.Content.ReadAsStringAsync()).ShouldContain("kept");

        // 4. The namespace admin asks for an exception for that pod; a platform admin approves it.
        using var adminClient = await _app.ClientForAsync(nsAdmin);
        using var created = await adminClient.PostAsJsonAsync(Requests, new { violationId = kept.Id, reason = "Debugging the node by hand", durationDays = 2 });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var requestId = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<Guid>();
        using var platformClient = await _app.ClientForAsync(await _app.AdminAsync());
        using var approved = await platformClient.PostAsJsonAsync($"{Requests}/{requestId}/approve", new { note = "Two days, then use a Job." });
        approved.StatusCode.ShouldBe(HttpStatusCode.OK, await approved.Content.ReadAsStringAsync());

        // 5. The grace period passes (both annotations a day old) and the next scan runs.
        await AgeAnnotationsAsync(TimeSpan.FromDays(1));
        await ScanAsync();

        // The excepted pod stands and its violation is closed; the other one was acted on, as the rules say.
        (await _app.Admin.GetAsync<Pod>(Ns, "kept")).ShouldNotBeNull();
        (await ViolationAsync("kept")).ResolvedAt.ShouldNotBeNull();
        (await _app.Admin.GetAsync<Pod>(Ns, "plain")).ShouldBeNull();
        (await ViolationAsync("plain")).Enforcement.ShouldBe(EnforcementState.Deleted);
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NereidDbContext>();
        var audited = await db.AuditEvents.Where(e => e.TargetId == requestId.ToString()).Select(e => new { e.Action, e.ActorId }).ToListAsync();
        audited.ShouldBe([new { Action = "policy-exception-request.create", ActorId = (Guid?)nsAdmin.Id },
            new { Action = "policy-exception-request.approve", ActorId = (Guid?)(await _app.AdminAsync()).Id }], ignoreOrder: true);
    }

    private async Task ScanAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ViolationScanner>().ScanAsync(default);
    }

    private async Task<Violation> ViolationAsync(string pod)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<NereidDbContext>().Set<Violation>()
            .SingleAsync(v => v.Policy == PolicyKind.BarePod && v.Namespace == Ns && v.PodName == pod);
    }

    /// <summary>Moves the recorded annotation time back, as if the grace period had passed since the first scan.</summary>
    private async Task AgeAnnotationsAsync(TimeSpan by)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NereidDbContext>();
        foreach (var v in await db.Set<Violation>().Where(v => v.Namespace == Ns && v.ResolvedAt == null).ToListAsync())
            v.EnforcedAt = v.EnforcedAt!.Value - by;
        await db.SaveChangesAsync();
    }

    private static string TextOf(SmtpMessage mail)
    {
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(mail.Data));
        return MimeKit.MimeMessage.Load(stream).TextBody ?? "";
    }

    [GeneratedRegex(@"https://portal\.example(?<path>/violations/[0-9a-f-]{36})")]
    private static partial Regex LinkPattern();

    public async Task DisposeAsync()
    {
        await _world.DisposeAsync();
        await _sink.DisposeAsync();
    }
}
