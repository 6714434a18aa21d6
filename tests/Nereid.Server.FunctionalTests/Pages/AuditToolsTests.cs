using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Nereid.Domain.People;
using Nereid.Server.FunctionalTests.Infrastructure;

namespace Nereid.Server.FunctionalTests.Pages;

/// <summary>Audit for admins: actor and target names, filters by actor, action and date, and the CSV export.</summary>
public sealed class AuditToolsTests(NereidAppFactory app) : IClassFixture<NereidAppFactory>
{
    private async Task<(Person Auditor, Person Target, HttpClient Client)> PromoteAsync(string auditor, string target)
    {
        var admin = await app.CreatePersonAsync(auditor, Tier.PlatformAdmin);
        var person = await app.CreatePersonAsync(target, Tier.User);
        var client = await app.ClientForAsync(admin);
        using var response = await client.PutAsJsonAsync($"/api/v1/people/{person.Id}/tier", new { tier = "admin", reason = "runs a lab" });
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (admin, person, client);
    }

    [Fact]
    public async Task AuditApi_FilterByActorAndAction_GivesTargetNameBesideId()
    {
        var (auditor, target, client) = await PromoteAsync("audrey", "tomas");

        var json = JsonDocument.Parse(await client.GetStringAsync("/api/v1/audit?actor=AUDREY&action=person")).RootElement;

        var items = json.GetProperty("items").EnumerateArray().ToList();
        var tier = items.Single(i => i.GetProperty("action").GetString() == "person.tier");
        tier.GetProperty("targetId").GetString().ShouldBe(target.Id.ToString());
        tier.GetProperty("targetName").GetString().ShouldBe("tomas Name (tomas)");
        tier.GetProperty("actorId").GetString().ShouldBe(auditor.Id.ToString());
        items.ShouldAllBe(i => i.GetProperty("actor").GetString() == "audrey Name" && i.GetProperty("action").GetString()!.StartsWith("person.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AuditApi_DateRange_ExcludesEventsOutsideIt()
    {
        var (_, _, client) = await PromoteAsync("dora", "danny");
        var tomorrow = DateTime.UtcNow.Date.AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var yesterday = DateTime.UtcNow.Date.AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        var later = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/audit?actor=dora&from={tomorrow}")).RootElement;
        var inRange = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/audit?actor=dora&from={yesterday}&to={tomorrow}")).RootElement;

        later.GetProperty("items").GetArrayLength().ShouldBe(0);
        inRange.GetProperty("items").EnumerateArray().ShouldContain(i => i.GetProperty("action").GetString() == "person.tier");
    }

    [Fact]
    public async Task AuditApi_BadDateOrFormat_ProblemDetailsNamingTheField()
    {
        var (_, _, client) = await PromoteAsync("bea", "ben");

        using var badDate = await client.GetAsync("/api/v1/audit?from=yesterday");
        using var badFormat = await client.GetAsync("/api/v1/audit?format=xml");
        using var backwards = await client.GetAsync("/api/v1/audit?from=2026-12-02&to=2026-12-01");

        badDate.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await badDate.Content.ReadAsStringAsync()).ShouldContain("\"from\"");
        badFormat.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await badFormat.Content.ReadAsStringAsync()).ShouldContain("Use json or csv.");
        backwards.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await backwards.Content.ReadAsStringAsync()).ShouldContain("must be after its start");
    }

    [Fact]
    public async Task AuditCsv_Filtered_OneRowPerEventWithNames()
    {
        var (_, target, client) = await PromoteAsync("cleo", "carl");

        using var response = await client.GetAsync("/api/v1/audit?format=csv&actor=cleo&action=person.tier");
        var csv = await response.Content.ReadAsStringAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldBe("at,actor,actor_id,action,target_type,target_id,target_name,namespace,before,after");
        lines.Length.ShouldBe(2);
        lines[1].ShouldContain($",cleo Name,");
        lines[1].ShouldContain($",person.tier,person,{target.Id},carl Name (carl),,");
    }

    [Fact]
    public async Task AuditPage_Filters_ShowNamesAndCsvLink()
    {
        var (_, target, _) = await PromoteAsync("pia", "paul");
        using var admin = await PageClient.AdminAsync(app);

        var page = await admin.GetAsync("/audit?actor=pia&action=person.tier");

        page.Status.ShouldBe(HttpStatusCode.OK);
        page.Decoded.ShouldContain($"<abbr class=\"raw-name\" title=\"{target.Id}\">paul Name (paul)</abbr>");
        page.Decoded.ShouldContain("<option value=\"person.tier\" selected=\"selected\">person.tier</option>");
        page.Decoded.ShouldContain("href=\"/api/v1/audit?actor=pia&action=person.tier&format=csv\"");
        page.Decoded.ShouldNotContain("<th scope=\"row\">person.create</th>");
    }
}
