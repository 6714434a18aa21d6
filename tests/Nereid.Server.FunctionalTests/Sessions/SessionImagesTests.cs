using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nereid.Data;
using Nereid.Server.FunctionalTests.Infrastructure;

namespace Nereid.Server.FunctionalTests.Sessions;

/// <summary>The image catalogue: bad input refused field by field with nothing saved, duplicates refused, changes audited.</summary>
public sealed class SessionImagesTests : IAsyncLifetime
{
    private readonly NereidAppFactory _app = new();
    private HttpClient _admin = null!;

    public async Task InitializeAsync() => _admin = await _app.ClientForAsync(await _app.AdminAsync());

    [Fact]
    public async Task Create_BadNameAndImage_400NamesBothFieldsAndSavesNothing()
    {
        using var response = await _admin.PostAsJsonAsync("/api/v1/sessions/images", new { name = "Bad Name", image = "has space:1", description = "", needsGpu = false });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        errors.TryGetProperty("name", out _).ShouldBeTrue();
        errors.TryGetProperty("image", out _).ShouldBeTrue();
        await using var scope = _app.Services.CreateAsyncScope();
        (await scope.ServiceProvider.GetRequiredService<NereidDbContext>().SessionImages.CountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task Create_SameNameTwice_409AndOneAuditedEntry()
    {
        var body = new { name = "rstudio", image = "rocker/rstudio:4.4", description = "R", needsGpu = false };
        using var first = await _admin.PostAsJsonAsync("/api/v1/sessions/images", body);
        using var second = await _admin.PostAsJsonAsync("/api/v1/sessions/images", body);

        first.StatusCode.ShouldBe(HttpStatusCode.Created);
        second.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NereidDbContext>();
        (await db.SessionImages.SingleAsync()).Image.ShouldBe("rocker/rstudio:4.4");
        (await db.AuditEvents.CountAsync(e => e.Action == "session.image.create" && e.TargetId == "rstudio")).ShouldBe(1);
    }

    [Fact]
    public async Task Update_ChangesImageAndGpuNeed_ListShowsIt()
    {
        using var created = await _admin.PostAsJsonAsync("/api/v1/sessions/images", new { name = "torch", image = "pytorch/pytorch:2.4", description = "", needsGpu = false });
        using var updated = await _admin.PutAsJsonAsync("/api/v1/sessions/images/torch", new { image = "pytorch/pytorch:2.5", description = "PyTorch", needsGpu = true });

        updated.StatusCode.ShouldBe(HttpStatusCode.OK);
        var list = JsonDocument.Parse(await _admin.GetStringAsync("/api/v1/sessions/images")).RootElement;
        var torch = list.EnumerateArray().Single();
        torch.GetProperty("image").GetString().ShouldBe("pytorch/pytorch:2.5");
        torch.GetProperty("needsGpu").GetBoolean().ShouldBeTrue();
    }

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }
}
