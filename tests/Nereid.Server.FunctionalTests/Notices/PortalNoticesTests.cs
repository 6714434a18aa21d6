using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Nereid.Domain.Errors;
using Nereid.Domain.People;
using Nereid.Server.FunctionalTests.Infrastructure;
using Nereid.Server.FunctionalTests.Pages;
using Nereid.Server.Notices;

namespace Nereid.Server.FunctionalTests.Notices;

/// <summary>Notices delivered by <see cref="PortalNotices.AddAsync"/> reach only their person: on the home page, the inbox and the API.</summary>
public sealed class PortalNoticesTests(NereidAppFactory app) : IClassFixture<NereidAppFactory>
{
    [Fact]
    public async Task AddAsync_Delivered_ShownUnreadOnHomeAndInboxThenMarkedReadOnlyByItsPerson()
    {
        var reader = await app.CreatePersonAsync("noticereader", Tier.User);
        var other = await app.CreatePersonAsync("noticeother", Tier.User);
        PortalNoticeView notice;
        await using (var scope = app.Services.CreateAsyncScope())
            notice = await scope.ServiceProvider.GetRequiredService<PortalNotices>().AddAsync(reader.Id, "GPU idle in lab-x", "Pod train-0 used 2 % of its GPU.", "/violations", default);
        using var pages = await PageClient.SignInAsync(app, "noticereader", "noticereader-password");
        using var api = await app.ClientForAsync(reader);
        using var otherApi = await app.ClientForAsync(other);

        var home = await pages.GetAsync("/home");
        var inbox = await pages.GetAsync("/notices");
        using var stolen = await otherApi.PostAsync($"/api/v1/notices/{notice.Id}/read", null);
        var otherList = await otherApi.GetFromJsonAsync<JsonElement>("/api/v1/notices");
        using var read = await api.PostAsync($"/api/v1/notices/{notice.Id}/read", null);
        var after = await api.GetFromJsonAsync<JsonElement>("/api/v1/notices");

        home.Status.ShouldBe(HttpStatusCode.OK);
        home.Decoded.ShouldContain("<strong>GPU idle in lab-x</strong>");
        home.Decoded.ShouldContain("Unread notices (1)");
        inbox.Decoded.ShouldContain("Unread: GPU idle in lab-x");
        inbox.Decoded.ShouldContain("href=\"/violations\"");
        stolen.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        otherList.GetProperty("items").GetArrayLength().ShouldBe(0);
        read.StatusCode.ShouldBe(HttpStatusCode.OK);
        after.GetProperty("unread").GetInt32().ShouldBe(0);
        after.GetProperty("items")[0].GetProperty("read").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task AddAsync_ForeignLink_Rejected()
    {
        var person = await app.CreatePersonAsync("noticelink", Tier.User);
        await using var scope = app.Services.CreateAsyncScope();
        var notices = scope.ServiceProvider.GetRequiredService<PortalNotices>();

        await Should.ThrowAsync<ValidationFailedException>(() => notices.AddAsync(person.Id, "Phish", null, "https://evil.example/", default));
        await Should.ThrowAsync<ValidationFailedException>(() => notices.AddAsync(person.Id, "Phish", null, "//evil.example/", default));
    }
}
