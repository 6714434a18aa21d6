using Microsoft.Extensions.DependencyInjection.Extensions;
using Nereid.Server.Api;
using Nereid.Server.Audit;
using Nereid.Server.Namespaces;
using Nereid.Server.Operations;
using Nereid.Server.People;
using Nereid.Server.Startup;
using Nereid.Server.Provider;
using Nereid.Server.Security;
using Nereid.Server.Tokens;

namespace Nereid.Server.Extensions;

internal static class ServerServiceExtensions
{
    /// <summary>Application services, the REST API plumbing, the portal pages and operations endpoints.</summary>
    public static IHostApplicationBuilder AddNereidServer(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        builder.AddNereidStartup();
        services.AddOptions<NamespaceOptions>().BindConfiguration(NamespaceOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<NamespaceRules>();
        services.AddSingleton<NamespaceListCache>();
        services.AddScoped<AuditLog>();
        services.AddScoped<AuditService>();
        services.AddScoped<NamespaceService>();
        services.AddScoped<PeopleService>();
        services.AddScoped<People.Merge.PersonMergeService>();
        services.AddScoped<TokenService>();
        services.TryAddSingleton<Clusters.IClusterConnections>(new Clusters.StaticClusterConnections([]));
        services.AddOptions<Demo.DemoOptions>().BindConfiguration(Demo.DemoOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        // Bound in Clusters/ClusterServiceExtensions (being reworked for the per-cluster runtime); validated at start here.
        services.AddOptions<Kubernetes.Projection.ProjectionOptions>().ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<Kubernetes.Client.KubernetesClientOptions>().ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<Demo.DemoSeeder>();

        services.AddProblemDetails();
        services.AddExceptionHandler<ProblemMapping>();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.PropertyNamingPolicy = ApiJson.Options.PropertyNamingPolicy);
        services.AddNereidStrictJson();
        services.AddOpenApi("v1");
        services.AddRazorPages(o =>
        {
            o.Conventions.AuthorizeFolder("/Manage");
            o.Conventions.AuthorizeFolder("/Admin");
            o.Conventions.AuthorizePage("/Profile");
        });
        services.AddAntiforgery(o => o.Cookie.Name = "nereid.af");
        builder.AddNereidTelemetry();
        builder.AddNereidSecurity();
        builder.AddNereidPolicies();
        builder.AddNereidResources();
        builder.AddNereidClusters();
        builder.AddNereidNamespaceQuotas();
        builder.AddNereidStorage();
        builder.AddNereidProvider();
        builder.AddNereidClusterTrust();
        builder.AddNereidSessions();
        builder.AddNereidPlacement();
        builder.AddNereidFederation();
        builder.AddNereidMeshes();
        builder.AddNereidFreshness();
        builder.AddNereidPosix();
        builder.AddNereidLedger();
        builder.AddNereidSlurm();
        builder.AddNereidCliDownloads();
        builder.AddNereidNotices();
        builder.AddNereidAccount();
        builder.AddNereidInstitutions();
        return builder;
    }
}
