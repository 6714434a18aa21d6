using Nereid.Data.Database;
using Nereid.Server.Audit;
using Nereid.Server.Auth;
using Nereid.Server.Namespaces;
using Nereid.Server.Operations;
using Nereid.Server.People;
using Nereid.Server.Tokens;

namespace Nereid.Server.Extensions;

public static class ServerPipelineExtensions
{
    /// <summary>Brings the database schema up to date and makes sure a platform admin exists.</summary>
    public static async Task InitializeNereidAsync(this WebApplication app, CancellationToken ct)
    {
        // Built first (the host would build it only when it starts) so it sees the migrations' and seeding's measurements too.
        app.Services.GetRequiredService<OpenTelemetry.Metrics.MeterProvider>();
        var db = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<DatabaseOptions>>().Value;
        if (db.MigrateOnStartup)
            await app.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(ct);
        await app.Services.GetRequiredService<BootstrapAdmin>().EnsureAsync(ct);
        var demo = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Demo.DemoOptions>>().Value;
        if (demo.SeedNamespaces > 0)
        {
            var people = demo.SeedPeople > 0 ? demo.SeedPeople : demo.SeedNamespaces * 3;
            await app.Services.GetRequiredService<Demo.DemoSeeder>().SeedAsync(demo.SeedNamespaces, people, demo.SeedMembershipsPerNamespace, ct);
        }
    }

    public static WebApplication UseNereid(this WebApplication app)
    {
        // API callers get ProblemDetails; people in a browser get the friendly error and status pages.
        app.UseWhen(ctx => ctx.Request.Path.StartsWithSegments("/api"), api =>
        {
            api.UseExceptionHandler();
            api.UseStatusCodePages();
        });
        app.UseWhen(ctx => !ctx.Request.Path.StartsWithSegments("/api"), web =>
        {
            web.UseExceptionHandler("/error");
            web.UseStatusCodePagesWithReExecute("/error", "?status={0}");
        });
        app.UseStaticFiles();
        app.UseRouting();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseInvalidBearerRejection();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapOperations();
        app.MapOpenApi("/api/{documentName}/openapi.json");
        var api = app.MapGroup("/api/v1");
        api.MapNamespacesApi();
        api.MapPeopleApi();
        api.MapTokensApi();
        api.MapAuditApi();
        api.MapViolationsApi();
        api.MapResourcesApi();
        api.MapClustersApi();
        api.MapNamespaceQuotasApi();
        api.MapPosixApi();
        api.MapLedgerApi();
        app.MapRazorPages();
        return app;
    }
}
