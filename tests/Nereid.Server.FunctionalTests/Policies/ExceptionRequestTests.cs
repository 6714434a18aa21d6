using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nereid.Data;
using Nereid.Domain.Policies;
using Nereid.Server.FunctionalTests.Authorization;

namespace Nereid.Server.FunctionalTests.Policies;

/// <summary>A namespace admin requests an exception from a violation; a platform admin decides; every step audited.</summary>
public sealed class ExceptionRequestTests(MatrixWorld world) : IClassFixture<MatrixWorld>
{
    private const string Base = "/api/v1/policy-exception-requests";

    [Fact]
    public async Task Approve_RequestFromViolation_RecordsTheExceptionAuditsEveryStepAndTheRequesterSeesTheNote()
    {
        var scene = await world.SceneAsync();
        var violation = await SeedViolationAsync(scene.Namespace);
        var requester = world.Client(Role.NamespaceAdmin);

        using var created = await requester.PostAsJsonAsync(Base, new { violationId = violation, reason = "Benchmarking the data loader", durationDays = 7 });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var request = (await created.Content.ReadFromJsonAsync<RequestBody>())!;
        using var approved = await world.Client(Role.PlatformAdmin).PostAsJsonAsync($"{Base}/{request.Id}/approve", new { note = "Fine for a week; then fix the loader." });
        approved.StatusCode.ShouldBe(HttpStatusCode.OK, await approved.Content.ReadAsStringAsync());
        var seen = (await requester.GetFromJsonAsync<RequestBody>($"{Base}/{request.Id}"))!;

        request.Namespace.ShouldBe(scene.Namespace);
        request.Pod.ShouldBe("trainer");
        request.Policy.ShouldBe("gpu-idle");
        seen.State.ShouldBe("approved");
        seen.Note.ShouldBe("Fine for a week; then fix the loader.");
        seen.DecidedBy.ShouldNotBeNullOrEmpty();
        await using var scope = world.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NereidDbContext>();
        var exception = await db.Set<PolicyException>().SingleAsync(e => e.Id == seen.ExceptionId);
        exception.Covers(PolicyKind.GpuIdle, scene.Namespace, "trainer", DateTime.UtcNow.AddDays(6)).ShouldBeTrue();
        exception.Covers(PolicyKind.GpuIdle, scene.Namespace, "trainer", DateTime.UtcNow.AddDays(8)).ShouldBeFalse();
        var actions = await db.AuditEvents.Where(e => e.TargetId == request.Id.ToString() || e.TargetId == exception.Id.ToString()).Select(e => e.Action).ToListAsync();
        actions.ShouldBe(["policy-exception-request.create", "policy-exception-request.approve", "policy-exception.create"], ignoreOrder: true);
    }

    [Fact]
    public async Task Deny_WithoutNote_400AndStillPending_WithNote_DeniedAndASecondDecisionConflicts()
    {
        var scene = await world.SceneAsync();
        using var created = await world.Client(Role.NamespaceAdmin).PostAsJsonAsync(Base,
            new { @namespace = scene.Namespace, policy = "old-deployment", reason = "A lasting web service", durationDays = 90 });
        var request = (await created.Content.ReadFromJsonAsync<RequestBody>())!;
        var admin = world.Client(Role.PlatformAdmin);

        using var noNote = await admin.PostAsJsonAsync($"{Base}/{request.Id}/deny", new { note = " " });
        var pending = (await admin.GetFromJsonAsync<RequestBody>($"{Base}/{request.Id}"))!;
        using var denied = await admin.PostAsJsonAsync($"{Base}/{request.Id}/deny", new { note = "Run it as a service on the services cluster." });
        using var again = await admin.PostAsJsonAsync($"{Base}/{request.Id}/approve", new { note = "" });
        var seen = (await world.Client(Role.NamespaceAdmin).GetFromJsonAsync<RequestBody>($"{Base}/{request.Id}"))!;

        noNote.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await noNote.Content.ReadAsStringAsync()).ShouldContain("note is required");
        pending.State.ShouldBe("pending");
        denied.StatusCode.ShouldBe(HttpStatusCode.OK);
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        seen.State.ShouldBe("denied");
        seen.Note.ShouldBe("Run it as a service on the services cluster.");
        seen.ExceptionId.ShouldBeNull();
    }

    [Fact]
    public async Task Create_BadInput_ProblemDetailsPerFieldAndNothingSaved()
    {
        var scene = await world.SceneAsync();
        var before = await CountAsync();

        using var response = await world.Client(Role.NamespaceAdmin).PostAsJsonAsync(Base,
            new { @namespace = scene.Namespace, policy = "no-such-policy", reason = "", durationDays = 0 });
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var errors = problem.RootElement.GetProperty("errors");
        errors.EnumerateObject().Select(p => p.Name).ShouldBe(["policy", "reason", "durationDays"], ignoreOrder: true);
        (await CountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Create_ViolationOfAnotherNamespace_404AndNothingSaved()
    {
        var scene = await world.SceneAsync();
        var violation = await SeedViolationAsync(scene.Namespace);
        var before = await CountAsync();

        using var response = await world.Client(Role.OtherNamespaceAdmin).PostAsJsonAsync(Base, new { violationId = violation, reason = "mine now", durationDays = 3 });

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await CountAsync()).ShouldBe(before);
    }

    private sealed record RequestBody(Guid Id, string Namespace, string? Pod, string Policy, string State, string? DecidedBy, string? Note, Guid? ExceptionId);

    private async Task<int> CountAsync()
    {
        await using var scope = world.App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<NereidDbContext>().Set<PolicyExceptionRequest>().CountAsync();
    }

    private async Task<Guid> SeedViolationAsync(string ns)
    {
        await using var scope = world.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NereidDbContext>();
        var now = DateTime.UtcNow;
        var v = new Violation
        {
            Policy = PolicyKind.GpuIdle, Cluster = "c1", Namespace = ns, WorkloadKind = "Deployment", WorkloadName = "trainer", PodName = "trainer-abc",
            Summary = "idle", Evidence = "{\"value\":3,\"threshold\":40,\"windowSeconds\":21600,\"gpus\":1}", FirstSeenAt = now, LastSeenAt = now,
        };
        db.Set<Violation>().Add(v);
        await db.SaveChangesAsync();
        return v.Id;
    }
}
