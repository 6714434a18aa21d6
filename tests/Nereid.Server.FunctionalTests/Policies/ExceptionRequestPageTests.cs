using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nereid.Data;
using Nereid.Domain.Policies;
using Nereid.Server.FunctionalTests.Authorization;

namespace Nereid.Server.FunctionalTests.Policies;

/// <summary>
/// The /violations/requests forms as a browser posts them: the antiforgery token is required, bad input comes back as
/// readable messages on the page with nothing saved, and a request made there is decided there.
/// </summary>
public sealed partial class ExceptionRequestPageTests(MatrixWorld world) : IClassFixture<MatrixWorld>
{
    private const string Page = "/violations/requests";

    [Fact]
    public async Task Post_WithoutAntiforgeryToken_400AndNothingSaved()
    {
        var scene = await world.SceneAsync();
        var client = world.Client(Role.NamespaceAdmin);
        await client.GetStringAsync(Page);
        var before = await CountAsync();

        using var response = await client.PostAsync(Page, Form(("Input.Namespace", scene.Namespace), ("Input.Policy", "gpu-idle"),
            ("Input.Reason", "no token"), ("Input.DurationDays", "3")));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await CountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Post_BadInput_ShowsReadableMessagesAndSavesNothing()
    {
        var scene = await world.SceneAsync();
        var client = world.Client(Role.NamespaceAdmin);
        var token = await TokenAsync(client);
        var before = await CountAsync();

        using var response = await client.PostAsync(Page, Form(("__RequestVerificationToken", token), ("Input.Namespace", scene.Namespace),
            ("Input.Policy", "no-such-policy"), ("Input.Reason", " "), ("Input.DurationDays", "0")));
        var body = await response.Content.ReadAsStringAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        body.ShouldContain("reason is required");
        body.ShouldContain("durationDays is a whole number of days from 1 to 365");
        body.ShouldContain("&#x27;no-such-policy&#x27; is not a policy");
        body.ShouldContain("<h1>Exception requests</h1>");
        (await CountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Post_NamespaceNotAdministered_ShowsReadableMessageAndSavesNothing()
    {
        var scene = await world.SceneAsync();
        var client = world.Client(Role.OtherNamespaceAdmin);
        var token = await TokenAsync(client);
        var before = await CountAsync();

        using var response = await client.PostAsync(Page, Form(("__RequestVerificationToken", token), ("Input.Namespace", scene.Namespace),
            ("Input.Policy", "gpu-idle"), ("Input.Reason", "not my namespace"), ("Input.DurationDays", "3")));
        var body = await response.Content.ReadAsStringAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        body.ShouldContain($"Only admins of {scene.Namespace} request exceptions for it.");
        (await CountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Post_ValidThenDenyWithoutNoteThenApprove_ListedPendingReadableRefusalThenApprovedAndAudited()
    {
        var scene = await world.SceneAsync();
        var requester = world.Client(Role.NamespaceAdmin);
        var reason = "Page-made request " + Guid.NewGuid().ToString("N")[..8];

        using var created = await requester.PostAsync(Page, Form(("__RequestVerificationToken", await TokenAsync(requester)),
            ("Input.Namespace", scene.Namespace), ("Input.Pod", "loader"), ("Input.Policy", "gpu-idle"), ("Input.Reason", reason), ("Input.DurationDays", "5")));
        created.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var row = await RequestAsync(reason);
        row.State.ShouldBe(ExceptionRequestState.Pending);
        row.DurationDays.ShouldBe(5);
        row.PodName.ShouldBe("loader");
        (await requester.GetStringAsync(Page)).ShouldContain(reason);

        var admin = world.Client(Role.PlatformAdmin);
        using var noNote = await admin.PostAsync($"{Page}?handler=Deny&id={row.Id}", Form(("__RequestVerificationToken", await TokenAsync(admin)), ("Note", "")));
        var refused = await noNote.Content.ReadAsStringAsync();
        noNote.StatusCode.ShouldBe(HttpStatusCode.OK, refused);
        refused.ShouldContain("note is required");
        (await RequestAsync(reason)).State.ShouldBe(ExceptionRequestState.Pending);

        using var approved = await admin.PostAsync($"{Page}?handler=Approve&id={row.Id}",
            Form(("__RequestVerificationToken", await TokenAsync(admin)), ("Note", "Five days is fine.")));
        approved.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var decided = await RequestAsync(reason);
        decided.State.ShouldBe(ExceptionRequestState.Approved);
        decided.DecisionNote.ShouldBe("Five days is fine.");
        (await requester.GetStringAsync(Page)).ShouldContain("Five days is fine.");
        await using var scope = world.App.Services.CreateAsyncScope();
        var actions = await scope.ServiceProvider.GetRequiredService<NereidDbContext>().AuditEvents
            .Where(e => e.TargetId == row.Id.ToString()).Select(e => e.Action).ToListAsync();
        actions.ShouldBe(["policy-exception-request.create", "policy-exception-request.approve"], ignoreOrder: true);
    }

    private static FormUrlEncodedContent Form(params (string Key, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)));

    private static async Task<string> TokenAsync(HttpClient client) => Token().Match(await client.GetStringAsync(Page)).Groups[1].Value;

    private async Task<int> CountAsync()
    {
        await using var scope = world.App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<NereidDbContext>().Set<PolicyExceptionRequest>().CountAsync();
    }

    private async Task<PolicyExceptionRequest> RequestAsync(string reason)
    {
        await using var scope = world.App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<NereidDbContext>().Set<PolicyExceptionRequest>().AsNoTracking().SingleAsync(r => r.Reason == reason);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
