using Nereid.Server.Admission;
using Nereid.Server.Api;
using Nereid.Server.Audit;
using Nereid.Server.Auth;
using Nereid.Server.Freshness;
using Nereid.Server.Namespaces;
using Nereid.Server.Operations;
using Nereid.Server.Outages;
using Nereid.Server.People;
using Nereid.Server.Provider;
using Nereid.Server.Security;
using Nereid.Server.Startup;
using Nereid.Server.Tokens;

namespace Nereid.Server.Extensions;

internal static class ServerPipelineExtensions
{
    public static WebApplication UseNereid(this WebApplication app)
    {
        app.UseNereidSecurity();
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
        app.UseStartupGate();
        app.UseStaticFiles();
        app.UseRouting();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseOutageAnswers();
        app.UseInvalidBearerRejection();
        app.UseAuthorization();
        app.UseUnexpectedBodyRefusal();
        app.UseAntiforgery();

        app.MapOperations();
        app.MapOpenApi("/api/{documentName}/openapi.json");
        var api = app.MapApiGroup();
        api.MapNamespacesApi();
        api.MapPeopleApi();
        api.MapTokensApi();
        api.MapAuditApi();
        api.MapViolationsApi();
        api.MapResourcesApi();
        api.MapClustersApi();
        api.MapClusterTrustApi();
        api.MapNamespaceQuotasApi();
        api.MapStorageApi();
        api.MapSessionsApi();
        api.MapPlacementApi();
        api.MapFederationApi();
        app.MapMeshes();
        app.MapAdmission();
        api.MapFreshnessApi();
        api.MapPosixApi();
        app.MapNereidProvider();
        api.MapCliDownloadsApi();
        api.MapNoticesApi();
        api.MapLedgerApi();
        api.MapSlurmApi();
        api.MapInstitutionsApi();
        app.MapRazorPages();
        return app;
    }
}
