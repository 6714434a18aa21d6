using System.Net;
using Nereid.Domain.People;
using Nereid.Server.FunctionalTests.Infrastructure;
using Nereid.Server.FunctionalTests.Pages;

namespace Nereid.Server.FunctionalTests.Sessions;

public sealed class SessionImagesPageTests(NereidAppFactory app) : IClassFixture<NereidAppFactory>
{
    [Fact]
    public async Task SaveForm_AdminAddsThenChanges_CatalogueShowsIt_BadImageExplained()
    {
        using var admin = await PageClient.AdminAsync(app);

        var bad = await admin.SubmitAsync("/admin/session-images", new() { ["Input.Name"] = "scipy", ["Input.Image"] = "not an image" }, "/admin/session-images?handler=Save");
        var added = await admin.SubmitAsync("/admin/session-images", new() { ["Input.Name"] = "scipy", ["Input.Image"] = "quay.io/jupyter/scipy-notebook:2024-12-02", ["Input.Description"] = "SciPy stack" }, "/admin/session-images?handler=Save");
        var changed = await admin.SubmitAsync("/admin/session-images", new() { ["Input.Name"] = "scipy", ["Input.Image"] = "quay.io/jupyter/scipy-notebook:2025-01-06", ["Input.NeedsGpu"] = "true" }, "/admin/session-images?handler=Save");
        var page = await admin.GetAsync("/admin/session-images");

        bad.Status.ShouldBe(HttpStatusCode.BadRequest);
        bad.Decoded.ShouldContain("container image reference");
        added.Status.ShouldBe(HttpStatusCode.Redirect);
        changed.Status.ShouldBe(HttpStatusCode.Redirect);
        page.Decoded.ShouldContain("<code>quay.io/jupyter/scipy-notebook:2025-01-06</code>");
        page.Decoded.ShouldNotContain("<code>quay.io/jupyter/scipy-notebook:2024-12-02</code>");
    }

    [Fact]
    public async Task Get_User_Forbidden()
    {
        await app.CreatePersonAsync("ursula", Tier.User);
        using var user = await PageClient.SignInAsync(app, "ursula", "ursula-password");

        var page = await user.GetAsync("/admin/session-images");

        page.Status.ShouldBe(HttpStatusCode.Forbidden);
    }
}
